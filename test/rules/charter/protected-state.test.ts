import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { checkProposedEdit } from '../../../src/engine/edit-check.js';
import type { Finding } from '../../../src/engine/report-schema.js';
import { toHookFinding } from '../../../src/hooks/evaluate.js';
import { findingsReason } from '../../../src/hooks/message.js';
import { userStateDirectory } from '../../../src/repo/user-state.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { commandFindings, located } from '../agent/command-case.js';

const CODE = 'charter/protected-state';
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const contract = `version: 1
rules:
  charter/protected-state: error
cites:
  'AGENTS.md#hard-guardrails': [charter/protected-state]
`;
const files = {
  'src/app.ts': 'export const a = 1;\n',
  'packages/ui/charter.yaml': 'version: 1\n',
  'packages/ui/index.ts': 'export {};\n',
  '.claude/settings.json': '{}\n',
};

/** Findings of this rule for a command, in a repository with the files above. */
async function command(source: string, cwd?: string): Promise<Finding[]> {
  return commandFindings({ contract, files, command: source, ...(cwd ? { cwd } : {}) }, CODE);
}

/** A fresh repository with the files above, committed; its real root. */
function repository(): { root: string; repo: ReturnType<typeof makeRepo> } {
  const repo = makeRepo({ 'charter.yaml': contract, ...files });
  repo.commit('base');
  return { root: realpathSync(repo.root), repo };
}

/** This rule's findings for an edit that writes `content` to each path (relative to the root). */
async function edit(root: string, writes: Record<string, string | null>): Promise<Finding[]> {
  const overlay = new Map(
    Object.entries(writes).map(([file, content]) => [path.join(root, file), content]),
  );
  const result = await checkProposedEdit({
    cwd: root,
    overlay,
    failOn: 'error',
    cache: false,
    baselineFile: null,
  });
  return result.introduced.filter((f) => f.code === CODE || f.code === 'charter/internal-error');
}

