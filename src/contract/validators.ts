import picomatch from 'picomatch';
import { regexProblem } from './regex-safety.js';

export function validateGlob(glob: string): string | undefined {
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob))
    return 'globs are relative to the repository root; remove the leading slash';
  if (glob.split('/').includes('..')) return 'globs cannot leave the repository ("..")';
  if (glob.includes('\\')) return 'use forward slashes in globs';
  if (glob.startsWith('./')) return 'globs match paths as git lists them: remove the leading "./"';
  try {
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (error) {
    return `invalid glob: ${(error as Error).message}`;
  }
  let depth = 0;
  for (const ch of glob) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth < 0) break;
  }
  if (depth !== 0) return 'invalid glob: unbalanced braces';
  return undefined;
}

/** Undefined when `source` compiles with `flags` (as the rule will compile it) and is safe. */
export function validateRegex(source: string, flags = 'u'): string | undefined {
  return regexProblem(source, flags);
}

export function validatePath(file: string): string | undefined {
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file))
    return 'paths are relative to the repository root';
  if (file.split('/').includes('..')) return 'paths cannot leave the repository ("..")';
  if (file.startsWith('./') || file.includes('//') || file.includes('\\'))
    return 'write the path as git lists it: forward slashes, no leading "./"';
  return undefined;
}
