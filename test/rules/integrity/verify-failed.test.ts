import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { splitCommand } from '../../../src/repo/run-command.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const scripts = {
  'scripts/pass.mjs': "console.log('all good');\n",
  'scripts/fail.mjs':
    "for (let i = 1; i <= 50; i++) console.log(`line ${i}`);\nconsole.error('App.tsx: 1 error');\nprocess.exit(3);\n",
  'scripts/slow.mjs': 'setTimeout(() => {}, 20_000);\n',
  'scripts/args.mjs':
    "if (process.argv[2] !== 'two words' || process.env.MODE !== 'ci') process.exit(9);\n",
  'packages/web/src/App.tsx': 'export const App = 1;\n',
  'packages/api/src/main.ts': 'export const main = 1;\n',
};

const contract = (run: string, extra = ''): string => `version: 1
verify:
  - when: 'packages/web/**'
    run: ${run}${extra}
`;

ruleTester('integrity/verify-failed', {
  valid: [
    {
      name: 'the command passes',
      contract: contract('node scripts/pass.mjs'),
      files: scripts,
      change: { 'packages/web/src/App.tsx': 'export const App = 2;\n' },
    },
    {
      name: 'quoted arguments and an environment assignment reach the command as written',
      contract: contract(`MODE=ci node scripts/args.mjs 'two words'`),
      files: scripts,
      mode: 'range',
      change: { 'packages/web/src/App.tsx': 'export const App = 2;\n' },
    },
    {
      name: 'the change does not touch the paths, so the failing command does not run',
      contract: contract('node scripts/fail.mjs'),
      files: scripts,
      change: { 'packages/api/src/main.ts': 'export const main = 2;\n' },
    },
    {
      name: 'file names never reach a shell',
      contract: contract('node scripts/pass.mjs'),
      files: scripts,
      mode: 'staged',
      change: { 'packages/web/src/$(touch pwned); touch pwned2.ts': 'x\n' },
    },
  ],
  invalid: [
    {
      name: 'a failing command, with the tail of its output (range)',
      contract: contract('node scripts/fail.mjs', '\n    timeout: 30'),
      files: scripts,
      mode: 'range',
      change: { 'packages/web/src/App.tsx': 'export const App = 2;\n' },
      errors: [
        {
          code: 'integrity/verify-failed',
          file: 'charter.yaml',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 31,
          data: {
            command: 'node scripts/fail.mjs',
            when: 'packages/web/**',
            files: 'packages/web/src/App.tsx',
            outcome: 'failed',
            exitCode: 3,
            output: [
              ...Array.from({ length: 39 }, (_, i) => `line ${i + 12}`),
              'App.tsx: 1 error',
            ].join('\n'),
          },
        },
      ],
    },
    {
      name: 'a shell command, when the contract asks for a shell',
      contract: contract(`"echo checking && exit 4"`, '\n    shell: true'),
      mode: 'range',
      files: scripts,
      change: { 'packages/web/src/App.tsx': 'export const App = 2;\n' },
      errors: [
        {
          code: 'integrity/verify-failed',
          file: 'charter.yaml',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 35,
          data: {
            command: 'echo checking && exit 4',
            when: 'packages/web/**',
            files: 'packages/web/src/App.tsx',
            outcome: 'failed',
            exitCode: 4,
            output: 'checking',
          },
        },
      ],
    },
    {
      name: 'shell syntax without a shell, a missing program, a timeout: not verified (exit 2)',
      contract: `version: 1
verify:
  - { when: 'packages/**', run: 'npm test | tee log' }
  - { when: 'packages/**', run: 'no-such-program-here --check' }
  - { when: 'packages/**', run: 'node scripts/slow.mjs', timeout: 1 }
`,
      mode: 'staged',
      files: scripts,
      change: { 'packages/web/src/App.tsx': 'export const App = 2;\n' },
      errors: [
        {
          code: 'integrity/verify-failed',
          file: 'charter.yaml',
          line: 3,
          column: 33,
          endLine: 3,
          endColumn: 53,
          data: {
            command: 'npm test | tee log',
            when: 'packages/**',
            files: 'packages/web/src/App.tsx',
            outcome: 'error',
            exitCode: -1,
            output: '',
          },
        },
        {
          code: 'integrity/verify-failed',
          file: 'charter.yaml',
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 63,
          data: {
            command: 'no-such-program-here --check',
            when: 'packages/**',
            files: 'packages/web/src/App.tsx',
            outcome: 'error',
            exitCode: -1,
            output: '',
          },
        },
        {
          code: 'integrity/verify-failed',
          file: 'charter.yaml',
          line: 5,
          column: 33,
          endLine: 5,
          endColumn: 56,
          data: {
            command: 'node scripts/slow.mjs',
            when: 'packages/**',
            files: 'packages/web/src/App.tsx',
            outcome: 'timeout',
            exitCode: -1,
            output: '',
          },
        },
      ],
    },
  ],
});

