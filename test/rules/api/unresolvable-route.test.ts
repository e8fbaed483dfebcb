import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi, governs: ['src/**'] }
`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /api/users:
    get: { operationId: listUsers, responses: { '200': { description: ok } } }
`;

ruleTester('api/unresolvable-route', {
  valid: [
    {
      name: 'prefixes and paths from constants in this and other modules, through a re-export',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'src/paths.ts':
          "export const API = '/api';\nexport const USERS = `${API}/users` as const;\n",
        'src/constants/index.ts': "export * from '../paths';\n",
        'src/app.ts': `import express from 'express';
import { USERS } from './constants';
const app = express();
app.get(USERS, (req, res) => res.json([]));
export default app;
`,
      },
    },
    {
      name: 'no spec, no planes, no production-gated paths: routes are not checked at all',
      contract: 'version: 1\n',
      files: {
        'src/app.ts':
          "import express from 'express';\nconst app = express();\napp.get(process.env.P + '/x', (req, res) => res.end());\n",
      },
    },
    {
      name: 'a dynamic route outside the files the spec governs',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'scripts/mock.ts':
          "import express from 'express';\nconst app = express();\napp.get(process.env.P + '/x', (req, res) => res.end());\napp.get('/api/users', (req, res) => res.json([]));\n",
        'src/app.ts':
          "import express from 'express';\nconst app = express();\napp.get('/api/users', (req, res) => res.json([]));\n",
      },
    },
  ],
  invalid: [
    {
      name: 'a variable path, a computed method, a prefix from the environment, a router never mounted',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': `import express, { Router } from 'express';
import { users } from './users';
const app = express();
const method = process.env.METHOD as 'get';
app[method]('/api/users', (req, res) => res.json([]));
app.get(\`/api/\${process.env.VERSION}/users\`, (req, res) => res.json([]));
app.use(process.env.PREFIX ?? '/api', users);
const orphan = Router();
orphan.get('/api/users', (req, res) => res.json([]));
export default app;
`,
        'src/users.ts':
          "import { Router } from 'express';\nexport const users = Router();\nusers.get('/users', (req, res) => res.json([]));\n",
      },
      errors: [
        {
          code: 'api/unresolvable-route',
          file: 'src/app.ts',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 25,
          data: {
            kind: 'method',
            expression: '',
            routes: 1,
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/app.ts',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 44,
          data: {
            kind: 'path',
            expression: 'process.env.VERSION',
            routes: 1,
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/app.ts',
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 37,
          data: {
            kind: 'prefix',
            expression: "process.env.PREFIX ?? '/api'",
            routes: 1,
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/app.ts',
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 13,
          data: {
            kind: 'unmounted',
            expression: 'orphan',
            routes: 1,
          },
        },
      ],
    },
    {
      name: 'with planes in the contract every file counts (no spec needed)',
      contract: `version: 1
planes:
  machine: { paths: ['/api/runs/**'], auth: [apiKey], middleware: [requireApiKey] }
`,
      files: {
        'service/app.py': `from flask import Flask

app = Flask(__name__)


@app.route(app.config["RUNS_PATH"])
def runs():
    return []
`,
      },
      errors: [
        {
          code: 'api/unresolvable-route',
          file: 'service/app.py',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 36,
          data: {
            kind: 'path',
            expression: 'app.config["RUNS_PATH"]',
            routes: 1,
          },
        },
      ],
    },
  ],
});
