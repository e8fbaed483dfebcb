import { z } from 'zod';
import type { LoadedContract } from '../../contract/load.js';
import type { AuthKind, Plane } from '../../contract/schema.js';
import { defineRule } from '../../engine/rule.js';
import { routeFacts } from '../../facts/routes/index.js';
import {
  globMatcher,
  loadRoutes,
  loadSpecs,
  middlewareNamed,
  openapiSourceIds,
  specExtractor,
} from './_api.js';

const OptionsSchema = z
  .object({
    requireMiddleware: z
      .boolean()
      .default(false)
      .describe(
        'Also report a route under a plane that declares middleware when none of that middleware is wired to it',
      ),
  })
  .strict();

interface NamedPlane {
  name: string;
  plane: Plane;
  matches: (path: string) => boolean;
}

function planesOf(contract: LoadedContract): NamedPlane[] {
  return Object.entries(contract.data.planes ?? {}).map(([name, plane]) => ({
    name,
    plane,
    matches: globMatcher(plane.paths),
  }));
}

function codeMatters(contract: LoadedContract): boolean {
  return Object.values(contract.data.planes ?? {}).some((p) => (p.middleware ?? []).length > 0);
}

export const rule = defineRule({
  meta: {
    code: 'api/plane-violation',
    description: 'An endpoint under an auth plane accepts another plane’s credentials, or none.',
    rationale:
      'Auth planes never cross: human endpoints take a user token only, machine endpoints an API key only. A machine key accepted on a human endpoint is a privilege escalation; a user token on a machine endpoint confuses identities. With `planes` in the contract (URL globs → the security scheme kinds allowed), Charter checks every spec operation under a plane (its security requirements, resolved against the security schemes, including the document default and `security: []`) and, where the contract names each plane’s middleware, every route in code under a plane.',
    remediation:
      'Give the operation only the security schemes its plane allows (and a security requirement at all, unless the plane allows `none`); in code, use the plane’s own auth middleware. If the endpoint belongs to another plane, move it under that plane’s paths.',
    defaultSeverity: 'error',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => {
      if (Object.keys(contract.data.planes ?? {}).length === 0) return [];
      const spec = specExtractor(contract);
      return [...(spec ? [spec] : []), ...(codeMatters(contract) ? routeFacts : [])];
    },
  },
  check(context) {
    const planes = planesOf(context.contract);
    if (planes.length === 0) return;
    const ownerOfKind = (kind: AuthKind, except: string): string | undefined =>
      planes.find((p) => p.name !== except && p.plane.auth.includes(kind))?.name;
    for (const spec of loadSpecs(context)) {
      for (const operation of spec.operations) {
        for (const { name, plane, matches } of planes) {
          if (!matches(operation.fullPath)) continue;
          const label = `${operation.method.toUpperCase()} ${operation.fullPath}`;
          const security = operation.security;
          const anonymous =
            security === undefined || security.some((alternative) => alternative.length === 0);
          // Inherited security is fixed per operation: point at the operation, not the shared default.
          const location = operation.securityInherited
            ? operation.location
            : operation.securityLocation;
          if (anonymous && !plane.auth.includes('none')) {
            context.report({
              message: `${label} is under the ${name} plane, which requires ${plane.auth.join(' or ')}, but ${security === undefined ? 'declares no security' : 'accepts requests without credentials'}`,
              data: {
                plane: name,
                method: operation.method.toUpperCase(),
                path: operation.fullPath,
                kind: 'none',
                where: 'spec',
              },
              location,
            });
          }
          const seen = new Set<string>();
          for (const scheme of (security ?? []).flat()) {
            if (!scheme.kind || plane.auth.includes(scheme.kind) || seen.has(scheme.name)) continue;
            seen.add(scheme.name);
            const other = ownerOfKind(scheme.kind, name);
            context.report({
              message: `${label} is under the ${name} plane (${plane.auth.join(', ')}) but accepts ${scheme.name} (${scheme.kind})${other ? `, a credential of the ${other} plane` : ''}`,
              data: {
                plane: name,
                method: operation.method.toUpperCase(),
                path: operation.fullPath,
                kind: scheme.kind,
                scheme: scheme.name,
                ...(other ? { otherPlane: other } : {}),
                where: 'spec',
              },
              location,
            });
          }
        }
      }
    }
    if (!codeMatters(context.contract)) return;
    for (const route of loadRoutes(context).routes) {
      for (const { name, plane, matches } of planes) {
        if (!route.shapes.some((s) => matches(s.template))) continue;
        const own = plane.middleware ?? [];
        const label = `${route.methods.join(',')} ${route.path}`;
        let wired = false;
        for (const middleware of route.middleware) {
          if (own.some((n) => middlewareNamed(middleware, n))) {
            wired = true;
            continue;
          }
          const other = planes.find(
            (p) =>
              p.name !== name &&
              (p.plane.middleware ?? []).some((n) => middlewareNamed(middleware, n)),
          );
          if (!other) continue;
          context.report({
            message: `${label} is under the ${name} plane but is wired with ${middleware.name}, the middleware of the ${other.name} plane`,
            data: {
              plane: name,
              method: route.methods.join(','),
              path: route.path,
              middleware: middleware.name,
              otherPlane: other.name,
              where: 'code',
            },
            location: { file: route.file, ...route.loc },
          });
        }
        if (context.options.requireMiddleware && own.length > 0 && !wired) {
          context.report({
            message: `${label} is under the ${name} plane but none of its middleware (${own.join(', ')}) is wired to it`,
            data: {
              plane: name,
              method: route.methods.join(','),
              path: route.path,
              middleware: '',
              where: 'code',
            },
            location: { file: route.file, ...route.loc },
          });
        }
      }
    }
  },
});
