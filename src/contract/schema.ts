import { z } from 'zod';
import { CONTRACT_MAX_GLOBS } from './limits.js';

/**
 * The one definition of `charter.yaml`. Types, validation and the published JSON Schema
 * (schema/charter.schema.json) all come from here.
 */

export const SeveritySchema = z
  .enum(['error', 'warn', 'off'], { error: 'severity must be error, warn or off' })
  .describe(
    'error fails the check, warn reports without failing (unless --fail-on warn), off disables',
  );

const GlobSchema = z
  .string()
  .min(1)
  .describe('A glob relative to the repository root (picomatch syntax)');

export const SourceSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes')
      .describe('Short name used to refer to this source'),
    path: z.string().min(1).describe('File path relative to the repository root'),
    kind: z
      .enum(['openapi', 'sql-schema', 'migrations', 'requirements', 'adr', 'doc'])
      .describe('What the source is; decides which extractors read it'),
    idPattern: z
      .string()
      .optional()
      .describe('For requirements: a JavaScript regular expression matching requirement IDs'),
    description: z.string().optional(),
    governs: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe(
        'For openapi: the code files whose routes this spec governs (default: every source file; test files never)',
      ),
    files: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe(
        'For openapi: the YAML/JSON files its $refs may point to (default: those in the folder of path, recursively)',
      ),
    basePath: z
      .string()
      .regex(/^\/|^$/, 'start with "/"')
      .optional()
      .describe(
        'For openapi: path prefix for every operation, overriding the servers/basePath in the file',
      ),
  })
  .strict()
  .describe('A source of truth. The list is in precedence order: the first wins a conflict.');

export const RuleEntrySchema = z.union([
  SeveritySchema,
  z
    .object({
      severity: SeveritySchema,
      options: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Rule options; see the rule docs'),
    })
    .strict(),
]);

const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use an ISO date, YYYY-MM-DD')
  .describe('An ISO date (YYYY-MM-DD)');

export const WaiverSchema = z
  .object({
    rule: z.string().min(1).describe('The finding code this waiver applies to'),
    path: GlobSchema.describe('Files the waiver covers'),
    reason: z.string().min(3).describe('Why the finding is accepted (a ticket or a sentence)'),
    expires: DateSchema.describe(
      'Last day the waiver applies; afterwards it stops waiving and is itself a finding',
    ),
  })
  .strict();

export const AuthKindSchema = z
  .enum(['bearer', 'basic', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS', 'cookie', 'none'])
  .describe('A kind of security scheme (OpenAPI type, with http bearer/basic split out)');

export const PlaneSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .max(CONTRACT_MAX_GLOBS)
      .min(1)
      .describe('URL path globs under this plane, e.g. /api/v1/runs/**'),
    auth: z
      .array(AuthKindSchema)
      .min(1)
      .describe('The only security scheme kinds this plane accepts'),
    middleware: z
      .array(z.string().min(1))
      .optional()
      .describe('Names of the auth middleware of this plane in code (e.g. requireBearer)'),
    description: z.string().optional(),
  })
  .strict();

const EnvValueSchema = z.union([z.string(), z.array(z.string()).min(1)]);

export const EnvironmentModeSchema = z
  .object({
    values: z
      .record(z.string(), EnvValueSchema)
      .optional()
      .describe('Variable → the only value (or values) allowed in this mode'),
    required: z
      .array(z.string().min(1))
      .optional()
      .describe('Variables that must be set in this mode'),
    forbidden: z
      .array(z.string().min(1))
      .optional()
      .describe('Variables that must not be set in this mode'),
    production: z
      .boolean()
      .optional()
      .describe('This mode is production (production-gated routes must check for it)'),
  })
  .strict();

export const EnvironmentsSchema = z
  .object({
    variable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .describe('The variable that selects the mode, e.g. APP_MODE'),
    modes: z
      .record(z.string(), EnvironmentModeSchema)
      .describe('Mode name → what that mode allows and requires'),
    productionGated: z
      .array(z.string().min(1))
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe('URL path globs that must never be served in a production mode'),
  })
  .strict();

export const VerifySchema = z
  .object({
    when: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .min(1)
      .or(GlobSchema)
      .describe('Run when the change touches these paths'),
    run: z
      .string()
      .min(1)
      .describe('Command to run (split into argv; no shell unless `shell: true`)'),
    timeout: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Seconds before the command is stopped (default 600)'),
    shell: z
      .boolean()
      .optional()
      .describe('Run through /bin/sh -c (the command is the contract’s, never a file name)'),
  })
  .strict();

export const ContractSchema = z
  .object({
    $schema: z.string().optional().describe('JSON Schema reference for editors'),
    version: z
      .literal(1, { error: 'version must be 1, the only contract format there is' })
      .describe('Contract format version; must be 1'),
    include: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe('Only files matching these globs are checked (default: every file git lists)'),
    exclude: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe('Files matching these globs are never checked'),
    maxFileSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Files larger than this many bytes are skipped (default 1048576); a rule that needed one reports it',
      ),
    sources: z
      .array(SourceSchema)
      .optional()
      .describe('Sources of truth, highest precedence first'),
    readBeforeCode: z
      .array(z.string().min(1))
      .optional()
      .describe('Files an agent must read before writing code; each must exist'),
    rules: z
      .record(z.string(), RuleEntrySchema)
      .optional()
      .describe('Rule code → severity, or { severity, options }'),
    protect: z
      .array(GlobSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe(
        'Paths a change must not touch (the contract itself, agent settings, CI workflows)',
      ),
    waivers: z
      .array(WaiverSchema)
      .max(CONTRACT_MAX_GLOBS)
      .optional()
      .describe('Accepted findings, each with a reason and an expiry'),
    planes: z
      .record(z.string(), PlaneSchema)
      .optional()
      .describe(
        'Auth planes: path globs → the only security scheme kinds accepted there; planes never cross',
      ),
    environments: EnvironmentsSchema.optional().describe(
      'Environment modes and the variable combinations each allows',
    ),
    verify: z
      .array(VerifySchema)
      .optional()
      .describe('Commands a change must pass when it touches a path'),
    cites: z
      .record(z.string(), z.array(z.string().min(1)))
      .optional()
      .describe('Prose clause (e.g. "AGENTS.md#hard-guardrails") → the rule codes that enforce it'),
  })
  .strict();

export type Contract = z.infer<typeof ContractSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Waiver = z.infer<typeof WaiverSchema>;
export type RuleEntry = z.infer<typeof RuleEntrySchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type Plane = z.infer<typeof PlaneSchema>;
export type Environments = z.infer<typeof EnvironmentsSchema>;
export type AuthKind = z.infer<typeof AuthKindSchema>;
