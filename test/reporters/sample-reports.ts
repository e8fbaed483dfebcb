import type { Finding, Report } from '../../src/engine/report-schema.js';
import type { CodeInfo, ReporterContext } from '../../src/reporters/types.js';

/**
 * Hand-built reports for the reporter tests. They are written out literally (not produced by
 * the engine) so that a change in a rule's wording never changes a reporter golden file.
 */

export const CODES: CodeInfo[] = [
  {
    code: 'api/undocumented-route',
    description: 'A route in code has no operation in the OpenAPI specification.',
    rationale:
      'The OpenAPI specification is the source of truth for the API. A route that is not in it is an endpoint nobody agreed to, and clients generated from the spec cannot call it.',
    remediation:
      'Add the operation to api/openapi.yaml first, then implement it; or remove the route.',
    docsPath: 'docs/rules/api/undocumented-route.md',
  },
  {
    code: 'boundaries/forbidden-import',
    description: 'An import crosses a boundary the contract forbids.',
    rationale:
      'Boundaries keep layers independent: the SDK ships without backend code, and only core/llm talks to model providers.',
    remediation: 'Move the code behind the allowed interface or import from the permitted module.',
    docsPath: 'docs/rules/boundaries/forbidden-import.md',
  },
  {
    code: 'charter/contract-changed',
    description: 'The change edits the contract that is checking it.',
    rationale:
      'The contract is read from the trusted side, so a change cannot weaken its own gate; editing it is still reported so a human reviews it.',
    remediation:
      'Leave charter.yaml as it is and fix the code instead. Contract changes go through a human.',
    docsPath: 'docs/rules/charter/contract-changed.md',
  },
  {
    code: 'charter/missing-source',
    description: 'A source of truth named in the contract does not exist.',
    rationale: 'Rules that compare code with a missing source cannot check anything.',
    remediation: 'Create the file or fix its path in charter.yaml.',
    docsPath: 'docs/rules/charter/missing-source.md',
  },
  {
    code: 'charter/skipped-file',
    description:
      'A file a rule needed is binary, too large or not UTF-8, so the rule could not check it.',
    rationale:
      'A file a rule needed is binary, too large or not UTF-8, so the rule could not check it.',
    remediation: 'Exclude the file in `exclude`, raise `maxFileSize`, or convert it to UTF-8.',
    docsPath: 'docs/rules/charter/skipped-file.md',
  },
  {
    code: 'custom/no-todo',
    description: 'Pattern `TODO|FIXME` matched',
    rationale: 'A rule written in charter.yaml (custom/pattern, id no-todo).',
    remediation: 'Finish the work or open an issue and reference it instead of a TODO.',
    docsPath: 'docs/rules/custom/pattern.md',
  },
];

export const context = (color = false): ReporterContext => ({ color, codes: CODES });

const findings: Finding[] = [
  {
    code: 'charter/contract-changed',
    rule: 'charter/contract-changed',
    severity: 'error',
    message:
      'the change edits the contract charter.yaml; the check used the trusted version instead',
    location: { file: 'charter.yaml', line: 14, column: 1, endLine: 14, endColumn: 32 },
    remediation:
      'Leave charter.yaml as it is and fix the code instead. Contract changes go through a human.',
    clause: 'AGENTS.md#the-contract-is-not-yours',
    data: { file: 'charter.yaml', status: 'modified' },
    fingerprint: '1c0e4b7f2a9d3e58b6c14f07a2d95e3b',
  },
  {
    code: 'api/undocumented-route',
    rule: 'api/undocumented-route',
    severity: 'error',
    message: 'route GET /api/v1/widgets is not in api/openapi.yaml',
    location: { file: 'src/api/routes.ts', line: 12, column: 3, endLine: 12, endColumn: 41 },
    remediation:
      'Add the operation to api/openapi.yaml first, then implement it; or remove the route.',
    clause: 'AGENTS.md#hard-guardrails',
    data: { method: 'GET', path: '/api/v1/widgets' },
    fingerprint: '7a3f09c2d4e18b65f0a9c3d27e14b58a',
  },
  {
    code: 'custom/no-todo',
    rule: 'custom/pattern',
    severity: 'warn',
    message: 'Pattern `TODO|FIXME` matched',
    location: { file: 'src/api/routes.ts', line: 108, column: 5, endLine: 108, endColumn: 9 },
    remediation: 'Finish the work or open an issue and reference it instead of a TODO.',
    data: { pattern: 'no-todo', match: 'TODO' },
    fingerprint: 'e5b2c8a1f73d904b6a2e1c5f8d07b3a9',
  },
  {
    code: 'boundaries/forbidden-import',
    rule: 'boundaries/forbidden-import',
    severity: 'warn',
    message:
      'src/app/users/[id]/route.ts imports openai\nADR-002: only core/llm talks to <model> providers',
    location: {
      file: 'src/app/users/[id]/route.ts',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 29,
    },
    remediation: 'Move the code behind the allowed interface or import from the permitted module.',
    data: { from: 'src/app/users/[id]/route.ts', to: 'openai', because: 'ADR-002' },
    fingerprint: '04d9a6e3b1c27f85a3e0d6b94c1f2e78',
  },
  {
    code: 'charter/skipped-file',
    rule: 'api/undocumented-route',
    severity: 'error',
    message: 'api/undocumented-route could not read src/generated/big schema.ts: too large',
    location: {
      file: 'src/generated/big schema.ts',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    },
    remediation: 'Exclude the file in `exclude`, raise `maxFileSize`, or convert it to UTF-8.',
    data: { file: 'src/generated/big schema.ts', reason: 'too-large' },
    fingerprint: 'b83e5f1a0c4d29e7f6b3a18d5c0e7a42',
    incomplete: true,
  },
];

