import { defineRule } from '../../engine/rule.js';
import {
  governance,
  loadRoutes,
  loadSpecs,
  methodMatches,
  openapiSourceIds,
  operationsAt,
  specAndRouteFacts,
  specList,
} from './_api.js';

export const rule = defineRule({
  meta: {
    code: 'api/method-mismatch',
    description: 'A route’s path is in the spec, but only with other HTTP methods.',
    rationale:
      'A handler for a method the spec does not list at that path is an undocumented operation on a documented resource: a DELETE where the spec only allows GET, a POST added next to a PUT. It is reported apart from api/undocumented-route because the fix is usually a wrong method, not a missing path.',
    remediation:
      'Use the method the spec defines for this path, or add the operation with this method to the spec first (in a change a human reviews).',
    defaultSeverity: 'error',
    sourcesOfTruth: openapiSourceIds,
    factsForContract: (_options, contract) => specAndRouteFacts(contract),
  },
  check(context) {
    const specs = loadSpecs(context);
    if (specs.length === 0) return;
    const governed = governance(context.contract, specs);
    for (const route of loadRoutes(context).routes) {
      const owners = governed.specsOf(route.file);
      if (owners.length === 0 || owners.every((s) => !s.readable)) continue;
      for (const shape of route.shapes) {
        const operations = operationsAt(shape, owners);
        if (operations.length === 0) continue;
        if (operations.some((operation) => methodMatches(route, operation))) continue;
        const allowed = [...new Set(operations.map((o) => o.method.toUpperCase()))].sort();
        const method = route.methods.join(',');
        context.report({
          message: `${method} ${shape.template} is not in ${specList(owners)}, which has ${allowed.join(', ')} there`,
          data: {
            method,
            path: shape.template,
            specMethods: allowed.join(','),
            spec: owners.map((s) => s.source).join(','),
          },
          location: { file: route.file, ...route.loc },
        });
        break;
      }
    }
  },
});
