import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report-schema.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { runCharter } from '../helpers/cli.js';

/**
 * A change never chooses what judges it: `--base` reads the contract, the package contracts
 * and the baseline from the base revision, `--staged` from HEAD (fault matrix #51, #52), and
 * verify commands run only from such a contract, or when asked (#102).
 */

const NO_EVAL = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;
const ROOT_CONTRACT = 'version: 1\nprotect: [charter.yaml]\n';

const report = (stdout: string): Report => JSON.parse(stdout) as Report;
const codes = (r: Report): [string, string][] =>
  r.findings.map((f) => [f.code, f.location.file] as [string, string]).sort();

/** main holds the files; a branch `pr` is checked out, ready for the change. */
function onBranch(files: Record<string, string>): TestRepo {
  const repo = makeRepo({ '.gitignore': '.charter/\n', ...files });
  repo.commit('main');
  repo.git('checkout', '-q', '-b', 'pr');
  return repo;
}

describe('#51: a package contract the pull request deletes or adds', () => {
  const monorepo = (): TestRepo =>
    onBranch({
      'charter.yaml': ROOT_CONTRACT,
      'packages/x/charter.yaml': NO_EVAL,
      'packages/x/a.ts': 'export const a = 1;\n',
    });

  it('checked from the package: the base’s package contract still judges it, and the deletion is reported', async () => {
    const repo = monorepo();
    repo.remove('packages/x/charter.yaml');
    repo.write({ 'packages/x/b.ts': 'export const b = eval(x);\n' });
    repo.commit('pr');
    const run = await runCharter(
      ['check', '--base', 'main', '-C', 'packages/x', '--format', 'json'],
      repo.root,
    );
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r.contract.path).toBe('charter.yaml');
    expect(codes(r)).toEqual([
      ['charter/contract-changed', 'charter.yaml'],
      ['custom/no-eval', 'b.ts'],
    ]);
    expect(r.findings.find((f) => f.code === 'charter/contract-changed')?.message).toBe(
      'the change deletes the contract charter.yaml; the check used the trusted version instead',
    );
  });

  it('checked from the root: the deletion of the package contract is reported', async () => {
    const repo = monorepo();
    repo.remove('packages/x/charter.yaml');
    repo.commit('pr');
    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    const finding = report(run.stdout).findings.find((f) => f.code === 'charter/contract-changed');
    expect(finding).toMatchObject({
      message:
        'the change deletes the contract packages/x/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
      data: { file: 'packages/x/charter.yaml', status: 'deleted' },
      location: { file: 'packages/x/charter.yaml', line: 1, column: 1 },
    });
  });

  it('a package contract the pull request adds does not govern its files yet', async () => {
    const repo = onBranch({ 'charter.yaml': NO_EVAL, 'src/a.ts': 'export const a = 1;\n' });
    repo.write({ 'packages/y/charter.yaml': 'version: 1\n', 'packages/y/e.ts': 'eval(x);\n' });
    repo.commit('pr');
    const run = await runCharter(
      ['check', '--base', 'main', '-C', 'packages/y', '--format', 'json'],
      repo.root,
    );
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r.contract.path).toBe('charter.yaml');
    expect(codes(r)).toEqual([
      ['charter/contract-changed', 'packages/y/charter.yaml'],
      ['custom/no-eval', 'packages/y/e.ts'],
    ]);
  });
});

