import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookRepo, ROOT_DIR, runHook } from './harness.js';

const BIN = path.join(ROOT_DIR, 'bin', 'charter.js');
const PREFIX = `node ${JSON.stringify(BIN)}`;

const read = (root: string, file: string): unknown =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8'));

describe('charter hooks install', () => {
  it('claude: merges into existing settings, keeps other hooks, is idempotent', async () => {
    const repo = hookRepo({
      '.claude/settings.json': `${JSON.stringify(
        {
          permissions: { allow: ['Bash(npm test)'] },
          hooks: {
            PostToolUse: [
              {
                matcher: 'Write|Edit',
                hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE"' }],
              },
            ],
          },
        },
        null,
        2,
      )}\n`,
    });
    const first = await runHook(['hooks', 'install', '--agent', 'claude'], '', repo.real);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('updated   .claude/settings.json (claude)\n');
    const hook = (event: string) => ({
      type: 'command',
      command: `${PREFIX} hook claude ${event}`,
      timeout: 30,
    });
    const tools = 'Write|Edit|MultiEdit|NotebookEdit|Bash';
    expect(read(repo.real, '.claude/settings.json')).toEqual({
      permissions: { allow: ['Bash(npm test)'] },
      hooks: {
        PostToolUse: [
          {
            matcher: 'Write|Edit',
            hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE"' }],
          },
          { matcher: tools, hooks: [hook('PostToolUse')] },
        ],
        PreToolUse: [{ matcher: tools, hooks: [hook('PreToolUse')] }],
        Stop: [{ hooks: [hook('Stop')] }],
        SubagentStop: [{ hooks: [hook('SubagentStop')] }],
        SessionStart: [{ hooks: [hook('SessionStart')] }],
      },
    });
    const before = readFileSync(path.join(repo.real, '.claude/settings.json'), 'utf8');
    const second = await runHook(['hooks', 'install', '--agent', 'claude'], '', repo.real);
    expect(second.stdout).toBe('unchanged .claude/settings.json (claude)\n');
    expect(readFileSync(path.join(repo.real, '.claude/settings.json'), 'utf8')).toBe(before);
  });

  it('codex, gemini, cursor and copilot: their own files and shapes', async () => {
    const repo = hookRepo();
    const run = await runHook(
      [
        'hooks',
        'install',
        '--agent',
        'codex,gemini',
        '--agent',
        'cursor',
        '--agent',
        'copilot',
        '--command',
        'charter',
      ],
      '',
      repo.real,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'created   .codex/hooks.json (codex)',
        'created   .gemini/settings.json (gemini)',
        'created   .cursor/hooks.json (cursor)',
        'created   .github/hooks/charter.json (copilot)',
        '',
      ].join('\n'),
    );
    const group = (
      agent: string,
      event: string,
      timeout: number,
      matcher?: string,
      name = false,
    ) => ({
      ...(matcher ? { matcher } : {}),
      hooks: [
        {
          ...(name ? { name: `charter-${event}` } : {}),
          type: 'command',
          command: `charter hook ${agent} ${event}`,
          timeout,
        },
      ],
    });
    expect(read(repo.real, '.codex/hooks.json')).toEqual({
      hooks: {
        PreToolUse: [group('codex', 'PreToolUse', 30, 'Bash|apply_patch')],
        PostToolUse: [group('codex', 'PostToolUse', 30, 'Bash|apply_patch')],
        Stop: [group('codex', 'Stop', 30)],
        SessionStart: [group('codex', 'SessionStart', 30)],
      },
    });
    expect(read(repo.real, '.gemini/settings.json')).toEqual({
      hooks: {
        BeforeTool: [
          group('gemini', 'BeforeTool', 30000, 'write_file|replace|run_shell_command', true),
        ],
        AfterTool: [
          group('gemini', 'AfterTool', 30000, 'write_file|replace|run_shell_command', true),
        ],
        AfterAgent: [group('gemini', 'AfterAgent', 30000, undefined, true)],
        SessionStart: [group('gemini', 'SessionStart', 30000, undefined, true)],
      },
      tools: { enableHooks: true },
    });
    expect(read(repo.real, '.cursor/hooks.json')).toEqual({
      version: 1,
      hooks: {
        beforeShellExecution: [
          { command: 'charter hook cursor beforeShellExecution', timeout: 30, failClosed: true },
        ],
        afterFileEdit: [{ command: 'charter hook cursor afterFileEdit', timeout: 30 }],
        stop: [{ command: 'charter hook cursor stop', timeout: 30 }],
      },
    });
    expect(read(repo.real, '.github/hooks/charter.json')).toEqual({
      version: 1,
      hooks: {
        preToolUse: [
          { type: 'command', bash: 'charter hook copilot preToolUse', cwd: '.', timeoutSec: 30 },
        ],
        postToolUse: [
          { type: 'command', bash: 'charter hook copilot postToolUse', cwd: '.', timeoutSec: 30 },
        ],
        sessionStart: [
          { type: 'command', bash: 'charter hook copilot sessionStart', cwd: '.', timeoutSec: 30 },
        ],
      },
    });
  });

  it('refuses a configuration it cannot read instead of overwriting it', async () => {
    const repo = hookRepo({ '.cursor/hooks.json': '{ // comments are not JSON\n}\n' });
    const run = await runHook(['hooks', 'install', '--agent', 'cursor'], '', repo.real);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^charter: error \[hooks\/unreadable-config\] .*\.cursor\/hooks\.json is not a JSON object Charter can merge into/,
    );
    expect(readFileSync(path.join(repo.real, '.cursor/hooks.json'), 'utf8')).toBe(
      '{ // comments are not JSON\n}\n',
    );
  });

  it('rejects an unknown agent', async () => {
    const repo = hookRepo();
    const run = await runHook(['hooks', 'install', '--agent', 'aider'], '', repo.real);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'charter: error [usage/unknown-agent] unknown agent "aider"\n  hint: use one of: claude, codex, gemini, cursor, copilot, git\n',
    });
  });

  it('git: pre-commit and pre-push in .git/hooks, keeping an existing hook', async () => {
    const repo = hookRepo();
    writeFileSync(path.join(repo.real, '.git/hooks/pre-commit'), '#!/bin/sh\nnpm run lint\n', {
      mode: 0o755,
    });
    const run = await runHook(
      ['hooks', 'install', '--agent', 'git', '--command', 'charter'],
      '',
      repo.real,
    );
    expect(run.stdout).toBe(
      'updated   .git/hooks/pre-commit (git)\ncreated   .git/hooks/pre-push (git)\n',
    );
    expect(readFileSync(path.join(repo.real, '.git/hooks/pre-commit'), 'utf8')).toBe(
      '#!/bin/sh\n# >>> charter >>>\ncharter check --staged || exit $?\n# <<< charter <<<\nnpm run lint\n',
    );
    const prePush = readFileSync(path.join(repo.real, '.git/hooks/pre-push'), 'utf8');
    expect(prePush).toContain('charter check --base "$charter_base" --head "$charter_local_sha"');
    expect(statSync(path.join(repo.real, '.git/hooks/pre-push')).mode & 0o111).not.toBe(0);
    const again = await runHook(
      ['hooks', 'install', '--agent', 'git', '--command', 'charter'],
      '',
      repo.real,
    );
    expect(again.stdout).toBe(
      'unchanged .git/hooks/pre-commit (git)\nunchanged .git/hooks/pre-push (git)\n',
    );
  });

  it('git: with husky, the scripts husky runs, not core.hooksPath', async () => {
    const repo = hookRepo();
    execFileSync('git', ['config', 'core.hooksPath', '.husky/_'], { cwd: repo.real });
    const run = await runHook(
      ['hooks', 'install', '--agent', 'git', '--command', 'charter'],
      '',
      repo.real,
    );
    expect(run.stdout).toBe('updated   .husky/pre-commit (git)\ncreated   .husky/pre-push (git)\n');
    expect(run.stderr).toContain(
      "charter: note: husky manages the hooks: Charter's checks are added to its scripts in .husky.",
    );
    expect(readFileSync(path.join(repo.real, '.husky/pre-commit'), 'utf8')).toBe(
      '# >>> charter >>>\ncharter check --staged || exit $?\n# <<< charter <<<\nnpx charter check --staged\n',
    );
    expect(
      execFileSync('git', ['config', 'core.hooksPath'], { cwd: repo.real, encoding: 'utf8' }),
    ).toBe('.husky/_\n');
  });

  it('git: the pre-commit hook blocks a commit with a finding', async () => {
    const repo = hookRepo();
    await runHook(['hooks', 'install', '--agent', 'git'], '', repo.real);
    repo.write({ 'src/skip.ts': 'export const s = process.env.SKIP_AUTH;\n' });
    repo.git('add', '-A');
    let status = 0;
    try {
      execFileSync('git', ['commit', '-q', '-m', 'add skip'], { cwd: repo.real, stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).not.toBe(0);
    expect(repo.git('log', '--oneline').trim().split('\n')).toHaveLength(1);
  });
});

