import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/engine/check.js';
import type { CheckResult } from '../../src/engine/check.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, parseReport } from './fixtures.js';

function contractWith(waiver: string): string {
  return `${EVAL_CONTRACT}waivers:\n  - ${waiver}\n`;
}

async function checkAt(contract: string, now: string): Promise<CheckResult> {
  const repo = makeRepo({
    'charter.yaml': contract,
    'src/legacy/old.ts': 'export const old = eval(legacy);\n',
    'src/new.ts': 'export const fresh = eval(fresh);\n',
  });
  repo.commit('base');
  return runCheck({
    cwd: repo.root,
    mode: 'worktree',
    failOn: 'error',
    cache: false,
    baselineFile: null,
    now: new Date(now),
  });
}

const LEGACY =
  "{ rule: custom/no-eval, path: 'src/legacy/**', reason: API-112 legacy eval, expires: 2026-06-30 }";

describe('waivers', () => {
  it('an active waiver moves the finding to `waived`', async () => {
    const { report } = await checkAt(contractWith(LEGACY), '2026-06-01T12:00:00Z');
    expect(report.findings.map((f) => `${f.code} ${f.location.file}`)).toEqual([
      'custom/no-eval src/new.ts',
    ]);
    expect(report.waived).toHaveLength(1);
    expect(report.waived[0]).toMatchObject({
      code: 'custom/no-eval',
      location: { file: 'src/legacy/old.ts', line: 1, column: 20 },
      waiver: { reason: 'API-112 legacy eval', expires: '2026-06-30', path: 'src/legacy/**' },
    });
    expect(report.summary).toMatchObject({ errors: 1, waived: 1 });
    expect(report.exitCode).toBe(1);
  });

  it('a waiver applies through its expiry day (UTC)', async () => {
    const { report } = await checkAt(contractWith(LEGACY), '2026-06-30T23:59:59Z');
    expect(report.waived).toHaveLength(1);
    expect(report.findings.map((f) => f.code)).toEqual(['custom/no-eval']);
  });

  it('an expired waiver does not waive, and is itself a finding at its expiry', async () => {
    const { report } = await checkAt(contractWith(LEGACY), '2026-07-01T00:00:01Z');
    expect(report.waived).toEqual([]);
    expect(
      report.findings.map((f) => ({
        code: f.code,
        location: f.location,
        message: f.message,
        data: f.data,
      })),
    ).toEqual([
      {
        code: 'charter/expired-waiver',
        location: { file: 'charter.yaml', line: 12, column: 90, endLine: 12, endColumn: 100 },
        message: 'the waiver for custom/no-eval on "src/legacy/**" expired on 2026-06-30',
        data: {
          rule: 'custom/no-eval',
          path: 'src/legacy/**',
          expires: '2026-06-30',
          reason: 'API-112 legacy eval',
        },
      },
      {
        code: 'custom/no-eval',
        location: { file: 'src/legacy/old.ts', line: 1, column: 20, endLine: 1, endColumn: 32 },
        message: 'do not eval legacy',
        data: { pattern: 'no-eval', match: 'eval(legacy)', X: 'legacy' },
      },
      {
        code: 'custom/no-eval',
        location: { file: 'src/new.ts', line: 1, column: 22, endLine: 1, endColumn: 33 },
        message: 'do not eval fresh',
        data: { pattern: 'no-eval', match: 'eval(fresh)', X: 'fresh' },
      },
    ]);
    expect(report.exitCode).toBe(1);
  });

  it('waiving the rule covers every code it reports', async () => {
    const { report } = await checkAt(
      contractWith(
        "{ rule: custom/pattern, path: 'src/**', reason: migration in progress, expires: 2999-12-31 }",
      ),
      '2026-06-01T12:00:00Z',
    );
    expect(report.findings).toEqual([]);
    expect(report.waived.map((f) => f.location.file)).toEqual(['src/legacy/old.ts', 'src/new.ts']);
    expect(report.exitCode).toBe(0);
    expect(report.decision).toBe('allow');
  });

  it('a waiver only covers its paths', async () => {
    const { report } = await checkAt(
      contractWith(
        "{ rule: custom/no-eval, path: 'lib/**', reason: elsewhere, expires: 2999-12-31 }",
      ),
      '2026-06-01T12:00:00Z',
    );
    expect(report.waived).toEqual([]);
    expect(report.findings).toHaveLength(2);
  });

  it('through the CLI: the waived finding is in the JSON report and the run passes', async () => {
    const repo = makeRepo({
      'charter.yaml': contractWith(
        "{ rule: custom/no-eval, path: 'src/**', reason: API-112, expires: 2999-12-31 }",
      ),
      'src/a.ts': 'eval(a);\n',
    });
    repo.commit('base');
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(0);
    const report = parseReport(run);
    expect(report.findings).toEqual([]);
    expect(report.waived.map((f) => [f.code, f.waiver.reason])).toEqual([
      ['custom/no-eval', 'API-112'],
    ]);
  });

  it('through the CLI: an expired waiver fails the run', async () => {
    const repo = makeRepo({
      'charter.yaml': contractWith(
        "{ rule: custom/no-eval, path: 'src/**', reason: API-112, expires: 2020-01-31 }",
      ),
      'src/a.ts': 'export const a = 1;\n',
    });
    repo.commit('base');
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => f.code)).toEqual(['charter/expired-waiver']);
  });
});
