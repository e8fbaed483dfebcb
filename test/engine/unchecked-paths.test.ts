import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unopenedFolders } from '../../src/repo/snapshot.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { fixture, ROOT_DIR, runHook } from '../hooks/harness.js';
import { parseReport } from './fixtures.js';
import type { Report } from '../../src/engine/report-schema.js';

/**
 * Nothing the check cannot see is dropped silently: a file with merge conflicts, a folder git
 * cannot open, a source of truth that is missing. Each is checked or reported could-not-check.
 */

const EVAL = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: eval($$$A) }, message: eval is forbidden }
`;

async function jsonCheck(repo: TestRepo, ...args: string[]): Promise<Report> {
  const run = await runCharter(['check', '--format', 'json', '--no-cache', ...args], repo.root);
  return parseReport(run);
}

const brief = (report: Report) =>
  report.findings.map((f) => [f.code, f.message, f.location, f.data, f.incomplete ?? false]);

/** main and feature both change src/a.ts; feature adds an eval. Merged: a conflict. */
function conflictedRepo(): TestRepo {
  const repo = makeRepo({ 'charter.yaml': EVAL, 'src/a.ts': 'export const a = 1;\n' });
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({ 'src/a.ts': 'export const a = 2;\neval(x);\n' });
  repo.commit('feature');
  repo.git('checkout', '-q', 'main');
  repo.write({ 'src/a.ts': 'export const a = 3;\n' });
  repo.commit('main');
  expect(() => repo.git('merge', '-q', 'feature')).toThrow();
  expect(repo.git('ls-files', '-u')).toContain('src/a.ts');
  return repo;
}

describe('a file with unresolved merge conflicts (#26)', () => {
  it('the working tree check reads it from disk, markers and all', async () => {
    const report = await jsonCheck(conflictedRepo());
    expect(report.exitCode).toBe(1);
    expect(report.summary.filesChecked).toBe(2);
    expect(brief(report)).toEqual([
      [
        'custom/no-eval',
        'eval is forbidden',
        { file: 'src/a.ts', line: 5, column: 1, endLine: 5, endColumn: 8 },
        { pattern: 'no-eval', match: 'eval(x)' },
        false,
      ],
    ]);
  });

  it('--staged: the index has no content for it, so it could not be checked (exit 2)', async () => {
    const report = await jsonCheck(conflictedRepo(), '--staged');
    expect(report.exitCode).toBe(2);
    expect(brief(report)).toEqual([
      [
        'charter/skipped-file',
        'could not check src/a.ts: the file has unresolved merge conflicts in the index',
        { file: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 2 },
        {
          file: 'src/a.ts',
          reason: 'unmerged',
          detail: 'unresolved merge conflicts in the index',
        },
        true,
      ],
    ]);
    expect(report.skipped).toEqual([{ file: 'src/a.ts', reason: 'unmerged' }]);
  });

  it('the Stop hook blocks on what the conflicted file holds; after merge --abort it is gone', async () => {
    const repo = conflictedRepo();
    const root = realpathSync(repo.root);
    const stop = await runHook(
      ['hook', 'claude', 'Stop'],
      fixture('claude/Stop.json', { ROOT: root }),
      root,
    );
    expect(stop.code).toBe(0);
    const answer = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toContain('1. custom/no-eval: eval is forbidden\n   where: src/a.ts:5:1');
    repo.git('merge', '--abort');
    expect((await jsonCheck(repo)).exitCode).toBe(0);
  });
});

describe('a folder git cannot open (#32)', () => {
  it('git warns and goes on: the warnings name the folders and the reason', () => {
    expect(
      unopenedFolders(
        [
          "warning: could not open directory 'src/private/': Permission denied",
          'warning: some other warning',
          "warning: could not open directory 'with space/x': Permission denied",
          "warning: could not open directory 'src/private/': Permission denied",
          '',
        ].join('\n'),
      ),
    ).toEqual([
      { path: 'src/private/', reason: 'unreadable', detail: 'Permission denied' },
      { path: 'with space/x/', reason: 'unreadable', detail: 'Permission denied' },
    ]);
  });

  // Root opens every folder: the check must run as another user to meet one it cannot open.
  const canDropToNobody =
    process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  const NOBODY = 65534;

  function asNobody(repo: TestRepo, args: string[], input = '') {
    const home = mkdtempSync(path.join(os.tmpdir(), 'charter-nobody-'));
    chownSync(home, NOBODY, NOBODY);
    const chownTree = (file: string): void => {
      chownSync(file, NOBODY, NOBODY);
      if (statSync(file).isDirectory())
        for (const entry of readdirSync(file)) chownTree(path.join(file, entry));
    };
    chownTree(repo.root);
    return spawnSync(
      'setpriv',
      [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        process.execPath,
        path.join(ROOT_DIR, 'bin', 'charter.js'),
        ...args,
      ],
      {
        cwd: repo.root,
        input,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          NO_COLOR: '1',
          CHARTER_HOOK_DAEMON: '0',
          CHARTER_HOOK_DEADLINE_MS: '120000',
        },
      },
    );
  }

  function repoWithClosedFolder(contract = EVAL): TestRepo {
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({ 'private/e.ts': 'eval(x);\n' });
    return repo;
  }

  it.skipIf(!canDropToNobody)(
    'check (run as nobody through setpriv): skipped with a finding, exit 2',
    () => {
      const repo = repoWithClosedFolder();
      chmodSync(path.join(repo.root, 'private'), 0o000);
      const run = asNobody(repo, ['check', '--format', 'json', '--no-cache']);
      expect(run.status).toBe(2);
      const report = parseReport({ code: run.status ?? -1, stdout: run.stdout, stderr: '' });
      expect(brief(report)).toEqual([
        [
          'charter/skipped-file',
          'could not check private/: git could not open the folder (Permission denied)',
          { file: 'private/', line: 1, column: 1, endLine: 1, endColumn: 2 },
          { file: 'private/', reason: 'unreadable', detail: 'Permission denied' },
          true,
        ],
      ]);
      expect(report.skipped).toEqual([{ file: 'private/', reason: 'unreadable' }]);
    },
  );

  it.skipIf(!canDropToNobody)(
    'the Stop hook (run as nobody through setpriv) does not let it pass',
    () => {
      const repo = repoWithClosedFolder();
      chmodSync(path.join(repo.root, 'private'), 0o000);
      const run = asNobody(
        repo,
        ['hook', 'claude', 'Stop'],
        fixture('claude/Stop.json', { ROOT: realpathSync(repo.root) }),
      );
      expect(run.status).toBe(2);
      const answer = JSON.parse(run.stdout) as { decision: string; reason: string };
      expect(answer.decision).toBe('block');
      expect(answer.reason).toContain(
        '1. charter/skipped-file: could not check private/: git could not open the folder (Permission denied)',
      );
    },
  );

  it.skipIf(!canDropToNobody)('a folder the contract excludes is not reported', () => {
    const repo = repoWithClosedFolder(`${EVAL}exclude: ['private/**']\n`);
    chmodSync(path.join(repo.root, 'private'), 0o000);
    const run = asNobody(repo, ['check', '--format', 'json', '--no-cache']);
    expect([run.status, run.stderr]).toEqual([0, '']);
  });
});

const SPEC = `openapi: 3.0.3
info: { title: users, version: '1' }
paths:
  /users:
    get:
      operationId: listUsers
      responses: { '200': { description: ok } }
