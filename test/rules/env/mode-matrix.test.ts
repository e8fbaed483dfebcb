import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { MODES_CONTRACT as contract } from '../../env/contract.js';

const CODE = 'env/mode-matrix';

ruleTester(CODE, {
  valid: [
    {
      name: 'no environments in the contract',
      contract: 'version: 1\n',
      files: { '.env': 'AOS_MODE=nonsense\nDB_AUTHORITY=local\n' },
    },
    {
      name: 'valid combinations in every kind of file',
      contract,
      files: {
        '.env': 'AOS_MODE=local\nDB_AUTHORITY=local\nCUSTOMER_SANDBOX_ENABLED=true\n',
        'deploy/.env.prod':
          'AOS_MODE=prod\nDB_AUTHORITY=neon\nDATABASE_URL=postgres://db\nLOG_LEVEL="warn" # quiet\n',
        'docker-compose.yml': `services:
  api:
    environment:
      AOS_MODE: test
      DB_AUTHORITY: neon
      DATABASE_URL: \${TEST_DATABASE_URL}
  worker:
    environment:
      - AOS_MODE=preprod
      - DB_AUTHORITY=neon
      - DATABASE_URL
`,
        'k8s/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    spec:
      containers:
        - name: api
          image: acme/api
          env:
            - { name: AOS_MODE, value: prod }
            - { name: DB_AUTHORITY, value: neon }
            - name: DATABASE_URL
              valueFrom: { secretKeyRef: { name: db, key: url } }
`,
        '.github/workflows/ci.yml': `on: push
env:
  AOS_MODE: test
  DB_AUTHORITY: neon
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
        env:
          AOS_MODE: \${{ matrix.mode }}
          DB_AUTHORITY: local
`,
      },
    },
    {
      name: 'values decided elsewhere are not judged; files without the mode variable are skipped',
      contract,
      files: {
        '.env.staging': 'AOS_MODE=${MODE}\nDB_AUTHORITY=local\n',
        '.envrc': 'export DB_AUTHORITY=local\n',
        'docker-compose.override.yml':
          'services:\n  api:\n    env_file: .env.prod\n    environment:\n      AOS_MODE: prod\n      DB_AUTHORITY: neon\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a .env file with a value its mode does not allow and a missing required variable',
      contract,
      files: { 'deploy/.env.production': 'AOS_MODE=prod\nDB_AUTHORITY=local\n' },
      errors: [
        {
          code: CODE,
          file: 'deploy/.env.production',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 9,
          data: {
            kind: 'missing-required',
            variable: 'DATABASE_URL',
            mode: 'prod',
            clause: 'environments.modes.prod.required[0]',
            scope: '.env.production',
          },
          message: 'DATABASE_URL is required with AOS_MODE=prod and is not set (.env.production)',
        },
        {
          code: CODE,
          file: 'deploy/.env.production',
          line: 2,
          column: 14,
          endLine: 2,
          endColumn: 19,
          data: {
            kind: 'value-not-allowed',
            variable: 'DB_AUTHORITY',
            mode: 'prod',
            actual: '"local"',
            allowed: 'neon',
            clause: 'environments.modes.prod.values.DB_AUTHORITY',
            scope: '.env.production',
          },
          message:
            'DB_AUTHORITY="local" is not allowed with AOS_MODE=prod; it must be "neon" (.env.production)',
        },
      ],
    },
    {
      name: 'a mode file inherits the values of .env in its folder',
      contract,
      files: {
        '.env': 'AOS_MODE=local\nDB_AUTHORITY=local\nCUSTOMER_SANDBOX_ENABLED=true\n',
        '.env.production':
          'AOS_MODE=prod\nDATABASE_URL=postgres://db\nCUSTOMER_SANDBOX_ENABLED=false\n',
      },
      errors: [
        {
          code: CODE,
          file: '.env',
          line: 2,
          column: 14,
          endLine: 2,
          endColumn: 19,
          data: {
            kind: 'value-not-allowed',
            variable: 'DB_AUTHORITY',
            mode: 'prod',
            actual: '"local"',
            allowed: 'neon',
            clause: 'environments.modes.prod.values.DB_AUTHORITY',
            scope: '.env.production over .env',
          },
        },
      ],
    },
    {
      name: 'a compose service in an unknown mode, another with a forbidden variable',
      contract,
      mode: 'staged',
      change: {
        'docker-compose.yml': `services:
  api:
    environment:
      AOS_MODE: staging
  admin:
    environment:
      - AOS_MODE=prod
      - DB_AUTHORITY=neon
      - DATABASE_URL=postgres://db
      - "AUTH_STUB_USER=admin"
`,
      },
      errors: [
        {
          code: CODE,
          file: 'docker-compose.yml',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 24,
          data: {
            kind: 'unknown-mode',
            variable: 'AOS_MODE',
            actual: '"staging"',
            allowed: 'local, test, preprod, prod',
            clause: 'environments.modes',
            scope: 'service "api"',
          },
        },
        {
          code: CODE,
          file: 'docker-compose.yml',
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 24,
          data: {
            kind: 'forbidden',
            variable: 'AUTH_STUB_USER',
            mode: 'prod',
            clause: 'environments.modes.prod.forbidden[0]',
            scope: 'service "admin"',
          },
        },
      ],
    },
    {
      name: 'a Kubernetes container with the sandbox on in production',
      contract,
      files: {
        'k8s/api.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: unrelated }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              env:
                - { name: AOS_MODE, value: prod }
                - { name: DB_AUTHORITY, value: neon }
                - { name: DATABASE_URL, value: postgres://db }
                - name: CUSTOMER_SANDBOX_ENABLED
                  value: "true"
`,
      },
      errors: [
        {
          code: CODE,
          file: 'k8s/api.yaml',
          line: 20,
          column: 26,
          endLine: 20,
          endColumn: 32,
          data: {
            kind: 'value-not-allowed',
            variable: 'CUSTOMER_SANDBOX_ENABLED',
            mode: 'prod',
            actual: '"true"',
            allowed: 'false',
            clause: 'environments.modes.prod.values.CUSTOMER_SANDBOX_ENABLED',
            scope: 'container "job" of CronJob/nightly',
          },
        },
      ],
    },
    {
      name: 'a workflow step that overrides its job into a wrong combination',
      contract,
      mode: 'range',
      change: {
        '.github/workflows/deploy.yml': `on: push
env:
  AOS_MODE: prod
  DB_AUTHORITY: neon
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - name: smoke test
        run: npm run smoke
        env:
          LOG_LEVEL: debug
`,
      },
      errors: [
        {
          code: CODE,
          file: '.github/workflows/deploy.yml',
          line: 12,
          column: 22,
          endLine: 12,
          endColumn: 27,
          data: {
            kind: 'value-not-allowed',
            variable: 'LOG_LEVEL',
            mode: 'prod',
            actual: '"debug"',
            allowed: 'info, warn, error',
            clause: 'environments.modes.prod.values.LOG_LEVEL',
            scope: 'job "smoke" step "smoke test"',
          },
          message:
            'LOG_LEVEL="debug" is not allowed with AOS_MODE=prod; it must be one of "info", "warn", "error" (job "smoke" step "smoke test")',
        },
      ],
    },
  ],
});

describe('facts keep no values that are not needed', () => {
  it('the fact cache holds the values of constrained variables only', async () => {
    const apiKey = ['9f2c', 'e81a7b55d04c3f6e', '2a1d98b7c0e4f5a6'].join('');
    const repo = makeRepo({
      'charter.yaml': contract,
      '.env': `AOS_MODE=local\nDB_AUTHORITY=local\nCUSTOMER_SANDBOX_ENABLED=true\nPAYMENTS_KEY=${apiKey}\n`,
    });
    repo.commit('base');
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: true,
      baselineFile: null,
      rules: (rule) => rule.meta.code === CODE,
    });
    expect(result.report.findings).toEqual([]);
    const dir = path.join(repo.root, '.charter', 'cache');
    const packs = readdirSync(dir).filter((file) => file.startsWith('env-dotenv'));
    expect(packs).toHaveLength(1);
    const cached = readFileSync(path.join(dir, packs[0] as string), 'utf8');
    expect(cached).toContain('"DB_AUTHORITY","value":"local"');
    expect(cached).not.toContain(apiKey);
  });
});
