import type { CliIo } from '../cli/io.js';
import { runSupervised } from '../repo/hook-child.js';
import type { SupervisedResult } from '../repo/hook-child.js';
import { askDaemon, daemonEndpoint, retireDaemon, startDaemon } from '../repo/hook-daemon.js';
import type { DaemonAnswer, DaemonEndpoint } from '../repo/hook-daemon.js';
import { DEFAULT_DEADLINE_MS, parseHookArgs } from './args.js';
import type { HookRunResult } from './run.js';

/**
 * `charter hook …` as the agent runs it: asks the hook daemon when one serves this build,
 * else checks in a process of its own (and starts a daemon for the next hook). Both give the
 * same answer; the daemon only saves the start-up. This process never checks anything itself:
 * it only passes text and keeps the time, so whatever the check does (a regular expression
 * that backtracks for hours, a read that blocks), the agent gets its answer by the deadline
 * and this process exits.
 */

/** How long past the deadline to wait for the daemon's own deadline answer. */
const DAEMON_GRACE_MS = 500;

/** How long a daemon that missed the deadline lives on to write its audit-log entry. */
const AUDIT_GRACE_MS = 200;

/** How long past the deadline a checking process may take to give its own deadline answer. */
const CHILD_GRACE_MS = 250;

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

function write(io: CliIo, answer: DaemonAnswer): void {
  if (answer.stdout) io.stdout.write(answer.stdout);
  if (answer.stderr) io.stderr.write(answer.stderr);
}

async function answerFailure(
  args: readonly string[],
  io: CliIo,
  failure: { deadlineMs: number } | { message: string; hint?: string },
): Promise<HookRunResult> {
  const { failureAnswer } = await import('./run.js');
  const answer = await failureAnswer(args[0] ?? '', args[1] ?? '', failure);
  write(io, answer);
  return { exitCode: answer.exitCode, timedOut: true };
}

type DaemonOutcome =
  { kind: 'answered'; result: HookRunResult } | { kind: 'not-asked' | 'absent' | 'failed' };

/** Asks the daemon; an answer that missed its deadline, or none at all, retires it. */
async function viaDaemon(
  endpoint: DaemonEndpoint,
  args: readonly string[],
  io: CliIo,
  stdin: string,
  deadlineMs: number,
): Promise<DaemonOutcome> {
  const env: Record<string, string> = {};
  for (const name of FORWARDED_ENV) {
    const value = io.env[name];
    if (value !== undefined) env[name] = value;
  }
  const elapsedMs = performance.now();
  const answer = await askDaemon(
    endpoint,
    { kind: 'hook', args: [...args], cwd: io.cwd, env, stdin, elapsedMs },
    // The daemon answers by the deadline itself (a denial if the check is not done).
    deadlineMs - elapsedMs + DAEMON_GRACE_MS,
  );
  if (typeof answer === 'object') {
    write(io, answer);
    // Whatever made it miss the deadline may still hold it: the next hook gets a new one,
    // once the daemon had a moment for its audit-log entry.
    if (answer.timedOut) {
      await new Promise((resolve) => setTimeout(resolve, AUDIT_GRACE_MS));
      await retireDaemon(endpoint);
    }
    return { kind: 'answered', result: { exitCode: answer.exitCode, timedOut: false } };
  }
  if (answer === 'silent') {
    // Wedged (or not a daemon at all): it must not stall the hooks after this one.
    await retireDaemon(endpoint);
    return { kind: 'answered', result: await answerFailure(args, io, { deadlineMs }) };
  }
  if (answer === 'unauthenticated') {
    io.stderr.write(
      `charter: what listens on ${endpoint.socket} did not prove it is a Charter daemon of this user; its answer is ignored and this hook is checked in its own process\n`,
    );
    return { kind: 'absent' };
  }
  return { kind: answer };
}

/** Checks in a process of its own, within what is left of the deadline. */
async function viaChild(
  args: readonly string[],
  io: CliIo,
  stdin: string,
  deadlineMs: number,
): Promise<HookRunResult> {
  const elapsedMs = performance.now();
  const remaining = deadlineMs - elapsedMs;
  if (remaining <= 0) return answerFailure(args, io, { deadlineMs });
  const result: SupervisedResult = await runSupervised({
    request: { args: [...args], elapsedMs },
    stdin,
    cwd: io.cwd,
    env: io.env,
    timeoutMs: remaining + CHILD_GRACE_MS,
  });
  if (result.kind === 'answer') {
    write(io, result.answer);
    return { exitCode: result.answer.exitCode, timedOut: result.answer.timedOut === true };
  }
  if (result.kind === 'timeout') return answerFailure(args, io, { deadlineMs });
  return answerFailure(args, io, {
    message: `the check ended without an answer (${result.detail})`,
    hint: 'Retry once; if it keeps happening, run the same hook with CHARTER_DEBUG=1 to see why.',
  });
}

export async function runHookClient(args: readonly string[], io: CliIo): Promise<HookRunResult> {
  let stdin: string;
  try {
    stdin = io.readStdin ? await io.readStdin() : '';
  } catch (error) {
    // Stdin too large or broken: nothing is checked, so the agent gets a denial in its protocol.
    const coded = error as Error & { code?: unknown; hint?: unknown };
    return answerFailure(args, io, {
      message: `${typeof coded.code === 'string' ? `${coded.code}: ` : ''}${coded.message}`,
      ...(typeof coded.hint === 'string' ? { hint: coded.hint } : {}),
    });
  }
  const deadlineMs = parseHookArgs(args, io.env).deadlineMs ?? DEFAULT_DEADLINE_MS;
  // Already too late: nobody is asked, so no daemon is taken for wedged.
  if (performance.now() >= deadlineMs) return answerFailure(args, io, { deadlineMs });
  const endpoint = daemonAllowed(args, io.env) ? await daemonEndpoint(io.env) : undefined;
  const outcome: DaemonOutcome = endpoint
    ? await viaDaemon(endpoint, args, io, stdin, deadlineMs)
    : { kind: 'not-asked' };
  if (outcome.kind === 'answered') return outcome.result;
  // No daemon, or it broke off: a process of its own decides, within what is left.
  const result = await viaChild(args, io, stdin, deadlineMs);
  if (outcome.kind === 'absent') startDaemon();
  return result;
}
