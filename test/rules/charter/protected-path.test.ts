import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
protect: [charter.yaml, '.claude/**', '.github/workflows/**']
`;

ruleTester('charter/protected-path', {
  valid: [
    { name: 'no change', contract, files: { 'src/a.ts': 'x' } },
    { name: 'a file next to a protected one', contract, files: { '.github/workflows/ci.yml': 'on: push' }, change: { '.github/dependabot.yml': 'x' } },
    { name: 'a backup file beside the contract', contract, change: { 'charter.yaml.bak': 'x' } },
    { name: 'no protect list', contract: 'version: 1\n', change: { 'charter.yaml': 'version: 1\n# edited\n' } },
  ],
  invalid: [
    {
      name: 'modifies a protected workflow',
      contract,
      files: { '.github/workflows/ci.yml': 'on: push\n' },
      change: { '.github/workflows/ci.yml': 'on: [push]\n' },
      errors: [
        { code: 'charter/protected-path', file: '.github/workflows/ci.yml', line: 1, column: 1, endLine: 1, endColumn: 11, data: { file: '.github/workflows/ci.yml', status: 'modified', glob: '.github/workflows/**' } },
      ],
    },
    {
      name: 'adds a file under a protected folder (staged)',
      contract,
      mode: 'staged',
      change: { '.claude/settings.json': '{}' },
      errors: [
        { code: 'charter/protected-path', file: '.claude/settings.json', line: 1, column: 1, endLine: 1, endColumn: 3, data: { file: '.claude/settings.json', status: 'added', glob: '.claude/**' } },
      ],
    },
    {
      name: 'deletes a protected file in a range',
      contract,
      mode: 'range',
      files: { '.claude/hooks.json': '{}' },
      change: { '.claude/hooks.json': null },
      errors: [
        { code: 'charter/protected-path', file: '.claude/hooks.json', line: 1, column: 1, endLine: 1, endColumn: 2, data: { file: '.claude/hooks.json', status: 'deleted', glob: '.claude/**' } },
      ],
    },
  ],
});
