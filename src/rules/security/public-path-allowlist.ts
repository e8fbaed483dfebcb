import picomatch from 'picomatch';
import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  securityExtractor,
  unquote,
} from './_pack.js';

/** Names of lists that exempt paths from auth: PUBLIC_PATHS, publicRoutes, AUTH_WHITELIST, isPublicRoute. */
const LIST_NAME =
  /^(?:is_?)?(?:public|unprotected|unauthenticated|unauth|anonymous|anon|open|exempt|excluded|ignored|skip(?:ped)?|bypass(?:ed)?|white_?list(?:ed)?|allow_?list(?:ed)?)_?(?:auth_?)?(?:paths?|routes?|urls?|endpoints?|prefixes|patterns|matcher)$|^(?:is_?)?(?:no|skip|bypass|without)_?auth(?:entication)?(?:_?(?:paths?|routes?|urls?|endpoints?|list))?$|^auth_?(?:exempt|excluded|skip|ignore|ignored|white_?list|allow_?list|bypass)(?:_?(?:paths?|routes?|urls?|endpoints?|list))?$/i;

export const DEFAULT_PUBLIC = [
  '/',
  '/health',
  '/health/**',
  '/healthz',
  '/livez',
  '/readyz',
  '/ready',
  '/status',
  '/ping',
  '/version',
  '/favicon.ico',
  '/robots.txt',
  '/sitemap.xml',
  '/manifest.json',
  '/static/**',
  '/public/**',
  '/assets/**',
  '/_next/**',
  '/docs',
  '/docs/**',
  '/openapi.json',
  '/openapi.yaml',
  '/swagger',
  '/swagger/**',
  '/redoc',
  '/login',
  '/logout',
  '/signin',
  '/sign-in',
  '/sign-in/**',
  '/signup',
  '/sign-up',
  '/sign-up/**',
  '/register',
  '/auth/**',
  '/oauth/**',
  '/callback',
  '/callback/**',
  '/.well-known/**',
  '/api/health',
  '/api/health/**',
  '/api/auth/**',
  '/api/public/**',
  '/api/webhooks/**',
  '/webhooks/**',
  '/forgot-password',
  '/reset-password',
  '/reset-password/**',
  '/verify-email',
  '/verify-email/**',
];

/** `/api/v1/runs(.*)`, `^/api/v1/runs/.*$`, `/api/v1/runs/:id`, `/api/v1/runs/*` → `/api/v1/runs/x`. */
export function normalizeRoute(route: string): string {
  let path = route.trim().replace(/^\^/, '').replace(/\$$/, '');
  path = path
    .replace(/\(\.\*\)|\.\*|\(\.\+\)|\.\+/g, '/x')
    .replace(/:[A-Za-z_]\w*[*+?]?/g, 'x')
    .replace(/\{[^}]*\}/g, 'x')
    .replace(/\[\.{3}[^\]]*\]|\[[^\]]*\]/g, 'x')
    .replace(/\*+/g, 'x')
    .replace(/\/+/g, '/');
  if (path.length > 1) path = path.replace(/\/$/, '');
  return path;
}

const OptionsSchema = z
  .object({
    allow: z
      .array(z.string().regex(/^\//, 'a URL path glob starts with "/"'))
      .default(DEFAULT_PUBLIC)
      .describe(
        'URL path globs that may be public when the contract has no planes (health checks, login, docs, static files)',
      )
      .superRefine((globs, ctx) =>
        globs.forEach((glob, index) => {
          try {
            picomatch.makeRe(glob, { strictBrackets: true });
          } catch (error) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: `invalid glob: ${(error as Error).message}`,
            });
          }
        }),
      ),
    ignore: ignoreOption(),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'security/public-path-allowlist',
    description:
      'A public-path allowlist (PUBLIC_PATHS, publicRoutes, AUTH_WHITELIST, …) exempts a protected route from auth.',
    rationale:
      'Allowlists that exempt paths from auth middleware grow one "temporary" entry at a time until a protected API is open. With `planes` in the contract, every entry under a plane that requires auth is reported; without planes, every entry that is not a well-known public endpoint (health checks, login, docs, static files; the `allow` option) is.',
    remediation:
      'Remove the entry and call the route with the credentials its plane requires. A route that really is public belongs in the contract: move it out of the protected plane’s paths (or add it to this rule’s `allow`), which a human owner approves.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const skip = matcher(context.options.ignore);
    const allowed = picomatch(context.options.allow.length ? context.options.allow : ['!**'], {
      dot: true,
    });
    const planes = Object.entries(context.contract.data.planes ?? {})
      .filter(([, plane]) => !plane.auth.includes('none'))
      .map(([name, plane]) => ({ name, plane, matches: picomatch(plane.paths, { dot: true }) }));
    for (const match of matchesFor(context, 'public-path-allowlist', skip)) {
      const list = unquote(match.captures.NAME ?? '').replace(/^.*\./, '');
      if (!LIST_NAME.test(list)) continue;
      const entry = unquote(match.text);
      if (!/^\^?\//.test(entry)) continue;
      const path = normalizeRoute(entry);
      const candidates = [path, `${path === '/' ? '' : path}/x`];
      let reason: string;
      const plane = planes.find((p) => candidates.some((c) => p.matches(c)));
      if (planes.length > 0) {
        if (!plane) continue;
        reason = `it is under plane "${plane.name}" (auth: ${plane.plane.auth.join(', ')})`;
      } else {
        if (allowed(path)) continue;
        reason = 'it is not a well-known public endpoint';
      }
      context.report({
        message: `"${entry}" is exempted from auth by ${list}, but ${reason}`,
        data: { list, path: entry, ...(plane ? { plane: plane.name } : {}) },
        location: locationOf(match),
      });
    }
  },
});
