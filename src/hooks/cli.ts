import type { CliIo } from '../cli/io.js';
import { runHook } from './run.js';
import type { HookRunResult } from './run.js';

/**
 * `charter hook <agent> <event> [--deadline <ms>] [--no-cache]`, parsed without the full CLI
 * so an agent's hook starts as fast as possible.
 */
export async function runHookCli(
  args: readonly string[],
  io: CliIo,
  startedAt?: number,
): Promise<HookRunResult> {
  const [agent = '', event = '', ...rest] = args;
  let deadlineMs: number | undefined;
  let cache = true;
  const fromEnv = io.env.CHARTER_HOOK_DEADLINE_MS;
  if (fromEnv && /^\d+$/.test(fromEnv)) deadlineMs = Number(fromEnv);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flag === '--deadline') {
      const value = inline ?? rest[++i];
      if (value !== undefined && /^\d+$/.test(value)) deadlineMs = Number(value);
      else deadlineMs = -1;
    } else if (flag === '--no-cache') cache = false;
  }
  const options = {
    cache,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(deadlineMs !== undefined && deadlineMs >= 0 ? { deadlineMs } : {}),
    ...(deadlineMs === -1 ? { setupError: '--deadline needs a number of milliseconds' } : {}),
  };
  return runHook(agent, event, io, options);
}
