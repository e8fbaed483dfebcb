/**
 * The part of a source file that can hold its imports. Most files import at the top and never
 * again; parsing only up to a few lines past the last line that mentions an import gives the
 * same import statements, at the same positions, for a fraction of the parse. The whole text
 * is used whenever the cut could change the meaning: an open template literal, block comment
 * or triple-quoted string before the cut, or a cut late in the file anyway.
 */

const JS_IMPORT_LINE = /\bimport\b|\brequire\s*\(|\bfrom\s*['"`]/;
const PY_IMPORT_LINE = /^\s*(import|from)\s|\b__import__\b|\bimport_module\b|TYPE_CHECKING/;
/** Lines kept after the last import line, for statements that continue (a multi-line call). */
const MARGIN = 8;
/** Files this short, or cuts this late, are parsed whole. */
const MIN_LINES = 40;
const MAX_FRACTION = 0.6;

function cutAfter(text: string, test: RegExp): { prefix: string; lines: number } | undefined {
  const lines = text.split('\n');
  if (lines.length < MIN_LINES) return undefined;
  let last = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (test.test(lines[i] as string)) {
      last = i;
      break;
    }
  }
  const end = Math.min(lines.length, last + 1 + MARGIN);
  if (end > lines.length * MAX_FRACTION) return undefined;
  return { prefix: lines.slice(0, end).join('\n'), lines: end };
}

function count(text: string, token: string): number {
  let n = 0;
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length)) n++;
  return n;
}

/** The import-bearing head of a JavaScript or TypeScript file, or the whole text. */
export function jsImportHead(text: string): string {
  const cut = cutAfter(text, JS_IMPORT_LINE);
  if (!cut) return text;
  const { prefix } = cut;
  // An odd number of backticks or an unclosed block comment: the cut may be inside one.
  if (count(prefix, '`') % 2 !== 0 || count(prefix, '/*') > count(prefix, '*/')) return text;
  return prefix;
}

/** The import-bearing head of a Python file, or the whole text. */
export function pythonImportHead(text: string): string {
  const cut = cutAfter(text, PY_IMPORT_LINE);
  if (!cut) return text;
  const { prefix } = cut;
  if (count(prefix, '"""') % 2 !== 0 || count(prefix, "'''") % 2 !== 0) return text;
  return prefix;
}
