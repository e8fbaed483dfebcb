import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'fastapi: include_router across modules, a prefix from a settings class attribute, router dependencies, Security, decorators over several lines',
      contract: SHOP_CONTRACT,
      files: shopApp('fastapi-matched'),
    },
  ],
  invalid: [
    {
      name: 'fastapi: api_route methods, an Annotated dependency alias from another module, plain parameters read from the query string, a prefix from os.environ, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('fastapi-findings'),
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
          file: 'service/main.py',
          line: 16,
          column: 1,
          endLine: 16,
          endColumn: 25,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: 'require_api_key',
            otherPlane: 'machine',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'service/main.py',
          line: 27,
          column: 15,
          endLine: 27,
          endColumn: 32,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'service/main.py',
          line: 36,
          column: 1,
          endLine: 36,
          endColumn: 71,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{run_id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'service/main.py',
          line: 41,
          column: 1,
          endLine: 41,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'fastapi',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'service/main.py',
          line: 55,
          column: 1,
          endLine: 55,
          endColumn: 61,
          data: {
            kind: 'prefix',
            expression: 'os.environ["EXTRA_PREFIX"]',
            routes: 1,
          },
        },
        {
          code: 'api/production-gated',
          file: 'service/main.py',
          line: 58,
          column: 1,
          endLine: 58,
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
