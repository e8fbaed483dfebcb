import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'net/http: Go 1.22 method patterns, a prefix constant from another file of the package, handler wrappers as middleware',
      contract: SHOP_CONTRACT,
      files: shopApp('go-nethttp-matched'),
    },
  ],
  invalid: [
    {
      name: 'net/http: the default ServeMux, a method-less pattern, a path from os.Getenv, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('go-nethttp-findings'),
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
          line: 10,
          column: 2,
          endLine: 10,
          endColumn: 39,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: 'requireAPIKey',
            otherPlane: 'machine',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'main.go',
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 35,
          data: {
            name: 'api_key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'main.go',
          line: 16,
          column: 2,
          endLine: 16,
          endColumn: 44,
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
          line: 17,
          column: 2,
          endLine: 17,
          endColumn: 43,
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
          line: 18,
          column: 2,
          endLine: 18,
          endColumn: 39,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'main.go',
          line: 19,
          column: 2,
          endLine: 19,
          endColumn: 48,
          data: {
            kind: 'path',
            expression: 'os.Getenv("EXTRA_PATH")',
            routes: 1,
          },
        },
      ],
    },
  ],
});
