import { documentedExample, isHashOrDigest, isPlaceholder, isReference } from './allowlist.js';
import { characterClasses, isHex, shannonEntropy } from './entropy.js';

/**
 * Generic secrets: a value assigned to a name that says it is a secret (`password`,
 * `api_key`, `client_secret`, `AUTH_TOKEN`), judged by its entropy because no format
 * identifies it.
 */

/** Lower-case literals that start the name check; the prefilter finds them case-insensitively. */
export const GENERIC_ANCHORS = [
  'pass',
  'pwd',
  'secret',
  'token',
  'credential',
  'creds',
  'apikey',
  'api_key',
  'api-key',
  'api.key',
  'accesskey',
  'access_key',
  'access-key',
  'privatekey',
  'private_key',
  'private-key',
  'authkey',
  'auth_key',
  'auth-key',
  'signingkey',
  'signing_key',
  'encryptionkey',
  'encryption_key',
  'masterkey',
  'master_key',
  'clientkey',
  'client_key',
  'accountkey',
  'account_key',
  'storagekey',
  'storage_key',
  'subscriptionkey',
  'subscription_key',
  'licensekey',
  'license_key',
  'consumerkey',
  'consumer_key',
  'webhookkey',
  'webhook_key',
  'hmackey',
  'hmac_key',
];

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode']);
const SECRET_WORDS = new Set([
  ...PASSWORD_WORDS,
  'secret',
  'token',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'authkey',
]);
/** Compound words written without separators ("dbpassword", "accesstoken"). */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
];
/** Words that make `key` a secret key rather than a map key or a primary key. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'encryption',
  'signing',
  'sign',
  'master',
  'client',
  'app',
  'application',
  'service',
  'admin',
  'webhook',
  'session',
  'jwt',
  'hmac',
  'crypto',
  'cipher',
  'license',
  'consumer',
  'subscription',
  'account',
  'storage',
  'x',
]);
/** Trailing words that describe the form of the same value ("token_value", "secret_b64"). */
const FORM_WORDS = new Set([
  'value',
  'val',
  'str',
  'string',
  'raw',
  'plain',
  'plaintext',
  'literal',
  'b64',
  'base64',
  'hex',
  'data',
  'bytes',
  'base',
]);

export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export type NameKind = 'password' | 'secret';

/** Whether a name says its value is a secret, and which kind; undefined when it does not. */
export function secretNameKind(name: string): NameKind | undefined {
  const words = splitWords(name);
  while (words.length > 1 && FORM_WORDS.has(words[words.length - 1] as string)) words.pop();
  const last = words[words.length - 1];
  if (!last) return undefined;
  if (PASSWORD_WORDS.has(last) || last.endsWith('password') || last.endsWith('passwd'))
    return 'password';
  if (SECRET_WORDS.has(last) || SECRET_SUFFIXES.some((suffix) => last.endsWith(suffix)))
    return 'secret';
  if (last === 'key' && words.slice(0, -1).some((w) => KEY_QUALIFIERS.has(w))) return 'secret';
  return undefined;
}

const FILE_EXTENSION =
  /\.(?:pem|key|json|p12|pfx|crt|cer|der|txt|ya?ml|env|cfg|conf|ini|toml|jks|keystore|pub|gpg|asc|js|ts|py|go|sh|md|html?)$/i;

/** Values that read like words, names or code rather than random characters. */
function looksLikeText(value: string): boolean {
  if (/\s/.test(value)) return true;
  if (/^[+-]?[\d.,_:]+$/.test(value)) return true; // numbers, versions, times
  if (/^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/.test(value)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(value)) return true; // an environment variable name
  if (/^[a-z][a-z0-9]*(?:[_.:/-][a-z0-9]+)*$/.test(value) && !/\d/.test(value)) return true;
  // a.b.c: a reference like config.db.password or var.db_password (words, not random runs)
  if (/^[a-z_$][A-Za-z_$]*(?:\.(?:[a-z_$][A-Za-z0-9_$]*|[A-Z_][A-Z0-9_]*))+(?:\(\))?$/.test(value))
    return true;
  if (/^[A-Za-z_$][\w$.]*\(/.test(value)) return true; // a call
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\.\.?\/|~\/|[A-Za-z]:\\)/i.test(value)) return true;
  if (FILE_EXTENSION.test(value)) return true;
  if (/^(?:true|false|yes|no|on|off|null|nil|none|undefined)$/i.test(value)) return true;
  // camelCase / PascalCase words: every part has a vowel ("ServiceAccountTokenName").
  if (/^[A-Za-z]+$/.test(value)) {
    const parts = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
    if (parts.join('') === value && parts.every((p) => /[aeiouy]/i.test(p))) return true;
  }
  return false;
}

/** The pipeline after the name matched: references, placeholders, text, then entropy. */
export function judgeGenericValue(value: string, kind: NameKind): boolean {
  if (value.length < 8 || value.length > 1000) return false;
  if (isReference(value) || isPlaceholder(value) || isHashOrDigest(value)) return false;
  if (documentedExample(value) !== undefined) return false;
  if (looksLikeText(value)) return false;
  const entropy = shannonEntropy(value);
  const classes = characterClasses(value);
  if (isHex(value)) return value.length >= 16 && entropy >= 3;
  const uuidless = value.replace(/-/g, '');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    return shannonEntropy(uuidless) >= 3;
  if (value.length >= 16) return classes.count >= 2 && entropy >= 3.3;
  if (kind === 'password') return classes.count >= 2 && entropy >= 2.5;
  return value.length >= 12 && classes.count >= 3 && entropy >= 3.2;
}

/** AWS secret access keys have no prefix: 40 base64 characters under an AWS-ish name. */
export function isAwsSecretName(name: string): boolean {
  const words = splitWords(name);
  const joined = words.join('');
  return (
    joined.includes('secretaccesskey') ||
    (words.includes('aws') && (words.includes('secret') || joined.includes('secretkey')))
  );
}
