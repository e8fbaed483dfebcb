import {
  filePath,
  isObject,
  optionalNumber,
  optionalString,
  string,
  workingDirectory,
} from './input.js';
import { HookInputError } from './types.js';
import type { AgentAdapter, HookAnswer, HookOutcome, HookRequest } from './types.js';

/**
 * Cursor (cursor.com/docs/agent/hooks). Input: conversation_id, generation_id,
 * hook_event_name, workspace_roots; beforeShellExecution adds command and cwd; afterFileEdit
 * adds file_path and edits; stop adds status and loop_count. Output: beforeShellExecution
 * answers `permission` ("allow" | "deny" | "ask") with `user_message` and `agent_message`;
 * stop answers `followup_message`; afterFileEdit cannot answer. Exit 2 blocks.
 */

const EVENTS = ['beforeShellExecution', 'afterFileEdit', 'stop'] as const;

function parse(event: string, input: Record<string, unknown>, fallbackCwd: string): HookRequest {
  const declared = optionalString(input, 'hook_event_name');
  if (declared !== undefined && declared !== event)
    throw new HookInputError(
      `the input is a ${declared} event, but the hook was installed for ${event}`,
    );
  const roots = Array.isArray(input.workspace_roots)
    ? input.workspace_roots.filter((r): r is string => typeof r === 'string')
    : [];
  const workspace = workingDirectory(roots[0], fallbackCwd);
  const base = {
    agent: 'cursor' as const,
    event,
    session: optionalString(input, 'conversation_id'),
    toolUseId: optionalString(input, 'generation_id'),
  };
  switch (event) {
    case 'beforeShellExecution': {
      // cwd may be an empty string; the workspace root is the shell's directory then.
      const cwd = workingDirectory(optionalString(input, 'cwd'), workspace);
      return {
        ...base,
        cwd,
        tool: 'shell',
        action: { kind: 'command', command: string(input, 'command'), cwd },
      };
    }
    case 'afterFileEdit': {
      // The file is checked with the whole working tree; its path only has to be readable.
      filePath(string(input, 'file_path'), workspace);
      if (input.edits !== undefined && !Array.isArray(input.edits))
        throw new HookInputError('input.edits must be a list');
      for (const [i, edit] of ((input.edits as unknown[]) ?? []).entries())
        if (!isObject(edit)) throw new HookInputError(`input.edits[${i}] must be an object`);
      return {
        ...base,
        cwd: workspace,
        tool: 'edit',
        action: { kind: 'worktree', phase: 'after-tool', repeated: false },
      };
    }
    case 'stop': {
      const loops = optionalNumber(input, 'loop_count') ?? 0;
      return {
        ...base,
        cwd: workspace,
        tool: undefined,
        action: { kind: 'worktree', phase: 'stop', repeated: loops > 0 },
      };
    }
    default:
      throw new HookInputError(`unknown event ${event}`);
  }
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

function render(event: string, outcome: HookOutcome): HookAnswer {
  if (outcome.kind === 'error' || outcome.kind === 'deny') {
    return {
      stdout: json({
        permission: 'deny',
        user_message: firstLine(outcome.reason),
        agent_message: outcome.reason,
      }),
      stderr: `${outcome.reason}\n`,
      exitCode: 2,
    };
  }
  if (outcome.kind === 'allow') return { stdout: json({}), stderr: '', exitCode: 0 };
  if (event === 'stop' && outcome.kind === 'block')
    return { stdout: json({ followup_message: outcome.reason }), stderr: '', exitCode: 0 };
  // afterFileEdit cannot answer the agent; the stop hook will block on the same findings.
  return { stdout: json({}), stderr: `${outcome.reason}\n`, exitCode: 0 };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export const adapter: AgentAdapter = { agent: 'cursor', events: EVENTS, parse, render };
