import { describe, expect, it } from 'vitest';
import { isReportFormat, REPORT_FORMATS, reporterFor } from '../../src/reporters/index.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { markdownReporter } from '../../src/reporters/markdown.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import { terminalReporter } from '../../src/reporters/terminal.js';
import { context, denyReport } from './sample-reports.js';

describe('reporter registry', () => {
  it('maps every format to its reporter', () => {
    expect(REPORT_FORMATS).toEqual(['terminal', 'json', 'sarif', 'markdown']);
    expect(reporterFor('terminal')).toBe(terminalReporter);
    expect(reporterFor('json')).toBe(jsonReporter);
    expect(reporterFor('sarif')).toBe(sarifReporter);
    expect(reporterFor('markdown')).toBe(markdownReporter);
  });

  it('recognises format names', () => {
    for (const format of REPORT_FORMATS) expect(isReportFormat(format)).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    expect(isReportFormat('SARIF')).toBe(false);
    expect(isReportFormat('')).toBe(false);
  });

  it('has pure reporters: the same input gives the same output', () => {
    for (const format of REPORT_FORMATS) {
      const reporter = reporterFor(format);
      expect(reporter(denyReport, context())).toBe(reporter(denyReport, context()));
    }
  });
});
