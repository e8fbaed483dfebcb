import { jsonReporter } from './json.js';
import type { Reporter } from './types.js';

export const REPORT_FORMATS = ['terminal', 'json', 'sarif', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
export function reporterFor(_format: ReportFormat): Reporter {
  return jsonReporter;
}
