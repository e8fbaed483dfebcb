import {
  filePath,
  firstString,
  isObject,
  optionalString,
  string,
  workingDirectory,
} from './input.js';
import type { Json } from './input.js';
import { HookInputError } from './types.js';
import type { AgentAdapter, HookAction, HookAnswer, HookOutcome, HookRequest } from './types.js';

/**
 * GitHub Copilot coding agent and Copilot CLI (docs.github.com/en/copilot/reference/
 * hooks-configuration). preToolUse input: timestamp, cwd, toolName, and toolArgs, a JSON
 * string of the tool's arguments (some versions send the object itself). Output:
 * `permissionDecision: "deny"` with `permissionDecisionReason`; a non-zero exit also denies.
 * postToolUse and sessionStart outputs are ignored by Copilot.
 */

const EVENTS = ['preToolUse', 'postToolUse', 'sessionStart'] as const;
const SHELL_TOOLS = new Set(['bash', 'shell', 'powershell', 'pwsh', 'run_in_terminal']);

function toolArgs(input: Json): Json {
  const raw = input.toolArgs;
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string') throw new HookInputError('input.toolArgs must be a JSON string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new HookInputError(`input.toolArgs is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new HookInputError('input.toolArgs must hold a JSON object');
  return parsed;
}

function toolAction(tool: string, args: Json, cwd: string): HookAction {
  const name = tool.toLowerCase();
  if (SHELL_TOOLS.has(name))
    return { kind: 'command', command: string(args, 'command', 'toolArgs'), cwd };
  const file = (): string =>
    filePath(firstString(args, ['path', 'file_path', 'filePath'], 'toolArgs'), cwd);
  if (name === 'create' || name === 'write' || name === 'create_file') {
    return {
      kind: 'edit',
      edits: [
        {
          type: 'write',
          path: file(),
          content: firstString(args, ['file_text', 'content'], 'toolArgs'),
        },
      ],
    };
  }
  if (name === 'edit' || name === 'str_replace' || name === 'replace_string_in_file') {
    const old =
      optionalString(args, 'old_str', 'toolArgs') ??
      firstString(args, ['old_string', 'oldString'], 'toolArgs');
    const replacementText =
      optionalString(args, 'new_str', 'toolArgs') ??
      firstString(args, ['new_string', 'newString'], 'toolArgs');
    return {
      kind: 'edit',
      edits: [
        {
          type: 'replace',
          path: file(),
          replacements: [{ old, new: replacementText, all: false }],
          createIfMissing: true,
        },
      ],
    };
  }
  return { kind: 'pass' };
}

function parse(event: string, input: Json, fallbackCwd: string): HookRequest {
  const cwd = workingDirectory(optionalString(input, 'cwd'), fallbackCwd);
  const base = {
    agent: 'copilot' as const,
    event,
    cwd,
    session: optionalString(input, 'sessionId'),
    toolUseId: undefined,
  };
  switch (event) {
    case 'preToolUse': {
      const tool = string(input, 'toolName');
      return { ...base, tool, action: toolAction(tool, toolArgs(input), cwd) };
    }
    case 'postToolUse':
      return {
        ...base,
        tool: optionalString(input, 'toolName'),
        action: { kind: 'worktree', phase: 'after-tool', repeated: false },
      };
    case 'sessionStart':
      return { ...base, tool: undefined, action: { kind: 'session-start' } };
    default:
      throw new HookInputError(`unknown event ${event}`);
  }
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

function render(_event: string, outcome: HookOutcome): HookAnswer {
  if (outcome.kind === 'error' || outcome.kind === 'deny') {
    return {
      stdout: json({ permissionDecision: 'deny', permissionDecisionReason: outcome.reason }),
      stderr: `${outcome.reason}\n`,
      exitCode: 2,
    };
  }
  if (outcome.kind === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
  // postToolUse output is ignored by Copilot: the findings go to the log on stderr.
  return { stdout: '', stderr: `${outcome.reason}\n`, exitCode: 0 };
}

export const adapter: AgentAdapter = { agent: 'copilot', events: EVENTS, parse, render };
