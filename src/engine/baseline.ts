import { z } from 'zod';
import type { Finding } from './report-schema.js';

export const BaselineSchema = z
  .object({
    version: z.literal(1),
    findings: z.array(
      z
        .object({
          fingerprint: z.string(),
          code: z.string(),
          file: z.string(),
          message: z.string(),
        })
        .strict(),
    ),
  })
  .strict();

export type Baseline = z.infer<typeof BaselineSchema>;

export const DEFAULT_BASELINE = 'charter.baseline.json';

/** Findings that mean "not checked" are never baselined: accepting them would hide a gap. */
export function buildBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.incomplete)
    .map((f) => ({
      fingerprint: f.fingerprint,
      code: f.code,
      file: f.location.file,
      message: f.message,
    }))
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.code.localeCompare(b.code) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
  return { version: 1, findings: entries };
}
