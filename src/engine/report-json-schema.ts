import { z } from 'zod';
import { ReportSchema } from './report-schema.js';

/** schema/report.schema.json: the published shape of `charter check --format json`. */
export function renderReportJsonSchema(): string {
  const schema = z.toJSONSchema(ReportSchema, { io: 'output' });
  return `${JSON.stringify({ $id: 'https://unpkg.com/agent-charter/schema/report.schema.json', title: 'Charter report (charter check --format json)', ...schema }, null, 2)}\n`;
}
