import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
`;

const ok = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: ok }
`;

ruleTester('api/invalid-spec', {
  valid: [
    { name: 'a valid OpenAPI 3.0 document', contract, files: { 'api/openapi.yaml': ok } },
    {
      name: 'a valid OpenAPI 3.1 document in JSON',
      contract: contract.replace('openapi.yaml', 'openapi.json'),
      files: {
        'api/openapi.json': JSON.stringify({
          openapi: '3.1.0',
          info: { title: 't', version: '1' },
          paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
        }),
      },
    },
    {
      name: 'a valid Swagger 2.0 document',
      contract,
      files: {
        'api/openapi.yaml': `swagger: '2.0'
info: { title: t, version: '1' }
basePath: /v1
paths:
  /a:
    get:
      responses:
        '200': { description: ok }
`,
      },
    },
    {
      name: 'a spec split over files with local $refs, path parameters declared in another file',
      contract,
      files: {
        'api/openapi.yaml': `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /users/{id}:
    $ref: paths/user.yaml
`,
        'api/paths/user.yaml': `get:
  parameters:
    - $ref: ../params.yaml#/Id
  responses:
    '200': { description: ok }
`,
        'api/params.yaml': `Id: { name: id, in: path, required: true, schema: { type: string } }
`,
      },
    },
    {
      name: 'no openapi source: nothing to check',
      contract: 'version: 1\n',
      files: { 'api/openapi.yaml': 'openapi: [' },
    },
  ],
  invalid: [
    {
      name: 'YAML that does not parse',
      contract,
      files: { 'api/openapi.yaml': 'openapi: 3.0.3\npaths:\n  /a: [\n' },
      errors: [
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 2,
          data: {
            source: 'api',
            problem: 'syntax',
          },
        },
      ],
    },
    {
      name: 'a document that fails OpenAPI validation, located at the offending key',
      contract,
      files: {
        'api/openapi.yaml': ok.replace(
          "      responses:\n        '200': { description: ok }\n",
          '      summary: 12\n',
        ),
      },
      errors: [
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 8,
          data: {
            source: 'api',
            problem: 'invalid',
          },
        },
      ],
    },
    {
      name: 'a remote $ref is never fetched, a missing file and a missing pointer are reported',
      contract,
      files: {
        'api/openapi.yaml': `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /a:
    get:
      parameters:
        - $ref: 'https://example.com/params.yaml#/Page'
        - $ref: './missing.yaml#/Id'
        - $ref: '#/components/parameters/Nope'
      responses:
        '200': { description: ok }
components:
  parameters: {}
`,
      },
      errors: [
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 56,
          data: {
            source: 'api',
            problem: 'remote-ref',
            ref: 'https://example.com/params.yaml#/Page',
          },
        },
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 37,
          data: {
            source: 'api',
            problem: 'missing-ref',
            ref: './missing.yaml#/Id',
            file: 'api/missing.yaml',
          },
        },
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 9,
          column: 17,
          endLine: 9,
          endColumn: 47,
          data: {
            source: 'api',
            problem: 'missing-ref',
            ref: '#/components/parameters/Nope',
            file: 'api/openapi.yaml',
          },
        },
      ],
    },
    {
      name: 'a security requirement naming an undeclared scheme',
      contract,
      files: {
        'api/openapi.yaml': ok.replace(
          '      operationId: getUser\n',
          '      operationId: getUser\n      security:\n        - jwt: []\n',
        ),
      },
      errors: [
        {
          code: 'api/invalid-spec',
          file: 'api/openapi.yaml',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 14,
          data: {
            source: 'api',
            problem: 'invalid',
            scheme: 'jwt',
          },
        },
      ],
    },
    {
      name: 'not an OpenAPI document, and an unsupported version',
      contract: `version: 1
sources:
  - { id: api, path: docs/API_CONTRACT.md, kind: openapi }
  - { id: next, path: api/next.yaml, kind: openapi }
`,
      files: {
        'docs/API_CONTRACT.md': '# API contract\n\n- GET /users\n',
        'api/next.yaml': "openapi: 3.2.0\ninfo: { title: t, version: '1' }\npaths: {}\n",
      },
      errors: [
        {
          code: 'api/invalid-spec',
          file: 'api/next.yaml',
          line: 1,
          column: 10,
          endLine: 1,
          endColumn: 15,
          data: {
            source: 'next',
            problem: 'unsupported',
          },
        },
        {
          code: 'api/invalid-spec',
          file: 'docs/API_CONTRACT.md',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15,
          data: {
            source: 'api',
            problem: 'invalid',
          },
        },
      ],
    },
  ],
});
