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
    files: z
      .array(z.string().min(1))
      .optional()
      .describe('Globs the rule applies to (default: every file of the language)'),
    ignores: z.array(z.string().min(1)).optional().describe('Globs the rule skips'),
    rule: z
      .record(z.string(), z.unknown())
      .describe(
        'ast-grep rule object: pattern, kind, regex, inside, has, not, any, all, follows, precedes, …',
      ),
    constraints: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('ast-grep constraints on metavariables'),
    message: z
      .string()
      .min(1)
      .describe('Shown for each match; $VAR is replaced by the captured text'),
    severity: z
      .enum(['error', 'warn'])
      .optional()
      .describe('Overrides the severity of custom/pattern'),
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
    root.findAll({
      rule: pattern.rule,
      ...(pattern.constraints ? { constraints: pattern.constraints } : {}),
    } as never);
  } catch (error) {
    return `invalid ast-grep rule: ${(error as Error).message.replace(/\s*\n\s*\|?->?/g, ' ').trim()}`;
  }
  return unparsablePattern(pattern);
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
  const metavariables = [
    ...new Set([...pattern.message.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1] as string)),
  ];
  return {
    pattern,
    metavariables,
    appliesTo: (path) =>
      extensions.some((ext) => path.toLowerCase().endsWith(ext)) && include(path) && !ignore(path),
  };
}

/** ast-grep writes metavariables with a character the language's grammar accepts in names. */
const EXPANDO: Partial<Record<PatternLanguage, string>> = { python: 'µ', go: 'µ' };

function patternStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) patternStrings(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'pattern' && typeof child === 'string') out.push(child);
      else patternStrings(child, out);
    }
  }
  return out;
}

/**
 * Go allows only declarations at the top level: any other snippet is parsed by tree-sitter as
 * something else there (`http.Get(x)` becomes a type conversion), so it is tried where such
 * code lives, in a function body.
 */
const GO_TOP_LEVEL = new Set([
  'function_declaration',
  'method_declaration',
  'type_declaration',
  'var_declaration',
  'const_declaration',
  'import_declaration',
  'package_clause',
]);

function selfMatchSource(language: PatternLanguage, code: string): string {
  if (language !== 'go') return code;
  const top = String(parseSourceSync(language, code).root().child(0)?.kind() ?? '');
  return top && GO_TOP_LEVEL.has(top) ? code : `package main\nfunc _() {\n${code}\n}\n`;
}

/**
 * A string pattern that cannot match even its own text compiles but never reports anything
 * (in Go, `http.Get($URL)` alone parses as a type conversion, not a call): a rule that
 * silently passes. Each pattern is tried on its own text.
 */
function unparsablePattern(pattern: PatternRule): string | undefined {
  const expando = EXPANDO[pattern.language];
  for (const text of patternStrings(pattern.rule)) {
    const code = expando ? text.replace(/\$/g, expando) : text;
    const source = selfMatchSource(pattern.language, code);
    const matchesItself =
      parseSourceSync(pattern.language, source)
        .root()
        .find({ rule: { pattern: text } } as never) !== null;
    if (!matchesItself) {
      return `the pattern "${text}" does not parse as ${pattern.language} code it could match, so it would never report; give it context, e.g. pattern: { context: '<a complete snippet>', selector: <node kind> }`;
    }
  }
  return undefined;
}
