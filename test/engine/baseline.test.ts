import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, parseReport } from './fixtures.js';
import type { Report } from '../../src/engine/report-schema.js';

async function check(repo: TestRepo, ...args: string[]): Promise<{ code: number; report: Report }> {
  const run = await runCharter(['check', '--format', 'json', '--no-cache', ...args], repo.root);
  return { code: run.code, report: parseReport(run) };
}

function setup(): TestRepo {
  const repo = makeRepo({
    'charter.yaml': EVAL_CONTRACT,
    'src/a.ts': 'export const a = eval(a);\n',
    'src/b.ts': 'export function b() {\n  return eval(b);\n}\n',
  });
  repo.commit('base');
  return repo;
}

describe('fingerprints', () => {
  it('survive line shifts: lines inserted above a finding keep its fingerprint', async () => {
    const repo = setup();
    const before = (await check(repo)).report.findings.find((f) => f.location.file === 'src/b.ts');
    repo.write({ 'src/b.ts': '// one\n// two\n\n\nexport function b() {\n  return eval(b);\n}\n' });
    const after = (await check(repo)).report.findings.find((f) => f.location.file === 'src/b.ts');
    expect(before?.location.line).toBe(2);
    expect(after?.location.line).toBe(6);
    expect(after?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  it('survive re-indentation, but not a change of the line itself', async () => {
    const repo = setup();
    const before = (await check(repo)).report.findings.find((f) => f.location.file === 'src/b.ts');
    repo.write({ 'src/b.ts': 'export function b() {\n        return   eval(b);\n}\n' });
    const reindented = (await check(repo)).report.findings.find(
      (f) => f.location.file === 'src/b.ts',
    );
    expect(reindented?.fingerprint).toBe(before?.fingerprint);
    repo.write({ 'src/b.ts': 'export function b() {\n  return eval(c);\n}\n' });
    const changed = (await check(repo)).report.findings.find((f) => f.location.file === 'src/b.ts');
    expect(changed?.fingerprint).not.toBe(before?.fingerprint);
  });

  it('identical lines in one file get distinct fingerprints', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'eval(x);\neval(x);\n' });
    repo.commit('base');
    const { report } = await check(repo);
    expect(report.findings).toHaveLength(2);
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});

describe('charter baseline', () => {
  it('records the current findings; the next check reports none and exits 0', async () => {
    const repo = setup();
    expect((await check(repo)).code).toBe(1);
    const recorded = await runCharter(['baseline', '--no-cache'], repo.root);
    expect(recorded).toEqual({
      code: 0,
      stdout: 'charter: recorded 2 finding(s) in charter.baseline.json\n',
      stderr: '',
    });
    const { report, code } = await check(repo);
    const file = JSON.parse(
      readFileSync(path.join(repo.root, 'charter.baseline.json'), 'utf8'),
    ) as {
      version: number;
      findings: { fingerprint: string; code: string; file: string; message: string }[];
    };
    expect(file.version).toBe(1);
    expect(
      file.findings.map(({ code: c, file: f, message }) => ({ code: c, file: f, message })),
    ).toEqual([
      { code: 'custom/no-eval', file: 'src/a.ts', message: 'do not eval a' },
      { code: 'custom/no-eval', file: 'src/b.ts', message: 'do not eval b' },
    ]);
    expect(code).toBe(0);
    expect(report.decision).toBe('allow');
    expect(report.findings).toEqual([]);
    expect(report.summary.baselined).toBe(2);
    expect(report.staleBaseline).toEqual([]);
  });

  it('a new finding is still reported', async () => {
    const repo = setup();
    await runCharter(['baseline'], repo.root);
    repo.write({ 'src/c.ts': 'const c = 1;\nexport default eval(c);\n' });
    const { code, report } = await check(repo);
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.code} ${f.location.file}:${f.location.line}`)).toEqual([
      'custom/no-eval src/c.ts:2',
    ]);
    expect(report.summary.baselined).toBe(2);
  });

  it('a baselined finding that moves is still baselined', async () => {
    const repo = setup();
    await runCharter(['baseline'], repo.root);
    repo.write({ 'src/b.ts': '\n\n\nexport function b() {\n  return eval(b);\n}\n' });
    const { code, report } = await check(repo);
    expect(code).toBe(0);
    expect(report.summary.baselined).toBe(2);
  });

  it('fixing a baselined finding lists its entry as stale', async () => {
    const repo = setup();
    await runCharter(['baseline'], repo.root);
    const entries = (
      JSON.parse(readFileSync(path.join(repo.root, 'charter.baseline.json'), 'utf8')) as {
        findings: { fingerprint: string; file: string }[];
      }
    ).findings;
    repo.write({ 'src/a.ts': 'export const a = 1;\n' });
    const { code, report } = await check(repo);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.baselined).toBe(1);
    expect(report.staleBaseline).toEqual([
      {
        fingerprint: entries.find((e) => e.file === 'src/a.ts')?.fingerprint,
        code: 'custom/no-eval',
        file: 'src/a.ts',
      },
    ]);
  });

  it('--no-baseline ignores the file; --baseline and --output choose another one', async () => {
    const repo = setup();
    const recorded = await runCharter(['baseline', '--output', 'ci/baseline.json'], repo.root);
    expect(recorded.stdout).toBe('charter: recorded 2 finding(s) in ci/baseline.json\n');
    expect((await check(repo)).code).toBe(1);
    expect((await check(repo, '--baseline', 'ci/baseline.json')).code).toBe(0);
    await runCharter(['baseline'], repo.root);
    expect((await check(repo)).code).toBe(0);
    const ignored = await check(repo, '--no-baseline');
    expect(ignored.code).toBe(1);
    expect(ignored.report.findings).toHaveLength(2);
    expect(ignored.report.summary.baselined).toBe(0);
  });

  it.each([
    [
      'not JSON',
      '{ nope',
      /^charter: error \[baseline\/invalid\] .*charter\.baseline\.json is not valid JSON: /,
    ],
    [
      'the wrong shape',
      '{"version": 2, "findings": []}',
      /^charter: error \[baseline\/invalid\] .*charter\.baseline\.json is not a Charter baseline: /,
    ],
  ])('an invalid baseline file (%s) is exit 2', async (_name, content, head) => {
    const repo = setup();
    writeFileSync(path.join(repo.root, 'charter.baseline.json'), content);
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(head);
    expect(run.stderr).toContain('\n  hint: regenerate it with "charter baseline"\n');
    const json = await runCharter(['check', '--format', 'json'], repo.root);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      decision: 'deny',
      error: { code: 'baseline/invalid' },
    });
  });

  it('never hides findings that mean something was not checked', async () => {
    const repo = setup();
    repo.write({ 'src/blob.ts': Buffer.from([0x00, 0x01, 0x02]) });
    const recorded = await runCharter(['baseline'], repo.root);
    expect(recorded.code).toBe(2);
    expect(recorded.stdout).toBe('charter: recorded 2 finding(s) in charter.baseline.json\n');
    expect(recorded.stderr).toBe(
      'charter: 1 finding(s) mean something could not be checked; they are never baselined\n',
    );
    const { code, report } = await check(repo);
    expect(code).toBe(2);
    expect(report.findings.map((f) => f.code)).toEqual(['charter/skipped-file']);
  });
});
