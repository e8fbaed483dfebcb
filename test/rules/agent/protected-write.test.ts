import { realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { commandFindings, located } from './command-case.js';

const CODE = 'agent/protected-write';
const contract = `version: 1
protect: [.claude/**, .github/workflows/**]
rules:
  agent/protected-write:
    severity: error
    options:
      paths: [db/migrations/**]
`;
const files = {
  '.claude/settings.json': '{}\n',
  '.github/workflows/ci.yml': 'name: ci\n',
  'db/migrations/001.sql': 'create table a (id int);\n',
  'src/app.ts': 'export {};\n',
};

describe(CODE, () => {
  describe('valid', () => {
    it.each([
      'echo x > src/notes.txt',
      'cp charter.yaml charter.yaml.bak',
      'cat .claude/settings.json | jq .',
      'git commit -m "do not touch .claude/settings.json"',
      "cat > notes.md <<'EOF'\necho x > .claude/settings.json\nEOF",
      'echo "> charter.yaml"',
      'sed -n 1p charter.yaml',
      'git checkout main',
      'rm -rf dist',
    ])('%s', async (command) => {
      expect(await commandFindings({ contract, files, command }, CODE)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a redirection after cd into a protected folder', async () => {
      const findings = await commandFindings(
        { contract, files, command: 'cd .claude && echo x > settings.json' },
        CODE,
      );
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file: '.claude/settings.json',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 3,
          data: {
            file: '.claude/settings.json',
            glob: '.claude/**',
            via: 'redirect',
            command: 'echo x > settings.json',
            files: 1,
            maybe: false,
          },
        },
      ]);
      expect(findings[0]?.message).toBe(
        '`echo x > settings.json` writes .claude/settings.json, which is protected by ".claude/**"',
      );
    });

    it('the contract itself is always protected', async () => {
      const findings = await commandFindings(
        { contract, files, command: 'bash -c "sed -i s/error/off/ charter.yaml"' },
        CODE,
      );
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: {
            file: 'charter.yaml',
            glob: 'charter.yaml',
            via: 'sed -i',
            command: 'bash -c "sed -i s/error/off/ charter.yaml"',
            files: 1,
            maybe: false,
          },
        },
      ]);
    });

    it('a recursive delete of a folder holding protected files', async () => {
      const findings = await commandFindings({ contract, files, command: 'rm -rf .github' }, CODE);
      expect(findings.map((f) => [f.message, f.data.files])).toEqual([
        [
          '`rm -rf .github` deletes .github/workflows/ci.yml, which is protected by ".github/workflows/**"',
          1,
        ],
      ]);
    });

    it('a path from the rule options', async () => {
      const findings = await commandFindings(
        { contract, files, command: "python3 -c \"open('db/migrations/001.sql', 'w').write('')\"" },
        CODE,
      );
      expect(findings.map((f) => [f.location.file, f.data.glob, f.data.via])).toEqual([
        ['db/migrations/001.sql', 'db/migrations/**', 'script'],
      ]);
    });

    it('a move away reports the protected source', async () => {
      const findings = await commandFindings(
        { contract, files, command: 'mv .claude/settings.json{,.bak}' },
        CODE,
      );
      expect(findings.map((f) => f.message)).toEqual([
        '`mv .claude/settings.json{,.bak}` moves away .claude/settings.json, which is protected by ".claude/**"',
        '`mv .claude/settings.json{,.bak}` writes .claude/settings.json.bak, which is protected by ".claude/**"',
      ]);
    });

    it('a link to a protected file, and a write through it in the same command', async () => {
      const findings = await commandFindings(
        {
          contract,
          files,
          command: 'ln -s ../db/migrations/001.sql notes.sql && echo x > notes.sql',
          cwd: 'src',
        },
        CODE,
      );
      expect(findings.map((f) => [f.message, f.location.file])).toEqual([
        [
          '`echo x > notes.sql` writes db/migrations/001.sql, which is protected by "db/migrations/**"',
          'db/migrations/001.sql',
        ],
        [
          '`ln -s ../db/migrations/001.sql notes.sql` creates a link to db/migrations/001.sql, which is protected by "db/migrations/**"',
          'db/migrations/001.sql',
        ],
      ]);
    });

    it('a write through a symlink already on disk', async () => {
      const repo = makeRepo({ 'charter.yaml': contract, ...files });
      repo.commit('base');
      const root = realpathSync(repo.root);
      symlinkSync('../.github/workflows/ci.yml', path.join(root, 'src', 'ci.yml'));
      const result = await runCheck({
        cwd: root,
        mode: 'worktree',
        failOn: 'error',
        cache: false,
        baselineFile: null,
        rules: (rule) => rule.meta.code === CODE,
        command: { source: 'echo "on: push" > src/ci.yml', cwd: root, home: '/home/dev' },
      });
      expect(result.report.findings.map((f) => [f.message, f.location.file])).toEqual([
        [
          '`echo "on: push" > src/ci.yml` writes .github/workflows/ci.yml, which is protected by ".github/workflows/**"',
          '.github/workflows/ci.yml',
        ],
      ]);
      // Deleting the link leaves the file it points at alone.
      const removal = await runCheck({
        cwd: root,
        mode: 'worktree',
        failOn: 'error',
        cache: false,
        baselineFile: null,
        rules: (rule) => rule.meta.code === CODE,
        command: { source: 'rm src/ci.yml', cwd: root, home: '/home/dev' },
      });
      expect(removal.report.findings).toEqual([]);
    });

    it('git checkout of a protected path', async () => {
      const findings = await commandFindings(
        { contract, files, command: 'git checkout HEAD~3 -- .github/workflows/ci.yml' },
        CODE,
      );
      expect(findings.map((f) => [f.location.file, f.data.via])).toEqual([
        ['.github/workflows/ci.yml', 'git checkout'],
      ]);
    });
  });
});
