import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import { ContractError } from '../../../src/contract/problems.js';
import { ENGINE_CODES } from '../../../src/engine/engine-codes.js';
import type { AnyRule } from '../../../src/engine/rule.js';
import type { Extractor } from '../../../src/facts/extractor.js';
import { registeredRules } from '../../../src/rules/registry.js';
import { runCase, ruleTester } from '../../helpers/rule-tester.js';

// charter/internal-error is reported by the engine when a rule or an extractor throws. No
// registered rule throws on purpose, so these cases make one fail and check what the engine
// reports: the code, the data naming what failed, the location, and that nothing waives it.
const CODE = 'charter/internal-error';

function ruleNamed(code: string): AnyRule {
  const rule = registeredRules.find((r) => r.meta.code === code);
  if (!rule) throw new Error(`no rule ${code}`);
  return rule;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a rule that throws', () => {
  beforeEach(() => {
    vi.spyOn(ruleNamed('charter/missing-source'), 'check').mockImplementation(() => {
      throw new Error('boom');
    });
  });

  ruleTester(CODE, {
    valid: [
      {
        name: 'a rule that is off is never run',
        contract: 'version: 1\nrules:\n  charter/missing-source: off\n',
      },
    ],
    invalid: [
      {
        name: 'reported on the rule’s key in the contract',
        contract: 'version: 1\nprotect: [charter.yaml]\nrules:\n  charter/missing-source: warn\n',
        errors: [
          {
            code: CODE,
            file: 'charter.yaml',
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 31,
            data: { rule: 'charter/missing-source', error: 'boom' },
            message: 'rule charter/missing-source failed: boom',
            severity: 'error',
          },
        ],
      },
      {
        name: 'a rule on by default, not named in the contract: reported at the top of the contract',
        contract: 'version: 1\n',
        errors: [
          {
            code: CODE,
            file: 'charter.yaml',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 11,
            data: { rule: 'charter/missing-source', error: 'boom' },
          },
        ],
      },
      {
        name: 'a waiver for the failing rule does not cover its failure',
        contract:
          "version: 1\nwaivers: [{ rule: charter/missing-source, path: '**', reason: 'DOC-31 docs move', expires: 2026-12-31 }]\n",
        errors: [
          {
            code: CODE,
            file: 'charter.yaml',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 11,
            data: { rule: 'charter/missing-source', error: 'boom' },
          },
        ],
      },
    ],
  });

  it('the finding is incomplete and carries the engine code’s remediation', async () => {
    const findings = (await runCase({ name: 'incomplete', contract: 'version: 1\n' })).filter(
      (f) => f.code === CODE,
    );
    expect(findings.map((f) => [f.incomplete, f.remediation])).toEqual([
      [true, ENGINE_CODES.find((c) => c.code === CODE)?.remediation],
    ]);
  });
});

describe('an extractor that throws', () => {
  beforeEach(() => {
    const meta = ruleNamed('custom/pattern').meta as {
      factsFor: (options: unknown) => readonly Extractor<unknown>[];
    };
    const original = meta.factsFor.bind(meta);
    vi.spyOn(meta, 'factsFor').mockImplementation((options: unknown) =>
      original(options).map((extractor) => ({
        ...extractor,
        extract: (file: { path: string; text: string }) => {
          if (file.path.endsWith('.generated.ts')) throw new Error('parser exploded');
          return extractor.extract(file);
        },
      })),
    );
  });

  const contract = `version: 1
waivers: [{ rule: custom/pattern, path: 'src/**', reason: 'LEG-1 legacy tree', expires: 2026-12-31 }]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-eval
          language: typescript
          rule: { pattern: eval($X) }
          message: do not eval $X
`;

  ruleTester(CODE, {
    valid: [
      { name: 'the other files are extracted', contract, files: { 'src/a.ts': 'eval(a);\n' } },
    ],
    invalid: [
      {
        name: 'reported on the file, naming the extractor; a waiver of the rule does not cover it',
        contract,
        files: { 'src/api.generated.ts': 'export const api = 1;\n', 'src/a.ts': 'eval(a);\n' },
        errors: [
          {
            code: CODE,
            file: 'src/api.generated.ts',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 22,
            data: {
              extractor: 'custom-patterns',
              file: 'src/api.generated.ts',
              error: 'parser exploded',
            },
            message: 'extractor custom-patterns failed on src/api.generated.ts: parser exploded',
          },
        ],
      },
    ],
  });
});

describe('it cannot be waived', () => {
  it('a waiver for charter/internal-error is a contract error', () => {
    let caught: unknown;
    try {
      loadContract({
        file: 'charter.yaml',
        text: "version: 1\nwaivers:\n  - { rule: charter/internal-error, path: '**', reason: 'flaky parser', expires: 2026-12-31 }\n",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractError);
    expect(
      (caught as ContractError).problems.map(
        (p) => `${p.span.line}:${p.span.column} ${p.path}: ${p.message}`,
      ),
    ).toEqual([
      '3:13 waivers[0].rule: charter/internal-error cannot be waived: it means Charter itself failed',
    ]);
  });

  it('the engine code says so', () => {
    expect(ENGINE_CODES.find((c) => c.code === CODE)?.waivable).toBe(false);
  });
});
