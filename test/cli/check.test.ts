import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/engine/report-schema.js';
import { registeredRules } from '../../src/rules/registry.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, EVAL_WARN_CONTRACT, parseReport } from '../engine/fixtures.js';

function repoWith(contract: string, files: Record<string, string>): TestRepo {
  const repo = makeRepo({ 'charter.yaml': contract, ...files });
  repo.commit('base');
  return repo;
}

describe('exit codes', () => {
  it('0: allowed', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'export const a = 1;\n' });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = parseReport(run);
    expect(report).toMatchObject({ decision: 'allow', exitCode: 0, failOn: 'error', findings: [] });
  });

  it('1: findings at or above --fail-on', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'export const a = eval(x);\n' });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run)).toMatchObject({ decision: 'deny', exitCode: 1 });
  });

  it('2: something could not be checked', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': Buffer.from([0, 1, 2]) });
    repo.commit('base');
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(2);
    expect(parseReport(run)).toMatchObject({ decision: 'deny', exitCode: 2 });
  });

  it('warnings pass by default and fail with --fail-on warn', async () => {
    const repo = repoWith(EVAL_WARN_CONTRACT, { 'src/a.ts': 'export const a = eval(x);\n' });
    const byDefault = await runCharter(['check', '--format', 'json'], repo.root);
    expect(byDefault.code).toBe(0);
    const report = parseReport(byDefault);
    expect(report.decision).toBe('allow');
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([['custom/no-eval', 'warn']]);

    const strict = await runCharter(['check', '--format', 'json', '--fail-on', 'warn'], repo.root);
    expect(strict.code).toBe(1);
    expect(parseReport(strict)).toMatchObject({ decision: 'deny', exitCode: 1, failOn: 'warn' });
  });

  it('a rule set to warn in the contract', async () => {
    const repo = repoWith(
      `version: 1\nrules:\n  charter/missing-source: warn\nreadBeforeCode: [docs/ADR.md]\n`,
      { 'src/a.ts': 'x\n' },
    );
    expect((await runCharter(['check'], repo.root)).code).toBe(0);
    expect((await runCharter(['check', '--fail-on', 'warn'], repo.root)).code).toBe(1);
  });

  it('runs from a subdirectory with the contract at the root', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/deep/a.ts': 'eval(a);\n' });
    const run = await runCharter(
      ['check', '--format', 'json'],
      path.join(repo.root, 'src', 'deep'),
    );
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => f.location.file)).toEqual(['src/deep/a.ts']);
  });
});

describe('reports', () => {
  it('the terminal report goes to stdout by default', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'export const a = eval(x);\n' });
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('src/a.ts');
    expect(run.stdout).toContain('1:18');
    expect(run.stdout).toContain('do not eval x');
    expect(run.stdout).toContain('custom/no-eval');
    // NO_COLOR and a non-TTY: no escape codes.
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('several --format/--output pairs in one run write every file', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'export const a = eval(x);\n' });
    const run = await runCharter(
      [
        'check',
        '--format',
        'json',
        '--output',
        'a.json',
        '--format',
        'sarif',
        '--output',
        'out/b.sarif',
        '--format',
        'markdown',
        '--output',
        'c.md',
      ],
      repo.root,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const report = ReportSchema.parse(
      JSON.parse(readFileSync(path.join(repo.root, 'a.json'), 'utf8')),
    );
    expect(report.findings.map((f) => f.code)).toEqual(['custom/no-eval']);
    const sarif = JSON.parse(readFileSync(path.join(repo.root, 'out', 'b.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['custom/no-eval']);
    expect(sarif.runs[0]?.results[0]?.partialFingerprints.primaryLocationLineHash).toBe(
      report.findings[0]?.fingerprint,
    );
    expect(readFileSync(path.join(repo.root, 'c.md'), 'utf8')).toContain('custom/no-eval');
  });

  it('one format to stdout next to others in files', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'export const a = 1;\n' });
    const run = await runCharter(
      ['check', '--format', 'sarif', '--output', 'r.sarif', '--format', 'json'],
      repo.root,
    );
    expect(run.code).toBe(0);
    // The n-th --output pairs with the n-th --format: sarif to the file, json to stdout.
    expect(parseReport(run).decision).toBe('allow');
    expect(JSON.parse(readFileSync(path.join(repo.root, 'r.sarif'), 'utf8'))).toMatchObject({
      version: '2.1.0',
    });
  });

  it('output paths are relative to where charter runs', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'x\n' });
    const run = await runCharter(
      ['check', '--format', 'json', '--output', 'report.json'],
      path.join(repo.root, 'src'),
    );
    expect(run.code).toBe(0);
    expect(existsSync(path.join(repo.root, 'src', 'report.json'))).toBe(true);
  });

  it('an unwritable output is exit 2', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'x\n' });
    // A path under a regular file cannot be created, whoever runs the test.
    const run = await runCharter(
      ['check', '--format', 'json', '--output', 'src/a.ts/report.json'],
      repo.root,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^charter: error \[usage\/unwritable-output\] cannot write src\/a\.ts\/report\.json: /,
    );
  });

  it('--timing prints time per extractor and rule on stderr and adds it to the JSON report', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'x\n' });
    const run = await runCharter(
      ['check', '--format', 'json', '--timing', '--no-cache'],
      repo.root,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^kind {7}id/);
    for (const id of ['custom-patterns', 'custom/pattern', 'charter/protected-path']) {
      expect(run.stderr).toContain(` ${id} `);
    }
    const timing = parseReport(run).timing ?? [];
    expect(
      timing
        .filter((t) => t.kind === 'rule')
        .map((t) => t.id)
        .sort(),
    ).toEqual(
      registeredRules
        .filter((rule) => rule.meta.defaultSeverity !== 'off')
        .map((rule) => rule.meta.code)
        .sort(),
    );
    expect(timing.find((t) => t.kind === 'extractor' && t.id === 'custom-patterns')?.files).toBe(1);
  });

  it('without --timing the report has no timing', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'x\n' });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(parseReport(run).timing).toBeUndefined();
  });
});

describe('facts', () => {
  it('facts --json prints what the extractors learn', async () => {
    const repo = repoWith(EVAL_CONTRACT, { 'src/a.ts': 'const a = eval(x);\n\nexport { a };\n' });
    const run = await runCharter(['facts', '--json', '--no-cache'], repo.root);
    expect(run.code).toBe(0);
    const dump = JSON.parse(run.stdout) as { facts: Record<string, Record<string, unknown>> };
    expect(dump.facts.language?.['src/a.ts']).toEqual({
      language: 'typescript',
      lines: 3,
      nonBlankLines: 2,
    });
    expect(dump.facts['custom-patterns']?.['src/a.ts']).toEqual([
      {
        id: 'no-eval',
        start: { line: 0, column: 10 },
        end: { line: 0, column: 17 },
        text: 'eval(x)',
        captures: { X: 'x' },
      },
    ]);
  });
});
