import { existsSync, mkdtempSync, realpathSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inertFilterArgs } from '../../src/repo/git.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { runHook } from './harness.js';

/**
 * No code runs from the checked repository's git configuration (fault matrix #98, #99): an
 * fsmonitor hook, or a filter driver for files a committed .gitattributes marks, would run in
 * every git process that looks at the working tree. Each mode runs the built binary and must
 * leave the marker file the configured command would create absent, with the same findings.
 */

const CONTRACT = `version: 1
protect: [charter.yaml]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;

const markers = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-marker-')));
afterAll(() => rmSync(markers, { recursive: true, force: true }));
let count = 0;
const newMarker = (): string => path.join(markers, `ran-${++count}`);

interface Repo extends TestRepo {
  real: string;
}

/**
 * A committed repository whose `src/filtered.ts` carries the `filter=evil` attribute and a
 * finding; `src/edited.ts` is changed and staged, so every mode has a change to read. Then
 * `prepare` runs the test's own git commands, and `configure` sets up the command that must
 * not run (after every git command of the test: those would run it). The index is made older
 * than the files: git then compares their contents (racy entries) instead of trusting their
 * timestamps, which is where a filter driver would run.
 */
function repository(configure: (repo: TestRepo) => void, prepare?: (repo: TestRepo) => void): Repo {
  const repo = makeRepo({
    'charter.yaml': CONTRACT,
    '.gitignore': '.charter/\n',
    '.gitattributes': '*.ts filter=evil\n',
    'src/filtered.ts': 'export const a = eval(input);\n',
    'src/edited.ts': 'export const b = 1;\n',
  });
  repo.commit('init');
  repo.write({ 'src/edited.ts': 'export const b = 2;\n' });
  repo.git('add', 'src/edited.ts');
  prepare?.(repo);
  configure(repo);
  const real = realpathSync(repo.root);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path.join(real, '.git', 'index'), past, past);
  return { ...repo, real };
}

const event = (repo: Repo, fields: Record<string, unknown>): string =>
  JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd: repo.real,
    tool_response: {},
    tool_use_id: 'u',
    ...fields,
  });

const writeEvent = (repo: Repo, file: string, content: string): string =>
  event(repo, {
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repo.real, file), content },
  });

/** Every mode, with what it must answer: the finding in src/filtered.ts, read raw. */
const MODES: [string, (repo: Repo) => Promise<void>][] = [
  [
    'check',
    async (repo) => {
      const run = await runHook(['check', '--format', 'json'], '', repo.real);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { location: { file: string } }[] };
      expect(report.findings.map((f) => f.location.file)).toEqual(['src/filtered.ts']);
    },
  ],
  [
    'check --staged',
    async (repo) => {
      const run = await runHook(['check', '--staged', '--format', 'json'], '', repo.real);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { location: { file: string } }[] };
      expect(report.findings.map((f) => f.location.file)).toEqual(['src/filtered.ts']);
    },
  ],
  [
    'PreToolUse of a new file',
    async (repo) => {
      const run = await runHook(
        ['hook', 'claude', 'PreToolUse'],
        writeEvent(repo, 'src/new.ts', 'export const c = eval(other);\n'),
        repo.real,
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('"permissionDecision":"deny"');
      expect(run.stdout).toContain('custom/no-eval');
    },
  ],
  [
    'PreToolUse of the contract (judged from the listed repository)',
    async (repo) => {
      const run = await runHook(
        ['hook', 'claude', 'PreToolUse'],
        writeEvent(repo, 'charter.yaml', 'version: 1\n'),
        repo.real,
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('"permissionDecision":"deny"');
      expect(run.stdout).toContain('charter/protected-path');
    },
  ],
  [
    'Stop',
    async (repo) => {
      repo.write({ 'src/edited.ts': 'export const b = eval(later);\n' });
      const run = await runHook(
        ['hook', 'claude', 'Stop'],
        event(repo, { hook_event_name: 'Stop', stop_hook_active: false }),
        repo.real,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"decision":"block"');
      expect(run.stdout).toContain('src/edited.ts');
    },
  ],
];

describe('#98 core.fsmonitor in .git/config', () => {
  it.each(MODES)('%s: the fsmonitor command never runs', async (_mode, answers) => {
    const marker = newMarker();
    const repo = repository((r) => r.git('config', 'core.fsmonitor', `touch ${marker}; false`));
    await answers(repo);
    expect(existsSync(marker)).toBe(false);
  });

  it('check --base: the fsmonitor command never runs', async () => {
    const marker = newMarker();
    const repo = repository(
      (r) => r.git('config', 'core.fsmonitor', `touch ${marker}; false`),
      (r) => {
        r.git('checkout', '-q', '-b', 'feature');
        r.git('commit', '-q', '-m', 'feature');
      },
    );
    const run = await runHook(['check', '--base', 'main'], '', repo.real);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/filtered.ts');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('#99 filter drivers in .git/config for files a committed .gitattributes marks', () => {
  it.each(MODES)('%s: a clean filter never runs', async (_mode, answers) => {
    const marker = newMarker();
    const repo = repository((r) => {
      // A filter that would also hide the finding from anything reading through it.
      r.git('config', 'filter.evil.clean', `touch ${marker}; sed s/eval/safe/`);
      r.git('config', 'filter.evil.smudge', 'cat');
    });
    await answers(repo);
    expect(existsSync(marker)).toBe(false);
  });

  it.each(MODES)('%s: a required process filter never runs', async (_mode, answers) => {
    const marker = newMarker();
    const repo = repository((r) => {
      r.git('config', 'filter.evil.process', `sh -c 'touch ${marker}; exit 1'`);
      r.git('config', 'filter.evil.required', 'true');
    });
    await answers(repo);
    expect(existsSync(marker)).toBe(false);
  });

  it('a driver whose name holds "=" (which git -c would split at) never runs', async () => {
    const marker = newMarker();
    const repo = repository(
      (r) => r.git('config', 'filter.a=b.clean', `touch ${marker}; cat`),
      (r) => {
        r.write({ '.gitattributes': '*.ts filter=a=b\n' });
        r.git('add', '.gitattributes');
        r.git('commit', '-q', '-m', 'attributes');
        r.git('add', 'src/edited.ts');
      },
    );
    expect(repo.git('check-attr', 'filter', 'src/filtered.ts')).toBe(
      'src/filtered.ts: filter: a=b\n',
    );
    await (MODES[0] as (typeof MODES)[number])[1](repo);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('inertFilterArgs', () => {
  // Only the test repository's configuration, whatever the machine's global one holds.
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  });
  afterAll(() => {
    process.env = saved;
  });

  it('switches off every configured driver, also one whose name holds "=" or a dot', async () => {
    const repo = makeRepo({});
    repo.git('config', 'filter.lfs.clean', 'git-lfs clean -- %f');
    repo.git('config', 'filter.lfs.required', 'true');
    repo.git('config', 'filter.a=b.process', 'x');
    repo.git('config', 'filter.v1.2.smudge', 'y');
    const off = (driver: string): string[] =>
      ['clean', 'smudge', 'process', 'required'].flatMap((s) => ['-c', `filter.${driver}.${s}=`]);
    expect(await inertFilterArgs(repo.root)).toEqual([
      ...off('lfs'),
      '--config-env=filter.a=b.clean=CHARTER_GIT_EMPTY',
      '--config-env=filter.a=b.smudge=CHARTER_GIT_EMPTY',
      '--config-env=filter.a=b.process=CHARTER_GIT_EMPTY',
      '--config-env=filter.a=b.required=CHARTER_GIT_EMPTY',
      ...off('v1.2'),
    ]);
    expect(await inertFilterArgs(makeRepo({}).root)).toEqual([]);
  });
});
