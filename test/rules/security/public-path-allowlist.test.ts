import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/public-path-allowlist';
const contract = enable(CODE);
const planes = `planes:
  human: { paths: ['/api/v1/accounts/**'], auth: [bearer] }
  machine: { paths: ['/api/v1/runs/**'], auth: [apiKey] }
  open: { paths: ['/api/v1/status/**'], auth: [none] }
`;
const withPlanes = enable(CODE, undefined, planes);

ruleTester(CODE, {
  valid: [
    {
      name: 'well-known public endpoints',
      contract,
      files: {
        'src/auth.ts':
          "export const PUBLIC_PATHS = ['/health', '/login', '/docs', '/static/app.js', '/api/auth/callback'];\n",
        'app/auth.py': 'PUBLIC_ROUTES = ("/healthz", "/openapi.json")\n',
      },
    },
    {
      name: 'entries outside the protected planes, or in a plane without auth',
      contract: withPlanes,
      files: {
        'middleware.ts':
          "const isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/api/v1/status/(.*)', '/pricing']);\n",
      },
    },
    {
      name: 'lists that are not about auth, and strings that are not paths',
      contract,
      files: {
        'src/x.ts': "const ROUTES = ['/api/v1/runs'];\nconst PUBLIC_PATHS = ['health', 'api'];\n",
      },
    },
    {
      name: 'paths the contract allows',
      contract: enable(CODE, "allow: ['/api/v1/catalog/**']"),
      files: { 'src/auth.ts': "export const publicPaths = ['/api/v1/catalog/items'];\n" },
    },
  ],
  invalid: [
    {
      name: 'a protected API in a public list (no planes in the contract)',
      contract,
      files: {
        'src/auth.ts': "export const PUBLIC_PATHS = ['/health', '/api/v1/runs'];\n",
        'app/auth.py': 'AUTH_WHITELIST = ["/health", "/api/v1/admin"]\n',
        'internal/auth.go': 'package auth\nvar publicPaths = []string{"/metrics/internal"}\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/auth.py',
          line: 1,
          column: 30,
          endLine: 1,
          endColumn: 45,
          data: { list: 'AUTH_WHITELIST', path: '/api/v1/admin' },
          message:
            '"/api/v1/admin" is exempted from auth by AUTH_WHITELIST, but it is not a well-known public endpoint',
        },
        {
          code: CODE,
          file: 'internal/auth.go',
          line: 2,
          column: 28,
          endLine: 2,
          endColumn: 47,
          data: { list: 'publicPaths', path: '/metrics/internal' },
          message:
            '"/metrics/internal" is exempted from auth by publicPaths, but it is not a well-known public endpoint',
        },
        {
          code: CODE,
          file: 'src/auth.ts',
          line: 1,
          column: 41,
          endLine: 1,
          endColumn: 55,
          data: { list: 'PUBLIC_PATHS', path: '/api/v1/runs' },
          message:
            '"/api/v1/runs" is exempted from auth by PUBLIC_PATHS, but it is not a well-known public endpoint',
        },
      ],
    },
    {
      name: 'routes of auth planes made public in Clerk and Next.js middleware',
      contract: withPlanes,
      mode: 'range',
      change: {
        'middleware.ts': `export default authMiddleware({
  publicRoutes: ['/', '/api/v1/accounts(.*)'],
});
const isPublicRoute = createRouteMatcher(['/api/v1/runs/:id']);
`,
      },
      errors: [
        {
          code: CODE,
          file: 'middleware.ts',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 45,
          data: { list: 'publicRoutes', path: '/api/v1/accounts(.*)', plane: 'human' },
          message:
            '"/api/v1/accounts(.*)" is exempted from auth by publicRoutes, but it is under plane "human" (auth: bearer)',
        },
        {
          code: CODE,
          file: 'middleware.ts',
          line: 4,
          column: 43,
          endLine: 4,
          endColumn: 61,
          data: { list: 'isPublicRoute', path: '/api/v1/runs/:id', plane: 'machine' },
          message:
            '"/api/v1/runs/:id" is exempted from auth by isPublicRoute, but it is under plane "machine" (auth: apiKey)',
        },
      ],
    },
  ],
});
