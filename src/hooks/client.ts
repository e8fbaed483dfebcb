import type { CliIo } from '../cli/io.js';
import { askDaemon, hookDaemonSocket, startDaemon } from '../repo/hook-daemon.js';
import { DEFAULT_DEADLINE_MS, parseHookArgs } from './args.js';
import type { HookRunResult } from './run.js';

/**
 * `charter hook …` as the agent runs it: asks the hook daemon when one serves this build,
 * else checks in this process (and starts a daemon for the next hook). Both give the same
 * answer; the daemon only saves the start-up. Anything wrong with the daemon falls back to
 * the in-process check, which is always there.
 */

/** How long past the deadline to wait for the daemon's own deadline answer. */
const DAEMON_GRACE_MS = 500;

/** What a hook reads from its environment; the daemon gets these from the client. */
const FORWARDED_ENV = [
  'CLAUDE_PROJECT_DIR',
  'GEMINI_PROJECT_DIR',
  'CURSOR_PROJECT_DIR',
  'HOME',
  'CHARTER_HOOK_DEADLINE_MS',
  'CHARTER_DEBUG',
] as const;

/**
 * Whether this hook may ask the daemon. Each environment that git or the check reads (PATH,
 * HOME, GIT_*) has a daemon of its own; Stop hooks also run the contract's verify commands,
 * which must see everything of the agent's environment, so they always check in-process.
 */
export function daemonAllowed(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const setting = (env.CHARTER_HOOK_DAEMON ?? '').toLowerCase();
  if (setting === '0' || setting === 'off' || setting === 'false') return false;
  return !/stop/i.test(args[1] ?? '');
}

export async function runHookClient(args: readonly string[], io: CliIo): Promise<HookRunResult> {
  let stdin = '';
  let unread: unknown;
  try {
    stdin = io.readStdin ? await io.readStdin() : '';
  } catch (error) {
    // Stdin too large or broken: the check below answers it as a denial in the agent's protocol.
    unread = error;
  }
  const local: CliIo = {
    ...io,
    readStdin: async () => {
      if (unread !== undefined) throw unread;
      return stdin;
    },
  };
  const socket =
    unread === undefined && daemonAllowed(args, io.env)
      ? await hookDaemonSocket(io.env)
      : undefined;
  let absent = false;
  if (socket) {
    const env: Record<string, string> = {};
    for (const name of FORWARDED_ENV) {
      const value = io.env[name];
      if (value !== undefined) env[name] = value;
    }
    const elapsedMs = performance.now();
    const deadline = parseHookArgs(args, io.env).deadlineMs ?? DEFAULT_DEADLINE_MS;
    const answer = await askDaemon(
      socket,
      { kind: 'hook', args: [...args], cwd: io.cwd, env, stdin, elapsedMs },
      // The daemon answers by the deadline itself (a denial if the check is not done).
      deadline - elapsedMs + DAEMON_GRACE_MS,
    );
    if (typeof answer === 'object') {
      io.stdout.write(answer.stdout);
      io.stderr.write(answer.stderr);
      return { exitCode: answer.exitCode, timedOut: false };
    }
    absent = answer === 'absent';
  }
  // No daemon, or it broke off: this process decides, within what is left of the deadline.
  const { runHookCli } = await import('./cli.js');
  const result = await runHookCli(args, local, 0);
  if (absent) startDaemon();
  return result;
}
