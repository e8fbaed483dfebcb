/** Where something is in a file: 1-based, endColumn exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One variable a scope sets. */
export interface EnvAssignment {
  name: string;
  /** The literal value, or null when it comes from elsewhere (interpolation, secret, host). */
  value: string | null;
  /** The name (or the whole entry when the value has no position of its own). */
  nameSpan: Span;
  /** The value; equals nameSpan when there is none. */
  valueSpan: Span;
}

/** A set of variables that reach one process together: a .env file, a container, a job step. */
export interface EnvScope {
  /** For messages: `service "api"`, `container "web" of Deployment/api`, `job "deploy" step 2`. */
  label: string;
  /** Every variable of the process is here (no env_file, envFrom, or inherited environment). */
  complete: boolean;
  /** Where to report what the scope lacks (its `environment:` key, or line 1). */
  anchor: Span;
  /** In order; a later assignment of the same name wins. */
  assignments: EnvAssignment[];
}

export type EnvFileKind = 'dotenv' | 'compose' | 'k8s' | 'workflow';

export interface EnvFacts {
  kind: EnvFileKind;
  scopes: EnvScope[];
}

/** Characters of a value a scope cannot know statically: `${VAR}`, `$(cmd)`, `${{ expr }}`. */
export const isInterpolated = (value: string): boolean => /\$\{|\$\(|\$[A-Za-z_]/.test(value);

/**
 * Values are kept only for the variables the contract constrains (the mode variable and the
 * `values` of its modes), and not even for those when they look like credentials: facts are
 * cached on disk and printed by `charter facts`. Every other variable is kept as "set"
 * (null) or "set to nothing" ('').
 */
export function keepValues(
  assignments: readonly EnvAssignment[],
  keep: ReadonlySet<string>,
  secretLooking: (name: string, value: string) => boolean,
): EnvAssignment[] {
  return assignments.map((a) => {
    if (a.value === null || a.value === '') return a;
    if (keep.has(a.name) && !secretLooking(a.name, a.value)) return a;
    return { ...a, value: null };
  });
}
