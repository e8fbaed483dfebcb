import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';

export type YamlPath = readonly (string | number)[];

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A parsed YAML document that can say where any value or key is. */
export class PositionedYaml {
  private readonly lineCounter: LineCounter;
  readonly document: Document;

  constructor(readonly text: string) {
    this.lineCounter = new LineCounter();
    this.document = parseDocument(text, {
      lineCounter: this.lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
    });
  }

  spanOfOffsets(start: number, end: number): Span {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  /**
   * The closest node to `path`: the key node when `key` is set (for unknown keys), else the
   * value; walks up to the deepest existing ancestor when the path does not exist.
   */
  locate(path: YamlPath, key = false): Span {
    let node: unknown = this.document.contents;
    let found: Node | undefined = isNodeLike(node) ? node : undefined;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) =>
            isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        if (last && key && isNodeLike(pair.key)) {
          found = pair.key;
          break;
        }
        node = pair.value;
        if (isNodeLike(pair.value)) found = pair.value;
        else if (isNodeLike(pair.key)) found = pair.key;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) break;
        node = item;
        if (isNodeLike(item)) found = item;
      } else {
        break;
      }
    }
    const range = found?.range;
    if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return this.spanOfOffsets(range[0], range[1]);
  }
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
