/**
 * Bash brace expansion (`a{b,c}d`, `{1..9..2}`, `{a..e}`), counted before it is expanded: a
 * word like `{a,b}{a,b}…` doubles with every group, so the count decides whether the words
 * are produced at all. The analysis follows at most MAX_BRACE_WORDS words per shell word.
 */

/** More alternatives than this make a word too large to judge. */
export const MAX_BRACE_WORDS = 256;

/**
 * Literal text, a brace group (one of several alternatives, each a list of pieces itself), or
 * a sequence expression kept unexpanded until counted: `{1..99999999}` is one piece, not a list.
 */
type Piece = string | { options: Piece[][] } | { sequence: string };

/** Deeper nesting than this makes a word too large to judge. */
const MAX_NESTING = 32;

/**
 * For each `{`, the index of the `}` that closes it (one pass, backslashes escape); undefined
 * when braces nest deeper than MAX_NESTING.
 */
function matchingBraces(text: string): Map<number, number> | undefined {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') {
      open.push(i);
      if (open.length > MAX_NESTING) return undefined;
    } else if (c === '}' && open.length > 0) pairs.set(open.pop() as number, i);
  }
  return pairs;
}

/** The comma-separated parts of a group's inside, or [] when it has no top-level comma. */
function splitTopLevel(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length === 0) return [];
  out.push(inner.slice(start));
  return out;
}

const NUMBER_SEQUENCE = /^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$/;
const CHARACTER_SEQUENCE = /^([^\\])\.\.([^\\])(?:\.\.([-+]?\d+))?$/;

/** How many words a sequence expression yields, or undefined when it is not one. */
function sequenceSize(inner: string): number | undefined {
  const numbers = NUMBER_SEQUENCE.exec(inner);
  const characters = numbers ? undefined : CHARACTER_SEQUENCE.exec(inner);
  const match = numbers ?? characters;
  if (!match) return undefined;
  const [from, to] = numbers
    ? [Number(match[1]), Number(match[2])]
    : [(match[1] as string).charCodeAt(0), (match[2] as string).charCodeAt(0)];
  const step = Math.abs(Number(match[3] ?? 1)) || 1;
  return Math.floor(Math.abs(to - from) / step) + 1;
}

/** The words of a sequence expression already known to be small enough. */
function sequenceWords(inner: string): string[] {
  const numbers = NUMBER_SEQUENCE.exec(inner);
  const match = numbers ?? CHARACTER_SEQUENCE.exec(inner);
  if (!match) return [`{${inner}}`];
  const text = (n: number): string => String.fromCharCode(n);
  const step = Math.abs(Number(match[3] ?? 1)) || 1;
  const words: string[] = [];
  if (numbers) {
    const [a, b] = [match[1] as string, match[2] as string];
    const [from, to] = [Number(a), Number(b)];
    // `{01..10}`: a leading zero pads every number to the widest end.
    const padded = /^[-+]?0\d/.test(a) || /^[-+]?0\d/.test(b);
    const width = Math.max(a.replace(/^[-+]/, '').length, b.replace(/^[-+]/, '').length);
    const direction = from <= to ? 1 : -1;
    for (let n = from; direction > 0 ? n <= to : n >= to; n += step * direction) {
      const digits = String(Math.abs(n));
      words.push(`${n < 0 ? '-' : ''}${padded ? digits.padStart(width, '0') : digits}`);
    }
    return words;
  }
  const [from, to] = [(match[1] as string).charCodeAt(0), (match[2] as string).charCodeAt(0)];
  const direction = from <= to ? 1 : -1;
  for (let n = from; direction > 0 ? n <= to : n >= to; n += step * direction) words.push(text(n));
  return words;
}

/**
 * Splits a word into literal text and brace groups. A `{…}` without a top-level comma and
 * that is not a sequence stays literal (`{}`, `{a}`), though groups inside it still expand.
 */
function parsePieces(
  text: string,
  from: number,
  to: number,
  pairs: ReadonlyMap<number, number>,
): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      literal += text.slice(i, Math.min(i + 2, to));
      i++;
      continue;
    }
    const end = c === '{' ? (pairs.get(i) ?? -1) : -1;
    if (end < 0 || end >= to) {
      literal += c;
      continue;
    }
    const inner = text.slice(i + 1, end);
    const options = splitTopLevel(inner);
    if (options.length >= 2) {
      if (literal) pieces.push(literal);
      literal = '';
      let start = i + 1;
      pieces.push({
        options: options.map((option) => {
          const parsed = parsePieces(text, start, start + option.length, pairs);
          start += option.length + 1;
          return parsed;
        }),
      });
    } else if (sequenceSize(inner) !== undefined) {
      if (literal) pieces.push(literal);
      literal = '';
      pieces.push({ sequence: inner });
    } else {
      if (literal) pieces.push(literal);
      literal = '';
      pieces.push('{', ...parsePieces(text, i + 1, end, pairs), '}');
    }
    i = end;
  }
  if (literal) pieces.push(literal);
  return pieces;
}

/** Words a sequence of pieces expands to, capped just above `limit`. */
function count(pieces: readonly Piece[], limit: number): number {
  let total = 1;
  for (const piece of pieces) {
    if (typeof piece === 'string') continue;
    let sum = 0;
    if ('sequence' in piece) sum = sequenceSize(piece.sequence) ?? 1;
    else
      for (const option of piece.options) {
        sum += count(option, limit);
        if (sum > limit) return limit + 1;
      }
    total *= sum;
    if (total > limit) return limit + 1;
  }
  return total;
}

function expand(pieces: readonly Piece[]): string[] {
  let words = [''];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      words = words.map((word) => word + piece);
      continue;
    }
    const alternatives =
      'sequence' in piece
        ? sequenceWords(piece.sequence)
        : piece.options.flatMap((option) => expand(option));
    words = words.flatMap((word) => alternatives.map((alternative) => word + alternative));
  }
  return words;
}

/**
 * The words `a{b,c}d` expands to, in order; undefined when there would be more than `limit`
 * (they are never produced).
 */
export function expandBraces(text: string, limit = MAX_BRACE_WORDS): string[] | undefined {
  const pairs = matchingBraces(text);
  if (!pairs) return undefined;
  const pieces = parsePieces(text, 0, text.length, pairs);
  if (count(pieces, limit) > limit) return undefined;
  return expand(pieces);
}
