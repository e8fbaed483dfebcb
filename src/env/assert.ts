import { loadContract } from '../contract/load.js';
import type { LoadedContract } from '../contract/load.js';
import { EnvironmentsSchema } from '../contract/schema.js';
import type { Contract, Environments } from '../contract/schema.js';
import { CharterError } from '../repo/errors.js';
import { clauseText, evaluateEnvironment } from './matrix.js';
import type { EnvViolation } from './matrix.js';

/** One broken clause, with where it is written when the contract was loaded from a file. */
export interface EnvironmentViolation extends Omit<EnvViolation, 'clause'> {
  /** The clause as a YAML path, e.g. `environments.modes.prod.values.DB_AUTHORITY`. */
  clause: string;
  /** Where the clause is in the contract file (when known). */
  location?: { file: string; line: number; column: number };
}

/** Thrown by assertEnvironment: the process must not start in this environment. */
export class EnvironmentError extends CharterError {
  constructor(
    readonly violations: readonly EnvironmentViolation[],
    readonly variable: string,
  ) {
    super(
      'env/invalid',
      `the environment breaks the contract's environments (${violations.length} problem${violations.length === 1 ? '' : 's'})`,
      `set ${variable} and the variables its mode needs as the contract says; do not guess a mode`,
      violations.map(
        (v) =>
          `${v.message} [${v.clause}${v.location ? ` at ${v.location.file}:${v.location.line}:${v.location.column}` : ''}]`,
      ),
    );
    this.name = 'EnvironmentError';
  }
}

export interface EnvironmentAssertion {
  /** The mode the environment selects. */
  mode: string;
  /** Whether the contract marks that mode as production. */
  production: boolean;
}

/** Anything a contract can be given as: loaded, parsed data, the block itself, or YAML text. */
export type ContractLike = LoadedContract | Contract | { environments?: Environments } | string;

function resolve(contract: ContractLike): { environments?: Environments; loaded?: LoadedContract } {
  if (typeof contract === 'string') {
    const loaded = loadContract({ file: 'charter.yaml', text: contract });
    return {
      loaded,
      ...(loaded.data.environments ? { environments: loaded.data.environments } : {}),
    };
  }
  if ('data' in contract && 'locate' in contract) {
    return {
      loaded: contract,
      ...(contract.data.environments ? { environments: contract.data.environments } : {}),
    };
  }
  if (contract.environments === undefined) return {};
  const parsed = EnvironmentsSchema.safeParse(contract.environments);
  if (!parsed.success)
    throw new CharterError(
      'contract/invalid',
      `environments is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { environments: parsed.data };
}

/** Violations of the contract's environment modes by a whole environment (no throw). */
export function checkEnvironment(
  contract: ContractLike,
  env: Readonly<Record<string, string | undefined>>,
): { variable: string; mode?: string; production: boolean; violations: EnvironmentViolation[] } {
  const { environments, loaded } = resolve(contract);
  if (!environments)
    throw new CharterError(
      'env/no-environments',
      'the contract has no `environments` block, so no environment can be checked',
      'declare environments: { variable, modes } in charter.yaml',
    );
  const result = evaluateEnvironment(
    environments,
    (name) => {
      const value = env[name];
      return value === undefined ? undefined : { value };
    },
    { complete: true, valuesRequired: true, modeRequired: true },
  );
  const violations = result.violations.map(({ clause, ...rest }): EnvironmentViolation => {
    const span = loaded?.locate(clause);
    return {
      ...rest,
      clause: clauseText(clause),
      ...(loaded && span
        ? { location: { file: loaded.file, line: span.line, column: span.column } }
        : {}),
    };
  });
  return {
    variable: environments.variable,
    ...(result.mode !== undefined ? { mode: result.mode } : {}),
    production: result.mode !== undefined && environments.modes[result.mode]?.production === true,
    violations,
  };
}

/**
 * Call at boot: returns the mode when `env` is a valid combination of the contract's
 * environment modes, and throws EnvironmentError (code `env/invalid`) with each violated
 * clause otherwise — fail-stop, never a guessed mode. Values that may be credentials are
 * masked in the error.
 */
export function assertEnvironment(
  contract: ContractLike,
  env: Readonly<Record<string, string | undefined>>,
): EnvironmentAssertion {
  const result = checkEnvironment(contract, env);
  if (result.violations.length > 0 || result.mode === undefined)
    throw new EnvironmentError(result.violations, result.variable);
  return { mode: result.mode, production: result.production };
}
