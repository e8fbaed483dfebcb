import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'flask: nested blueprints inside an app factory, url_prefix from a constant, MethodView, before_request, view decorators',
      contract: SHOP_CONTRACT,
      files: shopApp('flask-matched'),
    },
  ],
  invalid: [
    {
      name: 'flask: methods from a variable, request.args credentials, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('flask-findings'),
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
          file: 'app.py',
          line: 14,
          column: 1,
          endLine: 14,
          endColumn: 27,
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
          file: 'app.py',
          line: 29,
          column: 20,
          endLine: 29,
          endColumn: 43,
          data: {
            name: 'api_key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'app.py',
          line: 32,
          column: 1,
          endLine: 32,
          endColumn: 46,
          data: {
            method: 'PUT',
            path: '/api/v1/runs/{run_id}',
            specMethods: 'GET',
            spec: 'api',
          },
        },
        {
          code: 'api/undocumented-route',
          file: 'app.py',
          line: 38,
          column: 1,
          endLine: 38,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/api/v1/admin/stats',
            framework: 'flask',
            spec: 'api',
          },
        },
        {
          code: 'api/unresolvable-route',
          file: 'app.py',
          line: 47,
          column: 1,
          endLine: 47,
          endColumn: 40,
          data: {
            kind: 'method',
            expression: '',
            routes: 1,
          },
        },
        {
          code: 'api/production-gated',
          file: 'app.py',
          line: 55,
          column: 1,
          endLine: 55,
          endColumn: 30,
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
