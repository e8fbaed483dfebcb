import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { Extractor } from '../extractor.js';

export interface TsconfigFacts {
  /** `extends`, as written (TypeScript 5 accepts a list). */
  extends: string[];
  baseUrl?: string;
  paths?: Record<string, string[]>;
  rootDir?: string;
  outDir?: string;
  error?: string;
}

const TSCONFIG = /(^|\/)(tsconfig(\.[^/]*)?|jsconfig)\.json$/;

export function parseTsconfig(text: string): TsconfigFacts {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  const facts: TsconfigFacts = { extends: [] };
  if (errors[0]) facts.error = printParseErrorCode(errors[0].error);
  if (typeof value !== 'object' || value === null) return facts;
  const config = value as Record<string, unknown>;
  const ext = config.extends;
  if (typeof ext === 'string') facts.extends = [ext];
  else if (Array.isArray(ext))
    facts.extends = ext.filter((e): e is string => typeof e === 'string');
  const options = config.compilerOptions;
  if (typeof options !== 'object' || options === null) return facts;
  const compiler = options as Record<string, unknown>;
  for (const key of ['baseUrl', 'rootDir', 'outDir'] as const) {
    const option = compiler[key];
    if (typeof option === 'string') facts[key] = option;
  }
  if (typeof compiler.paths === 'object' && compiler.paths !== null) {
    const paths: Record<string, string[]> = {};
    for (const [pattern, targets] of Object.entries(compiler.paths as Record<string, unknown>)) {
      if (Array.isArray(targets))
        paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
    }
    facts.paths = paths;
  }
  return facts;
}

export const tsconfigExtractor: Extractor<TsconfigFacts> = {
  id: 'tsconfig',
  version: 1,
  appliesTo: (path) => TSCONFIG.test(path),
  extract: (file) => parseTsconfig(file.text),
};
