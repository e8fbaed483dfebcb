import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'express: nested routers, a barrel re-export, a router factory, prefixes from an imported constant, a route chain',
      contract: SHOP_CONTRACT,
      files: shopApp('express-matched'),
    },
  ],
  invalid: [
    {
      name: 'express (CommonJS): a module handed the app, an inline require mount, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('express-findings'),
      errors: [
        {
          code: 'api/unimplemented-operation',
          file: 'api/openapi.yaml',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 8,
          data: {
            method: 'GET',
            path: '/api/v1/health',
            operationId: 'getHealth',
            spec: 'api',
          },
        },
        {
          code: 'api/unimplemented-operation',
          file: 'api/paths/runs.yaml',
          line: 19,
          column: 3,
          endLine: 19,
          endColumn: 6,
          data: {
            method: 'GET',
            path: '/api/v1/runs/{runId}',
            operationId: 'getRun',
            spec: 'api',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'src/routes/accounts.js',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 32,
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
          code: 'api/query-token-auth',
          file: 'src/routes/runs.js',
          line: 5,
          column: 7,
          endLine: 5,
          endColumn: 29,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'src/routes/runs.js',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 21,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/routes/runs.js',
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 33,
          data: {
            kind: 'path',
            expression: 'format',
            routes: 1,
          },
        },
        {
          code: 'api/production-gated',
          file: 'src/server.js',
          line: 10,
          column: 1,
          endLine: 10,
          endColumn: 26,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/server.js',
          line: 11,
          column: 1,
          endLine: 11,
          endColumn: 29,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'express',
            spec: 'api',
          },
        },
      ],
    },
  ],
});
