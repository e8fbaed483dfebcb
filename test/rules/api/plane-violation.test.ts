import { ruleTester } from '../../helpers/rule-tester.js';

const planes = `planes:
  human:
    paths: ['/api/v1/accounts/**']
    auth: [bearer]
    middleware: [requireBearer]
  machine:
    paths: ['/api/v1/runs/**']
    auth: [apiKey]
    middleware: [requireApiKey]
  public:
    paths: ['/api/v1/status']
    auth: [none, bearer]
`;

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
${planes}`;

const spec = (accounts: string, runs: string, global = ''): string => `openapi: 3.0.3
info: { title: t, version: '1' }
servers: [{ url: '/api/v1' }]
${global}paths:
  /accounts/me:
    get:
      operationId: getMe
${accounts}      responses: { '200': { description: ok } }
  /runs:
    post:
      operationId: startRun
${runs}      responses: { '202': { description: ok } }
  /status:
    get:
      operationId: status
      security: []
      responses: { '200': { description: ok } }
components:
  securitySchemes:
    jwt: { type: http, scheme: bearer }
    key: { type: apiKey, in: header, name: X-API-Key }
    session: { type: apiKey, in: cookie, name: sid }
`;

const human = '      security: [{ jwt: [] }]\n';
const machine = '      security: [{ key: [] }]\n';

ruleTester('api/plane-violation', {
  valid: [
    {
      name: 'each operation takes only its plane’s scheme kinds; a public path allows none',
      contract,
      files: { 'api/openapi.yaml': spec(human, machine) },
    },
    {
      name: 'the document default applies where an operation has no security of its own',
      contract,
      files: { 'api/openapi.yaml': spec('', machine, 'security: [{ jwt: [] }]\n') },
    },
    {
      name: 'no planes in the contract',
      contract: 'version: 1\nsources:\n  - { id: api, path: api/openapi.yaml, kind: openapi }\n',
      files: { 'api/openapi.yaml': spec(machine, human) },
    },
    {
      name: 'code: each route wired with its own plane’s middleware (names from the contract)',
      contract,
      files: {
        'api/openapi.yaml': spec(human, machine),
        'src/app.ts': `import express from 'express';
import { requireApiKey, requireBearer } from './auth';
const app = express();
app.get('/api/v1/accounts/me', requireBearer, (req, res) => res.json({}));
app.post('/api/v1/runs', requireApiKey, (req, res) => res.json({}));
export default app;
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a human endpoint that also accepts an API key, a machine endpoint that accepts a JWT',
      contract,
      files: {
        'api/openapi.yaml': spec(
          '      security: [{ jwt: [] }, { key: [] }]\n',
          '      security: [{ key: [], jwt: [] }]\n',
        ),
      },
      errors: [
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 15,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            kind: 'apiKey',
            scheme: 'key',
            otherPlane: 'machine',
            where: 'spec',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 15,
          data: {
            plane: 'machine',
            method: 'POST',
            path: '/api/v1/runs',
            kind: 'bearer',
            scheme: 'jwt',
            otherPlane: 'human',
            where: 'spec',
          },
        },
      ],
    },
    {
      name: 'no security at all, optional security, and a cookie under the human plane',
      contract,
      files: {
        'api/openapi.yaml': spec('      security: [{ session: [] }, {}]\n', ''),
      },
      errors: [
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 15,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            kind: 'cookie',
            scheme: 'session',
            where: 'spec',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 15,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            kind: 'none',
            where: 'spec',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 9,
          data: {
            plane: 'machine',
            method: 'POST',
            path: '/api/v1/runs',
            kind: 'none',
            where: 'spec',
          },
        },
      ],
    },
    {
      name: 'an inherited document default is reported at each operation',
      contract,
      files: { 'api/openapi.yaml': spec('', '', 'security: [{ key: [] }]\n') },
      errors: [
        {
          code: 'api/plane-violation',
          file: 'api/openapi.yaml',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 8,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            kind: 'apiKey',
            scheme: 'key',
            otherPlane: 'machine',
            where: 'spec',
          },
        },
      ],
    },
    {
      name: 'code: a machine middleware on a human route; requireMiddleware reports a route with none',
      contract: `${contract}rules:\n  api/plane-violation:\n    severity: error\n    options: { requireMiddleware: true }\n`,
      files: {
        'api/openapi.yaml': spec(human, machine),
        'src/app.ts': `import express from 'express';
import { requireApiKey } from './auth';
const app = express();
app.get('/api/v1/accounts/me', requireApiKey, (req, res) => res.json({}));
app.post('/api/v1/runs', (req, res) => res.json({}));
export default app;
`,
      },
      errors: [
        {
          code: 'api/plane-violation',
          file: 'src/app.ts',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 30,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: 'requireApiKey',
            otherPlane: 'machine',
            where: 'code',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'src/app.ts',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 30,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: '',
            where: 'code',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'src/app.ts',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 24,
          data: {
            plane: 'machine',
            method: 'POST',
            path: '/api/v1/runs',
            middleware: '',
            where: 'code',
          },
        },
      ],
    },
  ],
});
