/** A contract that uses every section, as a team would write it. */
export const REALISTIC = `# yaml-language-server: $schema=https://unpkg.com/agent-charter/schema/charter.schema.json
version: 1
sources:
  - { id: prd, path: docs/PRD.md, kind: requirements, idPattern: '\\b[A-Z]{2,5}-\\d{3}\\b' }
  - { id: api, path: api/openapi.yaml, kind: openapi }
readBeforeCode: [docs/PRD.md, api/openapi.yaml]
exclude: ['vendor/**']
maxFileSize: 200000
rules:
  charter/missing-source: warn
  charter/contract-changed: { severity: error }
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-skip-auth
          language: typescript
          rule: { pattern: process.env.SKIP_AUTH }
          message: SKIP_AUTH bypasses authentication
protect: [charter.yaml, '.github/workflows/**']
waivers:
  - { rule: custom/no-skip-auth, path: 'src/legacy/**', reason: API-112, expires: 2027-01-31 }
cites:
  'AGENTS.md#hard-guardrails': [custom/no-skip-auth, charter/protected-path]
`;
