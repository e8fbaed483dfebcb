import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import type { CliRun } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { expectNoStack } from '../engine/fixtures.js';

const HINT =
  '  hint: fix each problem at the line shown; the schema is in schema/charter.schema.json (`charter schema`)';

async function checkWith(contract: string, args: string[] = []): Promise<CliRun> {
  const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
  return runCharter(['check', ...args], repo.root);
}

/** Exit 2, nothing on stdout, exactly these problems (in this order) under the coded head. */
function expectInvalid(run: CliRun, problems: string[]): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  expect(run.stderr).toBe(
    [
      `charter: error [contract/invalid] charter.yaml is not a valid contract (${count})`,
      ...problems.map((p) => `  charter.yaml:${p}`),
      HINT,
      '',
    ].join('\n'),
  );
  expectNoStack(run.stderr);
}

describe('contract file', () => {
  it('missing: contract/not-found with a hint to run charter init', async () => {
    const repo = makeRepo({ 'src/a.ts': 'x\n' });
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'charter: error [contract/not-found] no contract at charter.yaml\n' +
        '  hint: run "charter init" to write a starter charter.yaml, or pass --contract PATH\n',
    );
  });

  it('missing file given with --contract', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const run = await runCharter(['check', '--contract', 'config/other.yaml'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'charter: error [contract/not-found] no contract at config/other.yaml',
    );
  });

  it('missing: the JSON error document on stdout with --format json', async () => {
    const repo = makeRepo({ 'src/a.ts': 'x\n' });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      tool: { name: 'charter', version: expect.any(String) },
      decision: 'deny',
      exitCode: 2,
      error: {
        code: 'contract/not-found',
        message: 'no contract at charter.yaml',
        hint: 'run "charter init" to write a starter charter.yaml, or pass --contract PATH',
        problems: [],
      },
    });
  });

  it('a contract outside the repository is read from its absolute path', async () => {
    const outside = makeRepo({ 'team.yaml': 'version: 2\n' }, { git: false });
    const repo = makeRepo({ 'src/a.ts': 'x\n' });
    const file = path.join(outside.root, 'team.yaml');
    const run = await runCharter(['check', '--contract', file], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([
      `charter: error [contract/invalid] ${file} is not a valid contract (1 problem)`,
      `  ${file}:1:10 version: version must be 1, the only contract format there is`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'unreadable (chmod 000): contract/unreadable, exit 2',
    async () => {
      const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
      chmodSync(path.join(repo.root, 'charter.yaml'), 0o000);
      try {
        const run = await runCharter(['check'], repo.root);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(
          /^charter: error \[contract\/unreadable\] cannot read .*charter\.yaml: EACCES/,
        );
        expectNoStack(run.stderr);
      } finally {
        chmodSync(path.join(repo.root, 'charter.yaml'), 0o644);
      }
    },
  );

  it('unreadable (a directory where the contract should be): contract/unreadable, exit 2', async () => {
    const repo = makeRepo({ 'src/a.ts': 'x\n' });
    mkdirSync(path.join(repo.root, 'charter.yaml'));
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `charter: error [contract/unreadable] cannot read ${path.join(repo.root, 'charter.yaml')}: EISDIR: illegal operation on a directory, read\n`,
    );
  });

  it('empty', async () => {
    expectInvalid(await checkWith(''), [
      '1:1 (root): the contract is empty; it needs at least "version: 1"',
    ]);
  });

  it('only comments', async () => {
    expectInvalid(await checkWith('# nothing here yet\n'), [
      '1:1 (root): the contract is empty; it needs at least "version: 1"',
    ]);
  });

  it('not a mapping', async () => {
    expectInvalid(await checkWith('- version: 1\n'), [
      '1:1 (root): Invalid input: expected object, received array',
    ]);
    expectInvalid(await checkWith('hello\n'), [
      '1:1 (root): Invalid input: expected object, received string',
    ]);
  });

  it('malformed YAML: bad indentation', async () => {
    expectInvalid(await checkWith('version: 1\nrules:\n  a: b\n c: d\n'), [
      '4:1 (yaml): All mapping items must start at the same column',
    ]);
  });

  it('malformed YAML: unterminated quote', async () => {
    expectInvalid(await checkWith('version: 1\nprotect: "abc\n'), [
      '3:1 (yaml): Missing closing "quote',
    ]);
  });

  it('an alias to an anchor that does not exist', async () => {
    expectInvalid(await checkWith('version: 1\nprotect: *nope\n'), [
      '1:1 (yaml): Unresolved alias (the anchor must be set before the alias): nope',
    ]);
  });

  it('an alias bomb', async () => {
    const lines = ['version: 1', "a: &a ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"];
    let previous = 'a';
    for (const name of 'bcdefghij') {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
      previous = name;
    }
    expectInvalid(await checkWith(`${lines.join('\n')}\n`), [
      '1:1 (yaml): Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('several YAML documents', async () => {
    expectInvalid(await checkWith('version: 1\n---\nversion: 1\n'), [
      '2:1 (yaml): Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
  });

  it('duplicate YAML keys', async () => {
    expectInvalid(await checkWith('version: 1\nprotect: [a]\nprotect: [b]\n'), [
      '3:1 (yaml): Map keys must be unique',
    ]);
  });
});

describe('structure', () => {
  it('wrong version', async () => {
    expectInvalid(await checkWith('version: 2\n'), [
      '1:10 version: version must be 1, the only contract format there is',
    ]);
  });

  it('version as a string', async () => {
    expectInvalid(await checkWith('version: "1"\n'), [
      '1:10 version: version must be 1, the only contract format there is',
    ]);
  });

  it('missing version', async () => {
    expectInvalid(await checkWith('protect: [charter.yaml]\n'), [
      '1:1 version: version must be 1, the only contract format there is',
    ]);
  });

  it('unknown top-level keys, each at its key', async () => {
    expectInvalid(await checkWith('version: 1\ncolour: red\nrulez: {}\n'), [
      '2:1 colour: unknown key "colour"',
      '3:1 rulez: unknown key "rulez"',
    ]);
  });

  it('unknown nested key', async () => {
    expectInvalid(
      await checkWith('version: 1\nsources:\n  - { id: a, path: a.md, kind: doc, colour: 1 }\n'),
      ['3:37 sources[0].colour: unknown key "colour"'],
    );
  });

  it('a list given as a string', async () => {
    expectInvalid(await checkWith('version: 1\nprotect: charter.yaml\n'), [
      '2:10 protect: Invalid input: expected array, received string',
    ]);
  });
});

describe('rules', () => {
  it('unknown rule code, with a suggestion for a typo', async () => {
    expectInvalid(await checkWith('version: 1\nrules:\n  charter/protected-pth: error\n'), [
      '3:3 rules.charter/protected-pth: unknown rule "charter/protected-pth" (did you mean "charter/protected-path"?); `charter rules` lists them',
    ]);
  });

  it('unknown rule code, with a suggestion for the wrong pack', async () => {
    expectInvalid(await checkWith('version: 1\nrules:\n  core/protected-path: warn\n'), [
      '3:3 rules.core/protected-path: unknown rule "core/protected-path" (did you mean "charter/protected-path"?); `charter rules` lists them',
    ]);
  });

  it('unknown rule code with nothing close', async () => {
    expectInvalid(await checkWith('version: 1\nrules:\n  style/no-tabs: error\n'), [
      '3:3 rules.style/no-tabs: unknown rule "style/no-tabs"; `charter rules` lists them',
    ]);
  });

  it('invalid severities and options', async () => {
    const contract = [
      'version: 1',
      'rules:',
      '  charter/protected-path: { severity: error, options: {} }',
      '  charter/missing-source: { severity: error, extra: 1 }',
      '  charter/expired-waiver: { severity: loud }',
      '  charter/contract-changed: fatal',
      '',
    ].join('\n');
    expectInvalid(await checkWith(contract), [
      '3:46 rules.charter/protected-path.options: charter/protected-path takes no options',
      '4:46 rules.charter/missing-source.extra: unknown key "extra"',
      '5:39 rules.charter/expired-waiver.severity: severity must be error, warn or off',
      '6:29 rules.charter/contract-changed: expected error, warn, off or { severity, options }',
    ]);
  });

  it('custom/pattern options: wrong type', async () => {
    expectInvalid(
      await checkWith(
        'version: 1\nrules:\n  custom/pattern:\n    severity: error\n    options:\n      patterns: nope\n',
      ),
      [
        '6:17 rules.custom/pattern.options.patterns: Invalid input: expected array, received string',
      ],
    );
  });

  it('custom/pattern options: unknown language, unknown key, invalid ast-grep rule, duplicate id, invalid glob', async () => {
    const contract = [
      'version: 1',
      'rules:',
      '  custom/pattern:',
      '    severity: error',
      '    options:',
      '      patterns:',
      '        - id: a',
      '          language: cobol',
      '          rule: { pattern: x }',
      '          message: m',
      '          extra: 1',
      '',
    ].join('\n');
    expectInvalid(await checkWith(contract), [
      '8:21 rules.custom/pattern.options.patterns[0].language: Invalid option: expected one of "typescript"|"tsx"|"javascript"|"python"|"go"',
      '11:11 rules.custom/pattern.options.patterns[0].extra: unknown key "extra"',
    ]);
    const semantic = [
      'version: 1',
      'rules:',
      '  custom/pattern:',
      '    severity: error',
      '    options:',
      '      patterns:',
      '        - id: a',
      '          language: typescript',
      '          rule: { nope: x }',
      '          message: m',
      '        - id: a',
      '          language: typescript',
      '          files: ["src/[ab"]',
      '          rule: { pattern: x }',
      '          message: m',
      '',
    ].join('\n');
    const run = await checkWith(semantic);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').slice(1, 4);
    expect(lines[0]).toMatch(
      /^ {2}charter\.yaml:9:17 rules\.custom\/pattern\.options\.patterns\[0\]\.rule: invalid ast-grep rule: unknown field `nope`/,
    );
    expect(lines.slice(1)).toEqual([
      '  charter.yaml:11:15 rules.custom/pattern.options.patterns[1].id: duplicate pattern id "a"',
      '  charter.yaml:13:19 rules.custom/pattern.options.patterns[1].files[0]: invalid glob: Missing closing: "]" - use "\\\\]" to match literal characters',
    ]);
  });
});

describe('semantics', () => {
  it('invalid regular expression in idPattern', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nsources:\n  - { id: prd, path: PRD.md, kind: requirements, idPattern: '[A-Z' }\n",
      ),
      [
        '3:61 sources[0].idPattern: invalid regular expression: Invalid regular expression: /[A-Z/u: Unterminated character class',
      ],
    );
  });

  it('unsafe regular expression (nested repetition)', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nsources:\n  - { id: prd, path: PRD.md, kind: requirements, idPattern: '(a+)+' }\n",
      ),
      [
        '3:61 sources[0].idPattern: unsafe regular expression: the repeated group before offset 4 contains a repetition itself and can backtrack exponentially; rewrite it without nested repetition',
      ],
    );
  });

  it('unsafe regular expressions in every rule option that takes one (fault cases #10 #11 #12)', async () => {
    const contract = [
      'version: 1',
      'rules:',
      '  api/operation-id:',
      '    severity: error',
      "    options: { pattern: '^([a-z]|[a-z0-9])*$' }",
      '  api/query-token-auth:',
      '    severity: error',
      "    options: { names: [token, '^(\\w|\\d)+key$'] }",
      '  secrets/hardcoded-secret:',
      '    severity: error',
      "    options: { allow: ['^([a-zA-Z0-9]|[a-zA-Z0-9])*$'] }",
      '  security/production-db-in-tests:',
      '    severity: error',
      "    options: { productionHosts: ['(db|DB)+\\.prod'] }",
      '',
    ].join('\n');
    const alternatives = (offset: number) =>
      `unsafe regular expression: the repeated group before offset ${offset} has alternatives that can match the same text and can backtrack exponentially; make the alternatives exclusive (plain words, none the start of another) or rewrite it without the repeated group`;
    expectInvalid(await checkWith(contract), [
      `5:25 rules.api/operation-id.options.pattern: ${alternatives(17)}`,
      `8:31 rules.api/query-token-auth.options.names[1]: ${alternatives(8)}`,
      `11:24 rules.secrets/hardcoded-secret.options.allow[0]: ${alternatives(26)}`,
      `14:34 rules.security/production-db-in-tests.options.productionHosts[0]: ${alternatives(7)}`,
    ]);
  });

  it('a requirements source needs an idPattern', async () => {
    expectInvalid(
      await checkWith('version: 1\nsources:\n  - { id: prd, path: PRD.md, kind: requirements }\n'),
      [
        '3:5 sources[0]: a requirements source needs an idPattern (e.g. "\\\\b[A-Z]{2,5}-\\\\d{3}\\\\b")',
      ],
    );
  });

  it('invalid globs', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\ninclude: ['src/[abc']\nexclude: ['/abs/**', '../up/**', 'a\\\\b', 'x/{a,b']\n",
      ),
      [
        '2:11 include[0]: invalid glob: Missing closing: "]" - use "\\\\]" to match literal characters',
        '3:11 exclude[0]: globs are relative to the repository root; remove the leading slash',
        '3:22 exclude[1]: globs cannot leave the repository ("..")',
        '3:34 exclude[2]: use forward slashes in globs',
        '3:42 exclude[3]: invalid glob: Missing closing: "}" - use "\\\\}" to match literal characters',
      ],
    );
  });

  it('paths that leave the repository', async () => {
    expectInvalid(
      await checkWith(
        'version: 1\nsources:\n  - { id: api, path: ../api.yaml, kind: openapi }\nreadBeforeCode: [/etc/passwd]\n',
      ),
      [
        '3:22 sources[0].path: paths cannot leave the repository ("..")',
        '4:18 readBeforeCode[0]: paths are relative to the repository root',
      ],
    );
  });

  it('duplicate entries', async () => {
    const contract = [
      'version: 1',
      'sources:',
      '  - { id: api, path: api.yaml, kind: openapi }',
      '  - { id: api, path: api.yaml, kind: openapi }',
      'readBeforeCode: [api.yaml, api.yaml]',
      'protect: [charter.yaml, charter.yaml]',
      'waivers:',
      "  - { rule: charter/protected-path, path: 'a/**', reason: ticket-1, expires: 2030-01-01 }",
      "  - { rule: charter/protected-path, path: 'a/**', reason: ticket-2, expires: 2031-01-01 }",
      'cites:',
      "  'AGENTS.md#a': [charter/protected-path]",
      "  'AGENTS.md#b': [charter/protected-path]",
      '',
    ].join('\n');
    expectInvalid(await checkWith(contract), [
      '4:11 sources[1].id: duplicate source id "api"',
      '4:22 sources[1].path: duplicate source path "api.yaml"',
      '5:28 readBeforeCode[1]: duplicate entry "api.yaml"',
      '6:25 protect[1]: duplicate entry "charter.yaml"',
      '9:5 waivers[1]: duplicate waiver for charter/protected-path on a/**',
      '12:19 cites.AGENTS.md#b[0]: charter/protected-path is already cited by "AGENTS.md#a"; a finding shows one clause',
    ]);
  });

  it('waiver with a date that does not exist (2027-02-30)', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nwaivers:\n  - { rule: charter/protected-path, path: 'a/**', reason: ticket, expires: 2027-02-30 }\n",
      ),
      ['3:76 waivers[0].expires: "2027-02-30" is not a calendar date'],
    );
  });

  it('waiver with a date in the wrong format', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nwaivers:\n  - { rule: charter/protected-path, path: 'a/**', reason: ticket, expires: next week }\n",
      ),
      ['3:76 waivers[0].expires: use an ISO date, YYYY-MM-DD'],
    );
  });

  it('waiver for an unknown code, with a suggestion', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nwaivers:\n  - { rule: charter/protected-pth, path: 'a/**', reason: ticket, expires: 2030-01-01 }\n  - { rule: nope/nothing, path: 'a/**', reason: ticket, expires: 2030-01-01 }\n",
      ),
      [
        '3:13 waivers[0].rule: unknown rule code "charter/protected-pth" (did you mean "charter/protected-path"?)',
        '4:13 waivers[1].rule: unknown rule code "nope/nothing"',
      ],
    );
  });

  it('a waiver may name a custom pattern code', async () => {
    const contract = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: eval($X) }, message: no eval }
