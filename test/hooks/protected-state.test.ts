import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOME_DIR, fixture, hookRepo, runHook } from './harness.js';
import type { HookRepo, HookRun } from './harness.js';

/**
 * Charter's own state through the agents' hooks, end to end: the built binary, a real
 * repository, each agent's JSON on stdin. Nothing here is listed under `protect` for the
 * purpose: the cache, the audit log, nested contracts, `.git` and the daemon are protected by
 * default (fault matrix cases 47, 48, 72–75, 77, 79 and the daemon part of 88).
 */
const PS = 'charter/protected-state';
/** An edit of a contract is reported once, by this code. */
const CC = 'charter/contract-changed';

function claudeEvent(repo: HookRepo, tool: string, input: Record<string, unknown>, cwd?: string) {
  return JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t.jsonl',
    cwd: cwd ?? repo.real,
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: input,
    tool_use_id: 'u',
  });
}

async function claude(repo: HookRepo, tool: string, input: Record<string, unknown>, cwd?: string) {
  return runHook(
    ['hook', 'claude', 'PreToolUse'],
    claudeEvent(repo, tool, input, cwd),
    cwd ?? repo.real,
  );
}

const write = (repo: HookRepo, file: string, content = 'x\n') =>
  claude(repo, 'Write', { file_path: path.join(repo.real, file), content });
const bash = (repo: HookRepo, command: string, cwd?: string) =>
  claude(repo, 'Bash', { command }, cwd);

/** The reason of a Claude Code denial (exit 2, JSON deny, the same text on stderr). */
function denial(run: HookRun): string {
  expect(run.code).toBe(2);
  const answer = JSON.parse(run.stdout) as {
    hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
  };
  expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
  const reason = answer.hookSpecificOutput.permissionDecisionReason;
  expect(run.stderr).toBe(`${reason}\n`);
  return reason;
}

/** `N. code: message` lines of a denial. */
function entries(reason: string): string[] {
  return [...reason.matchAll(/^\d+\. (\S+: .*)$/gm)].map((m) => m[1] as string);
}

const ALLOW = { code: 0, stdout: '', stderr: '' };

const CACHE = 'Charter’s cache and audit log';
const CONTRACT = 'a Charter contract';
const GIT = 'git’s own folder (hooks and configuration)';

/** One proposed action and the protected-state entries its denial must hold. */
interface Case {
  name: string;
  run: (repo: HookRepo) => Promise<HookRun>;
  expected: string[];
}

