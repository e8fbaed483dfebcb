import { ruleTester } from '../../helpers/rule-tester.js';

const contract = (options = ''): string => `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi, governs: ['src/**'] }
${options ? `rules:\n  api/unimplemented-operation:\n    severity: warn\n    options: ${options}\n` : ''}`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
    post: { operationId: createOrder, responses: { '201': { description: ok } } }
  /orders/{id}/refund:
    post: { operationId: refundOrder, responses: { '202': { description: ok } } }
`;

const routes = `import { Hono } from 'hono';
const app = new Hono();
app.get('/orders', (c) => c.json([]));
app.post('/orders', (c) => c.json({}, 201));
export default app;
`;

ruleTester('api/unimplemented-operation', {
  valid: [
    {
      name: 'every operation has a route',
      contract: contract(),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': routes.replace(
          'export default',
          "app.post('/orders/:orderId/refund', (c) => c.json({}, 202));\nexport default",
        ),
      },
    },
    {
      name: 'the ignore and ignoreOperationIds options',
      contract: contract("{ ignoreOperationIds: [refundOrder], ignore: ['/payments/**'] }"),
      files: { 'api/openapi.yaml': spec, 'src/app.ts': routes },
    },
  ],
  invalid: [
    {
      name: 'an operation without a route, and a route outside `governs` does not count (warn by default)',
      contract: contract(),
      files: {
        'api/openapi.yaml': spec,
        'src/app.ts': routes,
        'scripts/dev-server.ts': routes.replace(
          'export default',
          "app.post('/orders/:orderId/refund', (c) => c.json({}, 202));\nexport default",
        ),
      },
      errors: [
        {
          code: 'api/unimplemented-operation',
          file: 'api/openapi.yaml',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 9,
          data: {
            method: 'POST',
            path: '/orders/{id}/refund',
            operationId: 'refundOrder',
            spec: 'api',
          },
        },
      ],
    },
  ],
});
