import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { terminalReporter } from './terminal.js';
import type { Reporter } from './types.js';

export type { CodeInfo, Reporter, ReporterContext } from './types.js';

export const REPORT_FORMATS = ['terminal', 'json', 'sarif', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORTERS: Record<ReportFormat, Reporter> = {
  terminal: terminalReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function reporterFor(format: ReportFormat): Reporter {
  return REPORTERS[format];
}
