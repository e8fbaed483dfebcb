import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import { ContractError } from '../../../src/contract/problems.js';
import { rule } from '../../../src/rules/custom/pattern.js';
import { runCase, ruleTester } from '../../helpers/rule-tester.js';

const isCustom = (code: string): boolean => code.startsWith('custom/');

/** A contract with the given pattern entries (YAML list items indented by 8 spaces). */
function contractWith(
  patterns: string,
  options: { severity?: 'error' | 'warn' | 'off'; head?: string } = {},
): string {
  return `version: 1
${options.head ?? ''}rules:
  custom/pattern:
    severity: ${options.severity ?? 'error'}
    options:
      patterns:
${patterns}`;
}

// "No dev bypass flags", "Fake JWTs are forbidden in all environments" (environment contract).
const noSkipAuth = `        - id: no-skip-auth
          language: typescript
          rule:
            pattern: process.env.SKIP_AUTH
          message: never read process.env.SKIP_AUTH; auth has no bypass
`;
const noBypassFlags = `        - id: no-dev-bypass-flag
          language: typescript
          rule:
            pattern: process.env.$NAME
          constraints:
            NAME: { regex: '^(DEV_BYPASS|FAKE_JWT|STUB_USER)' }
          message: dev bypass flag process.env.$NAME
          severity: warn
          remediation: Delete the flag and test with a real test-project JWT.
`;
// "Provisioning lifecycle state changes must be Temporal-governed" (enforcement framework).
const jobStatus = `        - id: handlers-never-set-job-status
          language: typescript
          files: ['src/handlers/**']
          ignores: ['**/*.test.ts']
          rule:
            all:
              - pattern: $DB.update(jobs).set($VALUES)
              - has: { kind: property_identifier, regex: '^status$', stopBy: end }
          message: handlers never update job status directly ($DB.update(jobs))
          remediation: Signal the job workflow; it owns every status transition.
`;
// "Generate typed clients/SDK from OpenAPI only."
const rawFetch = `        - id: no-raw-fetch
          language: typescript
          files: ['src/**']
          rule: { pattern: 'fetch($$$ARGS)' }
          message: 'raw fetch($$$ARGS): call the generated API client'
`;
const dangerousHtml = `        - id: no-dangerous-html
          language: tsx
          rule:
            kind: jsx_attribute
            has: { kind: property_identifier, regex: '^dangerouslySetInnerHTML$' }
          message: dangerouslySetInnerHTML renders unsanitised HTML
`;
const noEval = `        - id: no-dynamic-code
          language: javascript
          rule:
            any:
              - pattern: eval($CODE)
              - pattern: new Function($$$ARGS)
          message: no eval or new Function
`;
// "API calls during migrations: forbidden", "Database operations never use HTTP APIs".
const noHttpInMigrations = `        - id: no-http-in-migrations
          language: python
          files: ['backend/alembic/versions/**']
          rule:
            pattern: $CLIENT.$METHOD($$$ARGS)
            inside: { kind: function_definition, regex: '^def (upgrade|downgrade)\\(', stopBy: end }
          constraints:
            CLIENT: { regex: '^(requests|httpx)$' }
          message: 'migrations never call HTTP APIs: $CLIENT.$METHOD'
`;
const requestsTimeout = `        - id: requests-need-timeout
          language: python
          rule:
            pattern: requests.$METHOD($$$ARGS)
            not: { has: { kind: keyword_argument, regex: '^timeout', stopBy: end } }
          message: requests.$METHOD without a timeout
          severity: warn
`;
// Go needs a context for a call pattern: a bare \`http.Get($URL)\` is not a complete Go statement.
const goHttpGet = `        - id: no-http-get-in-handlers
          language: go
          files: ['internal/handlers/**']
          rule:
            pattern:
              context: 'func f() { http.Get($URL) }'
              selector: call_expression
          message: handlers never call http.Get($URL); use the injected client
`;

