import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'tsconfig paths: routers, middleware and a prefix constant imported through aliases of an extended tsconfig (wildcard and exact patterns)',
      contract: SHOP_CONTRACT,
      files: shopApp('express-tsconfig-paths-matched'),
    },
  ],
  invalid: [
    {
      name: 'tsconfig paths: aliases relative to baseUrl, a prefix constant imported from baseUrl, every finding a router mounted through an alias can cause',
      contract: SHOP_CONTRACT,
      files: shopApp('express-tsconfig-paths-findings'),
      errors: [
        {
          code: 'api/unresolvable-route',
          file: 'src/server.ts',
          line: 11,
          column: 1,
          endLine: 11,
          endColumn: 33,
          data: {
            kind: 'prefix',
            expression: 'process.env.ADMIN_PREFIX',
            routes: 2,
          },
          message:
            '2 routes below cannot be checked: the prefix process.env.ADMIN_PREFIX is not a string constant Charter can resolve',
        },
        {
          code: 'api/method-mismatch',
          file: 'src/web/http/accounts.ts',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 21,
          data: {
            method: 'DELETE',
            path: '/api/v1/accounts/{id}',
            specMethods: 'GET,PATCH',
            spec: 'api',
          },
          message:
            'DELETE /api/v1/accounts/{id} is not in api/openapi.yaml, which has GET, PATCH there',
        },
        {
          code: 'api/undocumented-route',
          file: 'src/web/http/runs.ts',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 26,
          data: {
            method: 'GET',
            path: '/api/v1/runs/{runId}/logs',
            framework: 'express',
            spec: 'api',
          },
          message: 'GET /api/v1/runs/{runId}/logs is not in api/openapi.yaml',
        },
      ],
    },
  ],
});
