import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'charter.js');
/** A home of its own: nothing of the user's (state, daemons) is read or written. */
const HOME = mkdtempSync(path.join(os.tmpdir(), 'charter-home-'));

export interface BinRun {
  /** null when the process was killed (it did not end by itself within `killAfterMs`). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface BinOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** A run still going after this long is killed (a hang must fail the test, not stall it). */
  killAfterMs?: number;
  /** Close the read end of stdout (and of stderr) at once: every write the binary makes fails (EPIPE). */
  closeStdout?: boolean;
  closeStderr?: boolean;
}

/** Runs the built binary (`npm run build` first) as a real process, timed. */
export function runBin(
  args: readonly string[],
  cwd: string,
  options: BinOptions = {},
): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME,
        NO_COLOR: '1',
        CHARTER_HOOK_DAEMON: '0',
        CHARTER_HOOK_DEADLINE_MS: '60000',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    if (options.closeStderr) child.stderr.destroy();
    else child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    // The binary may stop reading early (a limit): that is not an error of the test.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
