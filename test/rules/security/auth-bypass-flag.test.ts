import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/auth-bypass-flag';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'the rule is off unless the contract turns it on',
      contract: 'version: 1\n',
      files: { 'src/auth.ts': 'export const skip = process.env.SKIP_AUTH === "1";\n' },
    },
    {
      name: 'auth configuration that is not a bypass',
      contract,
      files: {
        'src/config.ts':
          'export const authUrl = process.env.AUTH_URL;\nexport const opts = { authEnabled: true, requireAuth: true };\n',
        'app/config.py': 'AUTH_SECRET = os.getenv("AUTH_SECRET")\nAUTH_REQUIRED = True\n',
        'cmd/main.go': 'package main\nfunc main() { url := os.Getenv("AUTH_URL"); _ = url }\n',
        'src/cache.ts':
          'export function cache(req, res, next) {\n  if (process.env.NODE_ENV !== "production") return next();\n  res.set("Cache-Control", "max-age=60");\n}\n',
      },
    },
    {
      name: 'files the contract ignores',
      contract: enable(CODE, "ignore: ['scripts/**']"),
      files: { 'scripts/dev.ts': 'const skip = process.env.SKIP_AUTH;\n' },
    },
  ],
  invalid: [
    {
      name: 'bypass flags read from the environment in three languages',
      contract,
      files: {
        'src/auth.ts': 'export const skip = process.env.SKIP_AUTH === "1";\n',
        'app/auth.py': 'import os\nDISABLE = os.environ.get("AUTH_DISABLED", "0")\n',
        'internal/auth.go':
          'package auth\nfunc enabled() bool { return os.Getenv("NO_AUTH") == "" }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/auth.py',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 47,
          data: {
            variant: 'env',
            flag: 'AUTH_DISABLED',
            match: 'os.environ.get("AUTH_DISABLED", "0")',
          },
          message: 'auth bypass flag AUTH_DISABLED is read from the environment',
        },
        {
          code: CODE,
          file: 'internal/auth.go',
          line: 2,
          column: 30,
          endLine: 2,
          endColumn: 50,
          data: { variant: 'env', flag: 'NO_AUTH', match: 'os.Getenv("NO_AUTH")' },
          message: 'auth bypass flag NO_AUTH is read from the environment',
        },
        {
          code: CODE,
          file: 'src/auth.ts',
          line: 1,
          column: 21,
          endLine: 1,
          endColumn: 42,
          data: { variant: 'env', flag: 'SKIP_AUTH', match: 'process.env.SKIP_AUTH' },
          message: 'auth bypass flag SKIP_AUTH is read from the environment',
        },
      ],
    },
    {
      name: 'flags switched on in code and options',
      contract,
      files: {
        'src/server.ts': 'const skipAuth = true;\nconst app = createApp({ bypassAuth: true });\n',
        'app/settings.py': 'DISABLE_AUTH = True\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/settings.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 20,
          data: { variant: 'const', flag: 'DISABLE_AUTH', match: 'DISABLE_AUTH = True' },
        },
        {
          code: CODE,
          file: 'src/server.ts',
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 22,
          data: { variant: 'const', flag: 'skipAuth', match: 'skipAuth = true' },
        },
        {
          code: CODE,
          file: 'src/server.ts',
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 41,
          data: { variant: 'option', flag: 'bypassAuth', match: 'bypassAuth: true' },
        },
      ],
    },
    {
      name: 'auth middleware that steps aside when an environment check passes',
      contract,
      mode: 'staged',
      change: {
        'src/middleware/auth.ts': `export function requireAuth(req, res, next) {
  if (process.env.NODE_ENV === 'development') {
    return next();
  }
  const token = req.headers.authorization;
  verify(token);
  next();
}
`,
        'app/deps.py': `def get_current_user(token: str = Depends(oauth2)):
    if settings.DEBUG:
        return None
    return decode(token)
`,
        'internal/mw.go': `package mw
func Auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if os.Getenv("APP_ENV") == "dev" {
			next.ServeHTTP(w, r)
			return
		}
	})
}
`,
      },
      errors: [
        {
          code: CODE,
          file: 'app/deps.py',
          line: 2,
          column: 5,
          endLine: 3,
          endColumn: 20,
          data: { variant: 'env-skip', match: 'if settings.DEBUG:' },
          message: 'auth is skipped when an environment condition holds: if settings.DEBUG:',
        },
        {
          code: CODE,
          file: 'internal/mw.go',
          line: 4,
          column: 3,
          endLine: 7,
          endColumn: 4,
          data: { variant: 'env-skip', match: 'if os.Getenv("APP_ENV") == "dev" {' },
          message:
            'auth is skipped when an environment condition holds: if os.Getenv("APP_ENV") == "dev" {',
        },
        {
          code: CODE,
          file: 'src/middleware/auth.ts',
          line: 2,
          column: 3,
          endLine: 4,
          endColumn: 4,
          data: { variant: 'env-skip', match: "if (process.env.NODE_ENV === 'development') {" },
          message:
            "auth is skipped when an environment condition holds: if (process.env.NODE_ENV === 'development') {",
        },
      ],
    },
  ],
});
