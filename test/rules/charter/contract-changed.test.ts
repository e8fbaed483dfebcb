import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const CODE = 'charter/contract-changed';

const contract = `version: 1
protect: [charter.yaml, '.github/**']
exclude: ['dist/**']
`;
const MESSAGE = (verb: string): string =>
  `the change ${verb} the contract charter.yaml; the check used the trusted version instead`;

ruleTester(CODE, {
  valid: [
    {
      name: 'the working tree check reads the contract as it is and never reports an edit',
      contract,
      change: { 'charter.yaml': `${contract}waivers: []\n` },
    },
    {
      name: 'the working tree check does not report a rewritten contract either',
      contract,
      change: { 'charter.yaml': 'version: 1\n' },
    },
    {
      name: 'a staged change that leaves the contract alone',
      contract,
      mode: 'staged',
      files: { 'src/a.ts': 'export const a = 1;\n' },
      change: { 'src/a.ts': 'export const a = 2;\n' },
    },
    {
      name: 'a range that leaves the contract alone',
      contract,
      mode: 'range',
      change: { 'src/b.ts': 'export const b = 1;\n' },
    },
    {
      name: 'a package contract in a folder the contract excludes is none of its business',
      contract,
      mode: 'range',
      change: { 'dist/charter.yaml': 'version: 1\n' },
    },
    {
      name: 'a backup next to the contract is not the contract',
      contract,
      mode: 'staged',
      change: { 'charter.yaml.bak': contract },
    },
    {
      name: 'a waiver in the base contract accepts the edit',
      contract: `version: 1
waivers:
  - rule: charter/contract-changed
    path: charter.yaml
    reason: 'OPS-12: the platform team widens exclude'
    expires: 2026-12-31
`,
      mode: 'range',
      change: {
        'charter.yaml': `version: 1
exclude: ['vendor/**']
waivers:
  - rule: charter/contract-changed
    path: charter.yaml
    reason: 'OPS-12: the platform team widens exclude'
    expires: 2026-12-31
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a staged edit: the location is the first line that differs',
      contract,
      mode: 'staged',
      change: {
        'charter.yaml': contract.replace("exclude: ['dist/**']", "exclude: ['dist/**', 'src/**']"),
      },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 31,
          data: { file: 'charter.yaml', status: 'modified' },
          message: MESSAGE('edits'),
          severity: 'error',
        },
      ],
    },
    {
      name: 'a range where the head drops a protected path',
      contract,
      mode: 'range',
      change: {
        'charter.yaml': contract.replace(
          "protect: [charter.yaml, '.github/**']",
          "protect: ['.github/**']",
        ),
      },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 24,
          data: { file: 'charter.yaml', status: 'modified' },
        },
      ],
    },
    {
      name: 'a range where the head appends a waiver: the span is the head’s line, past the end of the trusted text',
      contract,
      mode: 'range',
      change: {
        'charter.yaml': `${contract}waivers: [{ rule: charter/protected-path, path: '**', reason: 'quick fix', expires: 2099-01-01 }]\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 98,
          data: { file: 'charter.yaml', status: 'modified' },
        },
      ],
    },
    {
      name: 'a range that only changes a comment is still an edit',
      contract: `# owned by the platform team\n${contract}`,
      mode: 'range',
      change: { 'charter.yaml': `# owned by nobody\n${contract}` },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 18,
          data: { file: 'charter.yaml', status: 'modified' },
        },
      ],
    },
    {
      name: 'a range that deletes the contract: reported on the first line of the trusted contract',
      contract,
      mode: 'range',
      change: { 'charter.yaml': null },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'charter.yaml', status: 'deleted' },
          message: MESSAGE('deletes'),
        },
      ],
    },
    {
      name: 'a staged deletion of the contract',
      contract,
      mode: 'staged',
      change: { 'charter.yaml': null },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'charter.yaml', status: 'deleted' },
        },
      ],
    },
    {
      name: 'a range that renames the contract: reported on the new path',
      contract,
      mode: 'range',
      change: { 'charter.yaml': null, 'config/charter.yaml': contract },
      errors: [
        {
          code: CODE,
          file: 'config/charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'charter.yaml', status: 'renamed' },
          message: MESSAGE('renames'),
        },
      ],
    },
    {
      name: 'a staged rename of the contract',
      contract,
      mode: 'staged',
      change: { 'charter.yaml': null, 'charter.yml': contract },
      errors: [
        {
          code: CODE,
          file: 'charter.yml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'charter.yaml', status: 'renamed' },
        },
      ],
    },
    {
      name: 'a range that adds a package contract: the nearer contract would govern its files',
      contract,
      mode: 'range',
      change: { 'examples/charter.yaml': 'version: 1\n' },
      errors: [
        {
          code: CODE,
          file: 'examples/charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'examples/charter.yaml', status: 'added' },
          message:
            'the change adds the contract examples/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
        },
      ],
    },
    {
      name: 'a range that deletes a package contract: its files must not quietly fall to the root contract',
      contract,
      mode: 'range',
      files: { 'packages/x/charter.yaml': 'version: 1\nprotect: [secret/**]\n' },
      change: { 'packages/x/charter.yaml': null },
      errors: [
        {
          code: CODE,
          file: 'packages/x/charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          data: { file: 'packages/x/charter.yaml', status: 'deleted' },
          message:
            'the change deletes the contract packages/x/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
        },
      ],
    },
    {
      name: 'a staged edit of a package contract',
      contract,
      mode: 'staged',
      files: { 'packages/x/charter.yaml': 'version: 1\nprotect: [secret/**]\n' },
      change: { 'packages/x/charter.yaml': 'version: 1\n' },
      errors: [
        {
          code: CODE,
          file: 'packages/x/charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'packages/x/charter.yaml', status: 'modified' },
          message:
            'the change edits the contract packages/x/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
        },
      ],
    },
    {
      name: 'a range that moves a package contract to another folder',
      contract,
      mode: 'range',
      files: { 'packages/x/charter.yaml': 'version: 1\nprotect: [secret/**]\n' },
      change: {
        'packages/x/charter.yaml': null,
        'packages/y/charter.yaml': 'version: 1\nprotect: [secret/**]\n',
      },
      errors: [
        {
          code: CODE,
          file: 'packages/y/charter.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
          data: { file: 'packages/y/charter.yaml', status: 'renamed' },
          message:
            'the change moves the contract packages/y/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
        },
      ],
    },
    {
      name: 'a waiver that the head adds to its own contract does not count: the base has none',
      contract,
      mode: 'range',
      change: {
        'charter.yaml': `${contract}waivers:\n  - { rule: charter/contract-changed, path: '**', reason: 'trust me', expires: 2099-01-01 }\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 9,
          data: { file: 'charter.yaml', status: 'modified' },
        },
      ],
    },
  ],
});

describe('outside the rule tester', () => {
  it('the commit that adds the first contract is not reported: there is no trusted version to bypass', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.git('add', '-A');
    const { report } = await runCheck({
      cwd: repo.root,
      mode: 'staged',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(report.findings.filter((f) => f.code === CODE)).toEqual([]);
  });

  it('nor is a package contract added together with the first contract', async () => {
    const repo = makeRepo({ 'README.md': '# r\n' });
    repo.commit('base');
    repo.write({ 'charter.yaml': contract, 'packages/x/charter.yaml': 'version: 1\n' });
    repo.git('add', '-A');
    const { report } = await runCheck({
      cwd: repo.root,
      mode: 'staged',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(report.findings.filter((f) => f.code === CODE)).toEqual([]);
    expect(report.contract.path).toBe('charter.yaml');
  });

  it('an agent hook proposing an edit to the contract gets a finding on the first changed line', async () => {
    const repo = makeRepo({ 'charter.yaml': contract });
    repo.commit('base');
    const proposed = contract.replace("exclude: ['dist/**']", "exclude: ['dist/**', 'src/**']");
    const { report } = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      overlay: new Map([['charter.yaml', proposed]]),
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    const findings = report.findings.filter((f) => f.code === CODE);
    expect(
      findings.map((f) => ({ location: f.location, data: f.data, message: f.message })),
    ).toEqual([
      {
        location: { file: 'charter.yaml', line: 3, column: 1, endLine: 3, endColumn: 31 },
        data: { file: 'charter.yaml', status: 'modified' },
        message: MESSAGE('edits'),
      },
    ]);
    expect(report.mode.kind).toBe('overlay');
    expect(report.decision).toBe('deny');
  });

  it('an agent hook after the fact (HEAD’s contract): an edited contract and a new package contract in the working tree', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    repo.write({
      'charter.yaml': contract.replace("exclude: ['dist/**']", "exclude: ['dist/**', 'src/**']"),
      'src/charter.yaml': 'version: 1\n',
    });
    const { report } = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      contractFrom: 'head',
      failOn: 'error',
      cache: false,
      baselineFile: null,
      rules: (rule) => rule.meta.code === CODE,
    });
    expect(report.contract.path).toBe('charter.yaml');
    expect(
      report.findings.map((f) => ({ location: f.location, data: f.data, message: f.message })),
    ).toEqual([
      {
        location: { file: 'charter.yaml', line: 3, column: 1, endLine: 3, endColumn: 31 },
        data: { file: 'charter.yaml', status: 'modified' },
        message: MESSAGE('edits'),
      },
      {
        location: { file: 'src/charter.yaml', line: 1, column: 1, endLine: 1, endColumn: 11 },
        data: { file: 'src/charter.yaml', status: 'added' },
        message:
          'the change adds the contract src/charter.yaml; contracts take effect only from the trusted side, so the check used charter.yaml',
      },
    ]);
  });
});
