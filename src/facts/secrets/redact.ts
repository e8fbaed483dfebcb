import { secretSpans } from './scan.js';

/**
 * The text with every secret the scanner recognises replaced by its masked form (a short
 * prefix and the length). Applied wherever Charter prints or writes text that can quote what
 * it checks or was given: commands, edited text, captured code, file names, contract keys,
 * revisions. Masked text stays masked when masked again.
 */
export function maskSecrets(text: string): string {
  // The shortest token the scanner knows is longer than this.
  if (text.length < 8) return text;
  const spans = secretSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const span of spans) {
    if (span.start < last) continue;
    out += text.slice(last, span.start) + span.masked;
    last = span.end;
  }
  return out + text.slice(last);
}

/**
 * A copy of plain data (objects, arrays, strings) with every string masked, except the
 * values of `keep` keys (identifiers that must stay as they are, such as fingerprints).
 */
export function maskSecretsIn<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
  return maskValue(value, keep) as T;
}

function maskValue(value: unknown, keep: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, keep));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[key] = keep.has(key) ? item : maskValue(item, keep);
  return out;
}
