import type { CliIo } from '../cli/io.js';
import { errorReason } from './message.js';
import { AGENTS, HOOK_ERROR, HookInputError, HookSetupError } from './types.js';
import type { AgentAdapter, AgentName, HookAnswer, HookOutcome, HookRequest } from './types.js';
import { findEvent } from './input.js';

import { DEFAULT_DEADLINE_MS } from './args.js';

export interface HookRunOptions {
  deadlineMs?: number;
  /** performance.now() when the deadline starts counting (0: process start). */
  startedAt?: number;
  cache?: boolean;
  now?: Date;
  /** A problem with the hook's own command line: answered as a fail-closed denial. */
  setupError?: string;
  /** Called with the answer as soon as it is written, before the audit-log entry. */
  onAnswer?: (answer: HookAnswer, timedOut: boolean) => void;
}

export interface HookRunResult {
  exitCode: 0 | 2;
  /** The deadline passed: work may still be running, the process should end once output is flushed. */
  timedOut: boolean;
}

/** Adapters load on demand: a hook process only pays for the agent it speaks to. */
async function loadAdapter(agent: AgentName): Promise<AgentAdapter> {
  switch (agent) {
    case 'claude':
      return (await import('./claude.js')).adapter;
    case 'codex':
      return (await import('./codex.js')).adapter;
    case 'gemini':
      return (await import('./gemini.js')).adapter;
    case 'cursor':
      return (await import('./cursor.js')).adapter;
    case 'copilot':
      return (await import('./copilot.js')).adapter;
  }
}

