/**
 * One-line programs handed to an interpreter (`python -c`, `node -e`, `perl -e`, `ruby -e`):
 * when the code calls an API that writes or deletes files, every string literal in it that
 * looks like a path is taken as a file it may write. Reading code is not a write.
 */

export interface ScriptWrite {
  path: string;
  deletes: boolean;
}

const WRITE_APIS: Record<string, RegExp> = {
  python:
    /\bopen\s*\([^)]*,\s*(?:mode\s*=\s*)?['"][^'"]*[wax+]|\.write_(?:text|bytes)\s*\(|\bshutil\.(?:copy\w*|move)\s*\(|\bos\.(?:rename|replace|chmod|symlink|link|truncate)\s*\(/,
  node: /\b(?:writeFile|appendFile|createWriteStream|copyFile|cp|rename|truncate|chmod|symlink|link|outputFile)(?:Sync)?\s*\(/,
  perl: /\bopen\s*\(?\s*(?:my\s+)?[$\w]*\s*,\s*['"]\s*(?:>|\+<)|\bopen\s*\(?\s*\w+\s*,\s*['"]\s*>|\b(?:rename|chmod|symlink|link|truncate)\s*\(?/,
  ruby: /\bFile\.(?:write|open\s*\([^)]*['"][wa+])|\bFileUtils\.(?:cp|mv|touch|chmod|ln_s|ln)\b|\bFile\.(?:rename|chmod|symlink)\b/,
  php: /\b(?:file_put_contents|fopen\s*\([^)]*['"][wax+c]|copy|rename|chmod|symlink|touch)\s*\(/,
};

const DELETE_APIS: Record<string, RegExp> = {
  python:
    /\bos\.(?:remove|unlink|rmdir|removedirs)\s*\(|\bshutil\.rmtree\s*\(|\.unlink\s*\(|\.rmdir\s*\(/,
  node: /\b(?:unlink|rm|rmdir)(?:Sync)?\s*\(|\bremove(?:Sync)?\s*\(/,
  perl: /\b(?:unlink|rmdir|remove_tree|rmtree)\s*\(?/,
  ruby: /\bFile\.(?:delete|unlink)\b|\bFileUtils\.(?:rm|rm_r|rm_rf|remove|rmdir|remove_dir)\b/,
  php: /\b(?:unlink|rmdir)\s*\(/,
};

function family(interpreter: string): string | undefined {
  if (interpreter.startsWith('python')) return 'python';
  if (
    interpreter === 'node' ||
    interpreter === 'nodejs' ||
    interpreter === 'bun' ||
    interpreter === 'deno'
  )
    return 'node';
  if (interpreter === 'perl' || interpreter === 'ruby' || interpreter === 'php') return interpreter;
  return undefined;
}

const STRING_LITERAL = /(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

function looksLikePath(text: string): boolean {
  if (text.length === 0 || text.length > 400) return false;
  if (/[\n\r\t]/.test(text)) return false;
  if (/^[wrabx+tU]{1,3}$/.test(text)) return false; // a mode string
  if (/^\s|\s$/.test(text)) return false;
  return /^[\w./~@+-][\w./~@+ -]*$/.test(text);
}

export function scriptWrites(interpreter: string, code: string): ScriptWrite[] {
  const kind = family(interpreter);
  if (!kind) return [];
  const writes = WRITE_APIS[kind]?.test(code) ?? false;
  const deletes = DELETE_APIS[kind]?.test(code) ?? false;
  if (!writes && !deletes) return [];
  const out: ScriptWrite[] = [];
  const seen = new Set<string>();
  for (const match of code.matchAll(STRING_LITERAL)) {
    let text = match[2] ?? '';
    // Perl's two-argument open: ">file", ">>file", "+<file".
    if (kind === 'perl') text = text.replace(/^\s*(?:\+?[<>]{1,2})\s*/, '');
    if (!looksLikePath(text) || seen.has(text)) continue;
    seen.add(text);
    out.push({ path: text, deletes: deletes && !writes });
  }
  return out;
}
