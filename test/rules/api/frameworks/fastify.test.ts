import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'fastify: plugins with prefixes from an imported constant, an inline plugin, route({ method, url }), preHandler hooks and options',
      contract: SHOP_CONTRACT,
      files: shopApp('fastify-matched'),
    },
  ],
  invalid: [
    {
      name: 'fastify (CommonJS): required plugins without a fastify import, a computed method, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('fastify-findings'),
      errors: [
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
          code: 'api/production-gated',
          file: 'src/index.js',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 26,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/index.js',
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 83,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'fastify',
            spec: 'api',
          },
        },
        {
          code: 'api/plane-violation',
          file: 'src/routes/accounts.js',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 20,
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
          line: 7,
          column: 47,
          endLine: 7,
          endColumn: 68,
          data: {
            name: 'api_key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'src/routes/runs.js',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 21,
          data: {
            method: 'PUT',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/routes/runs.js',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 69,
          data: {
            kind: 'method',
            expression: '',
            routes: 1,
          },
        },
      ],
    },
  ],
});