describe('integrity/verify-failed and the engine', () => {
  const failing = contract('node scripts/fail.mjs');
  const setup = () => {
    const repo = makeRepo({ 'charter.yaml': failing, ...scripts });
    repo.commit('base');
    return repo;
  };

  it('runs nothing when the run turns commands off (an agent hook before Stop)', async () => {
    const repo = setup();
    repo.write({ 'packages/web/src/App.tsx': 'export const App = 2;\n' });
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: false,
      baselineFile: null,
      runCommands: false,
    });
    expect(result.report.findings.filter((f) => f.code === 'integrity/verify-failed')).toEqual([]);
  });

  it('a working-tree check reads the contract the change can edit: off unless asked, with a note', async () => {
    const repo = setup();
    repo.write({ 'packages/web/src/App.tsx': 'export const App = 2;\n' });
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(result.report.findings.filter((f) => f.code === 'integrity/verify-failed')).toEqual([]);
    expect(result.notes).toEqual([
      '1 verify command(s) of charter.yaml did not run: the contract was read from the working tree, which the change can edit; pass --run-verify to run them',
    ]);
  });

  it('only from a committed contract (the Stop hook): an uncommitted one’s are reported not run', async () => {
    const repo = makeRepo(scripts);
    repo.commit('base, no contract yet');
    repo.write({ 'charter.yaml': failing, 'packages/web/src/App.tsx': 'export const App = 2;\n' });
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      contractFrom: 'head',
      failOn: 'error',
      cache: false,
      baselineFile: null,
      runCommands: 'trusted',
    });
    const findings = result.report.findings.filter((f) => f.code === 'integrity/verify-failed');
    expect(
      findings.map((f) => ({ location: f.location, data: f.data, incomplete: f.incomplete })),
    ).toEqual([
      {
        location: { file: 'charter.yaml', line: 4, column: 10, endLine: 4, endColumn: 31 },
        data: {
          command: 'node scripts/fail.mjs',
          when: 'packages/web/**',
          files: 'packages/web/src/App.tsx',
          outcome: 'not-run',
          output:
            "charter.yaml is not committed, and only the committed contract's commands run; commit it (a human reviews it) to run them",
        },
        incomplete: true,
      },
    ]);
    expect(result.report.exitCode).toBe(2);
  });

  it('leaves a proposed edit alone by default: it is not on disk, the commands run at Stop', async () => {
    const repo = setup();
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      overlay: new Map([['packages/web/src/App.tsx', 'export const App = 3;\n']]),
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(result.report.findings.filter((f) => f.code === 'integrity/verify-failed')).toEqual([]);
  });

  it('cannot verify a proposed edit when asked to: incomplete, exit 2', async () => {
    const repo = setup();
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      overlay: new Map([['packages/web/src/App.tsx', 'export const App = 3;\n']]),
      failOn: 'error',
      cache: false,
      baselineFile: null,
      runCommands: true,
    });
    const findings = result.report.findings.filter((f) => f.code === 'integrity/verify-failed');
    expect(findings.map((f) => [f.data.outcome, f.incomplete])).toEqual([['not-run', true]]);
    expect(result.report.exitCode).toBe(2);
  });

  it('cannot verify a --head that is not checked out: incomplete', async () => {
    const repo = setup();
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'packages/web/src/App.tsx': 'export const App = 2;\n' });
    repo.commit('head');
    repo.git('checkout', '-q', 'main');
    const result = await runCheck({
      cwd: repo.root,
      mode: 'range',
      base,
      head: 'feature',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    const findings = result.report.findings.filter((f) => f.code === 'integrity/verify-failed');
    expect(findings.map((f) => [f.data.outcome, f.incomplete])).toEqual([['not-run', true]]);
  });

  it('leaves no trace of a file name in the working tree', async () => {
    const repo = setup();
    repo.write({ 'packages/web/$(touch pwned).ts': 'x\n' });
    await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: false,
      baselineFile: null,
      runCommands: true,
    });
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
  });
});

describe('splitCommand', () => {
  it.each([
    ['make verify-web', ['make', 'verify-web'], {}],
    [
      `npm run test -- --grep 'a b' "c \\"d\\""`,
      ['npm', 'run', 'test', '--', '--grep', 'a b', 'c "d"'],
      {},
    ],
    ['CI=1 NODE_ENV=test npx vitest run', ['npx', 'vitest', 'run'], { CI: '1', NODE_ENV: 'test' }],
    ['pytest tests/*.py # comment', ['pytest', 'tests/*.py'], {}],
  ])('%s', (command, argv, env) => {
    expect(splitCommand(command)).toEqual({ argv, env });
  });

  it.each(['a | b', 'a && b', 'a; b', 'echo $HOME', 'echo "$(id)"', 'a > out', "echo 'open"])(
    'refuses %s',
    (command) => {
      expect(() => splitCommand(command)).toThrow();
    },
  );
});
