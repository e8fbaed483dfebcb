import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Extractor } from '../../src/facts/extractor.js';
import { registeredRules } from '../../src/rules/registry.js';
import { FactCache } from '../../src/repo/cache-store.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, expectNoStack, parseReport } from './fixtures.js';

function ruleNamed(code: string): AnyRule {
  const rule = registeredRules.find((r) => r.meta.code === code);
  if (!rule) throw new Error(`no rule ${code}`);
  return rule;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a rule that throws', () => {
  const contract = `version: 1
rules:
  charter/missing-source: error
`;

  it('becomes charter/internal-error naming the rule; the decision is deny, exit 2', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    const spy = vi.spyOn(ruleNamed('charter/missing-source'), 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(run.code).toBe(2);
    expectNoStack(run.stderr);
    const report = parseReport(run);
    expect(report.decision).toBe('deny');
    expect(report.exitCode).toBe(2);
    expect(report.findings).toEqual([
      {
        code: 'charter/internal-error',
        rule: 'charter/internal-error',
        severity: 'error',
        message: 'rule charter/missing-source failed: boom',
        location: { file: 'charter.yaml', line: 3, column: 3, endLine: 3, endColumn: 32 },
        remediation: 'Report the bug with the message; until fixed, the change cannot be allowed.',
        data: { rule: 'charter/missing-source', error: 'boom' },
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        incomplete: true,
      },
    ]);
  });

  it('the other rules still run', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'eval(a);\n' });
    repo.commit('base');
    vi.spyOn(ruleNamed('charter/protected-path'), 'check').mockImplementation(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(2);
    const report = parseReport(run);
    expect(report.findings.map((f) => [f.code, f.location.file, f.message])).toEqual([
      [
        'charter/internal-error',
        'charter.yaml',
        'rule charter/protected-path failed: cannot read properties of undefined',
      ],
      ['custom/no-eval', 'src/a.ts', 'do not eval a'],
    ]);
  });

  it('exit 2 even with --fail-on warn and a terminal report', async () => {
    const repo = makeRepo({ 'charter.yaml': contract });
    repo.commit('base');
    vi.spyOn(ruleNamed('charter/missing-source'), 'check').mockImplementation(() => {
      throw 'not even an Error';
    });
    const run = await runCharter(['check', '--fail-on', 'warn'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('rule charter/missing-source failed: not even an Error');
    expectNoStack(run.stdout + run.stderr);
  });

  it('is never recorded in a baseline', async () => {
    const repo = makeRepo({ 'charter.yaml': contract });
    repo.commit('base');
    vi.spyOn(ruleNamed('charter/missing-source'), 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const run = await runCharter(['baseline'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('charter: recorded 0 finding(s) in charter.baseline.json\n');
    expect(run.stderr).toBe(
      'charter: 1 finding(s) mean something could not be checked; they are never baselined\n',
    );
  });
});

describe('an extractor that throws', () => {
  it('becomes charter/internal-error naming the extractor and the file', async () => {
    const repo = makeRepo({
      'charter.yaml': EVAL_CONTRACT,
      'src/bad.ts': 'export const bad = 1;\n',
      'src/good.ts': 'export const good = eval(g);\n',
    });
    repo.commit('base');
    const meta = ruleNamed('custom/pattern').meta as {
      factsFor: (options: unknown) => readonly Extractor<unknown>[];
    };
    const original = meta.factsFor.bind(meta);
    vi.spyOn(meta, 'factsFor').mockImplementation((options: unknown) =>
      original(options).map((extractor) => ({
        ...extractor,
        extract: (file: { path: string; text: string }) => {
          if (file.path === 'src/bad.ts') throw new Error('parser exploded');
          return extractor.extract(file);
        },
      })),
    );
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(2);
    const report = parseReport(run);
    expect(report.decision).toBe('deny');
    expect(
      report.findings.map((f) => ({
        code: f.code,
        message: f.message,
        location: f.location,
        data: f.data,
        incomplete: f.incomplete,
      })),
    ).toEqual([
      {
        code: 'charter/internal-error',
        message: 'extractor custom-patterns failed on src/bad.ts: parser exploded',
        location: { file: 'src/bad.ts', line: 1, column: 1, endLine: 1, endColumn: 22 },
        data: { extractor: 'custom-patterns', file: 'src/bad.ts', error: 'parser exploded' },
        incomplete: true,
      },
      {
        code: 'custom/no-eval',
        message: 'do not eval g',
        location: { file: 'src/good.ts', line: 1, column: 21, endLine: 1, endColumn: 28 },
        data: { pattern: 'no-eval', match: 'eval(g)', X: 'g' },
        incomplete: undefined,
      },
    ]);
  });
});

describe('a crash outside any rule', () => {
  it('is charter/internal-error, exit 2, without a stack trace', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    vi.spyOn(FactCache.prototype, 'load').mockRejectedValue(new Error('disk on fire'));
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'charter: error [charter/internal-error] internal error: disk on fire\n' +
        '  hint: this is a bug in Charter; the run is denied\n',
    );
    const json = await runCharter(['check', '--format', 'json'], repo.root);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      decision: 'deny',
      exitCode: 2,
      error: { code: 'charter/internal-error', message: 'internal error: disk on fire' },
    });
  });

  it('CHARTER_DEBUG adds the stack for bug reports', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    vi.spyOn(FactCache.prototype, 'load').mockRejectedValue(new Error('disk on fire'));
    const run = await runCharter(['check'], repo.root, { CHARTER_DEBUG: '1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('\nError: disk on fire\n    at ');
  });
});
