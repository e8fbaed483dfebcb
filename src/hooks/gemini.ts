import path from 'node:path';
import {
  filePath,
  object,
  optionalBoolean,
  optionalNumber,
  optionalString,
  string,
  workingDirectory,
} from './input.js';
import { HookInputError } from './types.js';
import type { AgentAdapter, HookAction, HookAnswer, HookOutcome, HookRequest } from './types.js';

/**
 * Gemini CLI (geminicli.com/docs/hooks/reference). Input: session_id, transcript_path, cwd,
 * hook_event_name, timestamp; BeforeTool/AfterTool add tool_name and tool_input (write_file,
 * replace, run_shell_command); AfterAgent adds stop_hook_active. Output: JSON on stdout with
 * exit 0 (`decision: "deny"` + `reason` blocks a tool), or exit 2 with the reason on stderr.
 */

const EVENTS = ['BeforeTool', 'AfterTool', 'AfterAgent', 'SessionStart'] as const;

function toolAction(tool: string, input: Record<string, unknown>, cwd: string): HookAction {
  switch (tool) {
    case 'write_file':
      return {
        kind: 'edit',
        edits: [
          {
            type: 'write',
            path: filePath(string(input, 'file_path', 'tool_input'), cwd),
            content: string(input, 'content', 'tool_input'),
          },
        ],
      };
    case 'replace': {
      const expected = optionalNumber(input, 'expected_replacements', 'tool_input') ?? 1;
      const old = string(input, 'old_string', 'tool_input');
      return {
        kind: 'edit',
        edits: [
          {
            type: 'replace',
            path: filePath(string(input, 'file_path', 'tool_input'), cwd),
            replacements: [
              {
                old,
                new: string(input, 'new_string', 'tool_input'),
                all: expected > 1 || optionalBoolean(input, 'allow_multiple', 'tool_input'),
              },
            ],
            createIfMissing: true,
          },
        ],
      };
    }
    case 'run_shell_command': {
      const directory = optionalString(input, 'directory', 'tool_input');
      return {
        kind: 'command',
        command: string(input, 'command', 'tool_input'),
        cwd: directory ? path.resolve(cwd, directory) : cwd,
      };
    }
    default:
      return { kind: 'pass' };
  }
}

function parse(event: string, input: Record<string, unknown>, fallbackCwd: string): HookRequest {
  const declared = optionalString(input, 'hook_event_name');
  if (declared !== undefined && declared !== event)
    throw new HookInputError(
      `the input is a ${declared} event, but the hook was installed for ${event}`,
    );
  const cwd = workingDirectory(optionalString(input, 'cwd'), fallbackCwd);
  const base = {
    agent: 'gemini' as const,
    event,
    cwd,
    session: optionalString(input, 'session_id'),
    toolUseId: undefined,
  };
  switch (event) {
    case 'BeforeTool': {
      const tool = string(input, 'tool_name');
      return { ...base, tool, action: toolAction(tool, object(input, 'tool_input'), cwd) };
    }
    case 'AfterTool':
      return {
        ...base,
        tool: optionalString(input, 'tool_name'),
        action: { kind: 'worktree', phase: 'after-tool', repeated: false },
      };
    case 'AfterAgent':
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

function render(event: string, outcome: HookOutcome): HookAnswer {
  const fail = (): HookAnswer => ({
    stdout: json({ decision: 'deny', reason: outcome.kind === 'allow' ? '' : outcome.reason }),
    stderr: `${outcome.kind === 'allow' ? '' : outcome.reason}\n`,
    exitCode: 2,
  });
  if (outcome.kind === 'error' || outcome.kind === 'deny') return fail();
  if (outcome.kind === 'allow') {
    if (event === 'SessionStart' && outcome.context)
      return {
        stdout: json({
          hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: outcome.context },
        }),
        stderr: '',
        exitCode: 0,
      };
    return { stdout: json({}), stderr: '', exitCode: 0 };
  }
  if (event === 'AfterAgent') {
    return outcome.kind === 'block'
      ? { stdout: json({ decision: 'deny', reason: outcome.reason }), stderr: '', exitCode: 0 }
      : { stdout: json({ systemMessage: outcome.reason }), stderr: '', exitCode: 0 };
  }
  if (event === 'AfterTool')
    return {
      stdout: json({
        hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext: outcome.reason },
      }),
      stderr: '',
      exitCode: 0,
    };
  return fail();
}

export const adapter: AgentAdapter = { agent: 'gemini', events: EVENTS, parse, render };
