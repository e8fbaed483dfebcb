import type { Span } from '../imports/types.js';

/** Maps character offsets of one text to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
  span(offset: number, length: number): Span {
    const start = this.position(offset);
    const end = this.position(offset + length);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
  /** The span of line `line` (1-based) without its line break. */
  lineSpan(line: number): Span {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line] ?? this.text.length + 1;
    const text = this.text.slice(start, next - 1).replace(/\r$/, '');
    return { line, column: 1, endLine: line, endColumn: text.length + 1 };
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/** PEP 503 normalisation: `Foo_Bar.baz` and `foo-bar-baz` name the same distribution. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
