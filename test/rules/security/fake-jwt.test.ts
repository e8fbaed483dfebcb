import { ruleTester } from '../../helpers/rule-tester.js';
import { jwt } from '../secrets/fake.js';
import { enable } from './contract.js';

const CODE = 'security/fake-jwt';
const contract = enable(CODE);
const token = jwt({ sub: 'admin', role: 'admin', iat: 1700000000 });

ruleTester(CODE, {
  valid: [
    {
      name: 'verified tokens, secrets from the environment',
      contract,
      files: {
        'src/auth.ts':
          'export const claims = (t: string) => jwt.verify(t, process.env.JWT_SECRET!, { algorithms: ["HS256"] });\n',
        'app/auth.py': 'claims = jwt.decode(token, settings.JWT_KEY, algorithms=["RS256"])\n',
        'internal/auth.go':
          'package auth\nfunc sign(t *jwt.Token) (string, error) { return t.SignedString(key) }\n',
      },
    },
    {
      name: 'tests may sign and hold tokens',
      contract,
      files: {
        'test/auth.test.ts': `const t = jwt.sign({ sub: 'u' }, 'test-secret');\nconst fixed = '${token}';\n`,
        'tests/test_auth.py': 'tok = jwt.encode({"sub": "u"}, "test-secret", algorithm="HS256")\n',
      },
    },
  ],
  invalid: [
    {
      name: 'alg none, unverified decoding and literal secrets',
      contract,
      files: {
        'src/auth.ts': `export function authenticate(req, res, next) {
  const claims = jwt.decode(req.headers.authorization);
  return jwt.verify(req.token, 'changeme-secret', { algorithms: ['none'] });
}
`,
        'app/auth.py': 'claims = jwt.decode(token, options={"verify_signature": False})\n',
        'internal/auth.go':
          'package auth\nfunc sign(t *jwt.Token) (string, error) { return t.SignedString([]byte("hunter2")) }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/auth.py',
          line: 1,
          column: 10,
          endLine: 1,
          endColumn: 64,
          data: {
            variant: 'unverified-decode',
            match: 'jwt.decode(token, options={"verify_signature": False})',
          },
          message:
            'a JWT is decoded without verifying its signature: jwt.decode(token, options={"verify_signature": False})',
        },
        {
          code: CODE,
          file: 'internal/auth.go',
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 83,
          data: { variant: 'literal-secret', match: 't.SignedString([]byte(… (7 chars)))' },
          message:
            'JWTs are signed or verified with a secret written in the code: anyone who can read it can forge tokens: t.SignedString([]byte(… (7 chars)))',
        },
        {
          code: CODE,
          file: 'src/auth.ts',
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 55,
          data: { variant: 'unverified-decode', match: 'jwt.decode(req.headers.authorization)' },
          message:
            'a JWT is decoded without verifying its signature: jwt.decode(req.headers.authorization)',
        },
        {
          code: CODE,
          file: 'src/auth.ts',
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 76,
          data: {
            variant: 'literal-secret',
            match: "jwt.verify(req.token, c… (15 chars), { algorithms: ['none'] })",
          },
          message:
            "JWTs are signed or verified with a secret written in the code: anyone who can read it can forge tokens: jwt.verify(req.token, c… (15 chars), { algorithms: ['none'] })",
        },
        {
          code: CODE,
          file: 'src/auth.ts',
          line: 3,
          column: 53,
          endLine: 3,
          endColumn: 73,
          data: { variant: 'alg-none', match: "algorithms: ['none']" },
          message:
            'JWTs with alg "none" are accepted or made: they carry no signature, so anyone can forge one: algorithms: [\'none\']',
        },
      ],
    },
    {
      name: 'a hardcoded token in application code, masked',
      contract,
      change: { 'src/client.ts': `export const SERVICE_TOKEN = "${token}";\n` },
      errors: [
        {
          code: CODE,
          file: 'src/client.ts',
          line: 1,
          column: 30,
          endLine: 1,
          endColumn: 32 + token.length,
          data: { variant: 'literal', match: `"eyJ… (${token.length} chars)"` },
        },
      ],
    },
  ],
});