const CASES: Case[] = [
  // #47/#48: the cache and the audit log.
  {
    name: '#47 Write into .charter/cache',
    run: (repo) => write(repo, '.charter/cache/facts-1.json', '{}'),
    expected: [`${PS}: the edit writes .charter/cache/facts-1.json, which is ${CACHE}`],
  },
  {
    name: '#48 Write of .charter/audit.jsonl',
    run: (repo) => write(repo, '.charter/audit.jsonl', ''),
    expected: [`${PS}: the edit writes .charter/audit.jsonl, which is ${CACHE}`],
  },
  {
    name: '#47 Bash into .charter/cache',
    run: (repo) => bash(repo, "echo '{}' > .charter/cache/facts-1.json"),
    expected: [
      `${PS}: \`echo '{}' > .charter/cache/facts-1.json\` writes .charter/cache/facts-1.json, which is ${CACHE}`,
    ],
  },
  {
    name: '#48 Bash appending to .charter/audit.jsonl',
    run: (repo) => bash(repo, 'echo "{}" >> .charter/audit.jsonl'),
    expected: [
      `${PS}: \`echo "{}" >> .charter/audit.jsonl\` writes .charter/audit.jsonl, which is ${CACHE}`,
    ],
  },
  // #72/#73: the symlink chain that empties the contract.
  {
    name: '#72 creating a link to the contract',
    run: (repo) => bash(repo, 'ln -s ../charter.yaml src/notes.yaml'),
    expected: [
      `${PS}: \`ln -s ../charter.yaml src/notes.yaml\` creates a link to charter.yaml, which is ${CONTRACT}`,
    ],
  },
  {
    name: '#72 creating a link and writing through it in one command, from a subfolder',
    run: (repo) => bash(repo, 'ln -s ../charter.yaml x && echo > x', `${repo.real}/src`),
    expected: [
      `${PS}: \`echo > x\` writes charter.yaml through the symlink x, which is ${CONTRACT}`,
      `${PS}: \`ln -s ../charter.yaml x\` creates a link to charter.yaml, which is ${CONTRACT}`,
    ],
  },
  {
    name: '#73 Bash writing through a link already on disk',
    run: (repo) => {
      symlinkSync('../charter.yaml', path.join(repo.real, 'src', 'notes.yaml'));
      return bash(repo, 'printf "version: 1\\n" > src/notes.yaml');
    },
    expected: [
      `${PS}: \`printf "version: 1\\n" > src/notes.yaml\` writes charter.yaml through the symlink src/notes.yaml, which is ${CONTRACT}`,
    ],
  },
  {
    name: '#73 Write through a link already on disk',
    run: (repo) => {
      symlinkSync('../charter.yaml', path.join(repo.real, 'src', 'notes.yaml'));
      return write(repo, 'src/notes.yaml', 'version: 1\n');
    },
    expected: [
      `${CC}: the change edits the contract charter.yaml; the check used the trusted version instead`,
    ],
  },
  {
    name: '#73 Write through a dangling link into .charter',
    run: (repo) => {
      symlinkSync('../.charter/forged.json', path.join(repo.real, 'src', 'later.json'));
      return write(repo, 'src/later.json', '{}');
    },
    expected: [`${PS}: the edit writes .charter/forged.json, which is ${CACHE}`],
  },
  // #74: a contract of the agent's own next to the code it edits.
  {
    name: '#74 Write of src/charter.yaml',
    run: (repo) => write(repo, 'src/charter.yaml', 'version: 1\n'),
    expected: [
      `${CC}: the change adds the contract src/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml`,
    ],
  },
  // #75: git's hooks and configuration.
  {
    name: '#75 Write of .git/hooks/pre-commit',
    run: (repo) => write(repo, '.git/hooks/pre-commit', '#!/bin/sh\n'),
    expected: [`${PS}: the edit writes .git/hooks/pre-commit, which is ${GIT}`],
  },
  {
    name: '#75 Write of .git/config',
    run: (repo) => write(repo, '.git/config', '[core]\n\tfsmonitor = touch /tmp/x\n'),
    expected: [`${PS}: the edit writes .git/config, which is ${GIT}`],
  },
  {
    name: '#75 Bash git config core.fsmonitor',
    run: (repo) => bash(repo, "git config core.fsmonitor 'touch /tmp/pwned'"),
    expected: [
      `${PS}: \`git config core.fsmonitor 'touch /tmp/pwned'\` sets core.fsmonitor in git’s configuration, which is ${GIT}`,
    ],
  },
  // #88 (its shell part): the daemon that answers the hooks.
  {
    name: '#88 charter daemon stop',
    run: (repo) => bash(repo, 'charter daemon stop'),
    expected: [
      `${PS}: \`charter daemon stop\` stops Charter’s hook daemon, which is Charter’s hook daemon`,
    ],
  },
  {
    name: '#88 pkill of the daemon',
    run: (repo) => bash(repo, 'pkill -f "charter daemon"'),
    expected: [
      `${PS}: \`pkill -f "charter daemon"\` may stop Charter’s own processes, among them Charter’s hook daemon`,
    ],
  },
  // The per-user keys, outside every repository.
  {
    name: 'Write of the per-user key',
    run: (repo) =>
      claude(repo, 'Write', {
        file_path: path.join(HOME_DIR, '.local/state/charter/cache.key'),
        content: '00',
      }),
    expected: [
      `${PS}: the edit writes ${path.join(HOME_DIR, '.local/state/charter/cache.key')}, which is Charter’s per-user state (its keys)`,
    ],
  },
  {
    name: 'Bash into the per-user state folder',
    run: (repo) => bash(repo, `echo 00 > ${HOME_DIR}/.local/state/charter/cache.key`),
    expected: [
      `${PS}: \`echo 00 > ${HOME_DIR}/.local/state/charter/cache.key\` writes ${HOME_DIR}/.local/state/charter/cache.key, which is Charter’s per-user state (its keys)`,
    ],
  },
];

