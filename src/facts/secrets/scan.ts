import { documentedExample, isLocalHost, isPlaceholder, isReference } from './allowlist.js';
import { AnchorAutomaton } from './automaton.js';
import { shannonEntropy } from './entropy.js';
import { GENERIC_ANCHORS, isAwsSecretName, judgeGenericValue, secretNameKind } from './generic.js';
import { maskSecret } from './mask.js';
import { PROVIDER_DETECTORS } from './providers.js';
import type { ProviderDetector } from './providers.js';

/**
 * The secret scanner: keyword prefilter (one Aho–Corasick pass) → pattern at each anchor →
 * entropy threshold → allowlist. Pure: text in, masked findings out. The raw value never
 * leaves this module.
 */

export interface SecretFact {
  /** Detector id, e.g. `github-token`, `generic-secret`, `private-key`. */
  detector: string;
  provider: string;
  label: string;
  /** 1-based; endColumn exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A short prefix and the length: the only form in which a secret is kept. */
  masked: string;
  length: number;
  /** The name the value is assigned to, for generic findings. */
  name?: string;
  /** The reason of the inline allow comment that covers it. */
  allowed?: string;
}

export interface AllowComment {
  line: number;
  column: number;
  endColumn: number;
  /** Empty when the comment gives no reason (which allows nothing). */
  reason: string;
  scope: 'line' | 'next-line' | 'file';
}

export interface SecretsFacts {
  secrets: SecretFact[];
  /** Allow comments naming secrets/hardcoded-secret, with or without a reason. */
  allows: AllowComment[];
}

export interface ScanConfig {
  /** User regexes: a value matching one is not a secret. */
  allow: readonly RegExp[];
  /** Report passwords in URLs to localhost and other local hosts. */
  localConnectionStrings: boolean;
  /** Detector ids turned off. */
  disabled: ReadonlySet<string>;
}

export const RULE_CODE = 'secrets/hardcoded-secret';

interface Candidate {
  start: number;
  end: number;
  detector: string;
  provider: string;
  label: string;
  value: string;
  publicPrefix: number;
  priority: number;
  name?: string;
  /** Where the text to hide ends, when it goes past what is reported (a key's body). */
  hideEnd?: number;
}

type Handler = (
  text: string,
  start: number,
  end: number,
  out: Candidate[],
  ctx: ScanContext,
) => void;

interface ScanContext {
  config: ScanConfig;
  code: boolean;
  lockfile: boolean;
  allowAt: number[];
  /** End of the last identifier the generic handler looked at (one look per name). */
  lastNameEnd: number;
}

const PRIORITY_PROVIDER = 3;
const PRIORITY_STRUCTURE = 2;
const PRIORITY_GENERIC = 1;

const isAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A character that, before a token, makes it the tail of something longer. */
const continuesToken = (c: number): boolean => isAlnum(c) || c === 95 || c === 43 || c === 45;
const isNameChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45 || c === 46;

function acceptValue(
  value: string,
  publicPrefix: number,
  minEntropy: number,
  ctx: ScanContext,
): boolean {
  const body = value.slice(publicPrefix);
  if (shannonEntropy(body) < minEntropy) return false;
  if (isPlaceholder(body)) return false;
  if (documentedExample(value) !== undefined) return false;
  if (ctx.config.allow.some((re) => re.test(value))) return false;
  return true;
}

