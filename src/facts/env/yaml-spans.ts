import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Span } from './types.js';

/** YAML documents of one file, with a way to turn node ranges into spans. */
export class YamlFile {
  readonly documents: Document[];
  private readonly lines = new LineCounter();
  constructor(text: string) {
    this.documents = parseAllDocuments(text, {
      lineCounter: this.lines,
      merge: true,
      prettyErrors: false,
    }) as Document[];
    if (!Array.isArray(this.documents)) this.documents = [];
  }
  span(node: Node | null | undefined, fallback?: Span): Span {
    const range = node?.range;
    if (!range) return fallback ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(Math.max(range[0], range[1]));
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }
}

export const isUsable = (doc: Document): boolean => doc.errors.length === 0;

export function pairOf(map: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node>).items.find(
    (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
  );
}

export function valueOf(map: unknown, key: string): Node | undefined {
  return pairOf(map, key)?.value ?? undefined;
}

export function scalarText(node: unknown): string | null | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

export { isMap, isPair, isScalar, isSeq };