`;

const APP = `import express from 'express';
const app = express();
app.get('/users', (req, res) => res.json([]));
`;

const SPEC_CONTRACT = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
rules:
  charter/missing-source: off
  api/undocumented-route: error
`;

const API_RULES = [
  'api/invalid-spec',
  'api/method-mismatch',
  'api/operation-id',
  'api/plane-violation',
  'api/query-token-auth',
  'api/undocumented-route',
  'api/unimplemented-operation',
];

describe('a missing source of truth with charter/missing-source off (#54)', () => {
  it('the rules that compare code with it could not check (exit 2), in one finding', async () => {
    const repo = makeRepo({ 'charter.yaml': SPEC_CONTRACT, 'src/app.ts': APP });
    repo.commit('base');
    const report = await jsonCheck(repo);
    expect(report.exitCode).toBe(2);
    expect(brief(report)).toEqual([
      [
        'charter/skipped-file',
        `could not check ${API_RULES.join(', ')}: source "api" api/openapi.yaml is not in the repository`,
        { file: 'charter.yaml', line: 3, column: 22, endLine: 3, endColumn: 38 },
        { rules: API_RULES.join(','), file: 'api/openapi.yaml', reason: 'missing', source: 'api' },
        true,
      ],
    ]);
  });

  it('with the source in place nothing is reported', async () => {
    const repo = makeRepo({
      'charter.yaml': SPEC_CONTRACT,
      'src/app.ts': APP,
      'api/openapi.yaml': SPEC,
    });
    repo.commit('base');
    const report = await jsonCheck(repo);
    expect([report.exitCode, brief(report)]).toEqual([0, []]);
  });

  it('the Stop hook does not let a change that deletes it pass', async () => {
    const repo = makeRepo({
      'charter.yaml': SPEC_CONTRACT,
      'src/app.ts': APP,
      'api/openapi.yaml': SPEC,
    });
    repo.commit('base');
    repo.remove('api/openapi.yaml');
    const root = realpathSync(repo.root);
    const stop = await runHook(
      ['hook', 'claude', 'Stop'],
      fixture('claude/Stop.json', { ROOT: root }),
      root,
    );
    expect(stop.code).toBe(2);
    const answer = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toContain(
      `charter/skipped-file: could not check ${API_RULES.join(', ')}: source "api" api/openapi.yaml is not in the repository`,
    );
  });
});
