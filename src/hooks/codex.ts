import { parseApplyPatch } from './apply-patch.js';
import { parseClaudeStyle, renderClaudeStyle } from './claude.js';
import { string } from './input.js';
import type { AgentAdapter, HookAction } from './types.js';

/**
 * Codex CLI (developers.openai.com/codex/hooks, codex-rs/hooks): Claude Code's wire format.
 * PreToolUse and PostToolUse fire for Bash (`tool_input.command`) and apply_patch, whose
 * `tool_input.command` is the patch itself; a shell command that runs `apply_patch <<EOF`
 * is read as the patch it applies.
 */

const EVENTS = ['PreToolUse', 'PostToolUse', 'Stop', 'SessionStart'] as const;

export const adapter: AgentAdapter = {
  agent: 'codex',
  events: EVENTS,
  parse: (event, input, fallbackCwd) =>
    parseClaudeStyle('codex', event, input, fallbackCwd, (tool, toolInput, cwd): HookAction => {
      if (tool === 'apply_patch') {
        return {
          kind: 'edit',
          edits: parseApplyPatch(string(toolInput, 'command', 'tool_input'), cwd),
        };
      }
      if (tool === 'Bash' || tool === 'shell' || tool === 'exec_command') {
        const command = string(toolInput, 'command', 'tool_input');
        if (/^\s*apply_patch\b/.test(command) && command.includes('*** Begin Patch'))
          return { kind: 'edit', edits: parseApplyPatch(command, cwd) };
        return { kind: 'command', command, cwd };
      }
      return { kind: 'pass' };
    }),
  render: renderClaudeStyle,
};
