import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { daemonAllowed } from '../../src/hooks/client.js';
import { CONTRACT, HOME_DIR, ROOT_DIR, fixture, hookRepo, runHook } from './harness.js';

const BIN = path.join(ROOT_DIR, 'bin', 'charter.js');
const uid = process.getuid?.();

const folders: string[] = [];

/** A private runtime folder per test, so tests never meet a daemon of another run. */
function runtimeDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-run-')));
  folders.push(dir);
  return dir;
}

function charter(args: string[], runtime: string, cwd = ROOT_DIR) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: HOME_DIR, XDG_RUNTIME_DIR: runtime },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const daemons: ChildProcess[] = [];
const runtimes: string[] = [];
afterEach(() => {
  for (const runtime of runtimes.splice(0)) charter(['daemon', 'stop', '--all'], runtime);
});
afterAll(() => {
  for (const child of daemons.splice(0)) child.kill();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `charter daemon serve` and waits until it listens; resolves its process id. */
async function startDaemon(runtime: string, env: Record<string, string> = {}): Promise<number> {
  runtimes.push(runtime);
  const child = spawn(process.execPath, [BIN, 'daemon', 'serve', '--idle-minutes', '2'], {
    env: { PATH: process.env.PATH ?? '', HOME: HOME_DIR, XDG_RUNTIME_DIR: runtime, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  daemons.push(child);
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('daemon listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`daemon exited with ${code}: ${stderr}`)));
  });
  return child.pid as number;
}

function answered(runtime: string): number {
  const status = charter(['daemon', 'status'], runtime);
  const match = /\((\d+) hook requests answered\)/.exec(status.stdout);
  if (!match) throw new Error(`no daemon: ${status.stdout}${status.stderr}`);
  return Number(match[1]);
}

async function waitFor(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A protect glob whose regex backtracks for hours on a long file name, blocking the daemon. */
const SLOW_GLOB = '*a*a*a*a*a*a*b';

const writeEvent = (root: string, file: string): string =>
  JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(root, file), content: 'x\n' },
    tool_use_id: 'toolu_1',
  });

function socketOf(runtime: string): string {
  return /^[a-z ]+: (\S+)/.exec(charter(['daemon', 'status'], runtime).stdout)?.[1] as string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const events = (root: string) => ({
  deniedEdit: fixture('claude/PreToolUse.Edit.json', { ROOT: root }),
  cleanWrite: fixture('claude/PreToolUse.Write.json', { ROOT: root }),
  protectedBash: fixture('claude/PreToolUse.Bash.json', {
    ROOT: root,
    COMMAND: 'echo x > .claude/settings.json',
  }),
});

describe.skipIf(uid === undefined)('the hook daemon', () => {
  it('answers exactly what a hook in its own process answers: allow, deny, Bash', async () => {
    const runtime = runtimeDir();
    await startDaemon(runtime);
    const repo = hookRepo();
    for (const [name, input] of Object.entries(events(repo.real))) {
      const viaDaemon = await runHook(['hook', 'claude', 'PreToolUse'], input, repo.real, {
        CHARTER_HOOK_DAEMON: '',
        XDG_RUNTIME_DIR: runtime,
      });
      const inProcess = await runHook(['hook', 'claude', 'PreToolUse'], input, repo.real);
      expect({ name, ...viaDaemon }).toEqual({ name, ...inProcess });
    }
    expect(answered(runtime)).toBe(3);
  });

  it('judges by HEAD’s contract like the hook in its own process, and follows HEAD when it moves', async () => {
    const runtime = runtimeDir();
    await startDaemon(runtime);
    const repo = hookRepo();
    const env = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime };
    const edit = events(repo.real).deniedEdit;
    // The agent empties the contract and writes a package contract of its own: nothing changes.
    repo.write({ 'charter.yaml': 'version: 1\n', 'src/charter.yaml': 'version: 1\n' });
    const viaDaemon = await runHook(['hook', 'claude', 'PreToolUse'], edit, repo.real, env);
    expect(viaDaemon.code).toBe(2);
    expect(viaDaemon.stderr).toContain('custom/no-skip-auth');
    expect(viaDaemon).toEqual(await runHook(['hook', 'claude', 'PreToolUse'], edit, repo.real));
    // A human commits both: the next request judges by them.
    repo.commit('the owners relax the contract');
    const after = await runHook(['hook', 'claude', 'PreToolUse'], edit, repo.real, env);
    expect(after).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(answered(runtime)).toBe(2);
  });

  it('is started by the first hook, which checks in its own process meanwhile', async () => {
    const runtime = runtimeDir();
    runtimes.push(runtime);
    const repo = hookRepo();
    const env = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime };
    const first = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(repo.real).deniedEdit,
      repo.real,
      env,
    );
    expect(first.code).toBe(2);
    expect(await waitFor(() => charter(['daemon', 'status'], runtime).code === 0)).toBe(true);
    const second = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(repo.real).deniedEdit,
      repo.real,
      env,
    );
    expect(second).toEqual(first);
    expect(answered(runtime)).toBe(1);
  });

  it('replaces a stale socket file left by a daemon that died', async () => {
    const runtime = runtimeDir();
    runtimes.push(runtime);
    const status = charter(['daemon', 'status'], runtime);
    const socket = /: (\S+)\n$/.exec(status.stdout)?.[1] as string;
    writeFileSync(socket, 'not a socket');
    const repo = hookRepo();
    const run = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(repo.real).cleanWrite,
      repo.real,
      { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime },
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await waitFor(() => charter(['daemon', 'status'], runtime).code === 0)).toBe(true);
  });

  it('is not asked when switched off or for Stop hooks', async () => {
    const runtime = runtimeDir();
    await startDaemon(runtime);
    const repo = hookRepo();
    const env = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime };
    const edit = events(repo.real).deniedEdit;
    const off = await runHook(['hook', 'claude', 'PreToolUse'], edit, repo.real, {
      ...env,
      CHARTER_HOOK_DAEMON: '0',
    });
    expect(off.code).toBe(2);
    await runHook(
      ['hook', 'claude', 'Stop'],
      fixture('claude/Stop.json', { ROOT: repo.real }),
      repo.real,
      env,
    );
    expect(answered(runtime)).toBe(0);
  });

  it('serves only clients whose environment git reads is its own: another one gets its own daemon', async () => {
    const runtime = runtimeDir();
    await startDaemon(runtime);
    const repo = hookRepo();
    const other = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime, GIT_CONFIG_NOSYSTEM: '1' };
    const run = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(repo.real).deniedEdit,
      repo.real,
      other,
    );
    expect(run.code).toBe(2);
    expect(answered(runtime)).toBe(0);
    const otherStatus = () =>
      spawnSync(process.execPath, [BIN, 'daemon', 'status'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: HOME_DIR, ...other },
      }).status;
    expect(await waitFor(() => otherStatus() === 0)).toBe(true);
  });

  it('a daemon that accepts but never answers: the hook still denies by its deadline', async () => {
    const runtime = runtimeDir();
    const socket = /: (\S+)\n$/.exec(charter(['daemon', 'status'], runtime).stdout)?.[1] as string;
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(socket, resolve));
    try {
      const repo = hookRepo();
      const run = await runHook(
        ['hook', 'claude', 'PreToolUse'],
        events(repo.real).cleanWrite,
        repo.real,
        { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime, CHARTER_HOOK_DEADLINE_MS: '1500' },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('charter/hook-error');
      expect(run.stderr).toContain('did not finish within its deadline of 1500 ms');
      expect(JSON.parse(run.stdout)).toMatchObject({
        hookSpecificOutput: { permissionDecision: 'deny' },
      });
    } finally {
      silent.close();
    }
  });

  it('fault case #89: a request that wedges the daemon is denied by its deadline, the daemon is killed, and later hooks get a fresh one', async () => {
    const runtime = runtimeDir();
    const wedged = await startDaemon(runtime);
    const env = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime };
    const slow = hookRepo({
      'charter.yaml': CONTRACT.replace('protect: [', `protect: ['${SLOW_GLOB}', `),
    });
    const started = performance.now();
    const run = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      writeEvent(slow.real, 'a'.repeat(120)),
      slow.real,
      { ...env, CHARTER_HOOK_DEADLINE_MS: '1500' },
    );
    expect(performance.now() - started).toBeLessThan(1500 + 2500);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    });
    expect(run.stderr).toContain('did not finish within its deadline of 1500 ms');
    expect(await waitFor(() => !alive(wedged))).toBe(true);
    // Another repository, right after: an answer of its own, not a deadline denial.
    const other = hookRepo();
    const next = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(other.real).deniedEdit,
      other.real,
      env,
    );
    const inProcess = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      events(other.real).deniedEdit,
      other.real,
    );
    expect(next).toEqual(inProcess);
    expect(next.stderr).not.toContain('deadline');
    // That hook started a fresh daemon (the wedged one is dead), which answers.
    expect(await waitFor(() => charter(['daemon', 'status'], runtime).code === 0)).toBe(true);
  });

  it('charter daemon stop ends a daemon wedged by a check', async () => {
    const runtime = runtimeDir();
    const wedged = await startDaemon(runtime);
    const socket = socketOf(runtime);
    const slow = hookRepo({
      'charter.yaml': CONTRACT.replace('protect: [', `protect: ['${SLOW_GLOB}', `),
    });
    // A hook with a long deadline keeps the daemon busy; it is not waited for.
    const hook = spawn(process.execPath, [BIN, 'hook', 'claude', 'PreToolUse'], {
      cwd: slow.real,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: HOME_DIR,
        XDG_RUNTIME_DIR: runtime,
        CHARTER_HOOK_DEADLINE_MS: '120000',
      },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    hook.stdin?.on('error', () => undefined);
    hook.stdin?.end(writeEvent(slow.real, 'a'.repeat(120)));
    try {
      // The request has reached the daemon once the daemon stops answering pings.
      expect(
        await waitFor(() => /^not answering: /.test(charter(['daemon', 'status'], runtime).stdout)),
      ).toBe(true);
      const stop = charter(['daemon', 'stop'], runtime);
      expect(stop).toEqual({
        code: 0,
        stdout: `stopped: ${socket} (it did not answer; process ${wedged} was killed)\n`,
        stderr: '',
      });
      expect(await waitFor(() => !alive(wedged))).toBe(true);
      expect(charter(['daemon', 'status'], runtime)).toMatchObject({ code: 1 });
    } finally {
      // SIGTERM: the hook ends the checking process it started with itself.
      hook.kill('SIGTERM');
    }
  });

  const allow = JSON.stringify({ stdout: '', stderr: '', exitCode: 0 });
  it.each([
    ['in the format of old daemons', allow],
    ['in an envelope with a made-up MAC', JSON.stringify({ body: allow, mac: '0'.repeat(64) })],
  ])(
    'fault case #88: a process on the socket that answers "allow" %s is not trusted, and a real daemon replaces it',
    async (_, answer) => {
      const runtime = runtimeDir();
      runtimes.push(runtime);
      const socket = socketOf(runtime);
      let asked = 0;
      const impostor = net.createServer({ allowHalfOpen: true }, (connection) => {
        connection.on('data', () => undefined);
        connection.on('error', () => undefined);
        connection.on('end', () => {
          asked++;
          connection.end(answer);
        });
      });
      await new Promise<void>((resolve) => impostor.listen(socket, resolve));
      try {
        const repo = hookRepo();
        const inProcess = await runHook(
          ['hook', 'claude', 'PreToolUse'],
          events(repo.real).deniedEdit,
          repo.real,
        );
        expect(inProcess.code).toBe(2);
        const run = await runHook(
          ['hook', 'claude', 'PreToolUse'],
          events(repo.real).deniedEdit,
          repo.real,
          { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime },
        );
        expect(asked).toBeGreaterThanOrEqual(1);
        expect(run).toEqual({
          ...inProcess,
          stderr: `charter: what listens on ${socket} did not prove it is a Charter daemon of this user; its answer is ignored and this hook is checked in its own process\n${inProcess.stderr}`,
        });
        expect(await waitFor(() => charter(['daemon', 'status'], runtime).code === 0)).toBe(true);
        // Before the impostor closes: closing removes the socket path, now the daemon's.
        expect(charter(['daemon', 'stop'], runtime).code).toBe(0);
      } finally {
        impostor.close();
      }
    },
  );

  it('stops on request', async () => {
    const runtime = runtimeDir();
    await startDaemon(runtime);
    expect(charter(['daemon', 'stop'], runtime)).toMatchObject({ code: 0 });
    expect(charter(['daemon', 'status'], runtime)).toMatchObject({ code: 1 });
  });

  it('refuses a socket folder other users can open', () => {
    const runtime = runtimeDir();
    const shared = path.join(runtime, `charter-${uid}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(charter(['daemon', 'status'], runtime)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'charter: error [daemon/unavailable] no daemon socket: it needs a user id, a folder only this user can open (set XDG_RUNTIME_DIR), a state folder for its key (HOME or XDG_STATE_HOME) and a build with dist/build-id (npm run build)\n',
    });
  });
});

describe('charter daemon usage errors', () => {
  it('a bad --idle-minutes or an unknown subcommand is a usage error, exit 2', () => {
    const runtime = runtimeDir();
    expect(charter(['daemon', 'serve', '--idle-minutes', 'x'], runtime)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "charter: error [usage]: option '--idle-minutes <n>' argument 'x' is invalid. it needs a whole number\n(run \"charter daemon serve --help\" for usage)\n",
    });
    const unknown = charter(['daemon', 'restart'], runtime);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^charter: error \[usage\]: unknown command 'restart'/);
  });
});

describe('daemonAllowed', () => {
  it('is on by default, off when switched off and for stop events', () => {
    expect(daemonAllowed(['claude', 'PreToolUse'], {})).toBe(true);
    expect(daemonAllowed(['gemini', 'BeforeTool'], { CHARTER_HOOK_DAEMON: '1' })).toBe(true);
    for (const off of ['0', 'off', 'false', 'OFF'])
      expect(daemonAllowed(['claude', 'PreToolUse'], { CHARTER_HOOK_DAEMON: off })).toBe(false);
    expect(daemonAllowed(['claude', 'Stop'], {})).toBe(false);
    expect(daemonAllowed(['claude', 'SubagentStop'], {})).toBe(false);
    expect(daemonAllowed(['cursor', 'stop'], {})).toBe(false);
  });
});
