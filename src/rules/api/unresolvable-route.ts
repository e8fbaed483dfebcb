import { defineRule } from '../../engine/rule.js';
import type { LoadedContract } from '../../contract/load.js';
import { routeFacts } from '../../facts/routes/index.js';
import { governance, loadRoutes, loadSpecs, openapiSources, specExtractor } from './_api.js';

/** Routes matter when a spec governs code, when planes name middleware, or when routes are production-gated. */
function routesMatter(contract: LoadedContract): { everywhere: boolean; any: boolean } {
  const planes = Object.values(contract.data.planes ?? {}).some(
    (p) => (p.middleware ?? []).length > 0,
  );
  const gated = (contract.data.environments?.productionGated ?? []).length > 0;
  const everywhere = planes || gated;
  return { everywhere, any: everywhere || openapiSources(contract).length > 0 };
}

export const rule = defineRule({
  meta: {
    code: 'api/unresolvable-route',
    description: 'A route whose method or path cannot be known without running the code.',
    rationale:
      'A path built from a variable, a prefix computed at runtime, a router mounted under a non-literal path or never mounted where Charter can see it: such a route cannot be compared with the spec, the auth planes or the production-gated paths. Charter never guesses that it is fine; it reports it, and a human decides (a waiver with a reason) or the code is made explicit.',
    remediation:
      'Write the path (or the prefix) as a string literal or a module-level string constant, mount the router where it is created or imported, or give the method literally. If the route really must be dynamic, ask a human for a waiver of api/unresolvable-route on this file.',
    defaultSeverity: 'error',
    factsForContract: (_options, contract) => {
      if (!routesMatter(contract).any) return [];
      const spec = specExtractor(contract);
      return spec ? [spec, ...routeFacts] : [...routeFacts];
    },
  },
  check(context) {
    const scope = routesMatter(context.contract);
    if (!scope.any) return;
    const governed = governance(context.contract, loadSpecs(context));
    for (const entry of loadRoutes(context).unresolved) {
      if (!scope.everywhere && governed.specsOf(entry.file).length === 0) continue;
      const what =
        entry.kind === 'path'
          ? `the path of this route cannot be known statically: ${entry.reason}`
          : entry.kind === 'method'
            ? `the method of this route cannot be known statically: ${entry.reason}`
            : entry.kind === 'prefix'
              ? `${entry.routes} route${entry.routes === 1 ? '' : 's'} below cannot be checked: ${entry.reason}`
              : `${entry.routes} route${entry.routes === 1 ? '' : 's'} cannot be checked: ${entry.reason}`;
      context.report({
        message: what,
        data: { kind: entry.kind, expression: entry.expression, routes: entry.routes },
        location: { file: entry.file, ...entry.loc },
      });
    }
  },
});
