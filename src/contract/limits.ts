import { ContractError } from './problems.js';
import type { ContractProblem } from './problems.js';
import type { Span } from './yaml-positions.js';

/**
 * Bounds on what a contract may be. Real contracts are a few kilobytes with tens of globs;
 * these limits are far above that and exist so a hostile or generated file is refused with a
 * located problem (exit 2) instead of exhausting memory or the hook's deadline.
 */
export const CONTRACT_MAX_BYTES = 1024 * 1024;
/** Every key, value and list item of the YAML document, counted together. */
export const CONTRACT_MAX_VALUES = 100_000;
/** Globs of all the contract's glob lists together (include, exclude, protect, …). */
export const CONTRACT_MAX_GLOBS = 10_000;

const START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

function refuse(file: string, message: string, span: Span = START): never {
  throw new ContractError(file, [{ path: '(file)', message, span }]);
}

function tooLargeMessage(bytes: number): string {
  return `the contract is ${bytes} bytes; a contract may be at most ${CONTRACT_MAX_BYTES} bytes (1 MiB)`;
}

/** The problem of a contract file whose size is known before it is read. */
export function contractTooLarge(file: string, bytes: number): ContractError {
  return new ContractError(file, [
    { path: '(file)', message: tooLargeMessage(bytes), span: START },
  ]);
}

/**
 * A contract's bytes as text. Only UTF-8 is accepted (a UTF-8 byte order mark is dropped):
 * a contract decoded with the wrong encoding would have globs that silently match nothing.
 */
export function decodeContract(bytes: Uint8Array, file: string): string {
  if (bytes.length > CONTRACT_MAX_BYTES) refuse(file, tooLargeMessage(bytes.length));
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    refuse(
      file,
      'the contract is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8',
    );
  try {
    return strict.decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    const span = spanOfByte(bytes, offset);
    refuse(
      file,
      `the contract is not UTF-8: byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at line ${span.line}, column ${span.column} is not valid UTF-8; save it as UTF-8`,
      span,
    );
  }
}

/**
 * Problems of the text itself, found before it is parsed: its size, and characters that only
 * a wrong decoding produces (NUL from UTF-16, U+FFFD from bytes that were not UTF-8).
 */
export function textProblems(text: string): ContractProblem[] {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: count the bytes only when it matters.
  if (text.length * 3 > CONTRACT_MAX_BYTES) {
    const bytes = text.length > CONTRACT_MAX_BYTES ? text.length : encoder.encode(text).length;
    if (bytes > CONTRACT_MAX_BYTES)
      return [{ path: '(file)', message: tooLargeMessage(bytes), span: START }];
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return [
      {
        path: '(file)',
        message:
          'the contract holds a NUL character (is it UTF-16?); save it as UTF-8 without NUL characters',
        span: spanOfIndex(text, nul),
      },
    ];
  }
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) {
    return [
      {
        path: '(file)',
        message:
          'the contract holds U+FFFD, the character put in place of bytes that are not UTF-8; save it as UTF-8 (write "\\uFFFD" in a double-quoted string if the character is meant)',
        span: spanOfIndex(text, replacement),
      },
    ];
  }
  return [];
}

/**
 * Problems of the parsed document's size: too many values in all, or too many globs. Found
 * before the schema runs, so neither it nor the glob compiler sees a list of a million items.
 */
export function sizeProblems(input: unknown): { path: (string | number)[]; message: string }[] {
  let globs = 0;
  for (const { path, count } of globLists(input)) {
    globs += count;
    if (globs > CONTRACT_MAX_GLOBS) {
      return [
        {
          path,
          message: `the contract has more than ${CONTRACT_MAX_GLOBS} globs (include, exclude, protect, waivers, sources, planes, verify and productionGated together); a contract may have at most ${CONTRACT_MAX_GLOBS}`,
        },
      ];
    }
  }
  if (countValues(input, CONTRACT_MAX_VALUES) > CONTRACT_MAX_VALUES) {
    return [
      {
        path: [],
        message: `the contract has more than ${CONTRACT_MAX_VALUES} keys, values and list items; a contract may have at most ${CONTRACT_MAX_VALUES}`,
      },
    ];
  }
  return [];
}

/** How many values `input` holds (every container, key and scalar), counted up to `limit + 1`. */
function countValues(input: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [input];
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (Array.isArray(value)) stack.push(...value.slice(0, limit + 1));
    else if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value).slice(0, limit + 1)) {
        count++;
        stack.push(child);
      }
    }
  }
  return count;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const lengthOf = (value: unknown): number =>
  Array.isArray(value) ? value.length : typeof value === 'string' ? 1 : 0;

/** Each glob list of the contract, as it is written (before the schema has checked it). */
function* globLists(input: unknown): Generator<{ path: (string | number)[]; count: number }> {
  if (!isObj(input)) return;
  for (const key of ['include', 'exclude', 'protect'])
    yield { path: [key], count: lengthOf(input[key]) };
  if (Array.isArray(input.waivers)) yield { path: ['waivers'], count: input.waivers.length };
  if (Array.isArray(input.sources)) {
    for (const [index, source] of input.sources.entries()) {
      if (!isObj(source)) continue;
      for (const key of ['governs', 'files'])
        yield { path: ['sources', index, key], count: lengthOf(source[key]) };
    }
  }
  if (isObj(input.planes)) {
    for (const [name, plane] of Object.entries(input.planes))
      if (isObj(plane)) yield { path: ['planes', name, 'paths'], count: lengthOf(plane.paths) };
  }
  if (Array.isArray(input.verify)) {
    for (const [index, entry] of input.verify.entries())
      if (isObj(entry)) yield { path: ['verify', index, 'when'], count: lengthOf(entry.when) };
  }
  if (isObj(input.environments))
    yield {
      path: ['environments', 'productionGated'],
      count: lengthOf(input.environments.productionGated),
    };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
    if (length === 0) return i;
    let point = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      point = (point << 6) | (next & 0x3f);
    }
    const shortest = [0, 0, 0x80, 0x800, 0x10000][length] as number;
    if (point < shortest || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}

/** Line and column (in characters) of a byte whose preceding bytes are valid UTF-8. */
function spanOfByte(bytes: Uint8Array, offset: number): Span {
  const before = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, offset));
  return spanOfIndex(before, before.length);
}

function spanOfIndex(text: string, index: number): Span {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, column, endLine: line, endColumn: column + 1 };
}
