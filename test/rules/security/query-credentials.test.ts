import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/query-credentials';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'credentials from headers, other query parameters',
      contract,
      files: {
        'src/routes.ts':
          'const token = req.headers.authorization;\nconst page = req.query.page;\nconst { limit, offset } = req.query;\n',
        'app/views.py': 'page = request.args.get("page")\n',
        'main.go': 'package main\nfunc h(r *http.Request) { _ = r.URL.Query().Get("page") }\n',
      },
    },
    {
      name: 'tests that check query tokens are refused',
      contract,
      files: { 'test/api.test.ts': "await request(app).get('/runs?token=abc').expect(401);\n" },
    },
  ],
  invalid: [
    {
      name: 'handlers reading credentials from the query string',
      contract,
      files: {
        'src/routes.ts': 'const token = req.query.token;\nconst { api_key: key } = req.query;\n',
        'app/views.py':
          'def stream(api_key: str = Query(None)):\n    token = request.args.get("access_token")\n',
        'main.go': 'package main\nfunc h(r *http.Request) { _ = r.URL.Query().Get("token") }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/views.py',
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 38,
          data: { variant: 'param', parameter: 'api_key', match: 'api_key: str = Query(None)' },
          message:
            'credential api_key is read from the URL query string: api_key: str = Query(None)',
        },
        {
          code: CODE,
          file: 'app/views.py',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 45,
          data: {
            variant: 'read',
            parameter: 'access_token',
            match: 'request.args.get("access_token")',
          },
          message:
            'credential access_token is read from the URL query string: request.args.get("access_token")',
        },
        {
          code: CODE,
          file: 'main.go',
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 57,
          data: { variant: 'read', parameter: 'token', match: 'r.URL.Query().Get("token")' },
          message: 'credential token is read from the URL query string: r.URL.Query().Get("token")',
        },
        {
          code: CODE,
          file: 'src/routes.ts',
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 30,
          data: { variant: 'read', parameter: 'token', match: 'req.query.token' },
          message: 'credential token is read from the URL query string: req.query.token',
        },
        {
          code: CODE,
          file: 'src/routes.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 36,
          data: {
            variant: 'destructure',
            parameter: 'api_key',
            match: 'const { api_key: key } = req.query;',
          },
          message:
            'credential api_key is read from the URL query string: const { api_key: key } = req.query;',
        },
      ],
    },
    {
      name: 'clients that put a token into a URL',
      contract,
      change: {
        'web/stream.ts': 'const source = new EventSource(`/api/v1/runs/stream?token=${token}`);\n',
      },
      errors: [
        {
          code: CODE,
          file: 'web/stream.ts',
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 68,
          data: { variant: 'url', match: '`/api/v1/runs/stream?token=${token}`' },
          message:
            'a credential is put into a URL query string: `/api/v1/runs/stream?token=${token}`',
        },
      ],
    },
  ],
});
