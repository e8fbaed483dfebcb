import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, hookRepo, ROOT_DIR, runHook } from './harness.js';

/**
 * Every agent and event, end to end through the built binary in a fixture repository: one
 * realistic input per agent and event (test/hooks/fixtures), exact stdout, stderr and exit
 * code for allow, deny and error.
 */

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

const FIX_SKIP_AUTH = 'Delete the bypass; tests sign real tokens with a test key.';
const TAIL = 'Findings that already existed do not block you; only what this edit introduces does.';

function skipAuthEdit(where: string): string {
  return [
    'Charter denied this edit: it would introduce a finding the contract forbids.',
    '1. custom/no-skip-auth: auth bypass flag process.env.SKIP_AUTH',
    `   where: ${where}`,
    '   enforces: AGENTS.md#hard-guardrails',
    `   fix: ${FIX_SKIP_AUTH}`,
    TAIL,
  ].join('\n');
}

function skipAuthAfter(headline: string): string {
  return [
    headline,
    '1. custom/no-skip-auth: auth bypass flag process.env.SKIP_AUTH',
    '   where: src/client.ts:1:21',
    '   enforces: AGENTS.md#hard-guardrails',
    `   fix: ${FIX_SKIP_AUTH}`,
  ].join('\n');
}

const AFTER_TOOL = skipAuthAfter(
  'Charter: the working tree now has a finding the contract forbids. Fix it before going on.',
);
const STOP = skipAuthAfter(
  'Charter: do not stop yet. The uncommitted change has a finding the contract forbids; fix it first.',
);
const STOP_AGAIN = skipAuthAfter(
  'Charter: the uncommitted change still has a finding the contract forbids (reported, not blocking a second time).',
);

const PROTECTED_WORKFLOW = [
  'Charter denied this edit: it would introduce a finding the contract forbids.',
  '1. charter/protected-path: .github/workflows/ci.yml is protected by ".github/workflows/**" and the change modifies it',
  '   where: .github/workflows/ci.yml:1:1',
  '   enforces: AGENTS.md#hard-guardrails',
  '   fix: Revert the change to this file. If the change is really needed, ask a human owner to make it, or to add a waiver with a reason and an expiry.',
  TAIL,
].join('\n');

const FORCE_PUSH = [
  'Charter denied this command: it does something the contract forbids.',
  '1. agent/destructive-command: `git push -f` force-pushes main, a protected branch',
  '   where: in the command, line 1 column 1',
  '   enforces: AGENTS.md#hard-guardrails',
  '   fix: Do not run it. Push to a branch of your own without --force and open a pull request; download a script, read it and run it from a file; delete only the specific files you created.',
].join('\n');

const SETTINGS_WRITE = [
  'Charter denied this command: it does 2 things the contract forbids.',
  '1. agent/protected-write: `echo x > settings.json` writes .claude/settings.json, which is protected by ".claude/**"',
  '   where: .claude/settings.json:1:1',
  '   enforces: AGENTS.md#hard-guardrails',
  '   fix: Do not change this file from the shell either. Leave it as it is and change the code instead; if the change to the protected file is really needed, ask a human owner to make it.',
  '2. charter/protected-state: `echo x > settings.json` writes .claude/settings.json, which is an agent’s hook configuration',
  '   where: .claude/settings.json:1:1',
  '   fix: Leave Charter’s state as it is. The contract, baseline and hook settings change through a reviewed commit made by a human; the cache and audit log are Charter’s to write.',
].join('\n');

const SUMMARY = [
  'This repository has an operating contract (charter.yaml); Charter enforces it on every edit and shell command, before they land.',
  'Read before writing code: docs/PRD.md.',
  'Protected paths (do not change them, also not through the shell): charter.yaml, .claude/**, .github/workflows/**, .husky/**.',
  'Rules the contract configures: custom/pattern (no-skip-auth), agent/destructive-command; every other rule runs at its default (`charter rules` lists them).',
  'A denial starts with "Charter denied" and lists each finding as: code, what is wrong, where (file:line:column), the contract clause it enforces, and how to fix it. Fix the cause and retry; never work around the check (no --no-verify, no editing protected files from the shell). Findings that already existed do not block you.',
].join('\n');

