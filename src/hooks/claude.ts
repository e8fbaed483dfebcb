import {
  filePath,
  isObject,
  object,
  optionalBoolean,
  optionalString,
  replacement,
  string,
  workingDirectory,
} from './input.js';
import type { Json } from './input.js';
import { HookInputError } from './types.js';
import type {
  AgentAdapter,
  FileEdit,
  HookAction,
  HookAnswer,
  HookOutcome,
  HookRequest,
} from './types.js';

/**
 * Claude Code (code.claude.com/docs/en/hooks). Input on stdin: session_id, transcript_path,
 * cwd, permission_mode, hook_event_name, and per event tool_name, tool_input, tool_use_id
 * (PreToolUse, PostToolUse), stop_hook_active (Stop, SubagentStop), source (SessionStart).
 * Output: JSON on stdout with exit 0, or exit 2 with the reason on stderr (stdout ignored).
 */

const EVENTS = ['PreToolUse', 'PostToolUse', 'Stop', 'SubagentStop', 'SessionStart'] as const;

function editFor(tool: string, input: Json, cwd: string): FileEdit[] | undefined {
  switch (tool) {
    case 'Write':
      return [
        {
          type: 'write',
          path: filePath(string(input, 'file_path', 'tool_input'), cwd),
          content: string(input, 'content', 'tool_input'),
        },
      ];
    case 'Edit':
      return [
        {
          type: 'replace',
          path: filePath(string(input, 'file_path', 'tool_input'), cwd),
          replacements: [
            replacement(input, 'tool_input', {
              old: 'old_string',
              new: 'new_string',
              all: 'replace_all',
            }),
          ],
          createIfMissing: true,
        },
      ];
    case 'MultiEdit': {
      const edits = input.edits;
      if (!Array.isArray(edits) || edits.length === 0)
        throw new HookInputError('tool_input.edits must be a non-empty list');
      return [
        {
          type: 'replace',
          path: filePath(string(input, 'file_path', 'tool_input'), cwd),
          replacements: edits.map((edit, i) => {
            if (!isObject(edit))
              throw new HookInputError(`tool_input.edits[${i}] must be an object`);
            return replacement(edit, `tool_input.edits[${i}]`, {
              old: 'old_string',
              new: 'new_string',
              all: 'replace_all',
            });
          }),
          createIfMissing: true,
        },
      ];
    }
    case 'NotebookEdit': {
      const mode = optionalString(input, 'edit_mode', 'tool_input') ?? 'replace';
      if (mode !== 'replace' && mode !== 'insert' && mode !== 'delete')
        throw new HookInputError(`tool_input.edit_mode "${mode}" is not replace, insert or delete`);
      const cellType = optionalString(input, 'cell_type', 'tool_input');
      return [
        {
          type: 'notebook',
          path: filePath(string(input, 'notebook_path', 'tool_input'), cwd),
          cellId: optionalString(input, 'cell_id', 'tool_input'),
          source: optionalString(input, 'new_source', 'tool_input') ?? '',
          cellType: cellType === 'code' || cellType === 'markdown' ? cellType : undefined,
          mode,
        },
      ];
    }
    default:
      return undefined;
  }
}

/** Claude Code's input, shared with Codex (same wire format). */
export function parseClaudeStyle(
  agent: 'claude' | 'codex',
  event: string,
  input: Json,
  fallbackCwd: string,
  toolAction: (tool: string, toolInput: Json, cwd: string) => HookAction,
): HookRequest {
  const declared = optionalString(input, 'hook_event_name');
  if (declared !== undefined && declared !== event)
    throw new HookInputError(
      `the input is a ${declared} event, but the hook was installed for ${event}`,
    );
  const cwd = workingDirectory(optionalString(input, 'cwd'), fallbackCwd);
  const base = {
    agent,
    event,
    cwd,
    session: optionalString(input, 'session_id'),
    toolUseId: optionalString(input, 'tool_use_id'),
  };
  switch (event) {
    case 'PreToolUse': {
      const tool = string(input, 'tool_name');
      return { ...base, tool, action: toolAction(tool, object(input, 'tool_input'), cwd) };
    }
    case 'PostToolUse':
      return {
        ...base,
        tool: optionalString(input, 'tool_name'),
        action: { kind: 'worktree', phase: 'after-tool', repeated: false },
      };
    case 'Stop':
    case 'SubagentStop':
      return {
        ...base,
        tool: undefined,
        action: {
          kind: 'worktree',
          phase: 'stop',
          repeated: optionalBoolean(input, 'stop_hook_active'),
        },
      };
    case 'SessionStart':
      return { ...base, tool: undefined, action: { kind: 'session-start' } };
    default:
      throw new HookInputError(`unknown event ${event}`);
  }
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** Claude Code's answers (Codex reads the same). */
export function renderClaudeStyle(event: string, outcome: HookOutcome): HookAnswer {
  const failed = outcome.kind === 'error' || outcome.kind === 'deny';
  if (
    event === 'PreToolUse' ||
    !['PostToolUse', 'Stop', 'SubagentStop', 'SessionStart'].includes(event)
  ) {
    if (outcome.kind === 'allow' || outcome.kind === 'notice')
      return { stdout: '', stderr: '', exitCode: 0 };
    return {
      stdout: json({
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: 'deny',
          permissionDecisionReason: outcome.reason,
        },
      }),
      stderr: `${outcome.reason}\n`,
      exitCode: 2,
    };
  }
  if (event === 'SessionStart') {
    if (outcome.kind === 'allow')
      return outcome.context
        ? {
            stdout: json({
              hookSpecificOutput: {
                hookEventName: 'SessionStart',
                additionalContext: outcome.context,
              },
            }),
            stderr: '',
            exitCode: 0,
          }
        : { stdout: '', stderr: '', exitCode: 0 };
    return {
      stdout: json({
        hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: outcome.reason },
      }),
      stderr: `${outcome.reason}\n`,
      exitCode: failed ? 2 : 0,
    };
  }
  // PostToolUse, Stop, SubagentStop: the action already happened.
  switch (outcome.kind) {
    case 'allow':
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'block':
      return {
        stdout: json({ decision: 'block', reason: outcome.reason }),
        stderr: '',
        exitCode: 0,
      };
    case 'notice':
      return event === 'PostToolUse'
        ? {
            stdout: json({
              hookSpecificOutput: {
                hookEventName: 'PostToolUse',
                additionalContext: outcome.reason,
              },
            }),
            stderr: '',
            exitCode: 0,
          }
        : { stdout: json({ systemMessage: outcome.reason }), stderr: '', exitCode: 0 };
    default:
      return {
        stdout: json({ decision: 'block', reason: outcome.reason }),
        stderr: `${outcome.reason}\n`,
        exitCode: 2,
      };
  }
}

export const adapter: AgentAdapter = {
  agent: 'claude',
  events: EVENTS,
  parse: (event, input, fallbackCwd) =>
    parseClaudeStyle('claude', event, input, fallbackCwd, (tool, toolInput, cwd): HookAction => {
      if (tool === 'Bash') {
        return { kind: 'command', command: string(toolInput, 'command', 'tool_input'), cwd };
      }
      const edits = editFor(tool, toolInput, cwd);
      return edits ? { kind: 'edit', edits } : { kind: 'pass' };
    }),
  render: renderClaudeStyle,
};