waivers:
  - { rule: custom/no-eval, path: 'legacy/**', reason: ticket, expires: 2030-01-01 }
`;
    const run = await checkWith(contract);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('waiving charter/internal-error is refused', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\nwaivers:\n  - { rule: charter/internal-error, path: '**', reason: flaky, expires: 2030-01-01 }\n",
      ),
      [
        '3:13 waivers[0].rule: charter/internal-error cannot be waived: it means Charter itself failed',
      ],
    );
  });

  it('cites an unknown code', async () => {
    expectInvalid(
      await checkWith(
        "version: 1\ncites:\n  'AGENTS.md#x': [charter/protected-path, charter/nope]\n",
      ),
      ['3:43 cites.AGENTS.md#x[1]: unknown rule code "charter/nope"'],
    );
  });
});

describe('several problems', () => {
  const contract = [
    'version: 1',
    'colour: red',
    'sources:',
    "  - { id: prd, path: docs/PRD.md, kind: requirements, idPattern: '(a+)+' }",
    '  - { id: prd, path: api.yaml, kind: openapi }',
    "include: ['src/[abc']",
    'rules:',
    '  charter/protected-pth: error',
    '  charter/missing-source: { severity: warn, options: { a: 1 } }',
    'waivers:',
    "  - { rule: charter/nope, path: 'src/**', reason: because, expires: 2027-02-30 }",
    "  - { rule: charter/internal-error, path: 'src/**', reason: because, expires: 2027-01-01 }",
    '',
  ].join('\n');
  const expected = [
    { line: 2, column: 1, path: 'colour', message: 'unknown key "colour"' },
    {
      line: 4,
      column: 66,
      path: 'sources[0].idPattern',
      message:
        'unsafe regular expression: the repeated group before offset 4 contains a repetition itself and can backtrack exponentially; rewrite it without nested repetition',
    },
    { line: 5, column: 11, path: 'sources[1].id', message: 'duplicate source id "prd"' },
    {
      line: 6,
      column: 11,
      path: 'include[0]',
      message: 'invalid glob: Missing closing: "]" - use "\\\\]" to match literal characters',
    },
    {
      line: 8,
      column: 3,
      path: 'rules.charter/protected-pth',
      message:
        'unknown rule "charter/protected-pth" (did you mean "charter/protected-path"?); `charter rules` lists them',
    },
    {
      line: 9,
      column: 45,
      path: 'rules.charter/missing-source.options',
      message: 'charter/missing-source takes no options',
    },
    {
      line: 11,
      column: 13,
      path: 'waivers[0].rule',
      message: 'unknown rule code "charter/nope"',
    },
    {
      line: 11,
      column: 69,
      path: 'waivers[0].expires',
      message: '"2027-02-30" is not a calendar date',
    },
    {
      line: 12,
      column: 13,
      path: 'waivers[1].rule',
      message: 'charter/internal-error cannot be waived: it means Charter itself failed',
    },
  ];

  it('are reported together, sorted by line and column, with YAML paths', async () => {
    expectInvalid(
      await checkWith(contract),
      expected.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`),
    );
  });

  it('are data in the JSON error document on stdout with --format json', async () => {
    const run = await checkWith(contract, ['--format', 'json']);
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout) as {
      decision: string;
      exitCode: number;
      error: { code: string; message: string; hint: string; problems: unknown[] };
    };
    expect(document.decision).toBe('deny');
    expect(document.exitCode).toBe(2);
    expect(document.error.code).toBe('contract/invalid');
    expect(document.error.message).toBe('charter.yaml is not a valid contract (9 problems)');
    expect(document.error.problems).toEqual(
      expected.map((p) => ({
        file: 'charter.yaml',
        path: p.path,
        message: p.message,
        line: p.line,
        column: p.column,
        endLine: p.line,
        endColumn: expect.any(Number),
      })),
    );
    // Diagnostics still go to stderr for people.
    expect(run.stderr.split('\n')[0]).toBe(
      'charter: error [contract/invalid] charter.yaml is not a valid contract (9 problems)',
    );
  });

  it('the JSON error document is not written when json goes to a file', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 2\n' });
    const run = await runCharter(['check', '--format', 'json', '--output', 'r.json'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(
      'charter: error [contract/invalid] charter.yaml is not a valid contract (1 problem)',
    );
  });

  it('baseline and facts refuse an invalid contract too', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\ncolour: red\n' });
    const baseline = await runCharter(['baseline'], repo.root);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr.split('\n').slice(0, 2)).toEqual([
      'charter: error [contract/invalid] charter.yaml is not a valid contract (1 problem)',
      '  charter.yaml:2:1 colour: unknown key "colour"',
    ]);
    const facts = await runCharter(['facts', '--json'], repo.root);
    expect(facts.code).toBe(2);
    expect(JSON.parse(facts.stdout)).toMatchObject({
      decision: 'deny',
      exitCode: 2,
      error: { code: 'contract/invalid' },
    });
  });
});
