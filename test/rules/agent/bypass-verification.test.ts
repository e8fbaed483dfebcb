import { describe, expect, it } from 'vitest';
import { commandFindings, located } from './command-case.js';

const CODE = 'agent/bypass-verification';
const contract = `version: 1
rules:
  agent/bypass-verification:
    severity: error
    options:
      variables: [HUSKY=0, SKIP]
`;

describe(CODE, () => {
  describe('valid', () => {
    it.each([
      'git commit -m "never use --no-verify"',
      'git commit -am "explain why -n is banned"',
      'git push origin feature/x',
      'git config --get core.hooksPath',
      'HUSKY=1 git commit -m x',
      'echo "HUSKY=0" >> docs/notes.md',
      "cat > docs/why.md <<'EOF'\ngit commit --no-verify is not allowed\nEOF",
      'git push -n origin main',
    ])('%s', async (command) => {
      expect(await commandFindings({ contract, command }, CODE)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('git commit -n', async () => {
      const findings = await commandFindings(
        { contract, command: 'npm test && git commit -nm "wip"' },
        CODE,
      );
      expect(located(findings)).toEqual([
        {
          code: CODE,
          file: '(command)',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 33,
          data: { kind: 'no-verify', command: 'git commit -nm "wip"' },
        },
      ]);
      expect(findings[0]?.message).toBe(
        '`git commit -nm "wip"` skips the pre-commit and commit-msg hooks (--no-verify)',
      );
    });

    it.each([
      ['git push --no-verify', 'no-verify', 'skips the pre-push hook (--no-verify)'],
      [
        'git config core.hooksPath /dev/null',
        'hooks-path',
        'points core.hooksPath at /dev/null, away from the configured hooks',
      ],
      [
        'git config --unset core.hooksPath',
        'hooks-path',
        'unsets core.hooksPath, which switches the configured hooks off',
      ],
      [
        'git -c core.hooksPath=/tmp commit -m x',
        'hooks-path',
        'points core.hooksPath at /tmp, away from the configured hooks',
      ],
      ['HUSKY=0 git commit -m x', 'environment', 'sets HUSKY=0, which switches git hooks off'],
      ['export SKIP=eslint', 'environment', 'sets SKIP=eslint, which switches git hooks off'],
      [
        'rm .git/hooks/pre-commit',
        'hooks-folder',
        'changes the git hooks in .git/hooks/pre-commit',
      ],
      ['git rebase --no-verify main', 'no-verify', 'skips the git hooks of rebase (--no-verify)'],
    ])('%s', async (command, kind, message) => {
      const findings = await commandFindings({ contract, command }, CODE);
      expect(findings.map((f) => [f.data.kind, f.message.replace(/^`[^`]*` /, '')])).toEqual([
        [kind, message],
      ]);
    });

    it('a second line of a script', async () => {
      const findings = await commandFindings(
        { contract, command: 'npm test\ngit commit --no-verify -m x' },
        CODE,
      );
      expect(
        findings.map((f) => [f.location.line, f.location.column, f.location.endColumn]),
      ).toEqual([[2, 1, 28]]);
    });
  });
});
