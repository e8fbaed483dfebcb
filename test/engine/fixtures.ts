import { expect } from 'vitest';
import type { CliRun } from '../helpers/cli.js';
import type { Report } from '../../src/engine/report-schema.js';
import { ReportSchema } from '../../src/engine/report-schema.js';

/** A contract with one custom pattern: every `eval(...)` in TypeScript is an error. */
export const EVAL_CONTRACT = `version: 1
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

/** The same pattern reported as a warning. */
export const EVAL_WARN_CONTRACT = EVAL_CONTRACT.replace(
  'message: do not eval $X',
  'message: do not eval $X\n          severity: warn',
);

/** Parses a JSON report from stdout and checks it against the published report schema. */
export function parseReport(run: CliRun): Report {
  const parsed: unknown = JSON.parse(run.stdout);
  return ReportSchema.parse(parsed);
}

/** A fatal error never leaks a stack trace to the user. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(text).not.toMatch(/\n\s+at (?:async )?\S+ \(/);
  expect(text).not.toContain('node:internal');
}

/** The one-line error head the CLI prints for every run-stopping error. */
export function errorHead(run: CliRun): string {
  return run.stderr.split('\n')[0] ?? '';
}
