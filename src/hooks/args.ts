/** How long a hook may take before it answers with a fail-closed denial. */
export const DEFAULT_DEADLINE_MS = 10_000;

/** `charter hook <agent> <event> [--deadline <ms>] [--no-cache]`, and its environment. */
export interface HookArgs {
  agent: string;
  event: string;
  cache: boolean;
  /** Milliseconds; undefined for the default. */
  deadlineMs?: number;
  /** A flag that could not be read: answered as a fail-closed denial. */
  setupError?: string;
}

/** Parsed without the full CLI, so an agent's hook starts as fast as possible. */
export function parseHookArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): HookArgs {
  const [agent = '', event = '', ...rest] = args;
  const parsed: HookArgs = { agent, event, cache: true };
  const fromEnv = env.CHARTER_HOOK_DEADLINE_MS;
  if (fromEnv && /^\d+$/.test(fromEnv)) parsed.deadlineMs = Number(fromEnv);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flag === '--deadline') {
      const value = inline ?? rest[++i];
      if (value !== undefined && /^\d+$/.test(value)) parsed.deadlineMs = Number(value);
      else parsed.setupError = '--deadline needs a number of milliseconds';
    } else if (flag === '--no-cache') parsed.cache = false;
  }
  return parsed;
}