const hookError = (message: string, fix: string): string =>
  `Charter could not check this, so it is denied (fail-closed). charter/hook-error: ${message}\nfix: ${fix}`;
const BAD_INPUT_FIX =
  'Check that the hook is installed for the right agent and event (charter doctor), then retry.';

const claudeDeny = (reason: string) => ({
  code: 2,
  stdout: json({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: reason,
    },
  }),
  stderr: `${reason}\n`,
});
const ALLOW_SILENT = { code: 0, stdout: '', stderr: '' };

/** A repository whose working tree has a new file with a finding (written by "some tool"). */
function dirtyRepo() {
  const repo = hookRepo();
  repo.write({ 'src/client.ts': 'export const skip = process.env.SKIP_AUTH;\n' });
  return repo;
}

describe('Claude Code', () => {
  const hook = (event: string) => ['hook', 'claude', event];

  it('PreToolUse Edit that introduces a finding: denied, JSON on stdout, reason on stderr, exit 2', async () => {
    const repo = hookRepo();
    const run = await runHook(
      hook('PreToolUse'),
      fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real }),
      repo.real,
    );
    expect(run).toEqual(claudeDeny(skipAuthEdit('src/middleware/auth.ts:5:7')));
  });

  it('PreToolUse Write of a clean new file: allowed silently', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('claude/PreToolUse.Write.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('PreToolUse MultiEdit applied in order: allowed', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('claude/PreToolUse.MultiEdit.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('PreToolUse NotebookEdit: allowed', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('claude/PreToolUse.NotebookEdit.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('PreToolUse Edit next to a finding that already existed: allowed', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real })) as {
      tool_input: Record<string, unknown>;
    };
    input.tool_input = {
      file_path: `${repo.real}/src/legacy/flags.ts`,
      old_string: 'export const skip',
      new_string: '// Deprecated: remove with API-112.\nexport const skip',
    };
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      ALLOW_SILENT,
    );
  });

  it('PreToolUse Write to a protected path: denied', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('claude/PreToolUse.Write.json', { ROOT: repo.real })) as {
      tool_input: Record<string, unknown>;
    };
    input.tool_input = {
      file_path: `${repo.real}/.github/workflows/ci.yml`,
      content: 'name: ci\non: [push]\njobs: {}\n# off\n',
    };
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      claudeDeny(PROTECTED_WORKFLOW),
    );
  });

  it('PreToolUse Bash through a protected folder: denied', async () => {
    const repo = hookRepo();
    const run = await runHook(
      hook('PreToolUse'),
      fixture('claude/PreToolUse.Bash.json', {
        ROOT: repo.real,
        COMMAND: 'cd .claude && echo x > settings.json',
      }),
      repo.real,
    );
    expect(run).toEqual(claudeDeny(SETTINGS_WRITE));
  });

  it('PreToolUse for a tool that changes nothing (Read): allowed without checking', async () => {
    const repo = hookRepo();
    const input = JSON.parse(
      fixture('claude/PreToolUse.Write.json', { ROOT: repo.real }),
    ) as Record<string, unknown>;
    input.tool_name = 'Read';
    input.tool_input = { file_path: `${repo.real}/charter.yaml` };
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      ALLOW_SILENT,
    );
  });

  it('PostToolUse on a clean tree: nothing to say', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PostToolUse'),
        fixture('claude/PostToolUse.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('PostToolUse after a write by any tool: decision block with the reason', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(
        hook('PostToolUse'),
        fixture('claude/PostToolUse.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'block', reason: AFTER_TOOL }),
      stderr: '',
    });
  });

  it('Stop with findings in the uncommitted change: blocked', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(hook('Stop'), fixture('claude/Stop.json', { ROOT: repo.real }), repo.real),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'block', reason: STOP }),
      stderr: '',
    });
  });

  it('Stop again (stop_hook_active): reported, never blocks twice', async () => {
    const repo = dirtyRepo();
    const input = JSON.parse(fixture('claude/Stop.json', { ROOT: repo.real })) as Record<
      string,
      unknown
    >;
    input.stop_hook_active = true;
    expect(await runHook(hook('Stop'), JSON.stringify(input), repo.real)).toEqual({
      code: 0,
      stdout: json({ systemMessage: STOP_AGAIN }),
      stderr: '',
    });
  });

  it('SubagentStop with findings: blocked; clean: allowed', async () => {
    const dirty = dirtyRepo();
    expect(
      await runHook(
        hook('SubagentStop'),
        fixture('claude/SubagentStop.json', { ROOT: dirty.real }),
        dirty.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'block', reason: STOP }),
      stderr: '',
    });
    const clean = hookRepo();
    expect(
      await runHook(
        hook('SubagentStop'),
        fixture('claude/SubagentStop.json', { ROOT: clean.real }),
        clean.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('SessionStart: a summary of the contract as additional context', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('SessionStart'),
        fixture('claude/SessionStart.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({
        hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: SUMMARY },
      }),
      stderr: '',
    });
  });

  it('errors: empty stdin, malformed JSON, missing fields, unknown event and agent, event mismatch', async () => {
    const repo = hookRepo();
    const cases: [string[], string, string][] = [
      [
        hook('PreToolUse'),
        '',
        hookError(
          'the hook input is not what the agent sends: stdin is empty; the agent sends the event as JSON on stdin',
          BAD_INPUT_FIX,
        ),
      ],
      [
        hook('PreToolUse'),
        '{"session_id":',
        hookError(
          'the hook input is not what the agent sends: stdin is not valid JSON (Unexpected end of JSON input)',
          BAD_INPUT_FIX,
        ),
      ],
      [
        hook('PreToolUse'),
        '[1, 2]',
        hookError(
          'the hook input is not what the agent sends: stdin must be a JSON object',
          BAD_INPUT_FIX,
        ),
      ],
      [
        hook('PreToolUse'),
        JSON.stringify({ hook_event_name: 'PreToolUse', cwd: repo.real, tool_name: 'Edit' }),
        hookError(
          'the hook input is not what the agent sends: input.tool_input must be an object',
          BAD_INPUT_FIX,
        ),
      ],
      [
        hook('PreToolUse'),
        JSON.stringify({ hook_event_name: 'PostToolUse', cwd: repo.real }),
        hookError(
          'the hook input is not what the agent sends: the input is a PostToolUse event, but the hook was installed for PreToolUse',
          BAD_INPUT_FIX,
        ),
      ],
      [
        hook('PreCompact'),
        '{}',
        hookError(
          'the hook is set up wrong: claude has no "PreCompact" event Charter answers (known: PreToolUse, PostToolUse, Stop, SubagentStop, SessionStart)',
          'Reinstall it with `charter hooks install --agent <agent>` and run `charter doctor`.',
        ),
      ],
      [
        ['hook', 'aider', 'PreToolUse'],
        '{}',
        hookError(
          'unknown agent "aider"',
          'Install the hook with `charter hooks install --agent <claude|codex|gemini|cursor|copilot>`.',
        ),
      ],
    ];
    for (const [args, input, reason] of cases) {
      expect(await runHook(args, input, repo.real)).toEqual(claudeDeny(reason));
    }
  });

  it('errors: an edit whose old_string is not in the file cannot be computed, so it is denied', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real })) as {
      tool_input: Record<string, unknown>;
    };
    input.tool_input.old_string = 'not in the file';
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      claudeDeny(
        hookError(
          `the hook input is not what the agent sends: ${repo.real}/src/middleware/auth.ts: the text edit 1 replaces ("not in the file") is not in the file`,
          BAD_INPUT_FIX,
        ),
      ),
    );
  });

  it('errors: an invalid contract denies everything with where the problem is', async () => {
    const repo = hookRepo({ 'charter.yaml': 'version: 1\nrules:\n  agent/no-such-rule: error\n' });
    const run = await runHook(
      hook('PreToolUse'),
      fixture('claude/PreToolUse.Bash.json', { ROOT: repo.real, COMMAND: 'npm test' }),
      repo.real,
    );
    expect(run.code).toBe(2);
    const reason = (
      JSON.parse(run.stdout) as { hookSpecificOutput: { permissionDecisionReason: string } }
    ).hookSpecificOutput.permissionDecisionReason;
    expect(reason).toMatch(
      /^Charter could not check this, so it is denied \(fail-closed\)\. charter\/hook-error: the contract is invalid: charter\.yaml:3:3 rules\.agent\/no-such-rule: unknown rule "agent\/no-such-rule"/,
    );
    expect(run.stderr).toBe(`${reason}\n`);
  });

  it('errors: the internal deadline answers with a denial, never a timeout', async () => {
    const repo = hookRepo();
    const run = await runHook(
      ['hook', 'claude', 'PreToolUse', '--deadline', '1'],
      fixture('claude/PreToolUse.Bash.json', { ROOT: repo.real, COMMAND: 'npm test' }),
      repo.real,
    );
    expect(run).toEqual(
      claudeDeny(
        hookError(
          'the check did not finish within its deadline of 1 ms',
          'Retry once; if it keeps happening, ask a human to raise the deadline (`charter hook … --deadline <ms>`) or to look at `charter check --timing`.',
        ),
      ),
    );
  });

  it('errors: a crash before the hook code loads still answers in the agent protocol', () => {
    // bin/charter.js alone, without dist/: the import fails, the answer is still a denial.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'charter-crash-'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(path.join(ROOT_DIR, 'bin', 'charter.js'), path.join(dir, 'bin', 'charter.js'));
    const run = spawnSync(
      process.execPath,
      [path.join(dir, 'bin', 'charter.js'), 'hook', 'claude', 'PreToolUse'],
      {
        input: '{}',
        encoding: 'utf8',
      },
    );
    const reason = `Charter could not check this, so it is denied (fail-closed). charter/hook-error: Cannot find module '${dir}/dist/hooks/client.js' imported from ${dir}/bin/charter.js`;
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(
      claudeDeny(reason),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every decision to .charter/audit.jsonl: codes and paths, no contents', async () => {
    const repo = hookRepo();
    await runHook(
      hook('PreToolUse'),
      fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real }),
      repo.real,
    );
    await runHook(
      hook('PreToolUse'),
      fixture('claude/PreToolUse.Write.json', { ROOT: repo.real }),
      repo.real,
    );
    const lines = readFileSync(path.join(repo.real, '.charter/audit.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      entries.map(({ time, ms, ...rest }) => ({ ...rest, time: typeof time, ms: typeof ms })),
    ).toEqual([
      {
        time: 'string',
        agent: 'claude',
        event: 'PreToolUse',
        session: '4f6d2a1e-8c3b-4e7a-9d5f-2b1c0e9a7f63',
        toolUseId: 'toolu_01Z8xC5vB2nM4kL7jH9gF3dS',
        tool: 'Edit',
        decision: 'deny',
        codes: ['custom/no-skip-auth'],
        files: ['src/middleware/auth.ts'],
        ms: 'number',
      },
      {
        time: 'string',
        agent: 'claude',
        event: 'PreToolUse',
        session: '4f6d2a1e-8c3b-4e7a-9d5f-2b1c0e9a7f63',
        toolUseId: 'toolu_01Q4rW7eT2yU9iO3pA6sD8fG',
        tool: 'Write',
        decision: 'allow',
        codes: [],
        files: ['src/routes/health.ts'],
        ms: 'number',
      },
    ]);
    expect(lines.join('\n')).not.toContain('SKIP_AUTH');
  });
});

