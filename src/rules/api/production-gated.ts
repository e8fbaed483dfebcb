import { z } from 'zod';
import type { LoadedContract } from '../../contract/load.js';
import { defineRule } from '../../engine/rule.js';
import { routeFacts } from '../../facts/routes/index.js';
import { globMatcher, loadRoutes, middlewareNamed } from './_api.js';

const OptionsSchema = z
  .object({
    checks: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Names that count as the mode check when the handler (or its route) uses them: guard functions, middleware, decorators, constants (e.g. requireNonProduction, settings.debug_enabled)',
      ),
    variable: z
      .string()
      .min(1)
      .optional()
      .describe('The variable to check (default: environments.variable)'),
  })
  .strict();

function gatedPaths(contract: LoadedContract): string[] {
  return contract.data.environments?.productionGated ?? [];
}

export const rule = defineRule({
  meta: {
    code: 'api/production-gated',
    description: 'A production-gated route’s handler never checks the mode variable.',
    rationale:
      'Debug and inspection endpoints are allowed in local, test and preprod, never in production. The contract lists their URL globs under `environments.productionGated`; each such route must check the mode (`environments.variable`, e.g. AOS_MODE) before doing anything: in its handler, in a module-level flag the handler reads, in a condition around its registration, or through a guard the rule’s `checks` option names. Charter finds the routes in code and reports those without such a check.',
    remediation:
      'Make the handler return 404 unless the mode allows it, e.g. `if (process.env.AOS_MODE === "prod") return res.sendStatus(404)`, or register the route only inside `if (mode !== "prod")`; or wire the guard named in the rule’s `checks` option.',
    defaultSeverity: 'error',
    options: OptionsSchema,
    factsForContract: (_options, contract) =>
      gatedPaths(contract).length > 0 ? [...routeFacts] : [],
  },
  check(context) {
    const globs = gatedPaths(context.contract);
    const variable = context.options.variable ?? context.contract.data.environments?.variable;
    if (globs.length === 0 || !variable) return;
    const gated = globMatcher(globs);
    const checks = context.options.checks;
    const named = (refs: readonly string[]): boolean =>
      refs.some((ref) =>
        checks.some(
          (check) => ref === check || ref.endsWith(`.${check}`) || ref.startsWith(`${check}.`),
        ),
      );
    for (const route of loadRoutes(context).routes) {
      const shape = route.shapes.find((s) => gated(s.template));
      if (!shape) continue;
      const checked =
        route.handler.env.includes(variable) ||
        route.guard.env.includes(variable) ||
        named(route.handler.refs) ||
        named(route.guard.refs) ||
        route.middleware.some((m) => checks.some((c) => middlewareNamed(m, c)));
      if (checked) continue;
      const method = route.methods.join(',');
      context.report({
        message: `${method === '*' ? 'ANY' : method} ${shape.template} is production-gated, but its handler never checks ${variable}`,
        data: { method, path: shape.template, variable },
        location: { file: route.file, ...route.loc },
      });
    }
  },
});
