import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
rules:
  boundaries/required-import:
    severity: error
    options:
      required:
        - name: auth middleware
          files: 'src/routes/**/*.ts'
          ignores: 'src/routes/health.ts'
          to: 'src/middleware/auth.ts'
          names: [requireAuth]
          because: every route module uses the auth middleware
        - files: 'workflows/**/*.py'
          toPackage: temporalio
          because: workflows run on Temporal (ADR-001)
`;

const base = {
  'src/middleware/auth.ts': 'export function requireAuth() {}\nexport function optional() {}\n',
  'src/routes/users.ts': "import { requireAuth } from '../middleware/auth.js';\n",
  'src/routes/health.ts': 'export const ok = true;\n',
  'workflows/refund.py': 'from temporalio import workflow\n',
};

ruleTester('boundaries/required-import', {
  valid: [
    { name: 'every route imports the middleware', contract, files: base },
    {
      name: 'a namespace import covers the names; ignored files need nothing',
      contract,
      files: base,
      mode: 'staged',
      change: {
        'src/routes/orders.ts': "import * as auth from '../middleware/auth.js';\n",
        'src/routes/health.ts': 'export const ok = 1;\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a new route module without the middleware (range)',
      contract,
      files: base,
      mode: 'range',
      change: {
        'src/routes/admin.ts': "import { db } from '../db.js';\nexport const admin = db;\n",
      },
      errors: [
        {
          code: 'boundaries/required-import',
          file: 'src/routes/admin.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 31,
          data: {
            file: 'src/routes/admin.ts',
            required: 'auth middleware',
            missing: 'requireAuth',
            because: 'every route module uses the auth middleware',
          },
        },
      ],
    },
    {
      name: 'the module is imported for its types only, or without the required name',
      contract,
      files: base,
      change: {
        'src/routes/users.ts': "import type { requireAuth } from '../middleware/auth.js';\n",
        'src/routes/teams.ts': "import { optional } from '../middleware/auth.js';\n",
        'workflows/payout.py': 'import celery\n',
      },
      errors: [
        {
          code: 'boundaries/required-import',
          file: 'src/routes/teams.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 50,
          data: {
            file: 'src/routes/teams.ts',
            required: 'auth middleware',
            missing: 'requireAuth',
            because: 'every route module uses the auth middleware',
          },
        },
        {
          code: 'boundaries/required-import',
          file: 'src/routes/users.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 58,
          data: {
            file: 'src/routes/users.ts',
            required: 'auth middleware',
            missing: 'requireAuth',
            because: 'every route module uses the auth middleware',
          },
        },
        {
          code: 'boundaries/required-import',
          file: 'workflows/payout.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 14,
          data: {
            file: 'workflows/payout.py',
            required: 'temporalio',
            missing: '',
            because: 'workflows run on Temporal (ADR-001)',
          },
        },
      ],
    },
  ],
});
