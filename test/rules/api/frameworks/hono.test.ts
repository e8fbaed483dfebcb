import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'hono: basePath from a constant, app.route() across files, a chained sub-app, on(), regex parameters',
      contract: SHOP_CONTRACT,
      files: shopApp('hono-matched'),
    },
  ],
  invalid: [
    {
      name: 'hono: a chain on new Hono().basePath(), a template path with a call, an app nobody mounts, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('hono-findings'),
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
          file: 'src/app.ts',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 23,
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
          file: 'src/app.ts',
          line: 12,
          column: 54,
          endLine: 12,
          endColumn: 76,
          data: {
            name: 'api_key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'src/app.ts',
          line: 14,
          column: 1,
          endLine: 14,
          endColumn: 23,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/app.ts',
          line: 15,
          column: 1,
          endLine: 15,
          endColumn: 23,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'hono',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/app.ts',
          line: 16,
          column: 1,
          endLine: 16,
          endColumn: 39,
          data: {
            kind: 'path',
            expression: 'currentVersion()',
            routes: 1,
          },
        },
        {
          code: 'api/production-gated',
          file: 'src/debug.ts',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 28,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
      ],
    },
  ],
});