/** A fail-closed answer when the agent is unknown: Claude Code's shape, the most widely copied. */
function unknownAgentAnswer(reason: string): HookAnswer {
  return {
    stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } })}\n`,
    stderr: `${reason}\n`,
    exitCode: 2,
  };
}

function describe(error: unknown): { message: string; hint?: string } {
  if (error instanceof HookSetupError) {
    return {
      message: `the hook is set up wrong: ${error.message}`,
      hint: 'Reinstall it with `charter hooks install --agent <agent>` and run `charter doctor`.',
    };
  }
  if (error instanceof HookInputError) {
    return {
      message: `the hook input is not what the agent sends: ${error.message}`,
      hint: 'Check that the hook is installed for the right agent and event (charter doctor), then retry.',
    };
  }
  if (error instanceof Error) {
    const coded = error as Error & {
      code?: unknown;
      hint?: unknown;
      problems?: { path: string; message: string; span: { line: number; column: number } }[];
      file?: unknown;
    };
    if (Array.isArray(coded.problems)) {
      const first = coded.problems
        .slice(0, 3)
        .map(
          (p) => `${String(coded.file)}:${p.span.line}:${p.span.column} ${p.path}: ${p.message}`,
        );
      return {
        message: `the contract is invalid: ${first.join('; ')}${coded.problems.length > 3 ? ` (and ${coded.problems.length - 3} more)` : ''}`,
        hint: 'A human must fix charter.yaml (run `charter check` to see every problem); do not edit it yourself.',
      };
    }
    if (typeof coded.code === 'string' && /^[a-z]+\/[a-z-]+$/.test(coded.code)) {
      return {
        message: `${coded.code}: ${error.message}`,
        ...(typeof coded.hint === 'string' ? { hint: coded.hint } : {}),
      };
    }
    return { message: `internal error: ${error.message}` };
  }
  return { message: `internal error: ${String(error)}` };
}

function errorOutcome(error: unknown): HookOutcome {
  const { message, hint } = describe(error);
  return { kind: 'error', reason: errorReason(message, hint), codes: [HOOK_ERROR] };
}

function deadlineReason(deadlineMs: number): string {
  return errorReason(
    `the check did not finish within its deadline of ${deadlineMs} ms`,
    'Retry once; if it keeps happening, ask a human to raise the deadline (`charter hook … --deadline <ms>`) or to look at `charter check --timing`.',
  );
}

/**
 * A fail-closed denial in the agent's own protocol, for a hook process whose check could not
 * answer: `deadlineMs` when it missed the deadline, else `message` says what went wrong.
 */
export async function failureAnswer(
  agentName: string,
  eventName: string,
  failure: { deadlineMs: number } | { message: string; hint?: string },
): Promise<HookAnswer> {
  const reason =
    'deadlineMs' in failure
      ? deadlineReason(failure.deadlineMs)
      : errorReason(failure.message, failure.hint);
  const outcome: HookOutcome = { kind: 'error', codes: [HOOK_ERROR], reason };
  if (!(AGENTS as readonly string[]).includes(agentName)) return unknownAgentAnswer(reason);
  try {
    const adapter = await loadAdapter(agentName as AgentName);
    return adapter.render(findEvent(adapter.events, eventName) ?? eventName, outcome);
  } catch (error) {
    return unknownAgentAnswer(errorReason(describe(error).message));
  }
}

class DeadlineError extends Error {}

/** Reads stdin, decides, answers in the agent's protocol. Never throws; never exit 1. */
export async function runHook(
  agentName: string,
  eventName: string,
  io: CliIo,
  options: HookRunOptions = {},
): Promise<HookRunResult> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const started = options.startedAt ?? performance.now();
  const write = (answer: HookAnswer, timedOut = false): void => {
    if (answer.stdout) io.stdout.write(answer.stdout);
    if (answer.stderr) io.stderr.write(answer.stderr);
    options.onAnswer?.(answer, timedOut);
  };
  if (!(AGENTS as readonly string[]).includes(agentName)) {
    const answer = unknownAgentAnswer(
      errorReason(
        `unknown agent "${agentName}"`,
        `Install the hook with \`charter hooks install --agent <${AGENTS.join('|')}>\`.`,
      ),
    );
    write(answer);
    return { exitCode: answer.exitCode, timedOut: false };
  }
  const agent = agentName as AgentName;
  let adapter: AgentAdapter;
  try {
    adapter = await loadAdapter(agent);
  } catch (error) {
    const answer = unknownAgentAnswer(errorReason(describe(error).message));
    write(answer);
    return { exitCode: 2, timedOut: false };
  }
  const event = findEvent(adapter.events, eventName);
  let request: HookRequest | undefined;
  let root: string | undefined;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError()),
      Math.max(0, deadlineMs - (performance.now() - started)),
    );
    timer.unref?.();
  });
  let outcome: HookOutcome;
  try {
    outcome = await Promise.race([
      (async (): Promise<HookOutcome> => {
        if (options.setupError) throw new HookSetupError(options.setupError);
        if (!event)
          throw new HookSetupError(
            `${adapter.agent} has no "${eventName}" event Charter answers (known: ${adapter.events.join(', ')})`,
          );
        const text = io.readStdin ? await io.readStdin() : '';
        if (text.trim() === '')
          throw new HookInputError('stdin is empty; the agent sends the event as JSON on stdin');
        let input: unknown;
        try {
          input = JSON.parse(text);
        } catch (error) {
          throw new HookInputError(`stdin is not valid JSON (${(error as Error).message})`);
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          throw new HookInputError('stdin must be a JSON object');
        request = adapter.parse(event, input as Record<string, unknown>, io.cwd);
        // A tool that neither edits nor runs anything needs no engine at all.
        if (request.action.kind === 'pass') return { kind: 'allow' };
        const { evaluate } = await import('./evaluate.js');
        const projectDir =
          io.env.CLAUDE_PROJECT_DIR ?? io.env.GEMINI_PROJECT_DIR ?? io.env.CURSOR_PROJECT_DIR;
        const evaluation = await evaluate(request, {
          cache: options.cache ?? true,
          ...(projectDir ? { projectDir } : {}),
          ...(io.env.HOME ? { home: io.env.HOME } : {}),
          ...(options.now ? { now: options.now } : {}),
        });
        root = evaluation.root;
        return evaluation.outcome;
      })(),
      deadline,
    ]);
  } catch (error) {
    if (error instanceof DeadlineError) {
      timedOut = true;
      outcome = { kind: 'error', codes: [HOOK_ERROR], reason: deadlineReason(deadlineMs) };
    } else {
      outcome = errorOutcome(error);
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
  // An event Charter only observes still answers an error as the agent's failure shape.
  const answer = adapter.render(event ?? eventName, outcome);
  write(answer, timedOut);
  await audit(root, io, agent, event ?? eventName, request, outcome, performance.now() - started);
  return { exitCode: answer.exitCode, timedOut };
}

async function audit(
  root: string | undefined,
  io: CliIo,
  agent: AgentName,
  event: string,
  request: HookRequest | undefined,
  outcome: HookOutcome,
  ms: number,
): Promise<void> {
  try {
    const { repositoryRoot } = await import('../repo/hook-config-io.js');
    const where = root ?? (await repositoryRoot(request?.cwd ?? io.cwd));
    if (!where) return;
    const { appendAudit } = await import('../repo/audit-log.js');
    await appendAudit(where, {
      time: new Date().toISOString(),
      agent,
      event,
      session: request?.session ?? null,
      toolUseId: request?.toolUseId ?? null,
      tool: request?.tool ?? null,
      decision: outcome.kind,
      codes: outcome.kind === 'allow' ? [] : outcome.codes,
      files: outcome.files ?? [],
      ms: Math.round(ms),
    });
  } catch (error) {
    if (io.env.CHARTER_DEBUG)
      io.stderr.write(`charter: could not write the audit log: ${(error as Error).message}\n`);
  }
}
