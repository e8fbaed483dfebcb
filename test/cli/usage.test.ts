import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registeredRules } from '../../src/rules/registry.js';
import { runCharter } from '../helpers/cli.js';
import type { CliRun } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { expectNoStack } from '../engine/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

const repo = makeRepo({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'export const a = 1;\n' });
repo.commit('base');

const run = (...args: string[]): Promise<CliRun> => runCharter(args, repo.root);

function expectUsage(result: CliRun, stderr: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(stderr);
  expectNoStack(result.stderr);
}

describe('usage errors exit 2 with a hint', () => {
  it('unknown command, with a suggestion', async () => {
    expectUsage(
      await run('chek'),
      'charter: error [usage]: unknown command \'chek\'\n(Did you mean check?)\n(run "charter --help" for usage)\n',
    );
  });

  it('unknown flag, with a suggestion', async () => {
    expectUsage(
      await run('check', '--stagd'),
      'charter: error [usage]: unknown option \'--stagd\'\n(Did you mean --staged?)\n(run "charter check --help" for usage)\n',
    );
  });

  it('unknown flag', async () => {
    expectUsage(
      await run('check', '--bogus'),
      'charter: error [usage]: unknown option \'--bogus\'\n(run "charter check --help" for usage)\n',
    );
  });

  it('unknown --format', async () => {
    expectUsage(
      await run('check', '--format', 'xml'),
      'charter: error [usage/unknown-format] unknown format "xml"\n  hint: use one of: terminal, json, sarif, markdown\n',
    );
  });

  it('unknown --fail-on', async () => {
    expectUsage(
      await run('check', '--fail-on', 'info'),
      "charter: error [usage]: option '--fail-on <severity>' argument 'info' is invalid. Allowed choices are error, warn.\n(run \"charter check --help\" for usage)\n",
    );
  });

  it('more --output than --format', async () => {
    expectUsage(
      await run('check', '--format', 'json', '--output', 'a.json', '--output', 'b.json'),
      'charter: error [usage/unpaired-output] more --output than --format flags\n  hint: give each --output its own --format, e.g. --format sarif --output charter.sarif\n',
    );
  });

  it('two formats to stdout', async () => {
    const result = await run('check', '--format', 'terminal', '--format', 'markdown');
    expectUsage(
      result,
      'charter: error [usage/unpaired-output] only one format can go to stdout\n  hint: add an --output FILE for each extra --format\n',
    );
  });

  it('two formats to stdout, one of them json: the error document is on stdout', async () => {
    const result = await run('check', '--format', 'json', '--format', 'sarif');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      schemaVersion: 1,
      tool: { name: 'charter', version: VERSION },
      decision: 'deny',
      exitCode: 2,
      error: {
        code: 'usage/unpaired-output',
        message: 'only one format can go to stdout',
        hint: 'add an --output FILE for each extra --format',
        problems: [],
      },
    });
  });

  it('--staged with --base', async () => {
    expectUsage(
      await run('check', '--staged', '--base', 'HEAD'),
      'charter: error [usage/conflicting-flags] --staged and --base cannot be used together\n  hint: use --staged in a pre-commit hook, --base in CI\n',
    );
  });

  it('--head without --base', async () => {
    expectUsage(
      await run('check', '--head', 'HEAD'),
      'charter: error [usage/missing-base] --head needs --base\n  hint: e.g. charter check --base origin/main --head HEAD\n',
    );
  });

  it.each([
    ['--base', ['--base', '']],
    ['--base', ['--base=']],
    ['--base', ['--staged', '--base', ' ']],
    ['--head', ['--base', 'main', '--head', '']],
  ])(
    'an empty %s (an unset CI variable) is an error, not a working-tree check',
    async (flag, args) => {
      expectUsage(
        await run('check', ...args),
        `charter: error [usage/invalid-revision] ${flag} needs a revision, and it was given an empty string\n` +
          '  hint: in CI, check that the variable holding the revision is set (e.g. --base "origin/$GITHUB_BASE_REF")\n',
      );
    },
  );

  it('a --base that looks like a flag', async () => {
    expectUsage(
      await run('check', '--base=--output=x'),
      'charter: error [usage/invalid-revision] "--output=x" is not a revision\n',
    );
  });

  it('a --base revision that does not exist', async () => {
    expectUsage(
      await run('check', '--base', 'origin/nope'),
      'charter: error [charter/unknown-revision] git revision "origin/nope" does not exist in this repository\n  hint: check the name, or fetch it: "git fetch origin origin/nope"\n',
    );
  });

  it('a --head revision that does not exist', async () => {
    const result = await run('check', '--base', 'main', '--head', 'feature');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'charter: error [charter/unknown-revision] git revision "feature" does not exist in this repository',
    );
  });

  it('explain with an unknown code', async () => {
    expectUsage(
      await run('explain', 'charter/protected'),
      'charter: error [usage/unknown-code] unknown code "charter/protected"\n  hint: did you mean charter/protected-path, charter/protected-state?\n',
    );
  });

  it('explain without a code', async () => {
    expectUsage(
      await run('explain'),
      'charter: error [usage]: missing required argument \'code\'\n(run "charter explain --help" for usage)\n',
    );
  });

  it('facts with an unknown kind', async () => {
    const result = await run('facts', '--kind', 'nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^charter: error \[usage\/unknown-fact-kind\] unknown fact kind "nope"\n {2}hint: known here: ([a-z0-9-]+, )*language(, [a-z0-9-]+)*\n$/,
    );
  });

  it('`charter` with no command shows help on stderr and exits 2', async () => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: charter \[options\] \[command\]\n/);
    expect(result.stderr).toMatch(/^ {2}check {2,}check the repository/m);
    expect(result.stderr).toContain('charter: error [usage]: no command given\n');
  });
});

describe('help and version exit 0', () => {
  const commands = ['check', 'init', 'explain', 'rules', 'baseline', 'facts', 'schema'];

  it.each(commands)('charter %s --help', async (command) => {
    const result = await run(command, '--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Usage: charter ${command} `));
  });

  it.each(commands)('charter help %s', async (command) => {
    const result = await run('help', command);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: charter ${command} `));
  });

  it('charter --help lists every command', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  it('check --help documents the exit codes', async () => {
    const result = await run('check', '--help');
    expect(result.stdout).toContain(
      'Exit codes: 0 allowed; 1 findings at or above --fail-on; 2 usage, contract or internal error,',
    );
  });

  it.each([['--version'], ['-v']])('charter %s', async (flag) => {
    const result = await run(flag);
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('informational commands', () => {
  it('rules --json lists every rule and engine code', async () => {
    const result = await run('rules', '--json');
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as {
      rules: { code: string; defaultSeverity: string }[];
      engineCodes: { code: string }[];
    };
    expect(listed.rules.map((r) => r.code)).toEqual(registeredRules.map((r) => r.meta.code));
    expect(listed.rules.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'charter/contract-changed',
        'charter/expired-waiver',
        'charter/missing-source',
        'charter/protected-path',
        'custom/pattern',
      ]),
    );
    expect(listed.engineCodes.map((r) => r.code)).toEqual([
      'charter/internal-error',
      'charter/skipped-file',
    ]);
  });

  it('rules prints a table', async () => {
    const result = await run('rules');
    expect(result.code).toBe(0);
    for (const rule of registeredRules) {
      expect(result.stdout).toMatch(
        new RegExp(`^${rule.meta.code} +${rule.meta.defaultSeverity} +\\S`, 'm'),
      );
    }
    expect(result.stdout).toMatch(
      /\ncharter\/contract-changed +error {2}The change edits the contract/,
    );
  });
});
