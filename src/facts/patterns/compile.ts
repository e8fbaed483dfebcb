import { z } from 'zod';
import picomatch from 'picomatch';
import { LANGUAGE_EXTENSIONS, PATTERN_LANGUAGES, parseSourceSync } from '../ast-grep.js';
import type { PatternLanguage } from '../ast-grep.js';

/** One rule a team writes in its contract, in ast-grep's rule format. */
export const PatternSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes')
      .describe('Finding code becomes custom/<id>'),
    language: z.enum(PATTERN_LANGUAGES).describe('typescript, tsx, javascript, python or go'),
    files: z.array(z.string().min(1)).optional().describe('Globs the rule applies to (default: every file of the language)'),
    ignores: z.array(z.string().min(1)).optional().describe('Globs the rule skips'),
    rule: z
      .record(z.string(), z.unknown())
      .describe('ast-grep rule object: pattern, kind, regex, inside, has, not, any, all, follows, precedes, …'),
    constraints: z.record(z.string(), z.unknown()).optional().describe('ast-grep constraints on metavariables'),
    message: z.string().min(1).describe('Shown for each match; $VAR is replaced by the captured text'),
    severity: z.enum(['error', 'warn']).optional().describe('Overrides the severity of custom/pattern'),
    remediation: z.string().min(1).optional().describe('What to do instead'),
  })
  .strict();

export type PatternRule = z.infer<typeof PatternSchema>;

const PROBE_SOURCES: Record<PatternLanguage, string> = {
  typescript: 'const a = 1;',
  tsx: 'const a = <div />;',
  javascript: 'const a = 1;',
  python: 'a = 1\n',
  go: 'package main\n',
};

/** Compiles the rule once against a tiny file: an invalid rule is a contract error, not a crash at check time. */
export function compileError(pattern: PatternRule): string | undefined {
  try {
    const root = parseSourceSync(pattern.language, PROBE_SOURCES[pattern.language]).root();
    root.findAll({ rule: pattern.rule, ...(pattern.constraints ? { constraints: pattern.constraints } : {}) } as never);
    return undefined;
  } catch (error) {
    return `invalid ast-grep rule: ${(error as Error).message.replace(/\s*\n\s*\|?->?/g, ' ').trim()}`;
  }
}

export interface CompiledPattern {
  pattern: PatternRule;
  appliesTo(path: string): boolean;
  metavariables: string[];
}

export function compilePattern(pattern: PatternRule): CompiledPattern {
  const extensions = LANGUAGE_EXTENSIONS[pattern.language];
  const include = pattern.files?.length ? picomatch(pattern.files, { dot: true }) : () => true;
  const ignore = pattern.ignores?.length ? picomatch(pattern.ignores, { dot: true }) : () => false;
  const metavariables = [...new Set([...pattern.message.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1] as string))];
  return {
    pattern,
    metavariables,
    appliesTo: (path) => extensions.some((ext) => path.toLowerCase().endsWith(ext)) && include(path) && !ignore(path),
  };
}
