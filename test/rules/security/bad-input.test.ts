import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import { ContractError } from '../../../src/contract/problems.js';

/** The bad inputs of the security issue: each a contract error at its YAML location. */
function problems(text: string): [string, number, number][] {
  try {
    loadContract({ file: 'charter.yaml', text });
  } catch (error) {
    if (error instanceof ContractError)
      return error.problems.map((p) => [p.path, p.span.line, p.span.column]);
    throw error;
  }
  return [];
}

describe('bad input', () => {
  it('an invalid pattern, an unknown language, a rule without a message', () => {
    expect(
      problems(`version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: a
          language: cobol
          rule: { pattern: x }
          message: m
        - id: b
          language: typescript
          rule: { kind: not_a_kind }
          message: m
        - id: c
          language: python
          rule: { pattern: x }
`),
    ).toEqual([
      ['rules.custom/pattern.options.patterns[0].language', 8, 21],
      ['rules.custom/pattern.options.patterns[1].rule', 13, 17],
      ['rules.custom/pattern.options.patterns[2].message', 15, 11],
    ]);
  });

  it('environments whose modes contradict each other', () => {
    expect(
      problems(`version: 1
environments:
  variable: APP_MODE
  modes:
    prod:
      required: [DATABASE_URL]
      forbidden: [DATABASE_URL]
    Prod: {}
`),
    ).toEqual([
      ['environments.modes.prod.forbidden[0]', 7, 19],
      ['environments.modes.Prod', 8, 5],
    ]);
  });

  it('security options: a bad glob, a URL path that is not one, a bad regex', () => {
    expect(
      problems(`version: 1
rules:
  security/http-in-migration: { severity: error, options: { migrations: ['/abs/**'] } }
  security/public-path-allowlist: { severity: error, options: { allow: ['health'] } }
  security/production-db-in-tests: { severity: error, options: { productionHosts: ['(prod'] } }
`),
    ).toEqual([
      ['rules.security/http-in-migration.options.migrations[0]', 3, 74],
      ['rules.security/public-path-allowlist.options.allow[0]', 4, 73],
      ['rules.security/production-db-in-tests.options.productionHosts[0]', 5, 84],
    ]);
  });
});
