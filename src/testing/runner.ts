import type { ConfiguredRule, LoadedContract } from '../contract/load.js';
import { loadContract, ruleByCode, suggestCode } from '../contract/load.js';
import { ContractError } from '../contract/problems.js';
import { runCheck } from '../engine/check.js';
import type { PreparedRun } from '../engine/check.js';
import type { Finding } from '../engine/report-schema.js';
import type { AnyRule } from '../engine/rule.js';
import type { FixtureCase, FixtureSuite } from '../repo/fixtures.js';
import { registeredRules } from '../rules/registry.js';
import { inlineExpectations, parseExpected } from './expectations.js';
import type { ExpectedFinding } from './expectations.js';
import { MemorySnapshot } from './memory-snapshot.js';

export interface CaseResult {
  kind: 'valid' | 'invalid';
  name: string;
  location: string;
  status: 'passed' | 'failed' | 'error';
  /** What did not match, or why the case could not run. */
  problems: string[];
  /** Findings of the rule under test. */
  findings: Finding[];
  /** An invalid case without pinned expectations: any finding of the rule passes it. */
  loose?: boolean;
}

export interface SuiteResult {
  code: string;
  location: string;
  /** Why the suite could not run (unknown rule, invalid contract). */
  error?: string;
  cases: CaseResult[];
}

export interface TestReport {
  schemaVersion: 1;
  passed: number;
  failed: number;
  errors: number;
  suites: SuiteResult[];
  /** Rules of the contract without enough fixtures (with --strict). */
  missing: string[];
  exitCode: 0 | 1 | 2;
}

export interface RunTestsOptions {
  suites: readonly FixtureSuite[];
  contract: LoadedContract;
  /** Absolute folder of the fixtures, for snapshot roots. */
  root: string;
  /** Only these rule codes. */
  only?: readonly string[];
  /** Every custom pattern needs at least one valid and two invalid cases. */
  strict?: boolean;
  now?: Date;
}

const INCOMPLETE = new Set(['charter/internal-error', 'charter/skipped-file']);

/** The options a rule has in a contract, also when the contract turns it off. */
function optionsOf(
  contract: LoadedContract,
  rule: AnyRule,
): { options: unknown; severity: 'error' | 'warn' } {
  const configured = contract.rules.find((r) => r.rule === rule);
  if (configured) return { options: configured.options, severity: configured.severity };
  const entry = contract.data.rules?.[rule.meta.code];
  const raw = typeof entry === 'object' && entry !== null ? (entry.options ?? {}) : {};
  return { options: rule.meta.options ? rule.meta.options.parse(raw) : raw, severity: 'error' };
}

