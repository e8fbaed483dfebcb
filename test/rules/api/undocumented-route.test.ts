import { ruleTester } from '../../helpers/rule-tester.js';

const contract = (extra = ''): string => `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi${extra} }
`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
servers:
  - url: 'https://{host}/{base}'
    variables:
      host: { default: api.example.com }
      base: { default: v2 }
paths:
  /users:
    get: { operationId: listUsers, responses: { '200': { description: ok } } }
  /users/{userId}/avatar.{format}:
    get: { operationId: getAvatar, responses: { '200': { description: ok } } }
  /files/{path}:
    get: { operationId: getFile, responses: { '200': { description: ok } } }
`;

const app = (routes: string): string => `import express from 'express';
const app = express();
${routes}export default app;
`;

ruleTester('api/undocumented-route', {
  valid: [
    {
      name: 'server variables give the prefix; parameters match by shape, not by name; a wildcard serves a parameter',
      contract: contract(),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': app(`app.get('/v2/users', (req, res) => res.json([]));
app.get('/v2/users/:id/avatar.:ext', (req, res) => res.end());
app.get('/v2/files/*', (req, res) => res.end());
`),
      },
    },
    {
      name: 'the source basePath overrides the servers',
      contract: contract(', basePath: /api'),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': app("app.get('/api/users', (req, res) => res.json([]));\n"),
      },
    },
    {
      name: 'tests, and files outside `governs`, are not governed',
      contract: contract(", governs: ['src/api/**']"),
      files: {
        'api/openapi.yaml': spec,
        'src/admin/app.ts': app("app.get('/admin/stats', (req, res) => res.json({}));\n"),
        'src/api/app.test.ts': app("app.get('/v2/test-only', (req, res) => res.json({}));\n"),
      },
    },
    {
      name: 'the ignore and ignoreMethods options',
      contract: `${contract()}rules:\n  api/undocumented-route:\n    severity: error\n    options: { ignore: [/healthz, '/static/**'], ignoreMethods: [OPTIONS] }\n`,
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': app(`app.get('/healthz', (req, res) => res.end());
app.get('/static/*', (req, res) => res.end());
app.options('/v2/users', (req, res) => res.end());
`),
      },
    },
  ],
  invalid: [
    {
      name: 'a route missing from the spec, an optional parameter serving an undocumented path, a literal segment where the spec has a parameter',
      contract: contract(),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': app(`app.get('/v2/users/:id?', (req, res) => res.end());
app.get('/v2/files/readme', (req, res) => res.end());
app.all('/v2/reports', (req, res) => res.end());
`),
      },
      errors: [
        {
          code: 'api/undocumented-route',
          file: 'src/app.ts',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/v2/users/{id}',
            framework: 'express',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/app.ts',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 27,
          data: {
            method: 'GET',
            path: '/v2/files/readme',
            framework: 'express',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/app.ts',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 22,
          data: {
            method: '*',
            path: '/v2/reports',
            framework: 'express',
            spec: 'api',
          },
        },
      ],
    },
    {
      name: 'without a server prefix the code must match the paths as written',
      contract: contract(", basePath: ''"),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': app("app.get('/v2/users', (req, res) => res.json([]));\n"),
      },
      errors: [
        {
          code: 'api/undocumented-route',
          file: 'src/app.ts',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 20,
          data: {
            method: 'GET',
            path: '/v2/users',
            framework: 'express',
            spec: 'api',
          },
        },
      ],
    },
  ],
});