describe('#52: the baseline comes from the trusted side', () => {
  it('--base: a pull request that baselines its own new finding still fails', async () => {
    const repo = onBranch({ 'charter.yaml': NO_EVAL, 'src/a.ts': 'export const a = 1;\n' });
    repo.write({ 'src/p.ts': 'export const p = eval(y);\n' });
    expect((await runCharter(['baseline'], repo.root)).code).toBe(0);
    repo.commit('pr with its own baseline');
    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r.summary.baselined).toBe(0);
    expect(codes(r)).toEqual([['custom/no-eval', 'src/p.ts']]);
  });

  it('--base: a baseline on the base accepts the findings it already had', async () => {
    const repo = makeRepo({
      '.gitignore': '.charter/\n',
      'charter.yaml': NO_EVAL,
      'src/old.ts': 'export const o = eval(z);\n',
    });
    expect((await runCharter(['baseline'], repo.root)).code).toBe(0);
    repo.commit('main with a baseline');
    repo.git('checkout', '-q', '-b', 'pr');
    repo.write({ 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('pr');
    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], repo.root);
    expect(run.code).toBe(0);
    expect(report(run.stdout).summary.baselined).toBe(1);
  });

  it('--staged: a commit that baselines its own new finding fails', async () => {
    const repo = makeRepo({ '.gitignore': '.charter/\n', 'charter.yaml': NO_EVAL });
    repo.commit('base');
    repo.write({ 'src/p.ts': 'export const p = eval(y);\n' });
    expect((await runCharter(['baseline'], repo.root)).code).toBe(0);
    repo.git('add', '-A');
    const run = await runCharter(['check', '--staged', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(codes(report(run.stdout))).toEqual([['custom/no-eval', 'src/p.ts']]);
  });
});

describe('#102: verify commands run only from a trusted contract, or when asked', () => {
  const MARK = "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], 'ran');\n";
  const withVerify = (marker: string): string =>
    `version: 1\nverify:\n  - { when: 'src/**', run: 'node verify/mark.mjs ${marker}' }\n`;
  const markers = (): string =>
    realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-marker-')));

  it('a plain check does not run them, and says so; --run-verify runs them', async () => {
    const marker = path.join(markers(), 'ran');
    const repo = makeRepo({
      '.gitignore': '.charter/\n',
      'charter.yaml': withVerify(marker),
      'verify/mark.mjs': MARK,
    });
    repo.commit('base');
    repo.write({ 'src/a.ts': 'export const a = 1;\n' });
    const plain = await runCharter(['check'], repo.root);
    expect(plain.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(plain.stderr).toContain(
      'charter: note: 1 verify command(s) of charter.yaml did not run: the contract was read from the working tree, which the change can edit; pass --run-verify to run them\n',
    );
    const asked = await runCharter(['check', '--run-verify'], repo.root);
    expect(asked.code).toBe(0);
    expect(asked.stderr).not.toContain('did not run');
    expect(existsSync(marker)).toBe(true);
  });

  it('--staged runs HEAD’s command, not the one the staged contract names', async () => {
    const dir = markers();
    const head = path.join(dir, 'head');
    const staged = path.join(dir, 'staged');
    const repo = makeRepo({
      '.gitignore': '.charter/\n',
      'charter.yaml': withVerify(head),
      'verify/mark.mjs': MARK,
    });
    repo.commit('base');
    repo.write({ 'charter.yaml': withVerify(staged), 'src/a.ts': 'export const a = 1;\n' });
    repo.git('add', '-A');
    const run = await runCharter(['check', '--staged', '--format', 'json'], repo.root);
    expect(existsSync(staged)).toBe(false);
    expect(existsSync(head)).toBe(true);
    expect(codes(report(run.stdout))).toEqual([['charter/contract-changed', 'charter.yaml']]);
  });

  it('--base runs the base’s command, not the pull request’s', async () => {
    const dir = markers();
    const base = path.join(dir, 'base');
    const pr = path.join(dir, 'pr');
    const repo = onBranch({ 'charter.yaml': withVerify(base), 'verify/mark.mjs': MARK });
    repo.write({ 'charter.yaml': withVerify(pr), 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('pr');
    await runCharter(['check', '--base', 'main'], repo.root);
    expect(existsSync(pr)).toBe(false);
    expect(existsSync(base)).toBe(true);
  });

  it('--help lists --run-verify', async () => {
    const help = await runCharter(['check', '--help'], process.cwd());
    expect(help.stdout).toContain('--run-verify');
  });
});