function providerHandler(detector: ProviderDetector): Handler {
  return (text, anchorStart, anchorEnd, out, ctx) => {
    let start = anchorStart;
    if (detector.back) {
      const min = Math.max(0, anchorStart - detector.back.max);
      while (start > min && detector.back.chars.test(text[start - 1] as string)) start--;
    }
    if (start > 0 && continuesToken(text.charCodeAt(start - 1))) return;
    detector.pattern.lastIndex = start;
    const match = detector.pattern.exec(text);
    if (!match || match.index !== start) return;
    const whole = match[0];
    if (start + whole.length < anchorEnd) return;
    const value = match.groups?.secret ?? whole;
    const valueStart = start + whole.lastIndexOf(value);
    const publicPrefix =
      typeof detector.publicPrefix === 'number'
        ? detector.publicPrefix
        : detector.publicPrefix(value);
    if (!acceptValue(value, publicPrefix, detector.minEntropy ?? 3, ctx)) return;
    if (detector.validate && !detector.validate(value)) return;
    out.push({
      start: valueStart,
      end: valueStart + value.length,
      detector: detector.id,
      provider: detector.provider,
      label: detector.label,
      value,
      publicPrefix,
      priority: PRIORITY_PROVIDER + (detector.rank ?? 0) / 10,
    });
  };
}

const PRIVATE_KEY_HEADER =
  /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED |)PRIVATE KEY(?: BLOCK)?)-----/y;

function privateKeyLabel(kind: string): string {
  const type = kind.replace(/ ?PRIVATE KEY(?: BLOCK)?$/, '').trim();
  const names: Record<string, string> = {
    RSA: 'RSA',
    DSA: 'DSA',
    EC: 'EC',
    OPENSSH: 'OpenSSH',
    ENCRYPTED: 'encrypted',
    PGP: 'PGP',
    'SSH2 ENCRYPTED': 'SSH2 encrypted',
  };
  return type ? `${names[type] ?? type} private key` : 'private key';
}

