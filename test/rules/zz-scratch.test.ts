import { it } from 'vitest';
import { runCase } from '../helpers/rule-tester.js';

const show = async (name: string, c: Omit<Parameters<typeof runCase>[0], 'name'>) => {
  try {
    const f = await runCase({ name, ...c });
    console.log(name, JSON.stringify(f.map((x) => ({ code: x.code, loc: x.location, data: x.data, msg: x.message, sev: x.severity, inc: x.incomplete, rem: x.remediation })), null, 0));
  } catch (e) { console.log(name, "THROWS", (e as Error).message, JSON.stringify((e as {problems?: unknown}).problems)); }
};
const contract = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-skip-auth
          language: typescript
          rule: { pattern: process.env.SKIP_AUTH }
          message: never read process.env.SKIP_AUTH
        - id: no-env-bypass
          language: typescript
          rule: { pattern: 'process.env.$NAME' }
          constraints: { NAME: { regex: '^(DEV_BYPASS|FAKE_JWT)' } }
          message: 'dev bypass flag $NAME is forbidden'
          severity: warn
          remediation: delete the bypass
        - id: no-job-status-update
          language: typescript
          files: ['src/handlers/**']
          ignores: ['src/handlers/**/*.test.ts']
          rule:
            pattern: '$DB.update(jobs).set({ status: $S })'
          message: handlers never update job status directly ($S)
        - id: no-http-in-migrations
          language: python
          files: ['migrations/**']
          rule:
            pattern: requests.$M($$$ARGS)
          message: 'no requests.$M inside migrations'
        - id: no-http-get-in-handlers
          language: go
          files: ['internal/handlers/**']
          rule:
            pattern: http.Get($URL)
            inside: { kind: function_declaration, stopBy: end }
          message: 'handlers never call http.Get($URL) directly'
        - id: no-inner-html
          language: tsx
          rule: { kind: jsx_attribute, has: { kind: property_identifier, regex: '^dangerouslySetInnerHTML$' } }
          message: no dangerouslySetInnerHTML
        - id: no-eval
          language: javascript
          rule:
            any:
              - pattern: eval($CODE)
              - pattern: new Function($$$ARGS)
          message: 'no eval: $CODE'
`;
it('scratch', async () => {
  await show('all', { contract, files: {
    'src/a.ts': 'const x = process.env.SKIP_AUTH;\n// process.env.SKIP_AUTH\nconst s = "process.env.SKIP_AUTH";\nconst y = process.env.DEV_BYPASS_AUTH;\n',
    'src/handlers/job.ts': 'export async function h() {\n  await db.update(jobs).set({ status: "done" });\n}\n',
    'src/handlers/job.test.ts': 'await db.update(jobs).set({ status: "done" });\n',
    'src/other/job.ts': 'await db.update(jobs).set({ status: "done" });\n',
    'migrations/001.py': 'import requests\n\ndef upgrade():\n    requests.get("http://x", timeout=3)\n',
    'app/x.py': 'requests.get("http://x")\n',
    'internal/handlers/h.go': 'package handlers\n\nimport "net/http"\n\nfunc H() {\n\thttp.Get("http://x")\n}\n\nvar _ = 1\n',
    'web/A.tsx': 'export const A = () => <div dangerouslySetInnerHTML={{ __html: x }} />;\n',
    'web/b.js': 'eval(userInput);\nconst f = new Function("a", "return a");\n',
  } });
});