describe('charter doctor', () => {
  it('a sound installation', async () => {
    const repo = hookRepo();
    await runHook(['hooks', 'install', '--agent', 'claude'], '', repo.real);
    const run = await runHook(['doctor'], '', repo.real);
    expect(run.code).toBe(0);
    const lines = run.stdout.replace(/\d+ ms/g, 'N ms').split('\n');
    expect(lines).toEqual([
      `charter doctor: ${repo.real}`,
      'claude  .claude/settings.json',
      '  ok       hooks for PreToolUse, PostToolUse, Stop, SubagentStop, SessionStart',
      '  ok       PreToolUse covers Write, Edit, MultiEdit, NotebookEdit, Bash',
      `  ok       command resolves: ${PREFIX} hook claude PreToolUse`,
      '  ok       allows a harmless command (exit 0, N ms)',
      '  ok       denies a write to charter.yaml (exit 2, N ms)',
      '  ok       .claude/settings.json is protected by the contract',
      '✔ every installed hook is sound',
      '',
    ]);
  });

  it('hook settings not under protect are still protected as Charter’s own state', async () => {
    const repo = hookRepo({ 'charter.yaml': 'version: 1\nprotect: [charter.yaml]\n' });
    repo.commit('contract');
    await runHook(['hooks', 'install', '--agent', 'claude'], '', repo.real);
    const run = await runHook(['doctor'], '', repo.real);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "  ok       .claude/settings.json is protected as Charter's own state (charter/protected-state)\n",
    );
  });

  it('problems come back with codes', async () => {
    const repo = hookRepo({
      'charter.yaml':
        'version: 1\nprotect: [charter.yaml]\nrules:\n  agent/bypass-verification: off\n  charter/protected-state: off\n',
    });
    repo.commit('contract');
    await runHook(['hooks', 'install', '--agent', 'claude,git'], '', repo.real);
    const settings = read(repo.real, '.claude/settings.json') as {
      hooks: Record<string, { hooks: { timeout: number }[] }[]>;
    };
    (settings.hooks.Stop?.[0]?.hooks[0] as { timeout: number }).timeout = 5;
    delete settings.hooks.SubagentStop;
    writeFileSync(path.join(repo.real, '.claude/settings.json'), JSON.stringify(settings));
    execFileSync('chmod', ['-x', path.join(repo.real, '.git/hooks/pre-push')]);
    const run = await runHook(['doctor', '--json'], '', repo.real);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { problems: { code: string; target: string }[] };
    expect(report.problems.map((p) => `${p.target} ${p.code}`).sort()).toEqual([
      'claude doctor/config-not-protected',
      'claude doctor/missing-hook',
      'claude doctor/timeout-too-short',
      'git doctor/git-hook-not-executable',
      'git doctor/rule-off',
    ]);
  });

  it('a command that does not resolve, and nothing installed', async () => {
    const repo = hookRepo();
    await runHook(
      ['hooks', 'install', '--agent', 'cursor', '--command', 'node_modules/.bin/charter'],
      '',
      repo.real,
    );
    const run = await runHook(['doctor', '--json'], '', repo.real);
    expect(
      (JSON.parse(run.stdout) as { problems: { code: string }[] }).problems.map((p) => p.code),
    ).toEqual(['doctor/command-not-found']);
    const empty = hookRepo();
    const none = await runHook(['doctor'], '', empty.real);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe(
      `charter doctor: ${empty.real}\nproblem  [doctor/no-hooks] no Charter hook is installed for any agent or for git\n         fix: run \`charter hooks install --agent claude\` (or codex, gemini, cursor, copilot, git)\n✖ 1 problem\n`,
    );
  });
});
