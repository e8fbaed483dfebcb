import type { CliIo } from '../cli/io.js';
import { releaseParseTrees } from '../engine/native-memory.js';
import { parseTreeCount } from '../facts/ast-grep.js';
import { gitVariables, serveDaemon } from '../repo/hook-daemon.js';
import type { DaemonAnswer, DaemonHookRequest } from '../repo/hook-daemon.js';
import { runHookCli } from './cli.js';

/** How long a hook daemon waits for the next request before it exits. */
export const DAEMON_IDLE_MS = 15 * 60_000;

/**
 * Answers one hook request exactly as `charter hook` would in its own process. A client
 * whose GIT_* variables differ from the daemon's is declined: git inside the check would not
 * see the repository the client sees.
 */
export async function answerHookRequest(request: DaemonHookRequest): Promise<DaemonAnswer> {
  if (JSON.stringify(sorted(request.gitEnv)) !== JSON.stringify(sorted(gitVariables(process.env))))
    throw new Error('the client runs git with other GIT_* variables');
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: request.cwd,
    env: request.env,
    stdout: { write: (text: string) => void (stdout += text) },
    stderr: { write: (text: string) => void (stderr += text) },
    readStdin: async () => request.stdin,
  };
  const treesBefore = parseTreeCount();
  // The deadline counts from the client's start, not from this request's arrival.
  const result = await runHookCli(request.args, io, performance.now() - request.elapsedMs);
  // Parse trees live in native memory that a long-lived process would otherwise keep.
  if (parseTreeCount() !== treesBefore) setImmediate(releaseParseTrees);
  return { stdout, stderr, exitCode: result.exitCode };
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Loads what every hook needs before the first request arrives. */
async function warmUp(): Promise<void> {
  await Promise.all([
    import('./evaluate.js'),
    import('./claude.js'),
    import('./codex.js'),
    import('./gemini.js'),
    import('./cursor.js'),
    import('./copilot.js'),
    import('../facts/shell/index.js'),
  ]);
}

/** Serves hook requests on `socket`; resolves false when another daemon already does. */
export async function runHookDaemon(
  socket: string,
  idleMs: number,
  onListening?: () => void,
): Promise<boolean> {
  await warmUp();
  return serveDaemon({
    socket,
    idleMs,
    handle: answerHookRequest,
    ...(onListening ? { onListening } : {}),
  });
}
