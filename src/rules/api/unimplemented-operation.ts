import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { shapeMatches } from '../../facts/routes/path.js';
import type { PathShape } from '../../facts/routes/path.js';
import type { LinkedRoute } from '../../facts/routes/link.js';
import {
  globMatcher,
  governance,
  loadRoutes,
  loadSpecs,
  methodMatches,
  openapiSourceIds,
  operationLabel,
  operationShape,
  shapeKey,
  specAndRouteFacts,
} from './_api.js';

const OptionsSchema = z
  .object({
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe('URL path globs of operations implemented elsewhere (a gateway, another service)'),
    ignoreOperationIds: z
      .array(z.string().min(1))
      .default([])
      .describe('operationIds not to report'),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'api/unimplemented-operation',
    description: 'An operation of the spec has no route in the code the spec governs.',
    rationale:
      'A spec that promises operations the code does not serve misleads every client generated from it. The operation is either not built yet, was removed from the code but not from the spec, or is served by a route Charter could not resolve (reported as api/unresolvable-route).',
    remediation:
      'Implement the operation, or remove it from the spec in a change a human reviews. Operations served by another service go in the rule’s `ignore` option, or narrow the source’s `governs`.',
    defaultSeverity: 'warn',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => specAndRouteFacts(contract),
  },
  check(context) {
    const specs = loadSpecs(context);
    if (specs.length === 0) return;
    const governed = governance(context.contract, specs);
    const ignored = globMatcher(context.options.ignore);
    const ignoredIds = new Set(context.options.ignoreOperationIds);
    const routes = loadRoutes(context).routes;
    for (const spec of specs) {
      if (!spec.readable) continue;
      const mine = routes.filter((route) => governed.governs(spec, route.file));
      // Routes by shape key (see shapeKey); routes with rest parameters are compared one by one.
      const byKey = new Map<string, { route: LinkedRoute; shape: PathShape }[]>();
      const withRest: { route: LinkedRoute; shape: PathShape }[] = [];
      for (const route of mine) {
        for (const shape of route.shapes) {
          const key = shapeKey(shape);
          if (key === undefined) {
            withRest.push({ route, shape });
            continue;
          }
          const list = byKey.get(key);
          if (list) list.push({ route, shape });
          else byKey.set(key, [{ route, shape }]);
        }
      }
      for (const operation of spec.operations) {
        if (ignored(operation.fullPath)) continue;
        if (operation.operationId && ignoredIds.has(operation.operationId)) continue;
        const shape = operationShape(operation);
        if (!shape) continue;
        const exact = byKey.get(shapeKey(shape) ?? '') ?? [];
        const implemented =
          exact.some((c) => methodMatches(c.route, operation)) ||
          withRest.some((c) => methodMatches(c.route, operation) && shapeMatches(c.shape, shape));
        if (implemented) continue;
        context.report({
          message: `${operationLabel(operation)} has no route in the code ${spec.file} governs`,
          data: {
            method: operation.method.toUpperCase(),
            path: operation.fullPath,
            ...(operation.operationId ? { operationId: operation.operationId } : {}),
            spec: spec.source,
          },
          location: operation.location,
        });
      }
    }
  },
});
