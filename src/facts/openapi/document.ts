import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';

/** 1-based [line, column, endLine, endColumn]. */
export type Span = [number, number, number, number];

/**
 * Where the nodes of a YAML/JSON file are, by JSON pointer: the key of a mapping entry (what a
 * finding about `get:` or `Idempotency-Key` points at) and, for scalars, the value as well.
 */
export interface PositionIndex {
  [pointer: string]: { at: Span; value?: Span };
}

export interface ParseProblem {
  message: string;
  span: Span;
}

export interface ParsedDocument {
  data: unknown;
  positions: PositionIndex;
  problems: ParseProblem[];
}

/** Keys whose subtrees are JSON Schema or examples: never needed to report on operations. */
const UNINDEXED = new Set([
  'schema',
  'schemas',
  'definitions',
  'examples',
  'example',
  'properties',
]);
const MAX_ALIASES = 1000;

export function escapePointer(segment: string): string {
  // Most keys need no escaping; pointers are built for every node of a spec.
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer = `${pointer}/${escapePointer(String(segment))}`;
  return pointer;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer.slice(1).split('/').map(unescapePointer);
}

/**
 * Parses YAML or JSON (JSON is parsed as YAML 1.2, which keeps source positions) into plain
 * data plus positions of its keys. Never throws: syntax errors become problems with spans.
 */
export function parseWithPositions(text: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
    keepSourceTokens: false,
  });
  const spanOf = (start: number, end: number): Span => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return [from.line, from.col, to.line, to.col];
  };
  const problems: ParseProblem[] = [];
  for (const error of [...document.errors]) {
    const [start, end] = error.pos;
    problems.push({
      message: error.message.split('\n')[0] ?? error.message,
      span: spanOf(start, end),
    });
  }
  if (problems.length > 0) return { data: null, positions: {}, problems };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return {
      data: null,
      positions: {},
      problems: [{ message: (error as Error).message, span: [1, 1, 1, 2] }],
    };
  }
  const positions: PositionIndex = {};
  const nodeSpan = (node: Node): Span | undefined =>
    node.range ? spanOf(node.range[0], node.range[1]) : undefined;
  const walk = (node: unknown, pointer: string, indexed: boolean): void => {
    if (isAlias(node)) return;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const key = String(item.key.value);
        const child = joinPointer(pointer, key);
        const keySpan = nodeSpan(item.key);
        const value = item.value;
        const isRef = key === '$ref';
        if ((indexed || isRef) && keySpan) {
          const valueSpan = isScalar(value) ? nodeSpan(value) : undefined;
          positions[child] = valueSpan ? { at: keySpan, value: valueSpan } : { at: keySpan };
        }
        walk(value, child, indexed && !UNINDEXED.has(key));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = joinPointer(pointer, index);
        if (indexed && isNodeLike(item)) {
          const span = nodeSpan(item);
          if (span) positions[child] = { at: span };
        }
        walk(item, child, indexed);
      });
    }
  };
  const contents = document.contents;
  if (contents && isNodeLike(contents)) {
    const span = nodeSpan(contents);
    if (span) positions[''] = { at: span };
  }
  walk(contents, '', true);
  return { data: data ?? null, positions, problems };
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

/** The span of the closest indexed node at or above `pointer`. */
export function locatePointer(
  positions: PositionIndex,
  pointer: string,
  prefer: 'key' | 'value' = 'key',
): Span {
  let current = pointer;
  for (;;) {
    const entry = positions[current];
    if (entry) return prefer === 'value' && entry.value ? entry.value : entry.at;
    if (current === '') return [1, 1, 1, 1];
    current = current.slice(0, current.lastIndexOf('/'));
  }
}