describe(CODE, () => {
  describe('valid', () => {
    it.each([
      'cat .git/config',
      'git status --short',
      'git add -A && git commit -m "fix: never touch .git/config"',
      'git config --get core.hooksPath',
      'git -c core.quotepath=off status',
      'cp charter.yaml /tmp/contract.yaml',
      'echo x > src/notes.yaml',
      'ln -s ../packages/ui vendor-ui',
      'rm -rf node_modules dist',
      'git clean -fd',
      'charter check --staged',
      'npx charter daemon status',
      'kill 12345',
      'pkill -f "vite dev"',
      // From the root, ../charter.yaml is outside the repository: not this contract.
      'ln -s ../charter.yaml x && echo > x',
    ])('%s', async (source) => {
      expect(await command(source)).toEqual([]);
    });

    it('an edit of an ordinary file', async () => {
      const { root } = repository();
      expect(await edit(root, { 'src/app.ts': 'export const a = 2;\n' })).toEqual([]);
    });

    it('a plain check of a working tree that changed a contract (other rules report it)', async () => {
      const { root, repo } = repository();
      repo.write({ 'packages/ui/charter.yaml': 'version: 1\n# edited\n' });
      const result = await runCheck({ cwd: root, mode: 'worktree', failOn: 'error', cache: false });
      expect(result.report.findings.filter((f) => f.code === CODE)).toEqual([]);
    });
  });

  describe('invalid: commands', () => {
    it('a redirection into the audit log', async () => {
      const findings = await command('echo x >> .charter/audit.jsonl');
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file: '.charter/audit.jsonl',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          data: {
            file: '.charter/audit.jsonl',
            kind: 'cache',
            via: 'redirect',
            files: 1,
            command: 'echo x >> .charter/audit.jsonl',
          },
        },
      ]);
      expect(findings[0]?.message).toBe(
        '`echo x >> .charter/audit.jsonl` writes .charter/audit.jsonl, which is Charter’s cache and audit log',
      );
    });

    it('a link into the contract, made from a subfolder', async () => {
      const findings = await command(
        'ln -s ../charter.yaml notes.yaml && echo > notes.yaml',
        'src',
      );
      const at = {
        code: CODE,
        file: 'charter.yaml',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 11,
      };
      const data = { file: 'charter.yaml', kind: 'contract', files: 1 };
      expect(located(findings)).toEqual([
        { ...at, data: { ...data, via: 'redirect', command: 'echo > notes.yaml' } },
        { ...at, data: { ...data, via: 'ln', command: 'ln -s ../charter.yaml notes.yaml' } },
      ]);
      expect(findings.map((f) => f.message)).toEqual([
        '`echo > notes.yaml` writes charter.yaml through the symlink notes.yaml, which is a Charter contract',
        '`ln -s ../charter.yaml notes.yaml` creates a link to charter.yaml, which is a Charter contract',
      ]);
    });

    it('a write below a link to a folder the same command creates', async () => {
      const state = path.dirname(userStateDirectory() as string);
      const findings = await command(`ln -s ${state} st && echo x > st/charter/cache.key`);
      expect(findings.map((f) => [f.message, f.location.file])).toEqual([
        [
          `\`echo x > st/charter/cache.key\` writes ${state}/charter/cache.key through the symlink st/charter/cache.key, which is Charter’s per-user state (its keys)`,
          '(command)',
        ],
      ]);
    });

    it('a contract below a link the command creates is a contract by its name already', async () => {
      const findings = await command('ln -s .. up && echo "version: 1" > up/charter.yaml', 'src');
      expect(findings.map((f) => f.message)).toEqual([
        '`echo "version: 1" > up/charter.yaml` writes src/up/charter.yaml (and 1 more protected path), which is a Charter contract',
      ]);
    });

    it('git config, located at the command', async () => {
      const findings = await command("npm test && git config core.fsmonitor 'touch /tmp/x'");
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file: '(command)',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 53,
          data: {
            file: '.git/config',
            kind: 'git',
            via: 'git config',
            key: 'core.fsmonitor',
            command: "git config core.fsmonitor 'touch /tmp/x'",
          },
        },
      ]);
      expect(findings[0]?.message).toBe(
        "`git config core.fsmonitor 'touch /tmp/x'` sets core.fsmonitor in git’s configuration, which is git’s own folder (hooks and configuration)",
      );
    });

    it.each([
      ['echo "#!/bin/sh" > .git/hooks/pre-commit', 'git', '.git/hooks/pre-commit'],
      ['cp /tmp/x .git/config', 'git', '.git/config'],
      ['chmod +x .git/hooks/post-checkout', 'git', '.git/hooks/post-checkout'],
      ['sed -i s/a/b/ .git/config', 'git', '.git/config'],
      ['echo "version: 1" > src/charter.yaml', 'contract', 'src/charter.yaml'],
      ['rm packages/ui/charter.yaml', 'contract', 'packages/ui/charter.yaml'],
      ['echo "{}" > charter.baseline.json', 'baseline', 'charter.baseline.json'],
      ['tee .claude/settings.local.json < /tmp/x', 'hook-config', '.claude/settings.local.json'],
      [
        'install -m 644 /tmp/x .github/hooks/charter.json',
        'hook-config',
        '.github/hooks/charter.json',
      ],
      ['rsync /tmp/x .codex/hooks.json', 'hook-config', '.codex/hooks.json'],
      ['mkdir -p .charter/cache && echo > .charter/cache/p.json', 'cache', '.charter/cache/p.json'],
      ['git clean -fdx', 'cache', '.charter'],
      ['echo x > charter.yam{l..l}', 'contract', 'charter.yaml'],
      ['cd "$DIR" && echo x > .git/config', 'git', '.git/config'],
    ])('%s', async (source, kind, file) => {
      const findings = await command(source);
      expect(findings.map((f) => [f.data?.kind, f.data?.file])).toContainEqual([kind, file]);
    });

    it.each([
      ['charter daemon stop', 'daemon', 'stops Charter’s hook daemon'],
      ['npx --yes charter daemon stop --all', 'daemon', 'stops Charter’s hook daemon'],
      ['node node_modules/agent-charter/bin/charter.js daemon stop', 'daemon', 'stops'],
      ['pnpm exec charter hooks install --agent claude', 'hook-config', 'rewrites'],
      ['npm exec -- charter baseline', 'baseline', 'rewrites'],
      ['pkill -f charter', 'daemon', 'may stop'],
      ['kill $(pgrep -f "charter daemon")', 'daemon', 'may stop'],
      ['pgrep -f charter | xargs kill -9', 'daemon', 'may stop'],
    ])('the gate itself: %s', async (source, kind, what) => {
      const findings = await command(source);
      expect(findings.map((f) => f.data?.kind)).toEqual([kind]);
      expect(findings[0]?.message).toContain(what);
      expect(findings[0]?.location.file).toBe('(command)');
    });

    it('a write outside the repository into the per-user state folder', async () => {
      const findings = await command(`echo x > ${userStateDirectory() as string}/cache.key`);
      expect(findings.map((f) => [f.data?.kind, f.location.file])).toEqual([
        ['user-state', '(command)'],
      ]);
    });

    it('a recursive delete of a folder that holds the per-user state folder', async () => {
      const state = userStateDirectory() as string;
      const above = path.dirname(state);
      const findings = await command(`rm -rf ${above}`);
      expect(findings.map((f) => f.message)).toEqual([
        `\`rm -rf ${above}\` deletes ${state}, which is Charter’s per-user state (its keys)`,
      ]);
    });

    it('a write through a symlink already on disk', async () => {
      const { root } = repository();
      symlinkSync('../charter.yaml', path.join(root, 'src', 'notes.yaml'));
      const result = await runCheck({
        cwd: root,
        mode: 'worktree',
        failOn: 'error',
        cache: false,
        baselineFile: null,
        rules: (rule) => rule.meta.code === CODE,
        command: {
          source: "printf 'version: 1\\n' > src/notes.yaml",
          cwd: root,
          home: '/home/dev',
        },
      });
      expect(located(result.report.findings)).toEqual([
        {
          code: CODE,
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: {
            file: 'charter.yaml',
            kind: 'contract',
            via: 'redirect',
            files: 1,
            command: "printf 'version: 1\\n' > src/notes.yaml",
          },
        },
      ]);
      expect(result.report.findings[0]?.message).toBe(
        "`printf 'version: 1\\n' > src/notes.yaml` writes charter.yaml through the symlink src/notes.yaml, which is a Charter contract",
      );
    });

    it('a write through a dangling symlink into .charter, and a chain of links', async () => {
      const { root } = repository();
      mkdirSync(path.join(root, 'links'));
      symlinkSync('../.charter/new.json', path.join(root, 'links', 'dangling.json'));
      symlinkSync('dangling.json', path.join(root, 'links', 'chain.json'));
      const result = await runCheck({
        cwd: root,
        mode: 'worktree',
        failOn: 'error',
        cache: false,
        baselineFile: null,
        rules: (rule) => rule.meta.code === CODE,
        command: { source: 'echo x > links/chain.json', cwd: root, home: '/home/dev' },
      });
      expect(result.report.findings.map((f) => [f.location.file, f.data?.kind])).toEqual([
        ['.charter/new.json', 'cache'],
      ]);
    });
  });

  describe('invalid: edits', () => {
    it.each([
      ['.charter/audit.jsonl', 'cache', 'added'],
      ['.git/hooks/pre-commit', 'git', 'added'],
      ['.claude/settings.json', 'hook-config', 'modified'],
    ])('an edit of %s', async (file, kind, status) => {
      const { root } = repository();
      const findings = await edit(root, { [file]: 'x\n' });
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          data: { file, kind, status },
        },
      ]);
      expect(findings[0]?.message).toBe(
        `the edit writes ${file}, which is ${kind === 'contract' ? 'a Charter contract' : kind === 'cache' ? 'Charter’s cache and audit log' : kind === 'git' ? 'git’s own folder (hooks and configuration)' : 'an agent’s hook configuration'}`,
      );
    });

    it('an edit of a contract is reported once, by charter/contract-changed', async () => {
      const { root } = repository();
      expect(await edit(root, { 'src/charter.yaml': 'x\n' })).toEqual([]);
      expect(await edit(root, { 'packages/ui/charter.yaml': null })).toEqual([]);
      const overlay = new Map([[path.join(root, 'packages/ui/charter.yaml'), null]]);
      const result = await checkProposedEdit({ cwd: root, overlay, failOn: 'error', cache: false });
      expect(result.introduced.map((f) => [f.code, f.location.file])).toEqual([
        ['charter/contract-changed', 'packages/ui/charter.yaml'],
      ]);
    });
  });

  it('docs/rules/charter/protected-state.md: its Invalid example is what the hook answers', async () => {
    const page = readFileSync(path.join(ROOT, 'docs/rules/charter/protected-state.md'), 'utf8');
    const invalid = page.slice(page.indexOf('\n## Invalid\n'), page.indexOf('\n## Valid\n'));
    const shown = /```text\n([\s\S]*?)```/.exec(invalid)?.[1]?.trimEnd();
    const findings = await commandFindings(
      { contract, command: 'ln -s ../charter.yaml src/notes.yaml' },
      CODE,
    );
    expect(findingsReason('command', findings.map(toHookFinding))).toBe(shown);
  });
});
