import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/http-in-migration';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'migrations that only talk to the database; HTTP elsewhere',
      contract,
      files: {
        'db/migrations/001_init.ts':
          'export async function up(knex) { await knex.schema.createTable("runs", () => {}); }\n',
        'alembic/versions/002_seed.py':
          'def upgrade():\n    op.execute("INSERT INTO plans VALUES (1)")\n',
        'src/client.ts': 'await fetch("https://api.example.com");\n',
      },
    },
  ],
  invalid: [
    {
      name: 'HTTP calls inside migrations',
      contract,
      files: {
        'db/migrations/003_backfill.ts':
          'export async function up() { const r = await fetch("https://api.example.com/plans"); }\n',
        'alembic/versions/004_sync.py':
          'def upgrade():\n    plans = requests.get("http://localhost:8000/api/v1/plans").json()\n',
        'migrations/005_sync.go':
          'package migrations\nfunc Up() { resp, _ := http.Get("http://api/v1/plans"); _ = resp }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'alembic/versions/004_sync.py',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 63,
          data: { variant: 'call', match: 'requests.get("http://localhost:8000/api/v1/plans")' },
        },
        {
          code: CODE,
          file: 'db/migrations/003_backfill.ts',
          line: 1,
          column: 46,
          endLine: 1,
          endColumn: 84,
          data: { variant: 'call', match: 'fetch("https://api.example.com/plans")' },
          message: 'HTTP call in a database migration: fetch("https://api.example.com/plans")',
        },
        {
          code: CODE,
          file: 'migrations/005_sync.go',
          line: 2,
          column: 24,
          endLine: 2,
          endColumn: 55,
          data: { variant: 'call', match: 'http.Get("http://api/v1/plans")' },
        },
      ].map((e) => ({ message: `HTTP call in a database migration: ${e.data.match}`, ...e })),
    },
    {
      name: 'migrations where the contract says they are',
      contract: enable(CODE, "migrations: ['schema/changes/**']"),
      change: {
        'schema/changes/0007.js': 'module.exports.up = () => axios.post("/api/reindex");\n',
      },
      errors: [
        {
          code: CODE,
          file: 'schema/changes/0007.js',
          line: 1,
          column: 27,
          endLine: 1,
          endColumn: 53,
          data: { variant: 'call', match: 'axios.post("/api/reindex")' },
        },
      ],
    },
  ],
});
