import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, expectNoStack, parseReport } from '../engine/fixtures.js';

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('outside a git repository', () => {
  const folder = makeRepo(
    {
      'charter.yaml': EVAL_CONTRACT,
      '.gitignore': 'build/\n*.gen.ts\n',
      'src/a.ts': 'export const a = eval(input);\n',
      'src/types.gen.ts': 'eval(generated);\n',
      'build/out.ts': 'eval(built);\n',
      'node_modules/dep/index.ts': 'eval(dep);\n',
      'lib/.gitignore': 'local.ts\n',
      'lib/local.ts': 'eval(local);\n',
      'lib/kept.ts': 'eval(kept);\n',
    },
    { git: false },
  );

  it('check walks the folder, honours .gitignore files, and reports findings', async () => {
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], folder.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = parseReport(run);
    expect(report.mode).toEqual({ kind: 'worktree' });
    expect(
      report.findings.map(
        (f) => `${f.code} ${f.location.file}:${f.location.line}:${f.location.column}`,
      ),
    ).toEqual(['custom/no-eval lib/kept.ts:1:1', 'custom/no-eval src/a.ts:1:18']);
    // charter.yaml, .gitignore, lib/.gitignore, lib/kept.ts, src/a.ts
    expect(report.summary.filesChecked).toBe(5);
  });

  it('--staged needs git', async () => {
    const run = await runCharter(['check', '--staged'], folder.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `charter: error [charter/not-a-git-repository] --staged needs a git repository, and "${folder.root}" is not inside one\n` +
        '  hint: run "git init", or check the working tree without --staged/--base\n',
    );
    expectNoStack(run.stderr);
  });

  it('--base needs git (JSON error document with --format json)', async () => {
    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], folder.root);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      decision: 'deny',
      exitCode: 2,
      error: {
        code: 'charter/not-a-git-repository',
        message: `--base needs a git repository, and "${folder.root}" is not inside one`,
        hint: 'run "git init", or check the working tree without --staged/--base',
      },
    });
  });

  it('-C to a folder that does not exist', async () => {
    const run = await runCharter(['check', '-C', 'nope'], folder.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `charter: error [usage/not-a-directory] "${path.join(folder.root, 'nope')}" is not a directory\n` +
        '  hint: check the -C/--cwd argument\n',
    );
  });
});

describe('without git', () => {
  it('git missing from PATH is exit 2, not a silent folder walk', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const saved = process.env.PATH;
    process.env.PATH = path.join(repo.root, 'no-bin');
    try {
      const run = await runCharter(['check'], repo.root);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'charter: error [charter/git-unavailable] could not run git: spawn git ENOENT\n' +
          '  hint: install git and make sure it is on PATH\n',
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('--base revisions', () => {
  it('a base that does not exist', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    repo.commit('base');
    const run = await runCharter(['check', '--base', 'release/9'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'charter: error [charter/unknown-revision] git revision "release/9" does not exist in this repository\n' +
        '  hint: check the name, or fetch it: "git fetch origin release/9"\n',
    );
  });

  it('a repository without commits', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const run = await runCharter(['check', '--base', 'main'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'charter: error [charter/unknown-revision] git revision "main" does not exist in this repository',
    );
  });

  it('a shallow clone: the hint says how to fetch the base', async () => {
    const upstream = makeRepo({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'a\n' });
    const base = upstream.commit('base');
    upstream.write({ 'src/a.ts': 'b\n' });
    upstream.commit('second');
    const parent = mkdtempSync(path.join(os.tmpdir(), 'charter-shallow-'));
    temp.push(parent);
    const clone = path.join(parent, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${upstream.root}`, clone]);

    const run = await runCharter(['check', '--base', base], clone);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `charter: error [charter/unknown-revision] git revision "${base}" does not exist in this repository\n` +
        `  hint: this is a shallow clone; fetch the base first, e.g. "git fetch --deepen=100 origin ${base}" or "git fetch --unshallow" (actions/checkout: fetch-depth: 0)\n`,
    );

    // Once fetched, the same check runs.
    execFileSync('git', ['fetch', '-q', '--unshallow'], { cwd: clone });
    const fetched = await runCharter(['check', '--base', base], clone);
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
  });

  it('base and head with no common ancestor', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    repo.commit('base');
    repo.git('checkout', '-q', '--orphan', 'other');
    repo.write({ 'x.ts': 'x\n' });
    repo.commit('unrelated');
    const run = await runCharter(['check', '--base', 'main', '--head', 'other'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'charter: error [charter/unknown-revision] "main" and "other" have no common ancestor\n' +
        '  hint: fetch more history (git fetch --unshallow) or pick a base on the same line of history\n',
    );
  });

  it('a base without a contract', async () => {
    const repo = makeRepo({ 'src/a.ts': 'a\n' });
    const base = repo.commit('base');
    repo.write({ 'charter.yaml': 'version: 1\n' });
    repo.commit('add contract');
    const run = await runCharter(['check', '--base', base], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `charter: error [contract/not-found] charter.yaml does not exist at the base revision ${base.slice(0, 12)}\n` +
        '  hint: the contract is read from the base so a change cannot weaken its own gate; commit a contract to the base branch first\n',
    );
  });
});
