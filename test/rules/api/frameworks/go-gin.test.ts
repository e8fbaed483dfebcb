import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'gin: groups with middleware, a group passed to another package, an inline debug handler that checks APP_MODE',
      contract: SHOP_CONTRACT,
      files: shopApp('go-gin-matched'),
    },
  ],
  invalid: [
    {
      name: 'gin: Handle and Any, a group under os.Getenv, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('go-gin-findings'),
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
          file: 'main.go',
          line: 13,
          column: 2,
          endLine: 13,
          endColumn: 24,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: 'RequireAPIKey',
            otherPlane: 'machine',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'main.go',
          line: 17,
          column: 42,
          endLine: 17,
          endColumn: 76,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'main.go',
          line: 19,
          column: 2,
          endLine: 19,
          endColumn: 20,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'main.go',
          line: 20,
          column: 2,
          endLine: 20,
          endColumn: 24,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'go',
            spec: 'api',
          },
        },
        {
          code: 'api/production-gated',
          file: 'main.go',
          line: 21,
          column: 2,
          endLine: 21,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'main.go',
          line: 22,
          column: 2,
          endLine: 22,
          endColumn: 36,
          data: {
            kind: 'prefix',
            expression: 'os.Getenv("LEGACY_PREFIX")',
            routes: 1,
          },
        },
      ],
    },
  ],
});