describe('Codex CLI', () => {
  const hook = (event: string) => ['hook', 'codex', event];

  it('PreToolUse apply_patch: the patch is applied in memory and checked', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('codex/PreToolUse.apply_patch.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(claudeDeny(skipAuthEdit('src/middleware/auth.ts:5:7')));
  });

  it('PreToolUse apply_patch that adds a clean file: allowed', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('codex/PreToolUse.apply_patch.json', { ROOT: repo.real })) as {
      tool_input: { command: string };
    };
    input.tool_input.command =
      '*** Begin Patch\n*** Add File: src/routes/health.ts\n+export const health = () => ({ ok: true });\n*** End Patch\n';
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      ALLOW_SILENT,
    );
  });

  it('PreToolUse Bash: allowed and denied', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('codex/PreToolUse.Bash.json', { ROOT: repo.real, COMMAND: 'npm test' }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
    expect(
      await runHook(
        hook('PreToolUse'),
        fixture('codex/PreToolUse.Bash.json', { ROOT: repo.real, COMMAND: 'git push -f' }),
        repo.real,
      ),
    ).toEqual(claudeDeny(FORCE_PUSH));
  });

  it('PostToolUse, Stop and SessionStart', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(
        hook('PostToolUse'),
        fixture('codex/PostToolUse.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'block', reason: AFTER_TOOL }),
      stderr: '',
    });
    expect(
      await runHook(hook('Stop'), fixture('codex/Stop.json', { ROOT: repo.real }), repo.real),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'block', reason: STOP }),
      stderr: '',
    });
    expect(
      await runHook(
        hook('SessionStart'),
        fixture('codex/SessionStart.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({
        hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: SUMMARY },
      }),
      stderr: '',
    });
  });

  it('errors: a patch that does not parse', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('codex/PreToolUse.apply_patch.json', { ROOT: repo.real })) as {
      tool_input: { command: string };
    };
    input.tool_input.command = '*** Update File: src/app.ts\n';
    expect(await runHook(hook('PreToolUse'), JSON.stringify(input), repo.real)).toEqual(
      claudeDeny(
        hookError(
          'the hook input is not what the agent sends: the patch has no "*** Begin Patch" line',
          BAD_INPUT_FIX,
        ),
      ),
    );
  });
});

