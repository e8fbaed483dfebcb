import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'chi: Route, Mount of a router from another package, Group with Use, With, regex parameters, a route behind an APP_MODE check',
      contract: SHOP_CONTRACT,
      files: shopApp('go-chi-matched'),
    },
  ],
  invalid: [
    {
      name: 'chi: a router in a struct field, Route closures, a Mount under a field value, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('go-chi-findings'),
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
          file: 'server/server.go',
          line: 22,
          column: 31,
          endLine: 22,
          endColumn: 56,
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
          code: 'api/method-mismatch',
          file: 'server/server.go',
          line: 29,
          column: 3,
          endLine: 29,
          endColumn: 16,
          data: {
            method: 'PUT',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'server/server.go',
          line: 31,
          column: 2,
          endLine: 31,
          endColumn: 36,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'go',
            spec: 'api',
          },
        },
        {
          code: 'api/production-gated',
          file: 'server/server.go',
          line: 32,
          column: 2,
          endLine: 32,
          endColumn: 32,
          data: {
            method: 'GET',
            path: '/__debug/routes',
            variable: 'APP_MODE',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'server/server.go',
          line: 33,
          column: 2,
          endLine: 33,
          endColumn: 25,
          data: {
            kind: 'prefix',
            expression: 's.prefix',
            routes: 1,
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'server/server.go',
          line: 37,
          column: 6,
          endLine: 37,
          endColumn: 26,
          data: {
            name: 'token',
            in: 'query',
            where: 'code',
          },
        },
      ],
    },
  ],
});
