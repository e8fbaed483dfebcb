import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'echo: groups, middleware after the handler, methods on a handler struct from another package',
      contract: SHOP_CONTRACT,
      files: shopApp('go-echo-matched'),
    },
  ],
  invalid: [
    {
      name: 'echo: Match and Add, a path from fmt.Sprintf with %d, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('go-echo-findings'),
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
          line: 15,
          column: 2,
          endLine: 15,
          endColumn: 22,
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
          column: 50,
          endLine: 17,
          endColumn: 73,
          data: {
            name: 'api_key',
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
          endColumn: 21,
          data: {
            method: 'PATCH',
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
          endColumn: 29,
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
          endColumn: 41,
          data: {
            kind: 'path',
            expression: 'fmt.Sprintf("/v%d/runs", version)',
            routes: 1,
          },
        },
      ],
    },
  ],
});
