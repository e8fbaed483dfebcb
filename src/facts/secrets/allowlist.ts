import { createHash } from 'node:crypto';

/**
 * Credentials that providers print in their own documentation, so they show up in READMEs,
 * tutorials and tests everywhere and grant nothing. Kept as digests so this file does not
 * itself look like it holds keys.
 */
const DOCUMENTED_EXAMPLES = new Map<string, string>([
  ['1a5d44a2dca19669d72edf4c4f1c27c4', 'AWS documentation example access key ID'],
  ['78314b11be2e581549ac1c4f616563fa', 'AWS documentation example secret access key'],
  ['2cafc0970149a84f3b9e62eaf169f36f', 'Stripe documentation test key'],
  ['f2d6ca16515033e5dce14eba840b979d', 'Stripe documentation test key'],
  ['7f75367e7881255134e1375e723d1dea', 'jwt.io example token'],
  ['3543c50b0cb9cea8e55eb1f529b79f04', 'GitHub documentation example token'],
]);

export function documentedExample(value: string): string | undefined {
  if (value.length < 16 || value.length > 400) return undefined;
  return DOCUMENTED_EXAMPLES.get(createHash('sha256').update(value).digest('hex').slice(0, 32));
}

/** Words that mark a value as a stand-in: docs, templates, tests. */
const PLACEHOLDER_WORDS =
  /example|placeholder|changeme|change_me|change-me|replace|your[_-]?|insert|redacted|dummy|fake|sample|notreal|not[_-]a[_-]real|xxxx|\*\*\*\*|\.\.\.|…|todo|fixme|tbd|secretkeyhere|keyhere|tokenhere|goes[_-]?here|my[_-]?(?:secret|token|password|key|api)|^(?:secret|password|token|apikey|api_key|test|testing|none|null|nil|undefined|empty|default|admin|root|guest|user|pass|passwd|changeit|letmein|qwerty|welcome|dev|local|demo)\d*$/i;

/** Common passwords and the ones templates default to; not worth a finding on their own. */
const WEAK_DEFAULTS = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'secret',
  'secret123',
  'supersecret',
  'topsecret',
  'changeme',
  'changeit',
  'admin123',
  'postgres',
  'mysql',
  'root',
  'toor',
  'guest',
  'qwerty123',
  '12345678',
  '123456789',
  'letmein',
  'trustno1',
  'iloveyou',
  'abc12345',
  'test1234',
  'testpass',
  'testpassword',
]);

export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (WEAK_DEFAULTS.has(lower)) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  // The same character over and over, or a run of one character covering half the value.
  if (/^(.)\1+$/.test(value)) return true;
  if (/(.)\1{7,}/.test(value)) return true;
  // Keyboard and alphabet walks.
  if (/(?:abcdef|bcdefg|123456|234567|qwerty|asdfgh|zxcvbn)/i.test(value) && value.length < 24)
    return true;
  return false;
}

/**
 * Values that point somewhere else instead of holding the secret: environment and template
 * references, secret-manager URIs, encrypted blobs.
 */
export function isReference(value: string): boolean {
  return (
    /^\$(?:\{|\(|[A-Za-z_])/.test(value) ||
    /\$\{|\{\{|\}\}|#\{|%\(|<%|%[A-Z_]+%|\$\(/.test(value) ||
    /^(?:env|secret|secrets|vault|ssm|op|sm|gcp|azure|aws|ref\+[a-z]+):/i.test(value) ||
    /^(?:arn:aws:|projects\/[^/]+\/secrets\/|https?:\/\/[^/]*vault)/i.test(value) ||
    /^(?:ENC\[|\$ANSIBLE_VAULT|AQICA|vault:v\d:|sops:|age1[a-z0-9]{20,})/.test(value) ||
    /^(?:process\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|getenv\(|env\(|config\.|settings\.)/.test(
      value,
    ) ||
    /^<[^<>]+>$/.test(value) ||
    /^\{[^{}]*\}$/.test(value) ||
    /^%[sdv]$|%\([a-z_]+\)s/.test(value)
  );
}

/** Hashes of passwords (bcrypt, argon2, PBKDF2, crypt), digests and integrity strings. */
export function isHashOrDigest(value: string): boolean {
  return (
    /^\$(?:2[abxy]?|argon2(?:id|i|d)|pbkdf2(?:-sha\d+)?|scrypt|[156]|y|gy|7)\$/.test(value) ||
    /^(?:pbkdf2_sha\d+|bcrypt_sha256|argon2)\$/.test(value) ||
    /^(?:sha(?:1|224|256|384|512)|md5|blake2b?|h1)[-:=][A-Za-z0-9+/=_-]{16,}$/i.test(value)
  );
}

/** Local hosts: credentials for them reach a developer's own machine or container network. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.endsWith('.local') ||
    h === 'host.docker.internal' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '0.0.0.0' ||
    h === '::1'
  );
}
