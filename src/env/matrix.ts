import type { Environments } from '../contract/schema.js';
import { secretNameKind } from '../facts/secrets/generic.js';
import { maskSecret } from '../facts/secrets/mask.js';
import { shannonEntropy } from '../facts/secrets/entropy.js';

/**
 * The mode matrix of `environments`: one variable selects the mode; each mode allows some
 * values of other variables and requires or forbids others. Shared by the env/mode-matrix
 * rule (files), `charter env check` and `assertEnvironment` (a running process).
 */

export type ViolationKind =
  | 'mode-missing'
  | 'unknown-mode'
  | 'value-not-allowed'
  | 'value-missing'
  | 'forbidden'
  | 'missing-required';

export interface EnvViolation {
  kind: ViolationKind;
  /** The variable the violation is about (the mode variable for mode problems). */
  variable: string;
  /** The mode in effect; absent when the mode itself is the problem. */
  mode?: string;
  /** The value found, masked when it may be a secret; absent when the variable is unset. */
  actual?: string;
  /** The values the contract allows. */
  allowed?: string[];
  /** YAML path of the contract clause that is violated. */
  clause: (string | number)[];
  message: string;
}

/** A variable as a scope sets it: a literal, or null when its value is not known here. */
export interface EnvValue {
  value: string | null;
}

export interface EvaluateOptions {
  /** The scope is the whole environment (required variables must be there). */
  complete: boolean;
  /** Variables the mode constrains in `values` must be set (a running process). */
  valuesRequired: boolean;
  /** The mode variable must be set (a running process: no mode is not a mode). */
  modeRequired: boolean;
}

export const clauseText = (clause: readonly (string | number)[]): string =>
  clause.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** How a value is shown: quoted when harmless, masked when it may be a credential. */
export function showValue(variable: string, value: string): string {
  const secretish =
    secretNameKind(variable) !== undefined ||
    value.length > 40 ||
    (value.length >= 16 && shannonEntropy(value) >= 3.5);
  return secretish ? maskSecret(value) : JSON.stringify(value);
}

const allowedList = (value: string | readonly string[]): string[] =>
  typeof value === 'string' ? [value] : [...value];

/** A value counts as set when it is there and not empty. */
const isSet = (entry: EnvValue | undefined): entry is EnvValue =>
  entry !== undefined && entry.value !== '';

function closestMode(value: string, modes: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  return modes.find((m) => {
    const mode = m.toLowerCase();
    return mode === lower || mode.startsWith(lower) || lower.startsWith(mode);
  });
}

/** The mode a scope selects, or why it selects none. */
export function selectMode(
  environments: Environments,
  get: (name: string) => EnvValue | undefined,
): { mode: string } | { violation: EnvViolation } | { unknown: true } {
  const variable = environments.variable;
  const modes = Object.keys(environments.modes);
  const entry = get(variable);
  if (!isSet(entry)) {
    return {
      violation: {
        kind: 'mode-missing',
        variable,
        clause: ['environments', 'variable'],
        message: `${variable} is not set; it must name one of the modes: ${modes.join(', ')}`,
      },
    };
  }
  if (entry.value === null) return { unknown: true };
  if (Object.prototype.hasOwnProperty.call(environments.modes, entry.value))
    return { mode: entry.value };
  const near = closestMode(entry.value, modes);
  return {
    violation: {
      kind: 'unknown-mode',
      variable,
      actual: showValue(variable, entry.value),
      allowed: modes,
      clause: ['environments', 'modes'],
      message: `${variable}=${showValue(variable, entry.value)} is not a mode of the contract (${modes.join(', ')})${near ? `; did you mean "${near}"?` : ''}`,
    },
  };
}

/** Every way a scope breaks the matrix. */
export function evaluateEnvironment(
  environments: Environments,
  get: (name: string) => EnvValue | undefined,
  options: EvaluateOptions,
): { mode?: string; violations: EnvViolation[] } {
  const selected = selectMode(environments, get);
  if ('unknown' in selected) return { violations: [] };
  if ('violation' in selected) {
    if (selected.violation.kind === 'mode-missing' && !options.modeRequired)
      return { violations: [] };
    return { violations: [selected.violation] };
  }
  const mode = selected.mode;
  const spec = environments.modes[mode] ?? {};
  const where = `${environments.variable}=${mode}`;
  const violations: EnvViolation[] = [];
  for (const [variable, value] of Object.entries(spec.values ?? {})) {
    if (variable === environments.variable) continue;
    const allowed = allowedList(value);
    const entry = get(variable);
    const clause = ['environments', 'modes', mode, 'values', variable];
    if (!isSet(entry)) {
      if (options.valuesRequired)
        violations.push({
          kind: 'value-missing',
          variable,
          mode,
          allowed,
          clause,
          message: `${variable} is not set; with ${where} it must be ${describeAllowed(allowed)}`,
        });
      continue;
    }
    if (entry.value === null || allowed.includes(entry.value)) continue;
    violations.push({
      kind: 'value-not-allowed',
      variable,
      mode,
      actual: showValue(variable, entry.value),
      allowed,
      clause,
      message: `${variable}=${showValue(variable, entry.value)} is not allowed with ${where}; it must be ${describeAllowed(allowed)}`,
    });
  }
  (spec.forbidden ?? []).forEach((variable, index) => {
    if (!isSet(get(variable))) return;
    violations.push({
      kind: 'forbidden',
      variable,
      mode,
      clause: ['environments', 'modes', mode, 'forbidden', index],
      message: `${variable} must not be set with ${where}`,
    });
  });
  if (options.complete) {
    (spec.required ?? []).forEach((variable, index) => {
      if (isSet(get(variable))) return;
      violations.push({
        kind: 'missing-required',
        variable,
        mode,
        clause: ['environments', 'modes', mode, 'required', index],
        message: `${variable} is required with ${where} and is not set`,
      });
    });
  }
  return { mode, violations };
}

function describeAllowed(allowed: readonly string[]): string {
  const quoted = allowed.map((v) => JSON.stringify(v));
  return quoted.length === 1 ? (quoted[0] as string) : `one of ${quoted.join(', ')}`;
}
