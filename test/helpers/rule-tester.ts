import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/engine/check.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { registeredRules } from '../../src/rules/registry.js';
import type { Finding } from '../../src/engine/report-schema.js';
import { makeRepo } from './git-repo.js';

export interface ExpectedFinding {
  code: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  data: Record<string, string | number | boolean>;
  message?: string;
  severity?: 'error' | 'warn';
}

export interface RuleCase {
  name: string;
  /** charter.yaml, committed in the base commit. */
  contract: string;
  /** Files of the base commit. */
  files?: Record<string, string | Buffer>;
  /** The change under check: written after the base commit; null deletes a file. */
  change?: Record<string, string | Buffer | null>;
  /** worktree (default): change left uncommitted; staged: change staged; range: change committed, checked with --base. */
  mode?: 'worktree' | 'staged' | 'range';
  now?: Date;
  /** Rules to run (default: the rule under test, or every rule for engine codes). */
  rules?: readonly string[];
  errors?: ExpectedFinding[];
}

export async function runCase(testCase: RuleCase): Promise<Finding[]> {
  const repo = makeRepo({ 'charter.yaml': testCase.contract, ...testCase.files });
  const base = repo.commit('base');
  const mode = testCase.mode ?? 'worktree';
  if (mode === 'range') repo.git('checkout', '-q', '-b', 'feature');
  for (const [file, content] of Object.entries(testCase.change ?? {})) {
    if (content === null) repo.remove(file);
    else repo.write({ [file]: content });
  }
  if (mode === 'staged') repo.git('add', '-A');
  if (mode === 'range') repo.commit('head');
  const result = await runCheck({
    cwd: repo.root,
    mode,
    ...(mode === 'range' ? { base } : {}),
    failOn: 'error',
    cache: false,
    baselineFile: null,
    now: testCase.now ?? new Date('2026-06-01T12:00:00Z'),
    ...(testCase.rules
      ? { rules: (rule: AnyRule) => testCase.rules?.includes(rule.meta.code) === true }
      : {}),
  });
  return result.report.findings;
}

/**
 * ESLint-style rule tests on real git repositories: valid cases must produce no finding from
 * the rule's codes; invalid cases must produce exactly the expected findings, each with its
 * code, message data and full location.
 */
export function ruleTester(
  codes: string | ((code: string) => boolean),
  cases: { valid: RuleCase[]; invalid: RuleCase[] },
): void {
  const matches = typeof codes === 'string' ? (code: string) => code === codes : codes;
  // Like ESLint's RuleTester, run only the rule under test, so rules added later (and on by
  // default) cannot change another rule's cases. Engine codes run whatever a case names.
  const ruleUnderTest =
    typeof codes === 'string'
      ? registeredRules.find(
          (r) =>
            r.meta.code === codes ||
            (codes.startsWith('custom/') && r.meta.code === 'custom/pattern'),
        )
      : undefined;
  const withDefaults = (testCase: RuleCase): RuleCase =>
    testCase.rules || !ruleUnderTest ? testCase : { ...testCase, rules: [ruleUnderTest.meta.code] };
  describe('valid', () => {
    for (const testCase of cases.valid) {
      it(testCase.name, async () => {
        const findings = (await runCase(withDefaults(testCase))).filter(
          (f) => matches(f.code) || f.code === 'charter/internal-error',
        );
        expect(findings).toEqual([]);
      });
    }
  });
  describe('invalid', () => {
    for (const testCase of cases.invalid) {
      it(testCase.name, async () => {
        const findings = (await runCase(withDefaults(testCase))).filter(
          (f) => matches(f.code) || f.code === 'charter/internal-error',
        );
        const actual = findings.map((f) => ({
          code: f.code,
          file: f.location.file,
          line: f.location.line,
          column: f.location.column,
          endLine: f.location.endLine,
          endColumn: f.location.endColumn,
          data: f.data,
          ...(testCase.errors?.some((e) => e.message !== undefined) ? { message: f.message } : {}),
          ...(testCase.errors?.some((e) => e.severity !== undefined)
            ? { severity: f.severity }
            : {}),
        }));
        expect(testCase.errors?.length ?? 0).toBeGreaterThan(0);
        expect(actual).toEqual(testCase.errors);
      });
    }
  });
}
