import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'koa: Router prefix from a constant, nested use(prefix, child.routes()), named routes, a chained app.use()',
      contract: SHOP_CONTRACT,
      files: shopApp('koa-matched'),
    },
  ],
  invalid: [
    {
      name: 'koa (CommonJS): a router never mounted, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('koa-findings'),
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
          code: 'api/plane-violation',
          file: 'src/app.js',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 26,
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
          file: 'src/app.js',
          line: 12,
          column: 66,
          endLine: 12,
          endColumn: 89,
          data: {
            name: 'token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'src/app.js',
          line: 14,
          column: 1,
          endLine: 14,
          endColumn: 24,
          data: {
            method: 'POST',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/app.js',
          line: 15,
          column: 1,
          endLine: 15,
          endColumn: 26,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'koa',
            spec: 'api',
          },
        },
        {
          code: 'api/production-gated',
          file: 'src/app.js',
          line: 18,
          column: 1,
          endLine: 18,
          endColumn: 20,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/app.js',
          line: 20,
          column: 7,
          endLine: 20,
          endColumn: 13,
          data: {
            kind: 'unmounted',
            expression: 'legacy',
            routes: 1,
          },
        },
      ],
    },
  ],
});
