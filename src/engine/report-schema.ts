import { z } from 'zod';

/**
 * The canonical, versioned JSON report. Every other reporter is derived from this shape.
 * Bump REPORT_SCHEMA_VERSION on any incompatible change.
 */
export const REPORT_SCHEMA_VERSION = 1;

export const FindingSeveritySchema = z.enum(['error', 'warn']);

export const LocationSchema = z
  .object({
    file: z.string().describe('Path relative to the repository root, forward slashes'),
    line: z.number().int().min(1),
    column: z.number().int().min(1),
    endLine: z.number().int().min(1),
    endColumn: z.number().int().min(1).describe('1-based, exclusive'),
  })
  .strict();

export const FindingSchema = z
  .object({
    code: z.string().describe('Stable finding code, e.g. charter/protected-path'),
    rule: z
      .string()
      .describe('The rule that produced the finding (differs from code for custom/pattern)'),
    severity: FindingSeveritySchema,
    message: z.string(),
    location: LocationSchema,
    remediation: z.string().describe('What to do about it, written so an agent can follow it'),
    clause: z.string().optional().describe('The prose clause of the contract this rule enforces'),
    data: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .describe('Message data'),
    fingerprint: z
      .string()
      .describe('Stable across line shifts: code, file, normalised source line, occurrence'),
    incomplete: z
      .boolean()
      .optional()
      .describe('True when the finding means something could not be checked (exit 2)'),
  })
  .strict();

export const WaivedFindingSchema = FindingSchema.extend({
  waiver: z.object({ reason: z.string(), expires: z.string(), path: z.string() }).strict(),
});

export const SkippedFileSchema = z
  .object({
    file: z.string(),
    reason: z.enum(['binary', 'too-large', 'not-utf8', 'unreadable', 'unmerged']),
    size: z.number().int().optional(),
  })
  .strict();

export const TimingSchema = z
  .object({
    kind: z.enum(['extractor', 'rule', 'phase']),
    id: z.string(),
    ms: z.number(),
    files: z.number().int().optional(),
  })
  .strict();

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('charter'), version: z.string() }).strict(),
    decision: z.enum(['allow', 'deny']),
    exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    failOn: FindingSeveritySchema,
    mode: z
      .object({
        kind: z.enum(['worktree', 'staged', 'range', 'overlay']),
        base: z.string().optional(),
        head: z.string().optional(),
      })
      .strict(),
    contract: z
      .object({ path: z.string(), digest: z.string(), revision: z.string().optional() })
      .strict(),
    summary: z
      .object({
        errors: z.number().int(),
        warnings: z.number().int(),
        waived: z.number().int(),
        baselined: z.number().int(),
        filesChecked: z.number().int(),
        filesSkipped: z.number().int(),
      })
      .strict(),
    findings: z
      .array(FindingSchema)
      .describe('Findings that count: not waived, not in the baseline'),
    waived: z.array(WaivedFindingSchema),
    staleBaseline: z
      .array(z.object({ fingerprint: z.string(), code: z.string(), file: z.string() }).strict())
      .describe('Baseline entries that no longer match any finding'),
    skipped: z.array(SkippedFileSchema),
    timing: z.array(TimingSchema).optional(),
  })
  .strict();

export type Location = z.infer<typeof LocationSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type WaivedFinding = z.infer<typeof WaivedFindingSchema>;
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;
export type SkippedFile = z.infer<typeof SkippedFileSchema>;
export type Timing = z.infer<typeof TimingSchema>;
export type Report = z.infer<typeof ReportSchema>;