/** A denied change: both severities in several files, a waiver, baseline, skipped files. */
export const denyReport: Report = {
  schemaVersion: 1,
  tool: { name: 'charter', version: '0.1.0' },
  decision: 'deny',
  exitCode: 2,
  failOn: 'error',
  mode: { kind: 'range', base: 'origin/main', head: 'HEAD' },
  contract: {
    path: 'charter.yaml',
    digest: 'sha256:5d41402abc4b2a76b9719d911017c592ae2f1e3c4b5a6d7e8f9012345678abcd',
    revision: 'origin/main',
  },
  summary: {
    errors: 3,
    warnings: 2,
    waived: 1,
    baselined: 2,
    filesChecked: 42,
    filesSkipped: 2,
  },
  findings,
  waived: [
    {
      code: 'api/undocumented-route',
      rule: 'api/undocumented-route',
      severity: 'error',
      message: 'route POST /orders/legacy is not in api/openapi.yaml',
      location: { file: 'src/legacy/orders.ts', line: 7, column: 1, endLine: 7, endColumn: 40 },
      remediation:
        'Add the operation to api/openapi.yaml first, then implement it; or remove the route.',
      clause: 'AGENTS.md#hard-guardrails',
      data: { method: 'POST', path: '/orders/legacy' },
      fingerprint: '9f1d3c5b7a2e4068d1b3f5a7c9e0b2d4',
      waiver: {
        reason: 'API-112: legacy routes | documented in the v0 spec',
        expires: '2027-01-31',
        path: 'src/legacy/**',
      },
    },
  ],
  staleBaseline: [
    { fingerprint: '3e8a1f6c0b5d2e9a7c4f1b8e5d2a9c6f', code: 'custom/no-todo', file: 'src/old.ts' },
  ],
  skipped: [
    { file: 'assets/logo.png', reason: 'binary' },
    { file: 'src/generated/big schema.ts', reason: 'too-large', size: 2_400_000 },
  ],
  timing: [
    { kind: 'phase', id: 'snapshot', ms: 12.5 },
    { kind: 'extractor', id: 'routes/express', ms: 31.2, files: 40 },
    { kind: 'rule', id: 'api/undocumented-route', ms: 0.8 },
  ],
};

/** A clean, allowed change. */
export const allowReport: Report = {
  schemaVersion: 1,
  tool: { name: 'charter', version: '0.1.0' },
  decision: 'allow',
  exitCode: 0,
  failOn: 'error',
  mode: { kind: 'worktree' },
  contract: {
    path: 'charter.yaml',
    digest: 'sha256:5d41402abc4b2a76b9719d911017c592ae2f1e3c4b5a6d7e8f9012345678abcd',
  },
  summary: { errors: 0, warnings: 0, waived: 0, baselined: 0, filesChecked: 42, filesSkipped: 0 },
  findings: [],
  waived: [],
  staleBaseline: [],
  skipped: [],
};

/** An allowed change with more warnings than the markdown table shows unfolded. */
export const manyWarningsReport: Report = {
  ...allowReport,
  mode: { kind: 'staged' },
  summary: { ...allowReport.summary, warnings: 55 },
  findings: Array.from({ length: 55 }, (_, i): Finding => {
    const file = `src/handlers/h${String(Math.floor(i / 10)).padStart(2, '0')}.ts`;
    const line = (i % 10) * 7 + 1;
    return {
      code: 'custom/no-todo',
      rule: 'custom/pattern',
      severity: 'warn',
      message: 'Pattern `TODO|FIXME` matched',
      location: { file, line, column: 3, endLine: line, endColumn: 7 },
      remediation: 'Finish the work or open an issue and reference it instead of a TODO.',
      data: { pattern: 'no-todo', match: 'TODO' },
      fingerprint: (i * 2654435761).toString(16).padStart(32, '0').slice(-32),
    };
  }),
};