function resolveRule(
  code: string,
  contract: LoadedContract,
): { configured: ConfiguredRule; codes: Set<string> } | { error: string } {
  if (code.startsWith('custom/') && code !== 'custom/pattern') {
    const custom = ruleByCode('custom/pattern') as AnyRule;
    const { options } = optionsOf(contract, custom);
    const patterns = (options as { patterns: { id: string; severity?: 'error' | 'warn' }[] })
      .patterns;
    const pattern = patterns.find((p) => `custom/${p.id}` === code);
    if (!pattern) {
      const suggestion = suggestCode(
        code,
        patterns.map((p) => `custom/${p.id}`),
      );
      return {
        error: `${contract.file} has no custom pattern "${code.slice(7)}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      };
    }
    return {
      configured: {
        rule: custom,
        severity: pattern.severity ?? 'error',
        options: { ...(options as object), patterns: [pattern] },
      },
      codes: new Set([code]),
    };
  }
  const rule = ruleByCode(code);
  if (!rule) {
    const suggestion = suggestCode(
      code,
      registeredRules.map((r) => r.meta.code),
    );
    return {
      error: `unknown rule "${code}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; \`charter rules\` lists them`,
    };
  }
  const { options, severity } = optionsOf(contract, rule);
  return {
    configured: { rule, severity, options },
    codes: new Set([code, ...(rule.meta.reportsCodes?.(options as never) ?? [])]),
  };
}

const describe = (f: { code: string; file: string; line: number; column?: number }): string =>
  `${f.code} at ${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;

function matches(expected: ExpectedFinding, actual: Finding): boolean {
  if (expected.code !== actual.code || expected.file !== actual.location.file) return false;
  if (expected.line !== actual.location.line) return false;
  if (expected.column !== undefined && expected.column !== actual.location.column) return false;
  if (expected.endLine !== undefined && expected.endLine !== actual.location.endLine) return false;
  if (expected.endColumn !== undefined && expected.endColumn !== actual.location.endColumn)
    return false;
  if (expected.message !== undefined && expected.message !== actual.message) return false;
  if (expected.severity !== undefined && expected.severity !== actual.severity) return false;
  for (const [key, value] of Object.entries(expected.data ?? {}))
    if (actual.data[key] !== value) return false;
  return true;
}

async function runCase(
  testCase: FixtureCase,
  suite: FixtureSuite,
  contract: LoadedContract,
  resolved: { configured: ConfiguredRule; codes: Set<string> },
  root: string,
  now: Date,
): Promise<CaseResult> {
  const base = { kind: testCase.kind, name: testCase.name, location: testCase.location };
  let expected: ExpectedFinding[] | undefined;
  if (testCase.kind === 'invalid') {
    const single = testCase.files.length === 1 ? testCase.files[0]?.path : undefined;
    try {
      expected = testCase.expected
        ? parseExpected(testCase.expected.text, {
            code: suite.code,
            ...(single ? { file: single } : {}),
          })
        : testCase.files.flatMap((f) =>
            inlineExpectations(f.path, f.content.toString('utf8'), suite.code),
          );
    } catch (error) {
      return {
        ...base,
        status: 'error',
        problems: [
          `${testCase.expected?.location ?? testCase.location}: ${(error as Error).message}`,
        ],
        findings: [],
      };
    }
  }
  const snapshot = new MemorySnapshot(`${root}/${testCase.location}`, testCase.files);
  const testContract: LoadedContract = {
    ...contract,
    data: { ...contract.data, waivers: [] },
    rules: [resolved.configured],
  };
  const prepared: PreparedRun = {
    snapshot,
    contract: testContract,
    files: [...snapshot.files],
    headContractText: undefined,
    before: async () => null,
  };
  const result = await runCheck({
    cwd: snapshot.root,
    mode: 'worktree',
    failOn: 'warn',
    cache: false,
    baselineFile: null,
    runCommands: false,
    prepared,
    now,
  });
  const findings = result.report.findings.filter((f) => resolved.codes.has(f.code));
  const incomplete = result.report.findings.filter((f) => INCOMPLETE.has(f.code) || f.incomplete);
  const problems: string[] = incomplete.map(
    (f) => `could not check: ${f.message} (${f.location.file}:${f.location.line})`,
  );
  if (problems.length > 0) return { ...base, status: 'error', problems, findings };

  if (testCase.kind === 'valid') {
    for (const f of findings)
      problems.push(`unexpected ${describe({ code: f.code, ...f.location })}: ${f.message}`);
    return { ...base, status: problems.length ? 'failed' : 'passed', problems, findings };
  }
  if (!expected || expected.length === 0) {
    if (findings.length === 0) problems.push(`expected a finding of ${suite.code}, got none`);
    return {
      ...base,
      status: problems.length ? 'failed' : 'passed',
      problems,
      findings,
      loose: true,
    };
  }
  const unmatched = [...findings];
  for (const want of expected) {
    const index = unmatched.findIndex((f) => matches(want, f));
    if (index >= 0) unmatched.splice(index, 1);
    else {
      const near = unmatched.find(
        (f) =>
          f.code === want.code && f.location.file === want.file && f.location.line === want.line,
      );
      problems.push(
        `expected ${describe(want)}${near ? `, got one that differs: ${describe({ code: near.code, ...near.location })}: ${near.message}` : ', not reported'}`,
      );
      if (near) unmatched.splice(unmatched.indexOf(near), 1);
    }
  }
  for (const f of unmatched)
    problems.push(`unexpected ${describe({ code: f.code, ...f.location })}: ${f.message}`);
  return { ...base, status: problems.length ? 'failed' : 'passed', problems, findings };
}

/** Runs every fixture suite against the rules of the contract; never throws for a case. */
export async function runFixtureTests(options: RunTestsOptions): Promise<TestReport> {
  const now = options.now ?? new Date();
  const suites = options.only?.length
    ? options.suites.filter((s) => options.only?.includes(s.code))
    : options.suites;
  const results: SuiteResult[] = [];
  for (const suite of suites) {
    let contract = options.contract;
    if (suite.contract) {
      try {
        contract = loadContract({ file: suite.contract.location, text: suite.contract.text });
      } catch (error) {
        const detail =
          error instanceof ContractError
            ? error.problems
                .map(
                  (p) =>
                    `${suite.contract?.location}:${p.span.line}:${p.span.column} ${p.path}: ${p.message}`,
                )
                .join('; ')
            : (error as Error).message;
        results.push({
          code: suite.code,
          location: suite.location,
          error: `invalid contract: ${detail}`,
          cases: [],
        });
        continue;
      }
    }
    const resolved = resolveRule(suite.code, contract);
    if ('error' in resolved) {
      results.push({
        code: suite.code,
        location: suite.location,
        error: resolved.error,
        cases: [],
      });
      continue;
    }
    const cases: CaseResult[] = [];
    for (const testCase of suite.cases)
      cases.push(await runCase(testCase, suite, contract, resolved, options.root, now));
    results.push({
      code: suite.code,
      location: suite.location,
      ...(suite.cases.length === 0 ? { error: 'no cases under valid/ or invalid/' } : {}),
      cases,
    });
  }
  const missing: string[] = [];
  if (options.strict) {
    const custom = options.contract.rules.find((r) => r.rule.meta.code === 'custom/pattern');
    const patterns = (
      (custom?.options as { patterns?: { id: string }[] } | undefined)?.patterns ?? []
    ).map((p) => `custom/${p.id}`);
    for (const code of patterns) {
      const suite = options.suites.find((s) => s.code === code);
      const valid = suite?.cases.filter((c) => c.kind === 'valid').length ?? 0;
      const invalid = suite?.cases.filter((c) => c.kind === 'invalid').length ?? 0;
      if (valid < 1 || invalid < 2)
        missing.push(
          `${code} has ${valid} valid and ${invalid} invalid fixture${invalid === 1 ? '' : 's'}; at least 1 valid and 2 invalid are required`,
        );
    }
  }
  const all = results.flatMap((s) => s.cases);
  const passed = all.filter((c) => c.status === 'passed').length;
  const failed = all.filter((c) => c.status === 'failed').length;
  const errors =
    all.filter((c) => c.status === 'error').length + results.filter((s) => s.error).length;
  return {
    schemaVersion: 1,
    passed,
    failed,
    errors,
    suites: results,
    missing,
    exitCode: errors > 0 ? 2 : failed > 0 || missing.length > 0 ? 1 : 0,
  };
}
