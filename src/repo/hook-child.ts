import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDaemonAnswer } from './hook-daemon.js';
import type { DaemonAnswer } from './hook-daemon.js';

/**
 * A hook checked in a process of its own, watched by the hook process. The check may block
 * its thread for good (a regular expression that backtracks, a read of a FIFO that never
 * ends): neither a timer on the same thread nor a worker thread helps then, because a Node
 * process cannot even exit while one of its threads is stuck in a system call. The hook
 * process itself only pipes text and keeps a timer, so it always answers by the deadline and
 * exits; the checking process (and everything it started) is killed.
 */

const HERE = fileURLToPath(import.meta.url);
/** The checking process's entry point: dist/hooks/supervised.js of the same installation. */
const ENTRY = path.resolve(path.dirname(HERE), '..', 'hooks', 'supervised.js');

/** What the hook process tells the checking process on its command line. */
export interface SupervisedRequest {
  args: string[];
  /** How long the hook process has been running: the deadline counts from its start. */
  elapsedMs: number;
}

export interface SupervisedRun {
  request: SupervisedRequest;
  stdin: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds from now until the checking process is killed. */
  timeoutMs: number;
}

/**
 * `answer`: what the check answered; `timeout`: no answer in time (the process was killed);
 * `crashed`: it ended without an answer (`detail` says how).
 */
export type SupervisedResult =
  | { kind: 'answer'; answer: DaemonAnswer }
  | { kind: 'timeout' }
  | { kind: 'crashed'; detail: string };

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Kills the checking process and whatever it started (git, verify commands). */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Its own process group (detached): a negative pid reaches every member.
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs the check in a child process. Its answer counts as soon as its line arrives; the
 * child then gets until the deadline to finish its audit-log entry, and is killed after.
 */
export function runSupervised(run: SupervisedRun): Promise<SupervisedResult> {
  return new Promise((resolve) => {
    let settled = false;
    let answer: DaemonAnswer | undefined;
    let stdout = '';
    const child = spawn(process.execPath, [ENTRY, JSON.stringify(run.request)], {
      cwd: run.cwd,
      env: run.env,
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', run.env.CHARTER_DEBUG ? 'inherit' : 'ignore'],
      windowsHide: true,
    });
    // Ended by the agent (a hook that outlives the agent's own timeout, an interrupt): the
    // checking processes end with it, then the signal does what it would have done.
    const forward = (signal: NodeJS.Signals): void => {
      stopForwarding();
      killTree(child.pid);
      process.kill(process.pid, signal);
    };
    const stopForwarding = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const finish = (result: SupervisedResult): void => {
      if (settled) return;
      settled = true;
      stopForwarding();
      clearTimeout(timer);
      killTree(child.exitCode === null && child.signalCode === null ? child.pid : undefined);
      child.stdout?.destroy();
      child.stdin?.destroy();
      child.unref();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish(answer ? { kind: 'answer', answer } : { kind: 'timeout' }),
      Math.max(1, run.timeoutMs),
    );
    child.on('error', (error) => finish({ kind: 'crashed', detail: error.message }));
    // 'close', not 'exit': the answer line may still be in the pipe when the process ends.
    child.on('close', (code, signal) => {
      finish(
        answer
          ? { kind: 'answer', answer }
          : {
              kind: 'crashed',
              detail: signal ? `it was ended by ${signal}` : `it exited with code ${code}`,
            },
      );
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (answer) return;
      stdout += chunk.toString('utf8');
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      try {
        const parsed: unknown = JSON.parse(stdout.slice(0, end));
        // The checking process answers in the daemon's shape: one line on stdout.
        if (isDaemonAnswer(parsed)) answer = parsed;
      } catch {
        // Not an answer: the child is treated as one that ended without answering.
      }
      // An answer counts once the process ends (after its audit-log entry) or at the timeout.
      if (!answer) finish({ kind: 'crashed', detail: 'it wrote something that is not an answer' });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.stdin);
  });
}
