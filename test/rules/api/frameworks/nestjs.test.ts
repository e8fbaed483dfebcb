import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'nestjs: setGlobalPrefix with exclude, @Controller path objects, decorators on separate lines, guards as middleware',
      contract: SHOP_CONTRACT,
      files: shopApp('nestjs-matched'),
    },
  ],
  invalid: [
    {
      name: 'nestjs: guards on methods, @Query credentials, a path from a runtime value, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('nestjs-findings'),
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
          file: 'src/controllers.ts',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 13,
          data: {
            plane: 'human',
            method: 'GET',
            path: '/api/v1/accounts/me',
            middleware: 'ApiKeyGuard',
            otherPlane: 'machine',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'src/controllers.ts',
          line: 31,
          column: 8,
          endLine: 31,
          endColumn: 30,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'src/controllers.ts',
          line: 40,
          column: 3,
          endLine: 40,
          endColumn: 17,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'src/controllers.ts',
          line: 43,
          column: 3,
          endLine: 43,
          endColumn: 16,
          data: {
            kind: 'path',
            expression: 'segment',
            routes: 1,
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'src/controllers.ts',
          line: 56,
          column: 3,
          endLine: 56,
          endColumn: 22,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'nestjs',
            spec: 'api',
          },
        },
        {
          code: 'api/production-gated',
          file: 'src/controllers.ts',
          line: 61,
          column: 3,
          endLine: 61,
          endColumn: 25,
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