const privateKeyHandler: Handler = (text, start, _end, out, ctx) => {
  PRIVATE_KEY_HEADER.lastIndex = start;
  const header = PRIVATE_KEY_HEADER.exec(text);
  if (!header) return;
  const kind = header[1] as string;
  const bodyStart = start + header[0].length;
  const endMarker = `-----END ${kind}-----`;
  const endAt = text.indexOf(endMarker, bodyStart);
  const bodyEnd =
    endAt >= 0 && endAt - bodyStart < 100_000 ? endAt : Math.min(text.length, bodyStart + 400);
  const body = text
    .slice(bodyStart, bodyEnd)
    .replace(/(?:Proc-Type|DEK-Info|Comment|Version|Hash):[^\n\\]*/g, '')
    .replace(/\\[nr]|[\s"'`+,]/g, '');
  if (!/[A-Za-z0-9+/]{40,}/.test(body)) return;
  // Real bodies have runs of one character (OpenSSH keys start with AAAAAAAA…): only words
  // and ellipses mark a placeholder here.
  if (
    /\.\.\.|…|<|>|x{4,}|your|example|redacted|placeholder|insert|replace/i.test(body.slice(0, 200))
  )
    return;
  if (shannonEntropy(body.slice(0, 400)) < 4.5) return;
  const value = endAt >= 0 ? text.slice(start, endAt + endMarker.length) : header[0] + body;
  if (ctx.config.allow.some((re) => re.test(value))) return;
  out.push({
    start,
    end: start + header[0].length,
    detector: 'private-key',
    provider: 'Private key',
    label: privateKeyLabel(kind),
    value,
    publicPrefix: header[0].length,
    priority: PRIORITY_PROVIDER,
    hideEnd: endAt >= 0 ? endAt + endMarker.length : bodyEnd,
  });
};

const PUTTY =
  /PuTTY-User-Key-File-\d: [\w-]+\r?\n(?:[^\n]*\n){1,8}?Private-Lines: \d+\r?\n[A-Za-z0-9+/=\r\n]{40,}/y;
const puttyHandler: Handler = (text, start, _end, out) => {
  PUTTY.lastIndex = start;
  const match = PUTTY.exec(text);
  if (!match) return;
  const firstLine = match[0].split('\n')[0] as string;
  out.push({
    start,
    end: start + firstLine.length,
    detector: 'private-key',
    provider: 'Private key',
    label: 'PuTTY private key',
    value: match[0],
    publicPrefix: firstLine.length,
    priority: PRIORITY_PROVIDER,
    hideEnd: start + match[0].length,
  });
};

const DATABASE_SCHEMES =
  /^(?:postgres(?:ql)?|mysql|mysqlx|mariadb|mongodb(?:\+srv)?|redis|rediss|valkey|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|cassandra|neo4j(?:\+s)?|bolt|couchdb|elasticsearch|nats|kafka|jdbc:[a-z]+|sqlalchemy|[a-z]+\+[a-z0-9]+)$/i;
const URL_USERINFO = /([^\s:@/?#'"`<>(){}[\]\\]*):([^\s@/'"`<>\\]+)@([^\s/?#'"`<>:,;\\)]+)/y;

const urlHandler: Handler = (text, colon, _end, out, ctx) => {
  let schemeStart = colon;
  const min = Math.max(0, colon - 40);
  while (schemeStart > min) {
    const c = text.charCodeAt(schemeStart - 1);
    if (isAlnum(c) || c === 43 || c === 46 || c === 45 || c === 58) schemeStart--;
    else break;
  }
  const scheme = text.slice(schemeStart, colon);
  if (!/^[A-Za-z][A-Za-z0-9+.:-]*$/.test(scheme)) return;
  URL_USERINFO.lastIndex = colon + 3;
  const match = URL_USERINFO.exec(text);
  if (!match) return;
  const [, user = '', password = '', host = ''] = match;
  if (password.length < 4 || /^\d+$/.test(password)) return; // a port, not a password
  if (isReference(password) || isPlaceholder(password) || /^[*x.]+$/i.test(password)) return;
  if (password === user || /^(?:pass|pw|pwd|token|secret|key)$/i.test(password)) return;
  if (/^[A-Z][A-Z0-9_]*$/.test(password)) return; // USER:DB_PASSWORD@ in a template
  if (!ctx.config.localConnectionStrings && isLocalHost(host)) return;
  if (ctx.config.allow.some((re) => re.test(password))) return;
  const passwordStart = colon + 3 + user.length + 1;
  const database = DATABASE_SCHEMES.test(scheme);
  out.push({
    start: passwordStart,
    end: passwordStart + password.length,
    detector: database ? 'connection-string' : 'url-credentials',
    provider: database ? 'Database' : 'URL',
    label: database ? `${scheme.toLowerCase()} connection string password` : 'password in a URL',
    value: password,
    publicPrefix: 0,
    priority: PRIORITY_STRUCTURE,
    name: `${scheme.toLowerCase()}://${host}`,
  });
};

const BEARER = /[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])/y;
const bearerHandler: Handler = (text, start, _end, out, ctx) => {
  BEARER.lastIndex = start;
  const match = BEARER.exec(text);
  if (!match) return;
  const value = match[1] as string;
  if (isReference(value) || isPlaceholder(value)) return;
  if (shannonEntropy(value) < 3.5 || !/\d/.test(value)) return;
  if (ctx.config.allow.some((re) => re.test(value))) return;
  const valueStart = start + match[0].length - value.length;
  out.push({
    start: valueStart,
    end: valueStart + value.length,
    detector: 'bearer-token',
    provider: 'HTTP',
    label: 'bearer token',
    value,
    publicPrefix: 0,
    priority: PRIORITY_GENERIC + 0.5,
  });
};

const BASIC = /[Bb]asic[ \t]+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/y;
const basicHandler: Handler = (text, start, _end, out, ctx) => {
  BASIC.lastIndex = start;
  const match = BASIC.exec(text);
  if (!match) return;
  const value = match[1] as string;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || !/^[\x20-\x7e]+$/.test(decoded)) return;
  const password = decoded.slice(colon + 1);
  if (password.length < 6 || isPlaceholder(password) || isReference(password)) return;
  if (ctx.config.allow.some((re) => re.test(value))) return;
  const valueStart = start + match[0].length - value.length;
  out.push({
    start: valueStart,
    end: valueStart + value.length,
    detector: 'basic-auth',
    provider: 'HTTP',
    label: 'basic auth credentials',
    value,
    publicPrefix: 0,
    priority: PRIORITY_STRUCTURE,
  });
};

const CLI_USER = /(?:-u|--user)[ =]["']?([^\s:"'`$]+):([^\s"'`,;)]+)["']?/y;
/** `curl -u user:password`, `--user=user:password`: basic credentials on a command line. */
const cliUserHandler: Handler = (text, start, _end, out, ctx) => {
  CLI_USER.lastIndex = start;
  const match = CLI_USER.exec(text);
  if (!match) return;
  const [, user = '', password = ''] = match;
  if (password.length < 6 || isReference(password) || isPlaceholder(password) || password === user)
    return;
  if (/^[A-Z][A-Z0-9_]*$/.test(password) || ctx.config.allow.some((re) => re.test(password)))
    return;
  const valueStart = start + match[0].indexOf(`:${password}`) + 1;
  out.push({
    start: valueStart,
    end: valueStart + password.length,
    detector: 'basic-auth',
    provider: 'HTTP',
    label: 'basic auth password on a command line',
    value: password,
    publicPrefix: 0,
    priority: PRIORITY_STRUCTURE,
    name: user,
  });
};

const QUOTES = new Set([34, 39, 96]);

/** After a secret-looking name: an assignment operator and a literal value. */
const genericHandler: Handler = (text, anchorStart, anchorEnd, out, ctx) => {
  if (anchorStart < ctx.lastNameEnd) return;
  let a = anchorStart;
  while (a > 0 && isNameChar(text.charCodeAt(a - 1))) a--;
  let b = anchorEnd;
  while (b < text.length && isNameChar(text.charCodeAt(b))) b++;
  ctx.lastNameEnd = b;
  while (a < b && (text[a] === '.' || text[a] === '-')) a++;
  while (b > a && text[b - 1] === '.') b--;
  const name = text.slice(a, b);
  if (ctx.lockfile) return;
  const kind = secretNameKind(name);
  if (!kind) return;
  const before = a > 0 ? text.charCodeAt(a - 1) : 10;
  if (before === 36 || before === 123 || before === 37) return; // $NAME, {name}, %NAME
  let p = b;
  let quotedName = false;
  if (QUOTES.has(text.charCodeAt(p)) && text.charCodeAt(a - 1) === text.charCodeAt(p)) {
    p++;
    quotedName = true;
  }
  if (text[p] === ']') p++;
  while (text[p] === ' ' || text[p] === '\t') p++;
  // Query strings and connection-string parameters: ?password=… &token=… ;Password=…;
  const parameter = (before === 63 || before === 38 || before === 59) && text[p] === '=';
  const op = /^(?::=|=>|===|!==|==|!=|\?\?=|\|\|=|=|:|->|>)/.exec(text.slice(p, p + 3))?.[0];
  if (!op) {
    if (!(quotedName && text[p] === ',')) return;
    p++;
  } else {
    if (op === '>' && before !== 60) return; // <password>value</password>
    if (op === ':' && text[p + 1] === ':') return; // Name::Path
    p += op.length;
  }
  while (text[p] === ' ' || text[p] === '\t') p++;
  if (/^[rbufRBUF@]{1,2}["']/.test(text.slice(p, p + 3)))
    p += text[p + 1] === '"' || text[p + 1] === "'" ? 1 : 2;
  let value: string;
  let valueStart: number;
  const quote = text.charCodeAt(p);
  if (QUOTES.has(quote)) {
    let q = p + 1;
    const limit = Math.min(text.length, p + 1200);
    while (q < limit) {
      const c = text.charCodeAt(q);
      if (c === quote) break;
      if (c === 10) return;
      if (c === 92) q++;
      q++;
    }
    if (q >= limit) return;
    value = text.slice(p + 1, q);
    valueStart = p + 1;
    if (quote === 96 && value.includes('${')) return;
  } else {
    if (ctx.code && !parameter) return;
    // `#` starts a comment only after whitespace (dotenv, YAML, shell); `&` and `;` end a
    // query-string or connection-string parameter.
    const m = (parameter ? /^[^\s'"`;&]+/ : /^[^\s'"`,;)}\]<]+/).exec(text.slice(p, p + 1200));
    if (!m) return;
    value = m[0];
    valueStart = p;
  }
  if (value.includes('\\')) {
    if (/\\[ux]/.test(value)) return;
    value = value.replace(/\\(.)/g, '$1');
  }
  // AWS secret access keys have no prefix and may start with "/": recognised by name and shape.
  const aws =
    isAwsSecretName(name) &&
    /^[A-Za-z0-9/+]{40}$/.test(value) &&
    shannonEntropy(value) >= 4 &&
    !isPlaceholder(value) &&
    documentedExample(value) === undefined;
  if (!aws && !judgeGenericValue(value, kind)) return;
  if (ctx.config.allow.some((re) => re.test(value))) return;
  out.push({
    start: valueStart,
    end: valueStart + value.length,
    detector: aws
      ? 'aws-secret-access-key'
      : kind === 'password'
        ? 'generic-password'
        : 'generic-secret',
    provider: aws ? 'AWS' : 'generic',
    label: aws ? 'secret access key' : kind === 'password' ? 'password' : 'secret',
    value,
    publicPrefix: 0,
    priority: aws ? PRIORITY_PROVIDER : PRIORITY_GENERIC,
    name,
  });
};

const allowHandler: Handler = (_text, start, _end, _out, ctx) => {
  ctx.allowAt.push(start);
};

interface Compiled {
  automaton: AnchorAutomaton;
  handlers: Handler[][];
  maxAnchor: number;
}

let compiled: Compiled | undefined;

/** Every anchor of the prefilter, lower-case, with the handlers that look at a hit. */
function anchorHandlers(): Map<string, Handler[]> {
  const byAnchor = new Map<string, Handler[]>();
  const add = (anchor: string, handler: Handler): void => {
    const key = anchor.toLowerCase();
    byAnchor.set(key, [...(byAnchor.get(key) ?? []), handler]);
  };
  for (const detector of PROVIDER_DETECTORS) {
    const handler = providerHandler(detector);
    for (const anchor of detector.anchors) add(anchor, handler);
  }
  for (const anchor of GENERIC_ANCHORS) add(anchor, genericHandler);
  add('-----begin ', privateKeyHandler);
  add('putty-user-key-file-', puttyHandler);
  add('://', urlHandler);
  add('bearer ', bearerHandler);
  add('bearer\t', bearerHandler);
  add('basic ', basicHandler);
  add('-u ', cliUserHandler);
  add('--user ', cliUserHandler);
  add('--user=', cliUserHandler);
  add('charter:allow', allowHandler);
  return byAnchor;
}

function compile(): Compiled {
  if (compiled) return compiled;
  const byAnchor = anchorHandlers();
  const anchors = [...byAnchor.keys()];
  compiled = {
    automaton: new AnchorAutomaton(anchors),
    handlers: anchors.map((a) => byAnchor.get(a) as Handler[]),
    maxAnchor: Math.max(...anchors.map((a) => a.length)),
  };
  return compiled;
}

let anyAnchor: RegExp | undefined;

/**
 * Whether a text holds an anchor of the prefilter: without one, the scanner finds nothing.
 * One regular expression of literals answers that for a short text far sooner than the
 * automaton can be built, which matters where only a few messages are masked (a hook).
 */
function holdsAnchor(text: string): boolean {
  anyAnchor ??= new RegExp(
    [...anchorHandlers().keys()].map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'i',
  );
  return anyAnchor.test(text);
}

/** Detector ids, for option validation and docs. */
export function detectorIds(): string[] {
  return [
    ...new Set([
      ...PROVIDER_DETECTORS.map((d) => d.id),
      'aws-secret-access-key',
      'private-key',
      'connection-string',
      'url-credentials',
      'bearer-token',
      'basic-auth',
      'generic-secret',
      'generic-password',
    ]),
  ].sort();
}

const CODE_EXTENSIONS =
  /\.(?:[cm]?[jt]sx?|py|pyi|go|java|kt|kts|scala|groovy|rb|php|cs|fs|vb|c|cc|cpp|cxx|h|hh|hpp|m|mm|rs|swift|dart|lua|r|jl|ex|exs|erl|clj|cljs|vue|svelte|astro|sol)$/i;
const LOCKFILES =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|Cargo\.lock|go\.sum|composer\.lock|Gemfile\.lock|packages\.lock\.json|flake\.lock|mix\.lock|pubspec\.lock|Package\.resolved|gradle\.lockfile|conan\.lock)$/;

/** Scans this much text per step; a token that crosses a boundary is still found whole. */
export const CHUNK_SIZE = 1 << 20;

const ALLOW_COMMENT = /charter:allow(-file)?(?![\w-])([^\n]*)/y;

function parseAllow(
  text: string,
  start: number,
  lineStart: number,
): Omit<AllowComment, 'line'> | undefined {
  ALLOW_COMMENT.lastIndex = start;
  const match = ALLOW_COMMENT.exec(text);
  if (!match) return undefined;
  const rest = (match[2] ?? '').replace(/\s*(?:\*\/|-->|%>|#>|\}\})\s*$/, '');
  const dash = rest.search(/\s--(?:\s|$)/);
  const codes = (dash >= 0 ? rest.slice(0, dash) : rest).split(/[\s,]+/).filter(Boolean);
  if (!codes.includes(RULE_CODE)) return undefined;
  const reason =
    dash >= 0
      ? rest
          .slice(dash)
          .replace(/^\s*--\s*/, '')
          .trim()
      : '';
  const leading = text
    .slice(lineStart, start)
    .replace(/(?:\/\/+|\/\*+|\*+|#+|<!--|--|;+|'|REM\b|%)/g, '');
  const scope = match[1] ? 'file' : leading.trim() === '' ? 'next-line' : 'line';
  return {
    column: start - lineStart + 1,
    endColumn: start - lineStart + 1 + match[0].replace(/\s+$/, '').length,
    reason: reason.replace(/\s+/g, ' ').length >= 3 ? reason.replace(/\s+/g, ' ') : '',
    scope,
  };
}

/** Maps ascending offsets to 1-based line and column without splitting the text. */
class LineCursor {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly text: string) {}
  at(target: number): { line: number; column: number; lineStart: number } {
    if (target < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    for (;;) {
      const nl = this.text.indexOf('\n', this.offset);
      if (nl < 0 || nl >= target) break;
      this.line++;
      this.lineStart = nl + 1;
      this.offset = nl + 1;
    }
    this.offset = Math.max(this.offset, this.lineStart);
    return { line: this.line, column: target - this.lineStart + 1, lineStart: this.lineStart };
  }
}

/** The secrets of a text, by offset, after overlaps are settled; and where allow comments start. */
function findCandidates(
  path: string,
  text: string,
  config: ScanConfig,
): { kept: Candidate[]; allowAt: number[] } {
  const { automaton, handlers, maxAnchor } = compile();
  const candidates: Candidate[] = [];
  const ctx: ScanContext = {
    config,
    code: CODE_EXTENSIONS.test(path),
    lockfile: LOCKFILES.test(path),
    allowAt: [],
    lastNameEnd: 0,
  };
  const onHit = (anchor: number, end: number): void => {
    const list = handlers[anchor] as Handler[];
    const start = end - (automaton.anchors[anchor] as string).length;
    for (const handler of list) handler(text, start, end, candidates, ctx);
  };
  // Chunks overlap by the longest anchor so one that crosses a boundary is seen; hits are
  // taken only once, by the chunk they end in.
  for (let from = 0; from < text.length; from += CHUNK_SIZE) {
    const to = Math.min(text.length, from + CHUNK_SIZE);
    const scanFrom = Math.max(0, from - maxAnchor + 1);
    automaton.scan(
      text,
      (anchor, end) => {
        if (end > from) onHit(anchor, end);
      },
      scanFrom,
      to,
    );
  }

  // Overlaps: the most specific detector wins, then the longer match.
  candidates.sort((x, y) => x.start - y.start || y.priority - x.priority || y.end - x.end);
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    if (config.disabled.has(candidate.detector)) continue;
    const previous = kept[kept.length - 1];
    if (previous && candidate.start < previous.end) {
      const better =
        candidate.priority > previous.priority ||
        (candidate.priority === previous.priority &&
          candidate.end - candidate.start > previous.end - previous.start);
      if (better) kept[kept.length - 1] = candidate;
      continue;
    }
    kept.push(candidate);
  }
  return { kept, allowAt: ctx.allowAt };
}

/** A secret's place in a text and the masked form that stands for it. */
export interface SecretSpan {
  start: number;
  /** Exclusive; covers the whole value (a private key's body too). */
  end: number;
  masked: string;
}

/** What masking looks for: every detector, no allow list, local connection strings too. */
const EVERY_SECRET: ScanConfig = { allow: [], localConnectionStrings: true, disabled: new Set() };

/** Every secret the scanner recognises in a text, however it is allowed or configured. */
export function secretSpans(text: string): SecretSpan[] {
  if (!holdsAnchor(text)) return [];
  const { kept } = findCandidates('', text, EVERY_SECRET);
  return kept.map((c) => ({
    start: c.start,
    end: Math.max(c.end, c.hideEnd ?? c.end),
    masked: maskSecret(c.value, c.publicPrefix),
  }));
}

/** Finds the secrets in one file's text. */
export function scanText(path: string, text: string, config: ScanConfig): SecretsFacts {
  const { kept, allowAt } = findCandidates(path, text, config);
  const positions = [
    ...kept.map((c, index) => ({ offset: c.start, kind: 'secret' as const, index })),
    ...allowAt.map((offset, index) => ({ offset, kind: 'allow' as const, index })),
  ].sort((x, y) => x.offset - y.offset);
  const cursor = new LineCursor(text);
  const allows: AllowComment[] = [];
  const located: { candidate: Candidate; line: number; column: number }[] = [];
  for (const position of positions) {
    const { line, column, lineStart } = cursor.at(position.offset);
    if (position.kind === 'allow') {
      const parsed = parseAllow(text, position.offset, lineStart);
      if (parsed) allows.push({ line, ...parsed });
    } else {
      located.push({ candidate: kept[position.index] as Candidate, line, column });
    }
  }
  const reasonFor = (line: number): string | undefined => {
    for (const allow of allows) {
      if (!allow.reason) continue;
      if (allow.scope === 'file') return allow.reason;
      if (allow.scope === 'line' && allow.line === line) return allow.reason;
      if (allow.scope === 'next-line' && allow.line === line - 1) return allow.reason;
    }
    return undefined;
  };
  const secrets: SecretFact[] = located.map(({ candidate, line, column }) => {
    const lines = text.slice(candidate.start, candidate.end).split('\n');
    const endLine = line + lines.length - 1;
    const endColumn =
      lines.length === 1
        ? column + candidate.end - candidate.start
        : (lines.at(-1)?.length ?? 0) + 1;
    const allowed = reasonFor(line);
    return {
      detector: candidate.detector,
      provider: candidate.provider,
      label: candidate.label,
      line,
      column,
      endLine,
      endColumn,
      masked: maskSecret(candidate.value, candidate.publicPrefix),
      length: candidate.value.length,
      ...(candidate.name !== undefined ? { name: candidate.name } : {}),
      ...(allowed !== undefined ? { allowed } : {}),
    };
  });
  return { secrets, allows };
}
