import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /events:
    get:
      operationId: streamEvents
      parameters:
        - $ref: '#/components/parameters/AccessToken'
        - { name: page_token, in: query, schema: { type: string } }
        - { name: X-Api-Key, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
  /exports:
    get:
      operationId: listExports
      parameters:
        - $ref: '#/components/parameters/AccessToken'
        - { name: apiKey, in: query, schema: { type: string } }
      security: [{ queryKey: [] }]
      responses: { '200': { description: ok } }
components:
  parameters:
    AccessToken: { name: access_token, in: query, schema: { type: string } }
  securitySchemes:
    queryKey: { type: apiKey, in: query, name: key }
    headerKey: { type: apiKey, in: header, name: X-API-Key }
`;

const clean = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /runs:
    get:
      parameters:
        - { name: page_token, in: query, schema: { type: string } }
        - { name: nextPageToken, in: query, schema: { type: string } }
        - { name: Authorization, in: header, schema: { type: string } }
      responses: { '200': { description: ok } }
components:
  securitySchemes:
    headerKey: { type: apiKey, in: header, name: X-API-Key }
`;

ruleTester('api/query-token-auth', {
  valid: [
    {
      name: 'pagination tokens in the query, credentials in headers; code that reads headers',
      contract,
      files: {
        'api/openapi.yaml': clean,
        'src/app.ts': `import express from 'express';
export const app = express();
// req.query.token in a comment is not a read
app.get('/runs', (req, res) => {
  const doc = "req.query.api_key";
  res.json({ page: req.query.page_token, key: req.header('x-api-key'), doc });
});
`,
      },
    },
    {
      name: 'the allow option',
      contract: `${contract}rules:\n  api/query-token-auth:\n    severity: error\n    options: { allow: [access_token, apiKey, key] }\n`,
      files: {
        'api/openapi.yaml': spec.replace(
          'queryKey: { type: apiKey, in: query, name: key }',
          'queryKey: { type: apiKey, in: header, name: key }',
        ),
      },
    },
    {
      name: 'tests may read query credentials (they test the rejection)',
      contract: 'version: 1\n',
      files: {
        'test/auth.test.ts': "import request from 'supertest';\nconst token = req.query.token;\n",
      },
    },
  ],
  invalid: [
    {
      name: 'spec: a shared query parameter reported once at its definition, a query apiKey scheme',
      contract,
      files: { 'api/openapi.yaml': spec },
      errors: [
        {
          code: 'api/query-token-auth',
          file: 'api/openapi.yaml',
          line: 17,
          column: 19,
          endLine: 17,
          endColumn: 25,
          data: {
            name: 'apiKey',
            in: 'query',
            spec: 'api',
            where: 'spec',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'api/openapi.yaml',
          line: 22,
          column: 26,
          endLine: 22,
          endColumn: 38,
          data: {
            name: 'access_token',
            in: 'query',
            spec: 'api',
            where: 'spec',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'api/openapi.yaml',
          line: 24,
          column: 5,
          endLine: 24,
          endColumn: 13,
          data: {
            name: 'key',
            in: 'query',
            spec: 'api',
            where: 'spec',
            scheme: 'queryKey',
          },
        },
      ],
    },
    {
      name: 'Swagger 2.0: an apiKey security definition in the query',
      contract,
      files: {
        'api/openapi.yaml': `swagger: '2.0'
info: { title: t, version: '1' }
paths:
  /a:
    get:
      parameters:
        - { name: sessionId, in: query, type: string }
      responses: { '200': { description: ok } }
securityDefinitions:
  token: { type: apiKey, in: query, name: token }
`,
      },
      errors: [
        {
          code: 'api/query-token-auth',
          file: 'api/openapi.yaml',
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 28,
          data: {
            name: 'sessionId',
            in: 'query',
            spec: 'api',
            where: 'spec',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'api/openapi.yaml',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 8,
          data: {
            name: 'token',
            in: 'query',
            spec: 'api',
            where: 'spec',
            scheme: 'token',
          },
        },
      ],
    },
    {
      name: 'code in every language that reads credentials from the query string, with no spec at all',
      contract: 'version: 1\n',
      files: {
        'src/middleware.ts': `import type { Request } from 'express';
export function auth(req: Request): string | undefined {
  const { access_token: accessToken } = req.query;
  return (req.query['api-key'] as string) ?? (accessToken as string) ?? new URL(req.url, 'http://x').searchParams.get('jwt') ?? undefined;
}
`,
        'app/deps.py': `from fastapi import Request


def token(request: Request):
    return request.query_params.get("access_token") or request.query_params["apiKey"]
`,
        'internal/auth/auth.go': `package auth

import "net/http"

func Key(r *http.Request) string {
	return r.URL.Query().Get("api_key")
}
`,
      },
      errors: [
        {
          code: 'api/query-token-auth',
          file: 'app/deps.py',
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 52,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'app/deps.py',
          line: 5,
          column: 56,
          endLine: 5,
          endColumn: 86,
          data: {
            name: 'apiKey',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'internal/auth/auth.go',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 37,
          data: {
            name: 'api_key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'src/middleware.ts',
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 36,
          data: {
            name: 'access_token',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'src/middleware.ts',
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 31,
          data: {
            name: 'api-key',
            in: 'query',
            where: 'code',
          },
        },
        {
          code: 'api/query-token-auth',
          file: 'src/middleware.ts',
          line: 4,
          column: 73,
          endLine: 4,
          endColumn: 125,
          data: {
            name: 'jwt',
            in: 'query',
            where: 'code',
          },
        },
      ],
    },
  ],
});