describe('Gemini CLI', () => {
  const hook = (event: string) => ['hook', 'gemini', event];
  const deny = (reason: string) => ({
    code: 2,
    stdout: json({ decision: 'deny', reason }),
    stderr: `${reason}\n`,
  });

  it('BeforeTool write_file to a protected path: denied', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('BeforeTool'),
        fixture('gemini/BeforeTool.write_file.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(deny(PROTECTED_WORKFLOW));
  });

  it('BeforeTool replace: allowed with an empty JSON answer', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('BeforeTool'),
        fixture('gemini/BeforeTool.replace.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: '{}\n',
      stderr: '',
    });
  });

  it('BeforeTool run_shell_command: allowed and denied', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('BeforeTool'),
        fixture('gemini/BeforeTool.run_shell_command.json', {
          ROOT: repo.real,
          COMMAND: 'npm run lint',
        }),
        repo.real,
      ),
    ).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    expect(
      await runHook(
        hook('BeforeTool'),
        fixture('gemini/BeforeTool.run_shell_command.json', {
          ROOT: repo.real,
          COMMAND: 'git push -f',
        }),
        repo.real,
      ),
    ).toEqual(deny(FORCE_PUSH));
  });

  it('AfterTool, AfterAgent and SessionStart', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(
        hook('AfterTool'),
        fixture('gemini/AfterTool.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({
        hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext: AFTER_TOOL },
      }),
      stderr: '',
    });
    expect(
      await runHook(
        hook('AfterAgent'),
        fixture('gemini/AfterAgent.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({ decision: 'deny', reason: STOP }),
      stderr: '',
    });
    expect(
      await runHook(
        hook('SessionStart'),
        fixture('gemini/SessionStart.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: json({
        hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: SUMMARY },
      }),
      stderr: '',
    });
  });

  it('errors: a tool input of the wrong shape', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('gemini/BeforeTool.write_file.json', { ROOT: repo.real })) as {
      tool_input: Record<string, unknown>;
    };
    input.tool_input.content = 42;
    expect(await runHook(hook('BeforeTool'), JSON.stringify(input), repo.real)).toEqual(
      deny(
        hookError(
          'the hook input is not what the agent sends: tool_input.content must be a string',
          BAD_INPUT_FIX,
        ),
      ),
    );
  });
});

