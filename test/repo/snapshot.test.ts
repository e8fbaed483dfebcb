import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRun, runCheck } from '../../src/engine/check.js';
import type { CheckOptions } from '../../src/engine/check.js';
import type { Finding } from '../../src/engine/report-schema.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, parseReport } from '../engine/fixtures.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function options(cwd: string, extra: Partial<CheckOptions> = {}): CheckOptions {
  return {
    cwd,
    mode: 'worktree',
    failOn: 'error',
    cache: false,
    baselineFile: null,
    now: NOW,
    ...extra,
  };
}

const brief = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.code} ${f.location.file}:${f.location.line}:${f.location.column}`);

describe('worktree snapshot', () => {
  const contract = `${EVAL_CONTRACT}include: ['src/**', 'lib/**', 'charter.yaml']
exclude: ['src/generated/**']
`;
  const repo = makeRepo({
    'charter.yaml': contract,
    '.gitignore': 'dist/\n*.log\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = eval(b);\n',
    'src/generated/client.ts': 'eval(generated);\n',
    'docs/guide.md': '# guide\n',
  });
  repo.commit('base');
  repo.write({
    'lib/new.ts': 'eval(untracked);\n',
    'dist/out.ts': 'eval(ignored);\n',
    'debug.log': 'eval(log)\n',
    'src/a.ts': 'export const a = eval(modified);\n',
    '.charter/cache/x.json': '{}',
  });
  repo.remove('src/b.ts');

  it('lists tracked and untracked files, honours .gitignore, drops deleted files', async () => {
    const prepared = await prepareRun(options(repo.root));
    expect(prepared.snapshot.kind).toBe('worktree');
    expect(prepared.snapshot.files).toEqual([
      '.charter/cache/x.json',
      '.gitignore',
      'charter.yaml',
      'docs/guide.md',
      'lib/new.ts',
      'src/a.ts',
      'src/generated/client.ts',
    ]);
    // include/exclude, and .charter/ is never checked.
    expect(prepared.files).toEqual(['charter.yaml', 'lib/new.ts', 'src/a.ts']);
    expect(prepared.snapshot.change).toEqual([
      { path: 'src/a.ts', status: 'modified' },
      { path: 'src/b.ts', status: 'deleted' },
      { path: '.charter/cache/x.json', status: 'added' },
      { path: 'lib/new.ts', status: 'added' },
    ]);
  });

  it('reads the working tree: modified and untracked files are checked, ignored and excluded are not', async () => {
    const result = await runCheck(options(repo.root));
    expect(brief(result.report.findings)).toEqual([
      'custom/no-eval lib/new.ts:1:1',
      'custom/no-eval src/a.ts:1:18',
    ]);
    expect(result.report.summary.filesChecked).toBe(3);
  });
});

describe('--staged', () => {
  it('reads the index, not the working tree', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({ 'src/a.ts': 'export const a = eval(staged);\n' });
    repo.git('add', 'src/a.ts');
    repo.write({ 'src/a.ts': 'export const a = 1;\n', 'src/untracked.ts': 'eval(u);\n' });

    const staged = await runCheck(options(repo.root, { mode: 'staged' }));
    expect(staged.report.mode).toEqual({ kind: 'staged' });
    expect(brief(staged.report.findings)).toEqual(['custom/no-eval src/a.ts:1:18']);
    expect(staged.report.findings[0]?.data).toEqual({
      pattern: 'no-eval',
      match: 'eval(staged)',
      X: 'staged',
    });
    expect(staged.snapshot.files).toEqual(['charter.yaml', 'src/a.ts']);
    expect(staged.snapshot.change).toEqual([{ path: 'src/a.ts', status: 'modified' }]);

    const worktree = await runCheck(options(repo.root));
    expect(brief(worktree.report.findings)).toEqual(['custom/no-eval src/untracked.ts:1:1']);
  });

  it('a clean index passes even when the working tree has a violation', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({ 'src/a.ts': 'export const a = eval(unstaged);\n' });
    const run = await runCharter(
      ['check', '--staged', '--format', 'json', '--no-cache'],
      repo.root,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(parseReport(run).findings).toEqual([]);
  });

  it('staged deletions are gone from the snapshot', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'eval(a);\n' });
    repo.commit('base');
    repo.git('rm', '-q', '--cached', 'src/a.ts');
    const result = await runCheck(options(repo.root, { mode: 'staged' }));
    expect(result.snapshot.files).toEqual(['charter.yaml']);
    expect(result.snapshot.change).toEqual([{ path: 'src/a.ts', status: 'deleted' }]);
    expect(result.report.findings).toEqual([]);
  });

  it('reads the contract from HEAD: a staged edit of the contract cannot weaken it', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'export const a = eval(x);\n' });
    repo.git('add', '-A');
    const result = await runCheck(options(repo.root, { mode: 'staged' }));
    expect(brief(result.report.findings)).toEqual([
      'charter/contract-changed charter.yaml:2:1',
      'custom/no-eval src/a.ts:1:18',
    ]);
    expect(result.report.contract.path).toBe('charter.yaml');
  });

  it('the first commit of a contract uses the staged one', async () => {
    const repo = makeRepo({ 'README.md': '# x\n' });
    repo.commit('base');
    repo.write({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'eval(first);\n' });
    repo.git('add', '-A');
    const result = await runCheck(options(repo.root, { mode: 'staged' }));
    expect(brief(result.report.findings).filter((f) => f.startsWith('custom/'))).toEqual([
      'custom/no-eval src/a.ts:1:1',
    ]);
  });
});

describe('--base/--head', () => {
  function weakenedRange(): { root: string; base: string; head: string } {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    const base = repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    // The head removes the custom/pattern rule and then violates it.
    repo.write({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'export const a = eval(x);\n' });
    const head = repo.commit('weaken the gate');
    // The working tree is clean again: only the commit is checked.
    repo.write({ 'src/a.ts': 'export const a = 1;\n' });
    return { root: repo.root, base, head };
  }

  it('checks the head commit with the contract from the base, and reports the contract change', async () => {
    const { root, base } = weakenedRange();
    const run = await runCharter(
      ['check', '--base', 'main', '--format', 'json', '--no-cache'],
      root,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = parseReport(run);
    expect(report.mode).toEqual({ kind: 'range', base: 'main', head: 'HEAD' });
    expect(report.contract.revision).toBe(base);
    expect(
      report.findings.map((f) => ({ code: f.code, location: f.location, message: f.message })),
    ).toEqual([
      {
        code: 'charter/contract-changed',
        // The head's line 2 is empty: the location points into the head's contract.
        location: { file: 'charter.yaml', line: 2, column: 1, endLine: 2, endColumn: 2 },
        message:
          'the change edits the contract charter.yaml; the check used the trusted version instead',
      },
      {
        code: 'custom/no-eval',
        location: { file: 'src/a.ts', line: 1, column: 18, endLine: 1, endColumn: 25 },
        message: 'do not eval x',
      },
    ]);
  });

  it('--head names the head explicitly', async () => {
    const { root, head } = weakenedRange();
    const repoRun = await runCharter(
      ['check', '--base', 'main', '--head', head.slice(0, 12), '--format', 'json'],
      root,
    );
    expect(repoRun.code).toBe(1);
    expect(parseReport(repoRun).findings.map((f) => f.code)).toEqual([
      'charter/contract-changed',
      'custom/no-eval',
    ]);
  });

  it('deleting the contract in the head is reported too', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'eval(a);\n' });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.remove('charter.yaml');
    repo.commit('delete the gate');
    const result = await runCheck(options(repo.root, { mode: 'range', base: 'main' }));
    expect(brief(result.report.findings)).toEqual([
      'charter/contract-changed charter.yaml:1:1',
      'custom/no-eval src/a.ts:1:1',
    ]);
    expect(result.report.findings[0]?.message).toBe(
      'the change deletes the contract charter.yaml; the check used the trusted version instead',
    );
  });

  it('a contract change is waivable only in the base contract', async () => {
    const waived = `${EVAL_CONTRACT}waivers:
  - { rule: charter/contract-changed, path: charter.yaml, reason: CHG-1 reviewed, expires: 2999-12-31 }
