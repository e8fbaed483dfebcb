import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  globMatcher,
  governance,
  loadRoutes,
  loadSpecs,
  openapiSourceIds,
  operationsAt,
  specAndRouteFacts,
  specList,
} from './_api.js';

const OptionsSchema = z
  .object({
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe('URL path globs that are not API endpoints (e.g. /health, /metrics, /static/**)'),
    ignoreMethods: z
      .array(z.string().min(1))
      .default([])
      .describe('Methods never reported (e.g. OPTIONS for CORS preflight handlers)'),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'api/undocumented-route',
    description: 'A route in the code is not an operation of the OpenAPI spec that governs it.',
    rationale:
      'The OpenAPI spec is the source of truth for the API. A route that is not in it is an endpoint nobody agreed to: clients generated from the spec cannot call it, reviewers of the spec never saw it, and it escapes the auth and idempotency rules written for the spec. Routes are found in Express, Fastify, Hono, Koa, NestJS, Next.js, FastAPI, Flask and Go (net/http, chi, gin, echo, gorilla/mux) code, with prefixes and mounts followed across files.',
    remediation:
      'Add the operation to the spec first (in a change a human reviews), then implement it; or remove the route. A path that is not an API endpoint (health checks, static files) goes in the rule’s `ignore` option.',
    defaultSeverity: 'error',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => specAndRouteFacts(contract),
  },
  check(context) {
    const specs = loadSpecs(context);
    if (specs.length === 0) return;
    const governed = governance(context.contract, specs);
    const ignored = globMatcher(context.options.ignore);
    const ignoredMethods = new Set(context.options.ignoreMethods.map((m) => m.toUpperCase()));
    for (const route of loadRoutes(context).routes) {
      const owners = governed.specsOf(route.file);
      // An unreadable spec is reported by api/invalid-spec; comparing with it would only add noise.
      if (owners.length === 0 || owners.every((s) => !s.readable)) continue;
      if (route.methods.every((m) => ignoredMethods.has(m))) continue;
      for (const shape of route.shapes) {
        if (ignored(shape.template)) continue;
        if (operationsAt(shape, owners).length > 0) continue;
        const method = route.methods.join(',');
        context.report({
          message: `${method === '*' ? 'ANY' : method} ${shape.template} is not in ${specList(owners)}`,
          data: {
            method,
            path: shape.template,
            framework: route.framework,
            spec: owners.map((s) => s.source).join(','),
          },
          location: { file: route.file, ...route.loc },
        });
        break;
      }
    }
  },
});
