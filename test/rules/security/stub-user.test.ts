import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/stub-user';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'users from verified credentials',
      contract,
      files: {
        'src/auth.ts':
          'export function auth(req, res, next) {\n  req.user = await users.find(verify(req.headers.authorization).sub);\n  next();\n}\n',
        'app/deps.py':
          'def get_current_user(token: str = Depends(scheme)):\n    return User(**decode(token))\n',
        'src/defaults.ts': 'export const defaultUser = { theme: "dark" };\n',
      },
    },
    {
      name: 'stub users in tests',
      contract,
      files: {
        'test/auth.test.ts': 'const stubUser = { id: "u1" };\nreq.user = { id: "u1" };\n',
        'tests/conftest.py': 'FAKE_USER = {"id": 1}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a literal user on the request, a current-user function returning one, stub names',
      contract,
      files: {
        'src/middleware/auth.ts':
          "export function auth(req, res, next) {\n  req.user = { id: 'admin', role: 'admin' };\n  next();\n}\n",
        'app/deps.py': 'def get_current_user():\n    return {"id": 1, "role": "admin"}\n',
        'internal/auth/ctx.go':
          'package auth\nfunc With(ctx context.Context) context.Context { return context.WithValue(ctx, userKey, &User{ID: 1}) }\n',
        'src/dev.ts': 'export const mockAdmin = { id: 0 };\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/deps.py',
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 38,
          data: { variant: 'return', match: 'return {"id": 1, "role": "admin"}' },
          message:
            'a current-user function returns a hardcoded user: return {"id": 1, "role": "admin"}',
        },
        {
          code: CODE,
          file: 'internal/auth/ctx.go',
          line: 2,
          column: 57,
          endLine: 2,
          endColumn: 102,
          data: { variant: 'assign', match: 'context.WithValue(ctx, userKey, &User{ID: 1})' },
          message:
            'a hardcoded user is put on the request: context.WithValue(ctx, userKey, &User{ID: 1})',
        },
        {
          code: CODE,
          file: 'src/dev.ts',
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 35,
          data: { variant: 'named', match: 'mockAdmin = { id: 0 }', name: 'mockAdmin' },
          message: 'stub user mockAdmin declared outside tests',
        },
        {
          code: CODE,
          file: 'src/middleware/auth.ts',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 44,
          data: { variant: 'assign', match: "req.user = { id: 'admin', role: 'admin' }" },
          message:
            "a hardcoded user is put on the request: req.user = { id: 'admin', role: 'admin' }",
        },
      ],
    },
  ],
});
