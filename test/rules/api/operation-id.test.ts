import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
`;

const spec = (ids: [string, string, string]): string => `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /users:
    get:
      operationId: ${ids[0]}
      responses: { '200': { description: ok } }
    post:
      operationId: ${ids[1]}
      responses: { '201': { description: created } }
  /users/{id}:
    $ref: paths/user.yaml
`;

const userPath = (id: string): string => `get:
  operationId: ${id}
  parameters:
    - { name: id, in: path, required: true, schema: { type: string } }
  responses: { '200': { description: ok } }
`;

ruleTester('api/operation-id', {
  valid: [
    {
      name: 'unique operationIds across the files of a spec',
      contract,
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
    },
    {
      name: 'a change that keeps every operationId (range)',
      contract,
      mode: 'range',
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
      change: {
        'api/paths/user.yaml': userPath('getUser').replace(
          "'200': { description: ok }",
          "'200': { description: the user }",
        ),
      },
    },
    {
      name: 'a new operation with a new operationId (worktree against HEAD)',
      contract,
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
      change: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']).replace(
          '  /users/{id}:',
          "  /teams:\n    get:\n      operationId: listTeams\n      responses: { '200': { description: ok } }\n  /users/{id}:",
        ),
      },
    },
    {
      name: 'the pattern option, matched',
      contract: `${contract}rules:\n  api/operation-id:\n    severity: error\n    options: { pattern: '^[a-z][A-Za-z0-9]*$' }\n`,
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
    },
  ],
  invalid: [
    {
      name: 'a missing operationId and a duplicate in another file',
      contract,
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']).replace(
          '      operationId: createUser\n',
          '',
        ),
        'api/paths/user.yaml': userPath('listUsers'),
      },
      errors: [
        {
          code: 'api/operation-id',
          file: 'api/openapi.yaml',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 9,
          data: {
            method: 'POST',
            path: '/users',
            problem: 'missing',
          },
        },
        {
          code: 'api/operation-id',
          file: 'api/paths/user.yaml',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/users/{id}',
            operationId: 'listUsers',
            problem: 'duplicate',
            firstFile: 'api/openapi.yaml',
            firstLine: 5,
          },
        },
      ],
    },
    {
      name: 'a change renames an operationId (range)',
      contract,
      mode: 'range',
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
      change: { 'api/paths/user.yaml': userPath('fetchUser') },
      errors: [
        {
          code: 'api/operation-id',
          file: 'api/paths/user.yaml',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 25,
          data: {
            method: 'GET',
            path: '/users/{id}',
            operationId: 'fetchUser',
            before: 'getUser',
            problem: 'changed',
          },
        },
      ],
    },
    {
      name: 'a staged change renames an operationId in the root file',
      contract,
      mode: 'staged',
      files: {
        'api/openapi.yaml': spec(['listUsers', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
      change: { 'api/openapi.yaml': spec(['getUsers', 'createUser', 'x']) },
      errors: [
        {
          code: 'api/operation-id',
          file: 'api/openapi.yaml',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 28,
          data: {
            method: 'GET',
            path: '/users',
            operationId: 'getUsers',
            before: 'listUsers',
            problem: 'changed',
          },
        },
      ],
    },
    {
      name: 'the pattern option',
      contract: `${contract}rules:\n  api/operation-id:\n    severity: error\n    options: { pattern: '^[a-z][A-Za-z0-9]*$' }\n`,
      files: {
        'api/openapi.yaml': spec(['list_users', 'createUser', 'x']),
        'api/paths/user.yaml': userPath('getUser'),
      },
      errors: [
        {
          code: 'api/operation-id',
          file: 'api/openapi.yaml',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 30,
          data: {
            method: 'GET',
            path: '/users',
            operationId: 'list_users',
            problem: 'pattern',
          },
        },
      ],
    },
  ],
});
