import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'gorilla/mux: a Subrouter handed to another package under a prefix constant, nested Subrouters, Methods() with literals and http constants, a Path chain, regex variables, Use after the routes',
      contract: SHOP_CONTRACT,
      files: shopApp('go-gorilla-matched'),
    },
  ],
  invalid: [
    {
      name: 'gorilla/mux: a route without Methods() (every method), handler wrappers, a method and a prefix from os.Getenv, every finding a route can cause',
      contract: SHOP_CONTRACT,
      files: shopApp('go-gorilla-findings'),
      errors: [
        {
          code: 'api/method-mismatch',
          file: 'main.go',
          line: 20,
          column: 2,
          endLine: 20,
          endColumn: 32,
          data: {
            method: 'DELETE',
            path: '/api/v1/runs/{id}',
            specMethods: 'GET',
            spec: 'api',
          },
          message: 'DELETE /api/v1/runs/{id} is not in api/openapi.yaml, which has GET there',
        },
        {
          code: 'api/undocumented-route',
          file: 'main.go',
          line: 21,
          column: 2,
          endLine: 21,
          endColumn: 24,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'go',
            spec: 'api',
          },
          message: 'GET /api/v1/admin/stats is not in api/openapi.yaml',
        },
        {
          code: 'api/unresolvable-route',
          file: 'main.go',
          line: 22,
          column: 2,
          endLine: 22,
          endColumn: 26,
          data: {
            kind: 'method',
            expression: '',
            routes: 1,
          },
          message:
            'the method of this route cannot be known statically: the HTTP method is computed at runtime',
        },
        {
          code: 'api/unresolvable-route',
          file: 'main.go',
          line: 23,
          column: 12,
          endLine: 23,
          endColumn: 51,
          data: {
            kind: 'prefix',
            expression: 'os.Getenv("LEGACY_PREFIX")',
            routes: 1,
          },
          message:
            '1 route below cannot be checked: the prefix os.Getenv("LEGACY_PREFIX") is not a string constant Charter can resolve',
        },
      ],
    },
  ],
});
