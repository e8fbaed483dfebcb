import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { ENGINE_CODES } from '../../../src/engine/engine-codes.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { runCase, ruleTester } from '../../helpers/rule-tester.js';
import type { RuleCase } from '../../helpers/rule-tester.js';

// charter/skipped-file is reported by the engine, not by a rule: whenever a rule read facts
// of a file the extractor could not decode as text (binary, too large, not UTF-8).
const CODE = 'charter/skipped-file';

const contract = (head = '', severity: 'error' | 'warn' = 'error'): string => `version: 1
maxFileSize: 256
${head}rules:
  custom/pattern:
    severity: ${severity}
    options:
      patterns:
        - id: no-skip-auth
          language: typescript
          files: ['src/**']
          rule: { pattern: process.env.SKIP_AUTH }
          message: never read process.env.SKIP_AUTH
`;
const pythonOnly = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-http-in-migrations
          language: python
          rule: { pattern: requests.get($$$) }
          message: no HTTP in migrations
`;

const withNul = 'export const a = 1;\0\n'; // 20 characters on line 1
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const large = `export const blob = '${'x'.repeat(300)}';\n`; // 323 characters on line 1
const latin1 = Buffer.from("export const name = 'Jos\xe9';\n", 'latin1'); // é as one byte 0xE9

ruleTester(CODE, {
  valid: [
    {
      name: 'a binary file no rule needs',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'assets/logo.png': png },
    },
    {
      name: 'a TypeScript file with a NUL byte when only Python patterns exist',
      contract: pythonOnly,
      rules: ['custom/pattern'],
      files: { 'src/generated.ts': withNul },
    },
    {
      name: 'a file outside the pattern’s files glob',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'tools/blob.ts': withNul, 'tools/big.ts': large },
    },
    {
      name: 'an excluded file is never read',
      contract: contract("exclude: ['src/generated/**']\n"),
      files: { 'src/generated/client.ts': large },
    },
    {
      name: 'a file exactly maxFileSize bytes long is read',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'src/exact.ts': `export const s = '${'y'.repeat(256 - 21)}';\n` },
    },
    {
      name: 'waived with a reason',
      contract: contract(
        "waivers: [{ rule: charter/skipped-file, path: 'src/generated/**', reason: 'GEN-4 generated client', expires: 2026-12-31 }]\n",
      ),
      files: { 'src/generated/client.ts': large },
    },
  ],
  invalid: [
    {
      name: 'a .ts file with a NUL byte that a pattern applies to',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'src/flags.ts': withNul },
      errors: [
        {
          code: CODE,
          file: 'src/flags.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 21,
          data: {
            rule: 'custom/pattern',
            file: 'src/flags.ts',
            reason: 'binary',
            extractors: 'custom-patterns',
          },
          message: 'custom/pattern could not check src/flags.ts: the file is binary',
          severity: 'error',
        },
      ],
    },
    {
      name: 'a .ts file larger than maxFileSize',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'src/blob.ts': large },
      errors: [
        {
          code: CODE,
          file: 'src/blob.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 324,
          data: {
            rule: 'custom/pattern',
            file: 'src/blob.ts',
            reason: 'too-large',
            extractors: 'custom-patterns',
          },
          message:
            'custom/pattern could not check src/blob.ts: the file is larger than maxFileSize',
        },
      ],
    },
    {
      name: 'a .ts file that is not UTF-8',
      contract: contract(),
      rules: ['custom/pattern'],
      files: { 'src/names.ts': latin1 },
      errors: [
        {
          code: CODE,
          file: 'src/names.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 28,
          data: {
            rule: 'custom/pattern',
            file: 'src/names.ts',
            reason: 'not-utf8',
            extractors: 'custom-patterns',
          },
          message: 'custom/pattern could not check src/names.ts: the file is not valid UTF-8',
        },
      ],
    },
    {
      name: 'severity error even when custom/pattern is a warning: nothing was checked',
      contract: contract('', 'warn'),
      mode: 'range',
      change: { 'src/flags.ts': withNul },
      errors: [
        {
          code: CODE,
          file: 'src/flags.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 21,
          data: {
            rule: 'custom/pattern',
            file: 'src/flags.ts',
            reason: 'binary',
            extractors: 'custom-patterns',
          },
          severity: 'error',
        },
      ],
    },
    {
      name: 'a waiver of custom/pattern does not cover what custom/pattern could not check',
      contract: contract(
        "waivers: [{ rule: custom/pattern, path: 'src/**', reason: 'LEG-1 legacy tree', expires: 2026-12-31 }]\n",
      ),
      files: { 'src/flags.ts': withNul },
      errors: [
        {
          code: CODE,
          file: 'src/flags.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 21,
          data: {
            rule: 'custom/pattern',
            file: 'src/flags.ts',
            reason: 'binary',
            extractors: 'custom-patterns',
          },
        },
      ],
    },
  ],
});

describe('a skipped file makes the run incomplete', () => {
  const testCase: RuleCase = {
    name: 'nul',
    contract: contract(),
    rules: ['custom/pattern'],
    files: { 'src/flags.ts': withNul },
  };

  it('the finding is marked incomplete', async () => {
    const findings = (await runCase(testCase)).filter((f) => f.code === CODE);
    expect(findings.map((f) => f.incomplete)).toEqual([true]);
    expect(findings[0]?.remediation).toBe(ENGINE_CODES.find((c) => c.code === CODE)?.remediation);
  });

  it('the run exits 2 and lists the file as skipped; a waiver turns it into an accepted gap', async () => {
    const repo = makeRepo({
      'charter.yaml': contract(),
      'src/flags.ts': withNul,
      'assets/logo.png': png,
    });
    repo.commit('base');
    const options = {
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: false,
      baselineFile: null,
    } as const;
    const denied = (await runCheck(options)).report;
    expect(denied.exitCode).toBe(2);
    expect(denied.decision).toBe('deny');
    expect(denied.skipped).toEqual([{ file: 'src/flags.ts', reason: 'binary' }]);

    repo.write({
      'charter.yaml': contract(
        "waivers: [{ rule: charter/skipped-file, path: 'src/flags.ts', reason: 'GEN-4 generated flags', expires: 2099-12-31 }]\n",
      ),
    });
    const waived = (await runCheck(options)).report;
    expect(waived.exitCode).toBe(0);
    expect(waived.findings).toEqual([]);
    expect(waived.waived.map((f) => [f.code, f.location.file, f.waiver.reason])).toEqual([
      [CODE, 'src/flags.ts', 'GEN-4 generated flags'],
    ]);
  });

  it('a skipped file is never baselined', async () => {
    const repo = makeRepo({ 'charter.yaml': contract(), 'src/flags.ts': withNul });
    repo.commit('base');
    const first = (
      await runCheck({
        cwd: repo.root,
        mode: 'worktree',
        failOn: 'error',
        cache: false,
        baselineFile: null,
      })
    ).report;
    const finding = first.findings.find((f) => f.code === CODE);
    expect(finding).toBeDefined();
    repo.write({
      'charter.baseline.json': JSON.stringify({
        version: 1,
        findings: [
          {
            fingerprint: finding?.fingerprint,
            code: CODE,
            file: 'src/flags.ts',
            message: finding?.message,
          },
        ],
      }),
    });
    const second = (
      await runCheck({ cwd: repo.root, mode: 'worktree', failOn: 'error', cache: false })
    ).report;
    expect(second.summary.baselined).toBe(0);
    expect(second.exitCode).toBe(2);
  });
});
