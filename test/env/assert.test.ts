import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { assertEnvironment, checkEnvironment, EnvironmentError } from '../../src/index.js';
import { CharterError } from '../../src/repo/errors.js';
import { MODES_CONTRACT } from './contract.js';

const contract = loadContract({ file: 'charter.yaml', text: MODES_CONTRACT });
const prod = {
  AOS_MODE: 'prod',
  DB_AUTHORITY: 'neon',
  CUSTOMER_SANDBOX_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  DATABASE_URL: 'postgres://x',
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('assertEnvironment', () => {
  it('returns the mode of a valid combination', () => {
    expect(assertEnvironment(contract, prod)).toEqual({ mode: 'prod', production: true });
    expect(
      assertEnvironment(contract, {
        AOS_MODE: 'local',
        DB_AUTHORITY: 'local',
        CUSTOMER_SANDBOX_ENABLED: 'true',
        PATH: '/bin',
      }),
    ).toEqual({ mode: 'local', production: false });
  });

  it('accepts the contract as YAML text, parsed data or just the environments block', () => {
    expect(assertEnvironment(MODES_CONTRACT, prod).mode).toBe('prod');
    expect(assertEnvironment(contract.data, prod).mode).toBe('prod');
    expect(assertEnvironment({ environments: contract.data.environments }, prod).mode).toBe('prod');
  });

  it('throws a typed error naming each violated clause and where it is written', () => {
    const error = thrown(() =>
      assertEnvironment(contract, {
        ...prod,
        DB_AUTHORITY: 'local',
        AUTH_STUB_USER: 'admin',
        DATABASE_URL: '',
      }),
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error).toBeInstanceOf(CharterError);
    const e = error as EnvironmentError;
    expect(e.code).toBe('env/invalid');
    expect(e.violations).toEqual([
      {
        kind: 'value-not-allowed',
        variable: 'DB_AUTHORITY',
        mode: 'prod',
        actual: '"local"',
        allowed: ['neon'],
        clause: 'environments.modes.prod.values.DB_AUTHORITY',
        location: { file: 'charter.yaml', line: 16, column: 23 },
        message: 'DB_AUTHORITY="local" is not allowed with AOS_MODE=prod; it must be "neon"',
      },
      {
        kind: 'forbidden',
        variable: 'AUTH_STUB_USER',
        mode: 'prod',
        clause: 'environments.modes.prod.forbidden[0]',
        location: { file: 'charter.yaml', line: 20, column: 19 },
        message: 'AUTH_STUB_USER must not be set with AOS_MODE=prod',
      },
      {
        kind: 'missing-required',
        variable: 'DATABASE_URL',
        mode: 'prod',
        clause: 'environments.modes.prod.required[0]',
        location: { file: 'charter.yaml', line: 19, column: 18 },
        message: 'DATABASE_URL is required with AOS_MODE=prod and is not set',
      },
    ]);
    expect(e.details[0]).toBe(
      'DB_AUTHORITY="local" is not allowed with AOS_MODE=prod; it must be "neon" [environments.modes.prod.values.DB_AUTHORITY at charter.yaml:16:23]',
    );
  });

  it('fail-stops without a mode, with an unknown mode, and when a constrained value is unset', () => {
    expect(
      (thrown(() => assertEnvironment(contract, {})) as EnvironmentError).violations.map(
        (v) => v.message,
      ),
    ).toEqual(['AOS_MODE is not set; it must name one of the modes: local, test, preprod, prod']);
    expect(
      (
        thrown(() => assertEnvironment(contract, { AOS_MODE: 'production' })) as EnvironmentError
      ).violations.map((v) => v.message),
    ).toEqual([
      'AOS_MODE="production" is not a mode of the contract (local, test, preprod, prod); did you mean "prod"?',
    ]);
    const { DB_AUTHORITY: _, ...noAuthority } = prod;
    expect(
      (thrown(() => assertEnvironment(contract, noAuthority)) as EnvironmentError).violations,
    ).toEqual([
      expect.objectContaining({
        kind: 'value-missing',
        variable: 'DB_AUTHORITY',
        message: 'DB_AUTHORITY is not set; with AOS_MODE=prod it must be "neon"',
      }),
    ]);
  });

  it('masks values that may be credentials', () => {
    const text = `version: 1
environments:
  variable: APP_MODE
  modes:
    prod: { values: { API_TOKEN: expected-token } }
`;
    const token = ['Zr8vQ2', 'mLx9KpT4wB'].join('');
    const result = checkEnvironment(text, { APP_MODE: 'prod', API_TOKEN: token });
    expect(result.violations[0]?.actual).toBe('Zr… (16 chars)');
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('says so when the contract has no environments', () => {
    const error = thrown(() => assertEnvironment('version: 1\n', { A: 'b' }));
    expect((error as CharterError).code).toBe('env/no-environments');
  });
});
