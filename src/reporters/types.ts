import type { Report } from '../engine/report-schema.js';

/** What a reporter may know about a code besides the report: for SARIF rules and help text. */
export interface CodeInfo {
  code: string;
  description: string;
  rationale: string;
  remediation: string;
  /** Repository-relative docs page, e.g. docs/rules/charter/protected-path.md. */
  docsPath: string;
}

export interface ReporterContext {
  /** ANSI colour allowed (terminal only). */
  color: boolean;
  /** Info for every code appearing in the report, plus every active rule. */
  codes: readonly CodeInfo[];
}

/** Reporters are pure: a report in, a string out. No I/O, no clock, no environment. */
export type Reporter = (report: Report, context: ReporterContext) => string;
