import type { CliIo } from '../cli/io.js';
import { parseHookArgs } from './args.js';
import { runHook } from './run.js';
import type { HookRunOptions, HookRunResult } from './run.js';

/** `charter hook <agent> <event> [--deadline <ms>] [--no-cache]` in this process. */
export async function runHookCli(
  args: readonly string[],
  io: CliIo,
  startedAt?: number,
  onAnswer?: HookRunOptions['onAnswer'],
): Promise<HookRunResult> {
  const { agent, event, cache, deadlineMs, setupError } = parseHookArgs(args, io.env);
  return runHook(agent, event, io, {
    cache,
    ...(onAnswer ? { onAnswer } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    ...(setupError ? { setupError } : {}),
  });
}
