/**
 * What every agent's hook protocol is translated into, and what comes back out. Adapters in
 * src/hooks/<agent>.ts parse the agent's JSON into a HookRequest and render a HookOutcome in
 * the agent's own wire format; everything in between is agent-independent.
 */

export const AGENTS = ['claude', 'codex', 'gemini', 'cursor', 'copilot'] as const;
export type AgentName = (typeof AGENTS)[number];

/** A replacement inside a file, as edit tools describe it. */
export interface StringReplacement {
  old: string;
  new: string;
  /** Replace every occurrence (otherwise the first, which must exist). */
  all: boolean;
}

export type FileEdit =
  | { type: 'write'; path: string; content: string }
  | { type: 'replace'; path: string; replacements: StringReplacement[]; createIfMissing?: boolean }
  | { type: 'delete'; path: string }
  | { type: 'move'; from: string; to: string; replacements?: PatchHunk[] }
  | { type: 'patch'; path: string; hunks: PatchHunk[] }
  | {
      type: 'notebook';
      path: string;
      cellId: string | undefined;
      source: string;
      cellType: 'code' | 'markdown' | undefined;
      mode: 'replace' | 'insert' | 'delete';
    };

/** One `@@` section of an apply_patch update: context and removed lines, then what replaces them. */
export interface PatchHunk {
  /** The `@@` header text (a line the section follows), when given. */
  anchor: string | undefined;
  oldLines: string[];
  newLines: string[];
  /** `*** End of File`: the section is at the end of the file. */
  atEnd: boolean;
}

export type HookAction =
  | { kind: 'edit'; edits: FileEdit[] }
  | { kind: 'command'; command: string; cwd: string }
  | { kind: 'worktree'; phase: 'after-tool' | 'stop'; repeated: boolean }
  | { kind: 'session-start' }
  | { kind: 'pass' };

export interface HookRequest {
  agent: AgentName;
  /** The event as the agent names it. */
  event: string;
  /** Absolute working directory of the agent. */
  cwd: string;
  session: string | undefined;
  toolUseId: string | undefined;
  tool: string | undefined;
  action: HookAction;
}

/** A finding as a hook reports it. */
export interface HookFinding {
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  clause: string | undefined;
  remediation: string;
  severity: 'error' | 'warn';
}

export type HookOutcome =
  /** Nothing to object to; `context` is text for the agent (a session summary). */
  | { kind: 'allow'; context?: string; files?: string[] }
  /** The proposed action must not happen. */
  | { kind: 'deny'; reason: string; codes: string[]; files: string[] }
  /** After the fact: what the agent must fix before going on (PostToolUse, Stop). */
  | { kind: 'block'; reason: string; codes: string[]; files: string[] }
  /** After the fact, reported without blocking (a repeated Stop). */
  | { kind: 'notice'; reason: string; codes: string[]; files: string[] }
  /** Charter itself could not check: fail closed (charter/hook-error). */
  | { kind: 'error'; reason: string; codes: string[]; files?: string[] };

/** What the hook process writes and exits with. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: 0 | 2;
}

export interface AgentAdapter {
  agent: AgentName;
  /** Events this adapter answers, by the agent's own names. */
  events: readonly string[];
  /** Agent JSON → request; throws HookInputError when the input is not what the agent sends. */
  parse(event: string, input: Record<string, unknown>, fallbackCwd: string): HookRequest;
  render(event: string, outcome: HookOutcome): HookAnswer;
}

/** The agent sent something Charter cannot read: a fail-closed denial, never an allow. */
export class HookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookInputError';
  }
}

/** The hook itself is set up wrong (unknown event, bad flag): also a fail-closed denial. */
export class HookSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookSetupError';
  }
}

export const HOOK_ERROR = 'charter/hook-error';