`;
    const repo = makeRepo({ 'charter.yaml': waived, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'charter.yaml': `${waived}# a comment\n` });
    repo.commit('comment');
    const result = await runCheck(options(repo.root, { mode: 'range', base: 'main' }));
    expect(result.report.findings).toEqual([]);
    expect(result.report.waived.map((f) => f.code)).toEqual(['charter/contract-changed']);
    expect(result.report.exitCode).toBe(0);

    // A waiver that only the head adds does not count.
    const sneaky = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    sneaky.commit('base');
    sneaky.git('checkout', '-q', '-b', 'feature');
    sneaky.write({ 'charter.yaml': waived });
    sneaky.commit('waive myself');
    const denied = await runCheck(options(sneaky.root, { mode: 'range', base: 'main' }));
    expect(brief(denied.report.findings)).toEqual(['charter/contract-changed charter.yaml:11:1']);
    expect(denied.report.exitCode).toBe(1);
  });

  it('only what the range changed counts as the change', async () => {
    const repo = makeRepo({
      'charter.yaml': `${EVAL_CONTRACT}protect: ['ci/**']\n`,
      'ci/a.yml': 'a\n',
    });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/x.ts': 'x\n' });
    repo.commit('feature');
    repo.git('checkout', '-q', 'main');
    repo.write({ 'ci/a.yml': 'b\n' });
    repo.commit('main moves on');
    const result = await runCheck(
      options(repo.root, { mode: 'range', base: 'main', head: 'feature' }),
    );
    expect(result.snapshot.change).toEqual([{ path: 'src/x.ts', status: 'added' }]);
    expect(result.report.findings).toEqual([]);
  });
});

