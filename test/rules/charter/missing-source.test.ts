import { ruleTester } from '../../helpers/rule-tester.js';

const CODE = 'charter/missing-source';

// Sources in block style (path values on lines 4 and 7), read-before-code as a flow list (line 9).
const contract = `version: 1
sources:
  - id: prd
    path: docs/PRD.md
    kind: requirements
    idPattern: '\\b[A-Z]{3}-\\d{3}\\b'
  - { id: api, path: api/openapi.yaml, kind: openapi }
  - { id: db, path: db/schema.sql, kind: sql-schema }
readBeforeCode: [docs/PRD.md, docs/adr/ADR-002-llm-proxy.md]
`;

const everything = {
  'docs/PRD.md': '# PRD\nACC-001 accounts\n',
  'api/openapi.yaml': 'openapi: 3.1.0\n',
  'db/schema.sql': 'create table jobs (id text primary key);\n',
  'docs/adr/ADR-002-llm-proxy.md': '# ADR-002\n',
};
const { 'api/openapi.yaml': _api, ...withoutApi } = everything;
const { 'docs/PRD.md': _prd, ...withoutPrd } = everything;

ruleTester(CODE, {
  valid: [
    {
      name: 'a folder that holds files counts (migrations, ADRs)',
      contract:
        'version: 1\nsources: [{ id: migrations, path: db/migrations, kind: migrations }]\nreadBeforeCode: [docs]\n',
      files: {
        'docs/PRD.md': '# PRD\n',
        'db/migrations/001_init.sql': 'create table a (id int);\n',
      },
    },
    { name: 'no sources and no read-before-code list', contract: 'version: 1\n' },
    { name: 'every source and read-before-code file exists', contract, files: everything },
    {
      name: 'a source created by the change itself (working tree)',
      contract,
      files: withoutApi,
      change: { 'api/openapi.yaml': 'openapi: 3.1.0\n' },
    },
    {
      name: 'a source listed under exclude still exists: exclude limits what is checked, not what is there',
      contract: `${contract}exclude: ['docs/**']\n`,
      files: everything,
    },
    {
      name: 'a tracked file stays in the repository even when .gitignore matches it later',
      contract,
      files: everything,
      change: { '.gitignore': 'db/\n' },
    },
    {
      name: 'a range that leaves the sources alone',
      contract,
      mode: 'range',
      files: everything,
      change: { 'src/app.ts': 'export {};\n' },
    },
  ],
  invalid: [
    {
      name: 'a missing source: reported on its path in the contract',
      contract,
      files: withoutApi,
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 38,
          data: { file: 'api/openapi.yaml', role: 'source "api"' },
          message: 'source "api" api/openapi.yaml is not in the repository',
          severity: 'error',
        },
      ],
    },
    {
      name: 'a file that is both a source and a read-before-code entry is reported for each role',
      contract,
      files: withoutPrd,
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 22,
          data: { file: 'docs/PRD.md', role: 'source "prd"' },
          message: 'source "prd" docs/PRD.md is not in the repository',
        },
        {
          code: CODE,
          file: 'charter.yaml',
          line: 9,
          column: 18,
          endLine: 9,
          endColumn: 29,
          data: { file: 'docs/PRD.md', role: 'read-before-code file' },
          message: 'read-before-code file docs/PRD.md is not in the repository',
        },
      ],
    },
    {
      name: 'a gitignored file that is not tracked counts as missing: another clone would not have it',
      contract,
      files: { ...withoutApi, '.gitignore': 'api/openapi.yaml\n' },
      change: { 'api/openapi.yaml': 'openapi: 3.1.0\n' },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 38,
          data: { file: 'api/openapi.yaml', role: 'source "api"' },
        },
      ],
    },
    {
      name: 'a range that deletes a source',
      contract,
      mode: 'range',
      files: everything,
      change: { 'db/schema.sql': null },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 34,
          data: { file: 'db/schema.sql', role: 'source "db"' },
        },
      ],
    },
    {
      name: 'a staged deletion of a read-before-code file',
      contract,
      mode: 'staged',
      files: everything,
      change: { 'docs/adr/ADR-002-llm-proxy.md': null },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 9,
          column: 31,
          endLine: 9,
          endColumn: 60,
          data: { file: 'docs/adr/ADR-002-llm-proxy.md', role: 'read-before-code file' },
        },
      ],
    },
    {
      name: 'a folder counts only when it holds files, and a name prefix is not a folder',
      contract:
        'version: 1\nsources: [{ id: migrations, path: db/migrations, kind: migrations }]\n',
      files: { 'db/migrations-old/001_init.sql': 'create table a (id int);\n' },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 48,
          data: { file: 'db/migrations', role: 'source "migrations"' },
        },
      ],
    },
    {
      name: 'paths are case-sensitive, as git stores them',
      contract: 'version: 1\nreadBeforeCode: [docs/prd.md]\n',
      files: { 'docs/PRD.md': '# PRD\n' },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 29,
          data: { file: 'docs/prd.md', role: 'read-before-code file' },
        },
      ],
    },
  ],
});
