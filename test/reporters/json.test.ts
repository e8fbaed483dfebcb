import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/engine/report-schema.js';
import { jsonReporter } from '../../src/reporters/json.js';
import { expectGolden } from '../helpers/golden.js';
import { allowReport, context, denyReport, manyWarningsReport } from './sample-reports.js';

describe('json reporter', () => {
  it('matches the golden output', () => {
    expectGolden('json-deny.json', jsonReporter(denyReport, context()));
    expectGolden('json-allow.json', jsonReporter(allowReport, context()));
  });

  it.each([
    ['deny', denyReport],
    ['allow', allowReport],
    ['many warnings', manyWarningsReport],
  ])('prints a %s report that parses and validates against ReportSchema', (_name, report) => {
    const out = jsonReporter(report, context());
    expect(out.endsWith('}\n')).toBe(true);
    const parsed = ReportSchema.safeParse(JSON.parse(out));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(report);
  });
});
