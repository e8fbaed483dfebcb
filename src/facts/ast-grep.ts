import { Lang, parse, parseAsync, registerDynamicLanguage } from '@ast-grep/napi';
import type { SgRoot } from '@ast-grep/napi';
import go from '@ast-grep/lang-go';
import python from '@ast-grep/lang-python';

export const PATTERN_LANGUAGES = ['typescript', 'tsx', 'javascript', 'python', 'go'] as const;
export type PatternLanguage = (typeof PATTERN_LANGUAGES)[number];

export const LANGUAGE_EXTENSIONS: Record<PatternLanguage, readonly string[]> = {
  typescript: ['.ts', '.mts', '.cts'],
  tsx: ['.tsx'],
  javascript: ['.js', '.mjs', '.cjs', '.jsx'],
  python: ['.py', '.pyi'],
  go: ['.go'],
};

let registered = false;
function ensureLanguages(): void {
  if (registered) return;
  registerDynamicLanguage({ python, go });
  registered = true;
}

function napiLanguage(language: PatternLanguage): Lang | string {
  switch (language) {
    case 'typescript':
      return Lang.TypeScript;
    case 'tsx':
      return Lang.Tsx;
    case 'javascript':
      return Lang.JavaScript;
    default:
      return language;
  }
}

export function languageOfPath(file: string): PatternLanguage | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = file.slice(dot).toLowerCase();
  return PATTERN_LANGUAGES.find((language) => LANGUAGE_EXTENSIONS[language].includes(ext));
}

let treesParsed = 0;

/** How many parse trees this process has made: native memory a full collection can free. */
export function parseTreeCount(): number {
  return treesParsed;
}

/** Parses off the main thread; ast-grep does the work in Rust. */
export function parseSource(language: PatternLanguage, text: string): Promise<SgRoot> {
  ensureLanguages();
  treesParsed++;
  // The napi typings only list built-in languages; dynamic ones are addressed by name.
  return parseAsync(napiLanguage(language) as Lang, text);
}

export function parseSourceSync(language: PatternLanguage, text: string): SgRoot {
  ensureLanguages();
  treesParsed++;
  return parse(napiLanguage(language) as Lang, text);
}
