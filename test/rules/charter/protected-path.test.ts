import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
protect: [charter.yaml, '.claude/**', '.github/workflows/**']
`;

ruleTester('charter/protected-path', {
  valid: [
    { name: 'no change', contract, files: { 'src/a.ts': 'x' } },
    {
      name: 'a file next to a protected one',
      contract,
      files: { '.github/workflows/ci.yml': 'on: push' },
      change: { '.github/dependabot.yml': 'x' },
    },
    { name: 'a backup file beside the contract', contract, change: { 'charter.yaml.bak': 'x' } },
    {
      name: 'no protect list',
      contract: 'version: 1\n',
      change: { 'charter.yaml': 'version: 1\n# edited\n' },
    },
  ],
  invalid: [
    {
      name: 'modifies a protected workflow',
      contract,
      files: { '.github/workflows/ci.yml': 'on: push\n' },
      change: { '.github/workflows/ci.yml': 'on: [push]\n' },
      errors: [
        {
          code: 'charter/protected-path',
          file: '.github/workflows/ci.yml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: {
            file: '.github/workflows/ci.yml',
            status: 'modified',
            glob: '.github/workflows/**',
          },
        },
      ],
    },
    {
      name: 'adds a file under a protected folder (staged)',
      contract,
      mode: 'staged',
      change: { '.claude/settings.json': '{}' },
      errors: [
        {
          code: 'charter/protected-path',
          file: '.claude/settings.json',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 3,
          data: { file: '.claude/settings.json', status: 'added', glob: '.claude/**' },
        },
      ],
    },
    {
      name: 'deletes a protected file in a range',
      contract,
      mode: 'range',
      files: { '.claude/hooks.json': '{}' },
      change: { '.claude/hooks.json': null },
      errors: [
        {
          code: 'charter/protected-path',
          file: '.claude/hooks.json',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          data: { file: '.claude/hooks.json', status: 'deleted', glob: '.claude/**' },
        },
      ],
    },
    {
      name: 'renames a protected file away: the message names the protected path',
      contract,
      mode: 'range',
      files: { '.claude/hooks.json': '{ "PreToolUse": [] }\n' },
      change: { '.claude/hooks.json': null, 'tmp/hooks.json': '{ "PreToolUse": [] }\n' },
      errors: [
        {
          code: 'charter/protected-path',
          file: 'tmp/hooks.json',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 21,
          data: { file: '.claude/hooks.json', status: 'renamed', glob: '.claude/**' },
          message:
            '.claude/hooks.json is protected by ".claude/**" and the change renames it to tmp/hooks.json',
        },
      ],
    },
    {
      name: 'renames a file onto a protected path (staged)',
      contract,
      mode: 'staged',
      files: { 'ci/release.yml': 'on: push\n' },
      change: { 'ci/release.yml': null, '.github/workflows/release.yml': 'on: push\n' },
      errors: [
        {
          code: 'charter/protected-path',
          file: '.github/workflows/release.yml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 9,
          data: {
            file: '.github/workflows/release.yml',
            status: 'renamed',
            glob: '.github/workflows/**',
          },
          message:
            '.github/workflows/release.yml is protected by ".github/workflows/**" and the change renames ci/release.yml to it',
        },
      ],
    },
    {
      name: 'the contract protects itself',
      contract,
      mode: 'range',
      change: { 'charter.yaml': `${contract}waivers: []\n` },
      errors: [
        {
          code: 'charter/protected-path',
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'charter.yaml', status: 'modified', glob: 'charter.yaml' },
          message: 'charter.yaml is protected by "charter.yaml" and the change modifies it',
        },
      ],
    },
  ],
});

describe('outside the rule tester', () => {
  it('the commit that adds the first contract is not reported, other protected files are', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, '.claude/settings.json': '{}\n' });
    repo.git('add', '-A');
    const { report } = await runCheck({
      cwd: repo.root,
      mode: 'staged',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(
      report.findings.filter((f) => f.code === 'charter/protected-path').map((f) => f.message),
    ).toEqual(['.claude/settings.json is protected by ".claude/**" and the change adds it']);
  });
});
