import type { SgNode } from '@ast-grep/napi';
import type { Loc, Middleware, StrExpr, StrPart } from './types.js';

/** 1-based location of a node. */
export function locOf(node: SgNode): Loc {
  const range = node.range();
  return {
    line: range.start.line + 1,
    column: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}

export function orderOf(node: SgNode): number {
  return node.range().start.index;
}

/** Children that are code, not comments. */
export function args(node: SgNode | null): SgNode[] {
  if (!node) return [];
  return node.children().filter((c) => c.isNamed() && c.kind() !== 'comment');
}

const MAX_TEXT = 120;

export function shortText(node: SgNode): string {
  const text = node.text().replace(/\s+/g, ' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Concatenates string parts, merging adjacent literals. */
export function concat(...exprs: StrExpr[]): StrExpr {
  const parts: StrPart[] = [];
  for (const expr of exprs) {
    if ('unknown' in expr) return expr;
    for (const part of expr.parts) {
      const last = parts[parts.length - 1];
      if ('lit' in part && last && 'lit' in last) last.lit += part.lit;
      else parts.push({ ...part });
    }
  }
  return { parts };
}

export const lit = (text: string): StrExpr => ({ parts: [{ lit: text }] });
export const unknown = (node: SgNode | string): StrExpr => ({
  unknown: typeof node === 'string' ? node : shortText(node),
});

export function isKnown(expr: StrExpr): expr is { parts: StrPart[] } {
  return 'parts' in expr;
}

/** The literal value when the expression has no references. */
export function literalOf(expr: StrExpr | undefined): string | undefined {
  if (!expr || !('parts' in expr)) return undefined;
  if (expr.parts.some((p) => 'ref' in p)) return undefined;
  return expr.parts.map((p) => ('lit' in p ? p.lit : '')).join('');
}

/**
 * Whether a constant can be part of a URL path. Only such constants are kept in facts (which
 * are cached on disk): a module's other strings may be credentials and never leave the file.
 */
export function isPathLike(value: string): boolean {
  if (value.length > 200 || !/^[A-Za-z0-9_\-./{}:*$~@+%<>[\]]*$/.test(value)) return false;
  if (value === '' || value.startsWith('/')) return true;
  // A bare segment ("api", "v1", "users"); long mixed-case or digit-heavy tokens are not paths.
  if (value.length > 40) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return value.length < 16 || classes < 3;
}

/** Keeps a constant only when every literal piece of it can be part of a path. */
export function keepConstant(expr: StrExpr): boolean {
  return 'parts' in expr && expr.parts.every((p) => !('lit' in p) || isPathLike(p.lit));
}

export function middlewareOf(name: string, node: SgNode): Middleware {
  const text = shortText(node);
  // Arguments may hold credentials (bearerAuth({ token: '…' })): keep only the name then.
  const literals = [...text.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2] ?? '');
  return { name, text: literals.every(isPathLike) ? text : `${name}(…)` };
}

export function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Unescapes the common escapes of a quoted string body. */
export function unescapeString(body: string): string {
  return body.replace(
    /\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g,
    (_, esc: string) => {
      switch (esc[0]) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case 'u': {
          const hex = esc.startsWith('u{') ? esc.slice(2, -1) : esc.slice(1);
          return String.fromCodePoint(parseInt(hex, 16));
        }
        case 'x':
          return String.fromCharCode(parseInt(esc.slice(1), 16));
        default:
          return esc;
      }
    },
  );
}
