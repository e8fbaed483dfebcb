import { existsSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/git-repo.js';
import { runCharter } from '../helpers/cli.js';
import { CONTRACT, FILES, fixture, hookRepo, runHook } from './harness.js';
import type { HookRepo } from './harness.js';

/**
 * Every agent hook judges by the contracts and the baseline in HEAD, never by the working
 * tree the agent edits: an emptied contract (fault matrix #73), a package contract the agent
 * writes (#74), an agent-written baseline entry, and verify commands from an edited contract
 * (#103) change nothing until a human commits them.
 */

const SKIP_AUTH = 'custom/no-skip-auth';
const CHANGED = 'charter/contract-changed';

/** The agent's file written by "some tool": a finding of HEAD's contract. */
const DIRTY = { 'src/client.ts': 'export const skip = process.env.SKIP_AUTH;\n' };

function claudeWrite(root: string, file: string, content: string): string {
  return JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(root, file), content },
    tool_use_id: 'u',
  });
}

const claude = (event: string): string[] => ['hook', 'claude', event];

/** A folder outside every repository, for markers the verify commands leave. */
function markerDir(): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-marker-')));
}

describe('#73: a working-tree contract emptied by the agent', () => {
  function emptied(): HookRepo {
    const repo = hookRepo();
    repo.write({ 'charter.yaml': 'version: 1\n' });
    return repo;
  }

  it('every agent’s pre-tool hook still judges an edit by HEAD’s contract', async () => {
    const repo = emptied();
    const cases: [string[], string, string][] = [
      [claude('PreToolUse'), 'claude/PreToolUse.Edit.json', SKIP_AUTH],
      [['hook', 'codex', 'PreToolUse'], 'codex/PreToolUse.apply_patch.json', SKIP_AUTH],
      [
        ['hook', 'gemini', 'BeforeTool'],
        'gemini/BeforeTool.write_file.json',
        'charter/protected-path',
      ],
      [['hook', 'copilot', 'preToolUse'], 'copilot/preToolUse.edit.json', SKIP_AUTH],
    ];
    for (const [args, name, code] of cases) {
      const run = await runHook(args, fixture(name, { ROOT: repo.real }), repo.real);
      expect({ name, code: run.code }).toEqual({ name, code: 2 });
      expect(run.stderr).toContain(code);
    }
  });

  it('after a tool call and at the end of the turn: the finding and the contract change, for every agent', async () => {
    const repo = emptied();
    repo.write(DIRTY);
    const cases: [string[], string][] = [
      [claude('PostToolUse'), 'claude/PostToolUse.json'],
      [claude('Stop'), 'claude/Stop.json'],
      [['hook', 'codex', 'Stop'], 'codex/Stop.json'],
      [['hook', 'gemini', 'AfterAgent'], 'gemini/AfterAgent.json'],
      [['hook', 'cursor', 'stop'], 'cursor/stop.json'],
    ];
    for (const [args, name] of cases) {
      const run = await runHook(args, fixture(name, { ROOT: repo.real }), repo.real);
      const said = run.stdout + run.stderr;
      expect({ name, skipAuth: said.includes(SKIP_AUTH) }).toEqual({ name, skipAuth: true });
      expect(said).toContain(
        'charter/contract-changed: the change edits the contract charter.yaml; the check used the trusted version instead',
      );
    }
  });

  it('emptied through a symlink, as in the fault matrix: still HEAD’s contract', async () => {
    const repo = hookRepo();
    symlinkSync('../charter.yaml', path.join(repo.root, 'src/notes.yaml'));
    writeFileSync(path.join(repo.root, 'src/notes.yaml'), 'version: 1\n');
    const edit = await runHook(
      claude('PreToolUse'),
      claudeWrite(repo.real, 'src/e.ts', 'export const e = process.env.SKIP_AUTH;\n'),
      repo.real,
    );
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain(`${SKIP_AUTH}: auth bypass flag process.env.SKIP_AUTH`);
    repo.write({ 'src/e.ts': 'export const e = process.env.SKIP_AUTH;\n' });
    const stop = await runHook(
      claude('Stop'),
      fixture('claude/Stop.json', { ROOT: repo.real }),
      repo.real,
    );
    const answer = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toContain(`${SKIP_AUTH}: auth bypass flag`);
    expect(answer.reason).toContain(`${CHANGED}: the change edits the contract charter.yaml`);
  });

  it('a contract change a human commits counts from the next hook on', async () => {
    const repo = emptied();
    repo.commit('the owners drop every rule');
    const run = await runHook(
      claude('PreToolUse'),
      fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real }),
      repo.real,
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('#74: a package contract the agent writes', () => {
  it('writing it is denied as a contract change, and edits below it are judged by HEAD’s contract', async () => {
    const repo = hookRepo();
    const write = await runHook(
      claude('PreToolUse'),
      claudeWrite(repo.real, 'src/charter.yaml', 'version: 1\n'),
      repo.real,
    );
    expect(write.code).toBe(2);
    expect(write.stderr).toContain(
      `${CHANGED}: the change adds the contract src/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml\n   where: src/charter.yaml:1:1`,
    );

    // Written anyway (by a script, say): it governs nothing.
    repo.write({ 'src/charter.yaml': 'version: 1\n' });
    const edit = await runHook(
      claude('PreToolUse'),
      claudeWrite(repo.real, 'src/e.ts', 'export const e = process.env.SKIP_AUTH;\n'),
      repo.real,
    );
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain(
      `${SKIP_AUTH}: auth bypass flag process.env.SKIP_AUTH\n   where: src/e.ts:1:18`,
    );

    const inside = {
      ...JSON.parse(fixture('claude/Stop.json', { ROOT: repo.real })),
      cwd: path.join(repo.real, 'src'),
    };
    const stop = await runHook(claude('Stop'), JSON.stringify(inside), path.join(repo.real, 'src'));
    const answer = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toContain(`${CHANGED}: the change adds the contract src/charter.yaml`);
  });

  it('a committed package contract governs its folder; deleting it changes nothing but is reported', async () => {
    const repo = hookRepo({
      'packages/x/charter.yaml': 'version: 1\nprotect: [locked/**]\n',
      'packages/x/locked/a.txt': 'a\n',
    });
    // The root contract would allow this edit; the package's forbids it.
    const locked = await runHook(
      claude('PreToolUse'),
      claudeWrite(repo.real, 'packages/x/locked/a.txt', 'b\n'),
      repo.real,
    );
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(
      'charter/protected-path: locked/a.txt is protected by "locked/**"',
    );

    repo.remove('packages/x/charter.yaml');
    const still = await runHook(
      claude('PreToolUse'),
      claudeWrite(repo.real, 'packages/x/locked/a.txt', 'b\n'),
      repo.real,
    );
    expect(still.code).toBe(2);
    expect(still.stderr).toContain('charter/protected-path: locked/a.txt is protected');
    const stop = await runHook(
      claude('Stop'),
      JSON.stringify({
        ...JSON.parse(fixture('claude/Stop.json', { ROOT: repo.real })),
        cwd: path.join(repo.real, 'packages/x'),
      }),
      path.join(repo.real, 'packages/x'),
    );
    expect(JSON.parse(stop.stdout).reason).toContain(
      `${CHANGED}: the change deletes the contract charter.yaml; the check used the trusted version instead`,
    );
  });
});

describe('the baseline comes from HEAD', () => {
  it('an entry the agent adds for its own new finding does not hide it', async () => {
    const repo = hookRepo();
    repo.write(DIRTY);
    const baseline = await runCharter(['baseline'], repo.root);
    expect(baseline.code).toBe(0);
    const stop = await runHook(
      claude('Stop'),
      fixture('claude/Stop.json', { ROOT: repo.real }),
      repo.real,
    );
    const answer = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toContain(
      `${SKIP_AUTH}: auth bypass flag process.env.SKIP_AUTH\n   where: src/client.ts:1:21`,
    );
  });
});

describe('#103: the Stop hook runs only the committed contract’s verify commands', () => {
  const verifying = (marker: string): string =>
    `${CONTRACT}verify:\n  - { when: 'src/**', run: 'node verify/mark.mjs ${marker}' }\n`;
  const MARK = "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], 'ran');\n";

  it('an agent-edited command does not run; HEAD’s does', async () => {
    const markers = markerDir();
    const head = path.join(markers, 'head');
    const agent = path.join(markers, 'agent');
    const repo = hookRepo({ 'charter.yaml': verifying(head), 'verify/mark.mjs': MARK });
    repo.write({
      'charter.yaml': verifying(agent),
      'src/routes/extra.ts': 'export const x = 1;\n',
    });
    const stop = await runHook(
      claude('Stop'),
      fixture('claude/Stop.json', { ROOT: repo.real }),
      repo.real,
    );
    expect(existsSync(agent)).toBe(false);
    expect(existsSync(head)).toBe(true);
    expect(JSON.parse(stop.stdout).reason).toContain(
      `${CHANGED}: the change edits the contract charter.yaml`,
    );
  });

  it('after a tool call no command runs at all', async () => {
    const markers = markerDir();
    const head = path.join(markers, 'head');
    const repo = hookRepo({ 'charter.yaml': verifying(head), 'verify/mark.mjs': MARK });
    repo.write({ 'src/routes/extra.ts': 'export const x = 1;\n' });
    const run = await runHook(
      claude('PostToolUse'),
      fixture('claude/PostToolUse.json', { ROOT: repo.real }),
      repo.real,
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(head)).toBe(false);
  });
});

describe('before any contract is committed', () => {
  it('no commit yet: the working tree’s contract judges edits, its verify commands do not run', async () => {
    const markers = markerDir();
    const marker = path.join(markers, 'ran');
    const repo = makeRepo({
      ...FILES,
      'charter.yaml': `${CONTRACT}verify:\n  - { when: 'src/**', run: 'node verify/mark.mjs ${marker}' }\n`,
      'verify/mark.mjs':
        "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], 'ran');\n",
    });
    const real = realpathSync(repo.root);
    const edit = await runHook(
      claude('PreToolUse'),
      claudeWrite(real, 'src/e.ts', 'export const e = process.env.SKIP_AUTH;\n'),
      real,
    );
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain(`${SKIP_AUTH}: auth bypass flag`);
    const stop = await runHook(claude('Stop'), fixture('claude/Stop.json', { ROOT: real }), real);
    expect(existsSync(marker)).toBe(false);
    expect(JSON.parse(stop.stdout).reason).toContain(
      `integrity/verify-failed: \`node verify/mark.mjs ${marker}\` was not run: charter.yaml is not committed, and only the committed contract's commands run; commit it (a human reviews it) to run them`,
    );
  });

  it('once some contract is committed, an uncommitted one never stands in', async () => {
    const repo = makeRepo({
      'packages/a/charter.yaml': CONTRACT,
      'src/a.ts': 'export const a = 1;\n',
    });
    repo.commit('a package contract only');
    repo.write({ 'charter.yaml': 'version: 1\n' });
    const real = realpathSync(repo.root);
    const edit = await runHook(
      claude('PreToolUse'),
      claudeWrite(real, 'src/a.ts', 'export const a = 2;\n'),
      real,
    );
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain(
      'charter/hook-error: contract/not-found: no contract committed in HEAD governs src',
    );
  });
});
