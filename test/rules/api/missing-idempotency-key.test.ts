import { ruleTester } from '../../helpers/rule-tester.js';

const contract = (options = ''): string => `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
rules:
  api/missing-idempotency-key:
    severity: error${options ? `\n    options: ${options}` : ''}
`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /runs:
    post:
      operationId: startRun
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
      responses: { '202': { description: accepted } }
  /runs/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
      - { name: idempotency-key, in: header, schema: { type: string } }
    patch:
      operationId: updateRun
      responses: { '200': { description: ok } }
    delete:
      operationId: deleteRun
      responses: { '204': { description: gone } }
components:
  parameters:
    IdempotencyKey: { name: Idempotency-Key, in: header, required: true, schema: { type: string } }
`;

ruleTester('api/missing-idempotency-key', {
  valid: [
    {
      name: 'the header by $ref, and at path level (names compare case-insensitively); DELETE is not checked by default',
      contract: contract(),
      files: { 'api/openapi.yaml': spec },
    },
    {
      name: 'off by default',
      contract: 'version: 1\nsources:\n  - { id: api, path: api/openapi.yaml, kind: openapi }\n',
      files: {
        'api/openapi.yaml': spec.replace(
          / {8}- \$ref: '#\/components\/parameters\/IdempotencyKey'\n/,
          '',
        ),
      },
    },
    {
      name: 'paths outside the `paths` option',
      contract: contract("{ paths: ['/admin/**'] }"),
      files: {
        'api/openapi.yaml': spec.replace(
          / {8}- \$ref: '#\/components\/parameters\/IdempotencyKey'\n/,
          '',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a POST without the header',
      contract: contract(),
      files: {
        'api/openapi.yaml': spec.replace(
          / {8}- \$ref: '#\/components\/parameters\/IdempotencyKey'\n/,
          '',
        ),
      },
      errors: [
        {
          code: 'api/missing-idempotency-key',
          file: 'api/openapi.yaml',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 9,
          data: {
            method: 'POST',
            path: '/runs',
            header: 'Idempotency-Key',
            operationId: 'startRun',
            declared: false,
          },
        },
      ],
    },
    {
      name: 'required: the path-level header is optional; DELETE checked when configured',
      contract: contract('{ required: true, methods: [post, patch, delete] }'),
      files: { 'api/openapi.yaml': spec },
      errors: [
        {
          code: 'api/missing-idempotency-key',
          file: 'api/openapi.yaml',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 32,
          data: {
            method: 'DELETE',
            path: '/runs/{id}',
            header: 'Idempotency-Key',
            operationId: 'deleteRun',
            declared: true,
          },
        },
        {
          code: 'api/missing-idempotency-key',
          file: 'api/openapi.yaml',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 32,
          data: {
            method: 'PATCH',
            path: '/runs/{id}',
            header: 'Idempotency-Key',
            operationId: 'updateRun',
            declared: true,
          },
        },
      ],
    },
    {
      name: 'another header name',
      contract: contract('{ header: X-Request-Id }'),
      files: { 'api/openapi.yaml': spec },
      errors: [
        {
          code: 'api/missing-idempotency-key',
          file: 'api/openapi.yaml',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 9,
          data: {
            method: 'POST',
            path: '/runs',
            header: 'X-Request-Id',
            operationId: 'startRun',
            declared: false,
          },
        },
        {
          code: 'api/missing-idempotency-key',
          file: 'api/openapi.yaml',
          line: 14,
          column: 5,
          endLine: 14,
          endColumn: 10,
          data: {
            method: 'PATCH',
            path: '/runs/{id}',
            header: 'X-Request-Id',
            operationId: 'updateRun',
            declared: false,
          },
        },
      ],
    },
  ],
});
