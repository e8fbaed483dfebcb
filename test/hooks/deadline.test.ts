import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT, hookRepo, runHook } from './harness.js';
import type { HookRun } from './harness.js';

/**
 * The hook's deadline holds whatever the check does: it runs in a process of its own that the
 * hook process kills at the deadline, so a check that blocks its thread (or a read that never
 * ends) still gets the agent a denial in its own protocol, and the hook process exits.
 */

/** Long enough that the check certainly reaches the blocking work before it. */
const DEADLINE_MS = 4000;
/** Start-up of two node processes on a loaded machine, and the answer's way back. */
const MARGIN_MS = 2500;

/**
 * A protect glob whose regex backtracks polynomially in the length of a file name: matching a
 * 120-character name takes hours, and blocks the thread doing it.
 */
const SLOW_GLOB = '*a*a*a*a*a*a*b';
const LONG_NAME = 'a'.repeat(120);

function slowRepo() {
  return hookRepo({
    'charter.yaml': CONTRACT.replace('protect: [', `protect: ['${SLOW_GLOB}', `),
  });
}

async function timedHook(
  args: string[],
  input: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<HookRun & { ms: number }> {
  const started = performance.now();
  const run = await runHook(args, input, cwd, {
    CHARTER_HOOK_DEADLINE_MS: String(DEADLINE_MS),
    ...env,
  });
  return { ...run, ms: performance.now() - started };
}

const claudeWrite = (root: string, file: string): string =>
  JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(root, file), content: 'export const x = 1;\n' },
    tool_use_id: 'toolu_1',
  });

const deadlineReason = `Charter could not check this, so it is denied (fail-closed). charter/hook-error: the check did not finish within its deadline of ${DEADLINE_MS} ms\nfix: Retry once; if it keeps happening, ask a human to raise the deadline (\`charter hook … --deadline <ms>\`) or to look at \`charter check --timing\`.`;

describe('the hook deadline cannot be blocked by the check', () => {
  it('a check that blocks its thread: Claude Code gets its denial by the deadline and the hook exits 2', async () => {
    const repo = slowRepo();
    const run = await timedHook(
      ['hook', 'claude', 'PreToolUse'],
      claudeWrite(repo.real, LONG_NAME),
      repo.real,
    );
    expect(run.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: deadlineReason,
      },
    });
    expect(run.stderr).toBe(`${deadlineReason}\n`);
  });

  it('the same for Gemini CLI, in its own protocol', async () => {
    const repo = slowRepo();
    const input = JSON.stringify({
      session_id: 's',
      transcript_path: '/tmp/t.json',
      cwd: repo.real,
      hook_event_name: 'BeforeTool',
      timestamp: '2026-12-01T10:00:00.000Z',
      tool_name: 'write_file',
      tool_input: { file_path: path.join(repo.real, LONG_NAME), content: 'x\n' },
    });
    const run = await timedHook(['hook', 'gemini', 'BeforeTool'], input, repo.real);
    expect(run.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ decision: 'deny', reason: deadlineReason });
  });

  it('fault cases #37/#38: a contract that is a FIFO: a denial by the deadline, and the hook process exits', async () => {
    const repo = hookRepo();
    rmSync(path.join(repo.root, 'charter.yaml'));
    execFileSync('mkfifo', [path.join(repo.root, 'charter.yaml')]);
    // A protected path: denied whichever contract is read, never allowed.
    const run = await timedHook(
      ['hook', 'claude', 'PreToolUse'],
      claudeWrite(repo.real, '.claude/settings.json'),
      repo.real,
    );
    expect(run.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny' },
    });
  });

  it('an ordinary check still answers from the checking process, allow and deny alike', async () => {
    const repo = hookRepo();
    const allowed = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      claudeWrite(repo.real, 'src/routes/health.ts'),
      repo.real,
    );
    expect(allowed).toEqual({ code: 0, stdout: '', stderr: '' });
    const denied = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      claudeWrite(repo.real, '.claude/settings.json'),
      repo.real,
    );
    expect(denied.code).toBe(2);
    expect(JSON.parse(denied.stdout)).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    });
    expect(denied.stderr).toContain('charter/protected-path');
  });
});
