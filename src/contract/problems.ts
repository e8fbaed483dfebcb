import { CharterError } from '../repo/errors.js';
import type { Span, YamlPath } from './yaml-positions.js';

export interface ContractProblem {
  /** Dotted YAML path, e.g. `rules.custom/pattern.options.patterns[0].rule`. */
  path: string;
  message: string;
  span: Span;
}

export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(root)';
}

/** Every problem in a contract, reported together (exit 2, code contract/invalid). */
export class ContractError extends CharterError {
  constructor(
    readonly file: string,
    readonly problems: readonly ContractProblem[],
  ) {
    super(
      'contract/invalid',
      `${file} is not a valid contract (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      'fix each problem at the line shown; the schema is in schema/charter.schema.json (`charter schema`)',
      problems.map((p) => `${file}:${p.span.line}:${p.span.column} ${p.path}: ${p.message}`),
    );
    this.name = 'ContractError';
  }
}