ruleTester(isCustom, {
  valid: [
    {
      name: 'no patterns',
      contract: 'version: 1\nrules:\n  custom/pattern: error\n',
      files: { 'src/a.ts': 'eval(x);\n' },
    },
    {
      name: 'custom/pattern off',
      contract: contractWith(noSkipAuth, { severity: 'off' }),
      files: { 'src/a.ts': 'const skip = process.env.SKIP_AUTH;\n' },
    },
    {
      name: 'TypeScript: the text inside comments, strings and templates is not code',
      contract: contractWith(noSkipAuth + rawFetch),
      files: {
        'src/a.ts': [
          '// never read process.env.SKIP_AUTH',
          '/* fetch(url) is forbidden */',
          "const help = 'set process.env.SKIP_AUTH to skip auth';",
          'const doc = `fetch(url) and process.env.SKIP_AUTH`;',
          '',
        ].join('\n'),
      },
    },
    {
      name: 'TypeScript: similar code that is structurally different',
      contract: contractWith(noSkipAuth + noBypassFlags),
      files: {
        'src/a.ts': [
          'const SKIP_AUTH = false;',
          'const timeout = process.env.SKIP_AUTH_TIMEOUT;',
          'const url = process.env.DATABASE_URL;',
          'const flag = config.env.SKIP_AUTH;',
          '',
        ].join('\n'),
      },
    },
    {
      name: 'a typescript pattern does not apply to JavaScript files',
      contract: contractWith(noSkipAuth),
      files: { 'scripts/dev.js': 'const skip = process.env.SKIP_AUTH;\n' },
    },
    {
      name: 'files and ignores: other folders and test files are not checked; has: a set without status',
      contract: contractWith(jobStatus),
      files: {
        'src/workflows/jobs.ts': "await db.update(jobs).set({ status: 'cancelled' });\n",
        'src/handlers/jobs.test.ts': "await db.update(jobs).set({ status: 'cancelled' });\n",
        'src/handlers/progress.ts': 'await db.update(jobs).set({ progress: 50 });\n',
        'src/handlers/users.ts': "await db.update(users).set({ status: 'active' });\n",
      },
    },
    {
      name: 'TSX: the attribute name inside a string is not an attribute',
      contract: contractWith(dangerousHtml),
      files: {
        'web/Help.tsx': 'export const Help = () => <p title="dangerouslySetInnerHTML">never</p>;\n',
      },
    },
    {
      name: 'Python: inside limits to upgrade/downgrade; comments and strings are not calls',
      contract: contractWith(noHttpInMigrations),
      files: {
        'backend/alembic/versions/0042_accounts.py': [
          'import requests',
          '',
          '# requests.get("https://api.example.com") is forbidden here',
          'HELP = "requests.post(url) is an API call"',
          '',
          'def upgrade():',
          '    op.add_column("accounts", sa.Column("plan", sa.Text()))',
          '',
          '',
          'def _describe():',
          '    return session.get("x")',
          '',
        ].join('\n'),
        'backend/app/sync.py': 'def upgrade():\n    requests.get("https://api.example.com")\n',
      },
    },
    {
      name: 'Python: not — a call that passes a timeout',
      contract: contractWith(requestsTimeout),
      files: { 'backend/app/client.py': 'resp = requests.get(url, timeout=5)\n' },
    },
    {
      name: 'Go: outside handlers, in comments and strings, or another client',
      contract: contractWith(goHttpGet),
      files: {
        'internal/jobs/poll.go':
          'package jobs\n\nimport "net/http"\n\nfunc Poll() { http.Get("http://x") }\n',
        'internal/handlers/runs.go': [
          'package handlers',
          '',
          '// http.Get("http://x") would bypass the client',
          'const help = "http.Get(url)"',
          '',
          'func (h *Handler) Runs() {',
          '\th.client.Get("http://x")',
          '}',
          '',
        ].join('\n'),
      },
    },
    {
      name: 'waived by the finding code custom/<id>',
      contract: contractWith(noSkipAuth, {
        head: "waivers:\n  - { rule: custom/no-skip-auth, path: 'src/legacy/**', reason: 'AUTH-77 legacy login', expires: 2026-12-31 }\n",
      }),
      files: { 'src/legacy/login.ts': 'const skip = process.env.SKIP_AUTH;\n' },
    },
    {
      name: 'waived by the rule code custom/pattern (every pattern)',
      contract: contractWith(noSkipAuth + rawFetch, {
        head: "waivers:\n  - { rule: custom/pattern, path: 'src/vendor/**', reason: 'VEND-2 vendored SDK', expires: 2026-12-31 }\n",
      }),
      files: { 'src/vendor/sdk.ts': 'fetch(process.env.SKIP_AUTH);\n' },
    },
  ],
  invalid: [
    {
      name: 'TypeScript pattern: the location spans the matched node',
      contract: contractWith(noSkipAuth),
      files: { 'src/auth.ts': "export const skip = process.env.SKIP_AUTH === '1';\n" },
      errors: [
        {
          code: 'custom/no-skip-auth',
          file: 'src/auth.ts',
          line: 1,
          column: 21,
          endLine: 1,
          endColumn: 42,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
          message: 'never read process.env.SKIP_AUTH; auth has no bypass',
          severity: 'error',
        },
      ],
    },
    {
      name: 'TypeScript: .mts files and template substitutions are code',
      contract: contractWith(noSkipAuth),
      files: { 'src/log.mts': 'console.log(`skip=${process.env.SKIP_AUTH}`);\n' },
      errors: [
        {
          code: 'custom/no-skip-auth',
          file: 'src/log.mts',
          line: 1,
          column: 21,
          endLine: 1,
          endColumn: 42,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
        },
      ],
    },
    {
      name: 'constraints and $VAR in the message; per-pattern severity overrides custom/pattern',
      contract: contractWith(noBypassFlags),
      files: {
        'src/test-utils/auth.ts': 'const token = process.env.FAKE_JWT_TOKEN ?? sign(user);\n',
      },
      errors: [
        {
          code: 'custom/no-dev-bypass-flag',
          file: 'src/test-utils/auth.ts',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 41,
          data: {
            pattern: 'no-dev-bypass-flag',
            match: 'process.env.FAKE_JWT_TOKEN',
            NAME: 'FAKE_JWT_TOKEN',
          },
          message: 'dev bypass flag process.env.FAKE_JWT_TOKEN',
          severity: 'warn',
        },
      ],
    },
    {
      name: 'a pattern with severity error under custom/pattern: warn stays an error; the others follow the rule',
      contract: contractWith(
        noSkipAuth.replace('message: never', 'severity: error\n          message: never') +
          rawFetch,
        { severity: 'warn' },
      ),
      files: { 'src/a.ts': 'fetch(process.env.SKIP_AUTH);\n' },
      errors: [
        {
          code: 'custom/no-raw-fetch',
          file: 'src/a.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 29,
          data: {
            pattern: 'no-raw-fetch',
            match: 'fetch(process.env.SKIP_AUTH)',
            ARGS: 'process.env.SKIP_AUTH',
          },
          severity: 'warn',
        },
        {
          code: 'custom/no-skip-auth',
          file: 'src/a.ts',
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 28,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
          severity: 'error',
        },
      ],
    },
    {
      name: '$$$ARGS in the message interpolates the multi-node capture',
      contract: contractWith(rawFetch),
      files: { 'src/billing/invoice.ts': 'export const load = () => fetch(invoiceUrl);\n' },
      errors: [
        {
          code: 'custom/no-raw-fetch',
          file: 'src/billing/invoice.ts',
          line: 1,
          column: 27,
          endLine: 1,
          endColumn: 44,
          data: { pattern: 'no-raw-fetch', match: 'fetch(invoiceUrl)', ARGS: 'invoiceUrl' },
          message: 'raw fetch(invoiceUrl): call the generated API client',
        },
      ],
    },
    {
      name: 'all + has, files and ignores: a handler that sets job status',
      contract: contractWith(jobStatus),
      files: {
        'src/handlers/jobs.ts': [
          'export async function cancel(db: Db, id: string) {',
          "  await db.update(jobs).set({ status: 'cancelled' }).where(eq(jobs.id, id));",
          '}',
          '',
        ].join('\n'),
      },
      errors: [
        {
          code: 'custom/handlers-never-set-job-status',
          file: 'src/handlers/jobs.ts',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 53,
          data: {
            pattern: 'handlers-never-set-job-status',
            match: "db.update(jobs).set({ status: 'cancelled' })",
            DB: 'db',
          },
          message: 'handlers never update job status directly (db.update(jobs))',
        },
      ],
    },
    {
      name: 'TSX: kind + has + regex',
      contract: contractWith(dangerousHtml),
      files: {
        'web/Preview.tsx': [
          'export function Preview({ html }: { html: string }) {',
          '  return <div className="preview" dangerouslySetInnerHTML={{ __html: html }} />;',
          '}',
          '',
        ].join('\n'),
      },
      errors: [
        {
          code: 'custom/no-dangerous-html',
          file: 'web/Preview.tsx',
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 77,
          data: {
            pattern: 'no-dangerous-html',
            match: 'dangerouslySetInnerHTML={{ __html: html }}',
          },
        },
      ],
    },
    {
      name: 'JavaScript: any — each alternative reports, in order',
      contract: contractWith(noEval),
      files: { 'public/widget.mjs': 'eval(payload);\nconst run = new Function("ctx", body);\n' },
      errors: [
        {
          code: 'custom/no-dynamic-code',
          file: 'public/widget.mjs',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 14,
          data: { pattern: 'no-dynamic-code', match: 'eval(payload)' },
        },
        {
          code: 'custom/no-dynamic-code',
          file: 'public/widget.mjs',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 38,
          data: { pattern: 'no-dynamic-code', match: 'new Function("ctx", body)' },
        },
      ],
    },
    {
      name: 'Python: inside + constraints — HTTP calls in a migration’s upgrade()',
      contract: contractWith(noHttpInMigrations),
      files: {
        'backend/alembic/versions/0042_accounts.py': [
          'import httpx',
          '',
          '',
          'def upgrade():',
          '    for row in httpx.get(f"{API}/api/v1/accounts").json():',
          '        op.execute(insert_account(row))',
          '',
        ].join('\n'),
      },
      errors: [
        {
          code: 'custom/no-http-in-migrations',
          file: 'backend/alembic/versions/0042_accounts.py',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 51,
          data: {
            pattern: 'no-http-in-migrations',
            match: 'httpx.get(f"{API}/api/v1/accounts")',
            CLIENT: 'httpx',
            METHOD: 'get',
          },
          message: 'migrations never call HTTP APIs: httpx.get',
        },
      ],
    },
    {
      name: 'Python: not — a call without a timeout',
      contract: contractWith(requestsTimeout),
      files: { 'backend/app/client.py': 'resp = requests.post(url, json=body)\n' },
      errors: [
        {
          code: 'custom/requests-need-timeout',
          file: 'backend/app/client.py',
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 37,
          data: {
            pattern: 'requests-need-timeout',
            match: 'requests.post(url, json=body)',
            METHOD: 'post',
          },
          message: 'requests.post without a timeout',
          severity: 'warn',
        },
      ],
    },
    {
      name: 'Go: a context/selector pattern in a handler',
      contract: contractWith(goHttpGet),
      files: {
        'internal/handlers/accounts.go': [
          'package handlers',
          '',
          'import "net/http"',
          '',
          'func (h *Handler) Accounts(w http.ResponseWriter, r *http.Request) {',
          '\tresp, err := http.Get(h.billingURL + "/plans")',
          '\t_ = resp',
          '\t_ = err',
          '}',
          '',
        ].join('\n'),
      },
      errors: [
        {
          code: 'custom/no-http-get-in-handlers',
          file: 'internal/handlers/accounts.go',
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 48,
          data: {
            pattern: 'no-http-get-in-handlers',
            match: 'http.Get(h.billingURL + "/plans")',
            URL: 'h.billingURL + "/plans"',
          },
          message: 'handlers never call http.Get(h.billingURL + "/plans"); use the injected client',
        },
      ],
    },
    {
      name: 'a waiver for another path or another pattern does not apply',
      contract: contractWith(noSkipAuth + rawFetch, {
        head: [
          'waivers:',
          "  - { rule: custom/no-skip-auth, path: 'src/legacy/**', reason: 'AUTH-77 legacy login', expires: 2026-12-31 }",
          "  - { rule: custom/no-raw-fetch, path: 'src/auth.ts', reason: 'API-9 client not generated yet', expires: 2026-12-31 }",
          '',
        ].join('\n'),
      }),
      files: { 'src/auth.ts': 'const skip = process.env.SKIP_AUTH;\n' },
      errors: [
        {
          code: 'custom/no-skip-auth',
          file: 'src/auth.ts',
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 35,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
        },
      ],
    },
    {
      name: 'an expired waiver no longer applies',
      contract: contractWith(noSkipAuth, {
        head: "waivers:\n  - { rule: custom/no-skip-auth, path: 'src/**', reason: 'AUTH-77 legacy login', expires: 2026-05-31 }\n",
      }),
      files: { 'src/auth.ts': 'const skip = process.env.SKIP_AUTH;\n' },
      errors: [
        {
          code: 'custom/no-skip-auth',
          file: 'src/auth.ts',
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 35,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
        },
      ],
    },
    {
      name: 'a range checks the files of the head',
      contract: contractWith(noSkipAuth),
      mode: 'range',
      files: { 'src/auth.ts': 'export const skip = false;\n' },
      change: { 'src/auth.ts': 'export const skip = !!process.env.SKIP_AUTH;\n' },
      errors: [
        {
          code: 'custom/no-skip-auth',
          file: 'src/auth.ts',
          line: 1,
          column: 23,
          endLine: 1,
          endColumn: 44,
          data: { pattern: 'no-skip-auth', match: 'process.env.SKIP_AUTH' },
        },
      ],
    },
  ],
});