describe('overlay (proposed edits)', () => {
  const make = () => {
    const repo = makeRepo({
      'charter.yaml': `${EVAL_CONTRACT}sources:\n  - { id: guide, path: docs/guide.md, kind: doc }\n`,
      'docs/guide.md': '# Guide\n',
      'src/a.ts': 'export const a = eval(disk);\n',
    });
    repo.commit('base');
    return repo;
  };

  it('checks proposed content instead of the file on disk', async () => {
    const repo = make();
    const result = await runCheck(
      options(repo.root, {
        overlay: new Map([
          ['src/a.ts', 'export const a = 1;\n'],
          ['./src/new.ts', '\nconst b = eval(proposed);\n'],
        ]),
      }),
    );
    expect(result.report.mode).toEqual({ kind: 'overlay' });
    expect(brief(result.report.findings)).toEqual(['custom/no-eval src/new.ts:2:11']);
    expect(result.snapshot.change).toEqual([
      { path: 'src/a.ts', status: 'modified' },
      { path: 'src/new.ts', status: 'added' },
    ]);
  });

  it('null deletes a file', async () => {
    const repo = make();
    const result = await runCheck(
      options(repo.root, {
        overlay: new Map([
          ['docs/guide.md', null],
          ['src/a.ts', null],
        ]),
      }),
    );
    expect(result.snapshot.files).toEqual(['charter.yaml']);
    expect(brief(result.report.findings)).toEqual(['charter/missing-source charter.yaml:12:24']);
    expect(result.report.findings[0]?.message).toBe(
      'source "guide" docs/guide.md is not in the repository',
    );
  });

  it('a proposed edit of the contract is checked with the contract on disk', async () => {
    const repo = make();
    const result = await runCheck(
      options(repo.root, {
        overlay: new Map([
          ['charter.yaml', 'version: 1\n'],
          ['src/a.ts', 'export const a = eval(again);\n'],
        ]),
      }),
    );
    expect(brief(result.report.findings)).toEqual([
      'charter/contract-changed charter.yaml:2:1',
      'custom/no-eval src/a.ts:1:18',
    ]);
  });

  it('a path outside the repository is refused', async () => {
    const repo = make();
    await expect(
      runCheck(options(repo.root, { overlay: new Map([['../escape.ts', 'x']]) })),
    ).rejects.toMatchObject({ code: 'usage/path-outside-repository' });
  });
});

describe('a package with its own contract', () => {
  it('is checked on its own, with paths relative to its folder, and its contract read from the base', async () => {
    const repo = makeRepo({
      'charter.yaml': 'version: 1\n',
      'root.ts': 'eval(root);\n',
      'packages/web/charter.yaml': EVAL_CONTRACT,
      'packages/web/src/a.ts': 'eval(a);\n',
    });
    repo.commit('base');
    const web = `${repo.root}/packages/web`;
    const worktree = await runCheck(options(web));
    expect(brief(worktree.report.findings)).toEqual(['custom/no-eval src/a.ts:1:1']);
    expect(worktree.snapshot.files).toEqual(['charter.yaml', 'src/a.ts']);

    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({
      'packages/web/charter.yaml': 'version: 1\n',
      'packages/web/src/c.ts': 'eval(c);\n',
    });
    repo.commit('weaken the package gate');
    const range = await runCheck(options(web, { mode: 'range', base: 'main' }));
    expect(brief(range.report.findings)).toEqual([
      'charter/contract-changed charter.yaml:2:1',
      'custom/no-eval src/a.ts:1:1',
      'custom/no-eval src/c.ts:1:1',
    ]);
  });
});

describe('reading files', () => {
  it('a FIFO behind an untracked symlink is a file that could not be read, not a hang', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    const fifo = path.join(repo.root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, path.join(repo.root, 'src', 'notes.ts'));
    writeFileSync(path.join(repo.root, '.gitignore'), 'pipe\n');
    const prepared = await prepareRun(options(repo.root));
    const contents = await prepared.snapshot.readMany(['src/notes.ts', 'src/a.ts']);
    expect((contents.get('src/notes.ts') as Error).message).toMatch(
      /is a FIFO \(named pipe\), not a regular file$/,
    );
    expect(contents.get('src/a.ts')?.toString()).toBe('export const a = 1;\n');
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(2);
    // One finding per rule that needed the file: every one says it could not be read.
    const findings = parseReport(run).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.code} ${f.location.file} ${f.data.reason}`))).toEqual(
      new Set(['charter/skipped-file src/notes.ts unreadable']),
    );
  });
});