describe('Cursor', () => {
  const hook = (event: string) => ['hook', 'cursor', event];
  const deny = (reason: string) => ({
    code: 2,
    stdout: json({
      permission: 'deny',
      user_message: reason.split('\n')[0],
      agent_message: reason,
    }),
    stderr: `${reason}\n`,
  });

  it('beforeShellExecution: allowed with no opinion, denied with permission deny', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('beforeShellExecution'),
        fixture('cursor/beforeShellExecution.json', { ROOT: repo.real, COMMAND: 'npm test' }),
        repo.real,
      ),
    ).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    expect(
      await runHook(
        hook('beforeShellExecution'),
        fixture('cursor/beforeShellExecution.json', { ROOT: repo.real, COMMAND: 'git push -f' }),
        repo.real,
      ),
    ).toEqual(deny(FORCE_PUSH));
  });

  it('afterFileEdit cannot answer the agent: findings go to stderr, stop blocks on them', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(
        hook('afterFileEdit'),
        fixture('cursor/afterFileEdit.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: '{}\n',
      stderr: `${AFTER_TOOL}\n`,
    });
    expect(
      await runHook(hook('stop'), fixture('cursor/stop.json', { ROOT: repo.real }), repo.real),
    ).toEqual({
      code: 0,
      stdout: json({ followup_message: STOP }),
      stderr: '',
    });
    const again = JSON.parse(fixture('cursor/stop.json', { ROOT: repo.real })) as Record<
      string,
      unknown
    >;
    again.loop_count = 1;
    expect(await runHook(hook('stop'), JSON.stringify(again), repo.real)).toEqual({
      code: 0,
      stdout: '{}\n',
      stderr: `${STOP_AGAIN}\n`,
    });
  });

  it('errors: no command', async () => {
    const repo = hookRepo();
    const input = JSON.parse(
      fixture('cursor/beforeShellExecution.json', { ROOT: repo.real, COMMAND: 'x' }),
    ) as Record<string, unknown>;
    delete input.command;
    expect(await runHook(hook('beforeShellExecution'), JSON.stringify(input), repo.real)).toEqual(
      deny(
        hookError(
          'the hook input is not what the agent sends: input.command must be a string',
          BAD_INPUT_FIX,
        ),
      ),
    );
  });
});