describe('remediation', () => {
  it('a pattern’s remediation replaces the rule’s; without one the rule’s own is used', async () => {
    const findings = await runCase({
      name: 'remediation',
      contract: contractWith(noBypassFlags + noSkipAuth),
      files: {
        'src/a.ts': 'const a = process.env.DEV_BYPASS_AUTH;\nconst b = process.env.SKIP_AUTH;\n',
      },
    });
    expect(findings.filter((f) => isCustom(f.code)).map((f) => [f.code, f.remediation])).toEqual([
      ['custom/no-dev-bypass-flag', 'Delete the flag and test with a real test-project JWT.'],
      ['custom/no-skip-auth', rule.meta.remediation],
    ]);
  });
});

describe('contract validation', () => {
  const problemsOf = (text: string): string[] => {
    try {
      loadContract({ file: 'charter.yaml', text });
    } catch (error) {
      if (error instanceof ContractError)
        return error.problems.map((p) => `${p.span.line}:${p.span.column} ${p.path}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it('every pattern id becomes a known finding code, usable in waivers and cites', () => {
    const contract = loadContract({
      file: 'charter.yaml',
      text: contractWith(noSkipAuth + goHttpGet),
    });
    expect(contract.knownCodes.has('custom/no-skip-auth')).toBe(true);
    expect(contract.knownCodes.has('custom/no-http-get-in-handlers')).toBe(true);
  });

  it('an ast-grep rule that does not compile is a contract error at its rule', () => {
    const text = contractWith(`        - id: bad-kind
          language: go
          rule: { kind: not_a_kind }
          message: never
`);
    expect(problemsOf(text)).toEqual([
      '9:17 rules.custom/pattern.options.patterns[0].rule: invalid ast-grep rule: `rule` is not configured correctly. Rule contains invalid kind matcher. Invalid Kind Kind `not_a_kind` is invalid.',
    ]);
  });

  it('duplicate ids, unknown ast-grep keys and absolute globs are contract errors at their place', () => {
    const text = contractWith(`        - id: dup
          language: typescript
          rule: { pattern: eval($A) }
          message: m
        - id: dup
          language: typescript
          files: ['/src/**']
          rule: { pattern: eval($A), matchs: x }
          message: m
`);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(
      '11:15 rules.custom/pattern.options.patterns[1].id: duplicate pattern id "dup"',
    );
    expect(problems[1]).toBe(
      '13:19 rules.custom/pattern.options.patterns[1].files[0]: globs are relative to the repository root; remove the leading slash',
    );
    expect(problems[2]).toMatch(
      /^14:17 rules\.custom\/pattern\.options\.patterns\[1\]\.rule: invalid ast-grep rule: unknown field `matchs`/,
    );
  });

  it('ids must be lowercase-dashed and the language one of the five', () => {
    const text = contractWith(`        - id: Bad_Id
          language: rust
          rule: { pattern: x }
          message: m
`);
    expect(problemsOf(text)).toEqual([
      '7:15 rules.custom/pattern.options.patterns[0].id: use lowercase letters, digits and dashes',
      '8:21 rules.custom/pattern.options.patterns[0].language: Invalid option: expected one of "typescript"|"tsx"|"javascript"|"python"|"go"',
    ]);
  });
});
