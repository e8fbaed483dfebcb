import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { ContractError } from '../../src/contract/problems.js';
import { MODES_CONTRACT } from './contract.js';

function problems(text: string): [string, number, number, string][] {
  try {
    loadContract({ file: 'charter.yaml', text });
  } catch (error) {
    if (error instanceof ContractError)
      return error.problems.map((p) => [p.path, p.span.line, p.span.column, p.message]);
    throw error;
  }
  return [];
}

describe('environments: contradictions are contract errors at their YAML location', () => {
  it('accepts a consistent matrix', () => {
    expect(problems(MODES_CONTRACT)).toEqual([]);
  });

  it('a mode that requires and forbids the same variable, or forbids what it constrains', () => {
    expect(
      problems(`version: 1
environments:
  variable: APP_MODE
  modes:
    prod:
      values: { SANDBOX: 'false' }
      required: [DATABASE_URL]
      forbidden: [DATABASE_URL, SANDBOX]
`),
    ).toEqual([
      [
        'environments.modes.prod.forbidden[0]',
        8,
        19,
        'mode "prod" both requires and forbids DATABASE_URL',
      ],
      [
        'environments.modes.prod.forbidden[1]',
        8,
        33,
        'mode "prod" both forbids SANDBOX and lists the values it may take',
      ],
    ]);
  });

  it('a mode that constrains or forbids its own mode variable', () => {
    expect(
      problems(`version: 1
environments:
  variable: APP_MODE
  modes:
    prod:
      values: { APP_MODE: local }
    dev:
      forbidden: [APP_MODE]
`),
    ).toEqual([
      [
        'environments.modes.prod.values.APP_MODE',
        6,
        27,
        'mode "prod" is selected by APP_MODE=prod, so it cannot require APP_MODE to be "local"',
      ],
      [
        'environments.modes.dev.forbidden[0]',
        8,
        19,
        'mode "dev" forbids APP_MODE, the variable that selects it',
      ],
    ]);
  });

  it('modes that differ only in case, no modes, a gate without a production mode', () => {
    expect(
      problems(`version: 1
environments:
  variable: APP_MODE
  modes:
    prod: {}
    PROD: {}
  productionGated: ['/__debug/**']
`),
    ).toEqual([
      [
        'environments.modes.PROD',
        6,
        5,
        'modes "prod" and "PROD" differ only in case; APP_MODE cannot tell them apart reliably',
      ],
      [
        'environments.productionGated',
        7,
        20,
        'productionGated needs a mode with "production: true" to gate the paths in',
      ],
    ]);
    expect(problems('version: 1\nenvironments:\n  variable: APP_MODE\n  modes: {}\n')).toEqual([
      ['environments.modes', 4, 10, 'no modes: every value of the mode variable would be invalid'],
    ]);
  });

  it('names that are not variables, duplicates', () => {
    expect(
      problems(`version: 1
environments:
  variable: APP_MODE
  modes:
    prod:
      values: { 'DB-HOST': a, LEVEL: [info, info] }
      required: [URL, URL]
`),
    ).toEqual([
      [
        'environments.modes.prod.values.DB-HOST',
        6,
        17,
        '"DB-HOST" is not an environment variable name',
      ],
      ['environments.modes.prod.values.LEVEL[1]', 6, 45, 'duplicate value "info"'],
      ['environments.modes.prod.required[1]', 7, 23, 'duplicate entry "URL"'],
    ]);
  });
});
