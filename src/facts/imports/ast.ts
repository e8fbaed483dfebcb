import type { SgNode } from '@ast-grep/napi';
import type { Span } from './types.js';

/** The node's range as a 1-based span. */
export function spanOf(node: SgNode, end: SgNode = node): Span {
  const start = node.range().start;
  const stop = end.range().end;
  return {
    line: start.line + 1,
    column: start.column + 1,
    endLine: stop.line + 1,
    endColumn: stop.column + 1,
  };
}

/**
 * The value of a string literal node (JS `string`/`template_string` without substitutions,
 * Python `string`, Go `interpreted_string_literal`/`raw_string_literal`); undefined when the
 * value is computed.
 */
export function literalValue(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'template_string') {
    if (node.children().some((c) => c.kind() === 'template_substitution')) return undefined;
    return unquote(node.text());
  }
  if (kind === 'string') {
    // Python f-strings and byte strings carry a prefix; an interpolation makes the value unknown.
    if (node.children().some((c) => c.kind() === 'interpolation')) return undefined;
    return unquote(node.text());
  }
  if (kind === 'interpreted_string_literal' || kind === 'raw_string_literal') {
    return unquote(node.text());
  }
  return undefined;
}

function unquote(text: string): string {
  const body = text.replace(/^[rRbBuU]{0,2}("""|'''|["'`])/, '').replace(/("""|'''|["'`])$/, '');
  return body.replace(/\\(.)/g, '$1');
}
