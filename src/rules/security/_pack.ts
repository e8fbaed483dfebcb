import { z } from 'zod';
import { validateGlob } from '../../contract/validators.js';
import { globMatcher } from '../../engine/globs.js';
import type { GlobMatcher } from '../../engine/globs.js';
import type { RuleContext } from '../../engine/rule.js';
import type { Extractor } from '../../facts/extractor.js';
import { patternMatchExtractor } from '../../facts/patterns/extractor.js';
import type { PatternMatch } from '../../facts/patterns/extractor.js';
import { maskSecret } from '../../facts/secrets/mask.js';
import { maskSecrets } from '../../facts/secrets/redact.js';
import { SECURITY_PATTERNS } from './_patterns.js';

/**
 * Shared by the rules of the security pack: one extractor runs every pattern of the pack,
 * so each file is parsed once however many of the rules are on.
 */

const inner = patternMatchExtractor(SECURITY_PATTERNS);

export const securityExtractor: Extractor<PatternMatch[]> = {
  ...inner,
  id: 'security-patterns',
  // 2: a private key in a match is masked whole, body included.
  version: 2,
  async extract(file) {
    const matches = await inner.extract(file);
    return matches.map((match) => {
      // A capture named S is a secret by convention (a signing key written in the code).
      const secret = match.captures.S;
      const hide = (text: string): string =>
        maskSecrets(secret ? text.split(secret).join(maskSecret(unquote(secret))) : text);
      return {
        ...match,
        text: hide(match.text),
        captures: Object.fromEntries(
          Object.entries(match.captures).map(([name, value]) => [name, hide(value)]),
        ),
      };
    });
  },
};

/** Where tests live in the ecosystems the pack covers. */
export const DEFAULT_TEST_GLOBS = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.go',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/testdata/**',
  '**/fixtures/**',
  '**/e2e/**',
  '**/cypress/**',
  '**/playwright/**',
  'charter-tests/**',
];

export const globList = (description: string, defaults: string[] = []) =>
  z
    .array(z.string().min(1))
    .default(defaults)
    .describe(description)
    .superRefine((globs, ctx) => {
      globs.forEach((glob, index) => {
        const error = validateGlob(glob);
        if (error) ctx.addIssue({ code: 'custom', path: [index], message: error });
      });
    });

export const ignoreOption = () => globList('Files this rule does not check');
export const testsOption = () =>
  globList(
    'Globs of test files (default: the usual test folders and file names)',
    DEFAULT_TEST_GLOBS,
  );

export interface SecurityMatch extends PatternMatch {
  file: string;
  /** The part of the pattern id after the rule name, without the language: `env`, `const`. */
  variant: string;
}

/** The pack's matches that belong to one rule, skipping files the rule's options exclude. */
export function matchesFor<T>(
  context: RuleContext<T>,
  rule: string,
  skip: GlobMatcher = () => false,
): SecurityMatch[] {
  const out: SecurityMatch[] = [];
  const prefix = `${rule}--`;
  for (const [file, matches] of context.facts(securityExtractor)) {
    if (skip(file)) continue;
    for (const match of matches) {
      if (!match.id.startsWith(prefix)) continue;
      const variant = match.id.slice(prefix.length).replace(/-(?:ts|tsx|js|py|go)$/, '');
      out.push({ ...match, file, variant });
    }
  }
  return out;
}

/** 1-based location of a match. */
export function locationOf(match: SecurityMatch) {
  return {
    file: match.file,
    line: match.start.line + 1,
    column: match.start.column + 1,
    endLine: match.end.line + 1,
    endColumn: match.end.column + 1,
  };
}

export const matcher = (globs: readonly string[]): GlobMatcher => globMatcher(globs, false);

/** The text of a string literal without its quotes and prefixes. */
export function unquote(text: string): string {
  const match = /^[rRbBuUfF]{0,2}(["'`])([\s\S]*)\1$/.exec(text.trim());
  return match ? (match[2] as string) : text.trim();
}

/** A first line of code, for messages. */
export function snippet(text: string, max = 80): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** camelCase, kebab and SNAKE names as lower-case words. */
export function nameWords(name: string): string[] {
  return unquote(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
