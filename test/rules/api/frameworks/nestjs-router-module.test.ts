import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'nestjs RouterModule: a routes list from another file, nested children, a module listed bare, a path constant from another file, the global prefix in front',
      contract: SHOP_CONTRACT,
      files: shopApp('nestjs-router-module-matched'),
    },
  ],
  invalid: [
    {
      name: 'nestjs RouterModule: an inline routes list, a path from a runtime value, every finding a module path can cause',
      contract: SHOP_CONTRACT,
      files: shopApp('nestjs-router-module-findings'),
      errors: [
        {
          code: 'api/method-mismatch',
          file: 'src/accounts/accounts.controller.ts',
          line: 22,
          column: 3,
          endLine: 22,
          endColumn: 17,
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
          code: 'api/unresolvable-route',
          file: 'src/app.module.ts',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 28,
          data: {
            kind: 'prefix',
            expression: 'adminPath',
            routes: 2,
          },
          message:
            '2 routes below cannot be checked: the RouterModule path adminPath is not a string constant Charter can resolve',
        },
        {
          code: 'api/undocumented-route',
          file: 'src/runs/runs.controller.ts',
          line: 22,
          column: 3,
          endLine: 22,
          endColumn: 22,
          data: {
            method: 'GET',
            path: '/api/v1/runs/{runId}/logs',
            framework: 'nestjs',
            spec: 'api',
          },
          message: 'GET /api/v1/runs/{runId}/logs is not in api/openapi.yaml',
        },
      ],
    },
  ],
});
