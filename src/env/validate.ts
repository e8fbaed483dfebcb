import type { Environments } from '../contract/schema.js';

/** A contradiction in `environments`, at the YAML path that causes it. */
export interface EnvironmentProblem {
  path: (string | number)[];
  message: string;
  /** Point at the key rather than its value. */
  key?: boolean;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Semantic checks of `environments`: modes that cannot be told apart, a mode that forbids
 * what it requires or allows, a mode variable constrained against its own mode, and
 * productionGated paths with no production mode to gate them.
 */
export function environmentProblems(environments: Environments): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const { variable, modes } = environments;
  const names = Object.keys(modes);
  if (names.length === 0)
    problems.push({
      path: ['environments', 'modes'],
      message: 'no modes: every value of the mode variable would be invalid',
    });
  const byLower = new Map<string, string>();
  for (const name of names) {
    const base: (string | number)[] = ['environments', 'modes', name];
    if (name.trim() === '' || /[\s=]/.test(name))
      problems.push({
        path: base,
        key: true,
        message: `mode "${name}" cannot be a value of ${variable} (no spaces or "=")`,
      });
    const lower = name.toLowerCase();
    const twin = byLower.get(lower);
    if (twin !== undefined)
      problems.push({
        path: base,
        key: true,
        message: `modes "${twin}" and "${name}" differ only in case; ${variable} cannot tell them apart reliably`,
      });
    byLower.set(lower, name);

    const mode = modes[name] ?? {};
    const values = mode.values ?? {};
    for (const [name2, value] of Object.entries(values)) {
      const path = [...base, 'values', name2];
      if (!VARIABLE.test(name2))
        problems.push({
          path,
          key: true,
          message: `"${name2}" is not an environment variable name`,
        });
      const list = typeof value === 'string' ? [value] : value;
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item))
          problems.push({
            path: typeof value === 'string' ? path : [...path, index],
            message: `duplicate value "${item}"`,
          });
        seen.add(item);
      });
      if (name2 === variable && !(list.length === 1 && list[0] === name))
        problems.push({
          path,
          message: `mode "${name}" is selected by ${variable}=${name}, so it cannot require ${variable} to be ${list.map((v) => `"${v}"`).join(' or ')}`,
        });
    }
    const required = mode.required ?? [];
    const forbidden = mode.forbidden ?? [];
    for (const [listName, list] of [
      ['required', required],
      ['forbidden', forbidden],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        const path = [...base, listName, index];
        if (!VARIABLE.test(item))
          problems.push({ path, message: `"${item}" is not an environment variable name` });
        if (seen.has(item)) problems.push({ path, message: `duplicate entry "${item}"` });
        seen.add(item);
      });
    }
    forbidden.forEach((item, index) => {
      const path = [...base, 'forbidden', index];
      if (item === variable)
        problems.push({
          path,
          message: `mode "${name}" forbids ${variable}, the variable that selects it`,
        });
      if (required.includes(item))
        problems.push({
          path,
          message: `mode "${name}" both requires and forbids ${item}`,
        });
      if (Object.prototype.hasOwnProperty.call(values, item))
        problems.push({
          path,
          message: `mode "${name}" both forbids ${item} and lists the values it may take`,
        });
    });
  }
  if ((environments.productionGated?.length ?? 0) > 0 && !names.some((n) => modes[n]?.production))
    problems.push({
      path: ['environments', 'productionGated'],
      message: 'productionGated needs a mode with "production: true" to gate the paths in',
    });
  return problems;
}