describe('GitHub Copilot', () => {
  const hook = (event: string) => ['hook', 'copilot', event];
  const deny = (reason: string) => ({
    code: 2,
    stdout: json({ permissionDecision: 'deny', permissionDecisionReason: reason }),
    stderr: `${reason}\n`,
  });

  it('preToolUse edit (toolArgs as a JSON string): denied', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('preToolUse'),
        fixture('copilot/preToolUse.edit.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(deny(skipAuthEdit('src/middleware/auth.ts:5:7')));
  });

  it('preToolUse create: allowed with no output', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('preToolUse'),
        fixture('copilot/preToolUse.create.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('preToolUse bash: allowed and denied', async () => {
    const repo = hookRepo();
    expect(
      await runHook(
        hook('preToolUse'),
        fixture('copilot/preToolUse.bash.json', { ROOT: repo.real, COMMAND: 'npm test' }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
    expect(
      await runHook(
        hook('preToolUse'),
        fixture('copilot/preToolUse.bash.json', { ROOT: repo.real, COMMAND: 'git push -f' }),
        repo.real,
      ),
    ).toEqual(deny(FORCE_PUSH));
  });

  it('postToolUse and sessionStart: Copilot ignores their output', async () => {
    const repo = dirtyRepo();
    expect(
      await runHook(
        hook('postToolUse'),
        fixture('copilot/postToolUse.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual({
      code: 0,
      stdout: '',
      stderr: `${AFTER_TOOL}\n`,
    });
    expect(
      await runHook(
        hook('sessionStart'),
        fixture('copilot/sessionStart.json', { ROOT: repo.real }),
        repo.real,
      ),
    ).toEqual(ALLOW_SILENT);
  });

  it('errors: toolArgs that is not JSON', async () => {
    const repo = hookRepo();
    const input = JSON.parse(
      fixture('copilot/preToolUse.bash.json', { ROOT: repo.real, COMMAND: 'x' }),
    ) as Record<string, unknown>;
    input.toolArgs = '{"command": ';
    expect(await runHook(hook('preToolUse'), JSON.stringify(input), repo.real)).toEqual(
      deny(
        hookError(
          'the hook input is not what the agent sends: input.toolArgs is not valid JSON (Unexpected end of JSON input)',
          BAD_INPUT_FIX,
        ),
      ),
    );
  });
});
