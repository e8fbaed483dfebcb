import { describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { token } from '../rules/secrets/fake.js';

const contract = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-auth-bypass
          language: typescript
          rule: { pattern: process.env.$FLAG, regex: (SKIP|DISABLE)_AUTH }
          message: auth bypass flag process.env.$FLAG
        - id: handlers-no-db
          language: typescript
          files: ['src/routes/**']
          rule: { pattern: db.query($$$) }
          message: handlers call the repository, not db.query
`;

const github = token('ghp_', 36);

const fixtures: Record<string, string> = {
  'charter-tests/custom/no-auth-bypass/valid/real-auth.ts':
    'export const secret = process.env.JWT_SECRET;\n',
  'charter-tests/custom/no-auth-bypass/invalid/skip.ts':
    'export const a = 1;\nexport const skip = process.env.SKIP_AUTH;\n',
  'charter-tests/custom/no-auth-bypass/invalid/skip.ts.expected.yaml':
    '- line: 2\n  column: 21\n  endColumn: 42\n  message: auth bypass flag process.env.SKIP_AUTH\n  data: { FLAG: SKIP_AUTH }\n',
  'charter-tests/custom/no-auth-bypass/invalid/disable.ts':
    '// charter-expect: custom/no-auth-bypass\nif (process.env.DISABLE_AUTH) {}\n',
  'charter-tests/custom/handlers-no-db/valid/outside-routes/src/jobs/sync.ts':
    'db.query("SELECT 1");\n',
  'charter-tests/custom/handlers-no-db/invalid/in-a-route/src/routes/runs.ts':
    'export const list = () => db.query("SELECT * FROM runs"); // charter-expect\n',
  'charter-tests/secrets/hardcoded-secret/valid/env.ts':
    'export const t = process.env.GITHUB_TOKEN;\n',
  'charter-tests/secrets/hardcoded-secret/invalid/leak.ts': `export const t = '${github}';\n`,
  'charter-tests/secrets/hardcoded-secret/invalid/leak.ts.expected.yaml':
    '- line: 1\n  column: 19\n  data: { detector: github-token, secret: "ghp_… (40 chars)", length: 40 }\n',
  'charter-tests/security/auth-bypass-flag/invalid/flag.py': 'SKIP_AUTH = True  # charter-expect\n',
};

describe('charter test', () => {
  it('runs shipped rules and the contract’s own patterns against their fixtures', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, ...fixtures });
    const run = await runCharter(['test'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '✓ custom/handlers-no-db      2 cases',
        '✓ custom/no-auth-bypass      3 cases',
        '✓ secrets/hardcoded-secret   2 cases',
        '✓ security/auth-bypass-flag  1 case',
        '✔ 8 cases passed',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
  });

  it('exits 1 and says what differs when a case does not match', async () => {
    const repo = makeRepo({
      'charter.yaml': contract,
      ...fixtures,
      'charter-tests/custom/no-auth-bypass/valid/oops.ts': 'const s = process.env.SKIP_AUTH;\n',
      'charter-tests/custom/no-auth-bypass/invalid/skip.ts.expected.yaml':
        '- line: 2\n  column: 5\n',
      'charter-tests/custom/no-auth-bypass/invalid/nothing.ts': 'export const b = 2;\n',
    });
    const run = await runCharter(['test', '--rule', 'custom/no-auth-bypass'], repo.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '✗ custom/no-auth-bypass  2 of 5 cases passed',
        '    charter-tests/custom/no-auth-bypass/valid/oops.ts',
        '      unexpected custom/no-auth-bypass at oops.ts:1:11: auth bypass flag process.env.SKIP_AUTH',
        '    charter-tests/custom/no-auth-bypass/invalid/nothing.ts',
        '      expected a finding of custom/no-auth-bypass, got none',
        '    charter-tests/custom/no-auth-bypass/invalid/skip.ts',
        '      expected custom/no-auth-bypass at skip.ts:2:5, got one that differs: custom/no-auth-bypass at skip.ts:2:21: auth bypass flag process.env.SKIP_AUTH',
        '✖ 3 failed, 0 errors, 2 passed',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with every case and its findings', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, ...fixtures });
    const run = await runCharter(
      ['test', '--format', 'json', '--rule', 'secrets/hardcoded-secret'],
      repo.root,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      passed: 2,
      failed: 0,
      errors: 0,
      exitCode: 0,
    });
    expect(
      report.suites[0].cases.map((c: { location: string; status: string }) => [
        c.location,
        c.status,
      ]),
    ).toEqual([
      ['charter-tests/secrets/hardcoded-secret/valid/env.ts', 'passed'],
      ['charter-tests/secrets/hardcoded-secret/invalid/leak.ts', 'passed'],
    ]);
    expect(run.stdout).not.toContain(github.slice(4));
  });

  it('requires one valid and two invalid fixtures per custom pattern with --strict', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, ...fixtures });
    const run = await runCharter(['test', '--strict'], repo.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ custom/handlers-no-db has 1 valid and 1 invalid fixture; at least 1 valid and 2 invalid are required',
    );
  });

  it('exits 2 for unknown rules, bad expectation files and a missing fixtures folder', async () => {
    const unknown = makeRepo({
      'charter.yaml': contract,
      'charter-tests/custom/no-such-rule/invalid/a.ts': 'x\n',
    });
    const run = await runCharter(['test'], unknown.root);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      '✗ custom/no-such-rule  charter.yaml has no custom pattern "no-such-rule"',
    );

    const bad = makeRepo({
      'charter.yaml': contract,
      'charter-tests/custom/no-auth-bypass/invalid/a.ts': 'process.env.SKIP_AUTH\n',
      'charter-tests/custom/no-auth-bypass/invalid/a.ts.expected.yaml': '- line: one\n',
    });
    const badRun = await runCharter(['test'], bad.root);
    expect(badRun.code).toBe(2);
    expect(badRun.stdout).toContain(
      'charter-tests/custom/no-auth-bypass/invalid/a.ts.expected.yaml: [0].line: Invalid input: expected number, received string',
    );

    const empty = makeRepo({ 'charter.yaml': contract });
    const emptyRun = await runCharter(['test'], empty.root);
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toContain(
      'charter: error [usage/no-fixtures] no fixtures under charter-tests',
    );
  });

  it('uses a suite’s own charter.yaml for its options', async () => {
    const repo = makeRepo({
      'charter.yaml': 'version: 1\n',
      'charter-tests/secrets/hardcoded-secret/charter.yaml':
        "version: 1\nrules:\n  secrets/hardcoded-secret: { severity: error, options: { allow: ['^ghp_'] } }\n",
      'charter-tests/secrets/hardcoded-secret/valid/allowed.ts': `const t = '${github}';\n`,
    });
    const run = await runCharter(['test'], repo.root);
    expect(run.stdout).toBe('✓ secrets/hardcoded-secret  1 case\n✔ 1 case passed\n');
    expect(run.code).toBe(0);
  });
});