/** Each agent's own protocol, for one tool family each. */
const OTHER_AGENTS: Case[] = [
  {
    name: 'Codex apply_patch adding a git hook',
    run: (repo) =>
      runHook(
        ['hook', 'codex', 'PreToolUse'],
        fixture('codex/PreToolUse.apply_patch.json', { ROOT: repo.real }).replace(
          /"command":"[^"]*"/,
          `"command":${JSON.stringify('*** Begin Patch\n*** Add File: .git/hooks/pre-push\n+exit 0\n*** End Patch\n')}`,
        ),
        repo.real,
      ),
    expected: [`${PS}: the edit writes .git/hooks/pre-push, which is ${GIT}`],
  },
  {
    name: 'Gemini write_file of the audit log',
    run: (repo) =>
      runHook(
        ['hook', 'gemini', 'BeforeTool'],
        fixture('gemini/BeforeTool.write_file.json', { ROOT: repo.real }).replace(
          '.github/workflows/ci.yml',
          '.charter/audit.jsonl',
        ),
        repo.real,
      ),
    expected: [`${PS}: the edit writes .charter/audit.jsonl, which is ${CACHE}`],
  },
  {
    name: 'Cursor stopping the daemon',
    run: (repo) =>
      runHook(
        ['hook', 'cursor', 'beforeShellExecution'],
        fixture('cursor/beforeShellExecution.json', {
          ROOT: repo.real,
          COMMAND: 'npx charter daemon stop',
        }),
        repo.real,
      ),
    expected: [
      `${PS}: \`npx charter daemon stop\` stops Charter’s hook daemon, which is Charter’s hook daemon`,
    ],
  },
];

describe.concurrent('Charter’s own state through the hooks', () => {
  for (const { name, run, expected } of CASES) {
    it(`denies: ${name}`, async () => {
      const found = entries(denial(await run(hookRepo())));
      const ours = (entry: string): boolean =>
        entry.startsWith(`${PS}:`) || entry.startsWith(`${CC}:`);
      expect(found.filter(ours)).toEqual(expected);
    });
  }

  for (const { name, run, expected } of OTHER_AGENTS) {
    it(`denies: ${name}`, async () => {
      const result = await run(hookRepo());
      expect(result.code).toBe(2);
      for (const entry of expected) expect(result.stderr).toContain(entry);
    });
  }

  it.each([
    'cat .git/config',
    'git status --short',
    'git add -A && git commit -m "docs: never edit .git/config"',
    'git checkout -b topic',
    'git config --get user.email',
    'ls -la .charter',
  ])('allows: %s', async (command) => {
    expect(await bash(hookRepo(), command)).toEqual(ALLOW);
  });

  it('allows: Write of an ordinary new file', async () => {
    expect(await write(hookRepo(), 'src/notes.ts', 'export const n = 1;\n')).toEqual(ALLOW);
  });

  it('#79: a Write onto an existing folder cannot be computed: exit 2, coded', async () => {
    const repo = hookRepo();
    const reason = denial(await write(repo, 'src', 'x'));
    expect(reason).toBe(
      `Charter could not check this, so it is denied (fail-closed). charter/hook-error: the hook input is not what the agent sends: ${repo.real}/src is a folder, so the edit cannot be computed\nfix: Check that the hook is installed for the right agent and event (charter doctor), then retry.`,
    );
  });
});

// Measured alone, after the others: its time is the point.
describe('an expansion too large to follow', () => {
  it('#77: a brace expansion too large to follow is denied within the deadline, not expanded', async () => {
    const repo = hookRepo();
    const started = performance.now();
    const run = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      claudeEvent(repo, 'Bash', { command: `: ${'{a,b}'.repeat(23)} ; rm charter.yaml` }),
      repo.real,
      { CHARTER_HOOK_DEADLINE_MS: '20000' },
    );
    const elapsed = performance.now() - started;
    const reason = denial(run);
    expect(reason).toMatch(
      /^Charter could not check this, so it is denied \(fail-closed\)\. charter\/hook-error: the command is too large to follow \(a brace expansion of more than 256 words, or nested too deep, at character 3\)/,
    );
    // Within the deadline plus a margin, answered by the analysis (not by the deadline): the
    // expansion used to block the process for 37 s to more than 60 s, past any deadline.
    expect(elapsed).toBeLessThan(20_000 + 5_000);
  });
});
