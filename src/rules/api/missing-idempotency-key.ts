import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { globMatcher, loadSpecs, openapiSourceIds, operationLabel, specFacts } from './_api.js';

const OptionsSchema = z
  .object({
    methods: z
      .array(z.enum(['post', 'put', 'patch', 'delete']))
      .default(['post', 'patch'])
      .describe('Mutation methods that must accept the header (default: post, patch)'),
    header: z.string().min(1).default('Idempotency-Key').describe('The header parameter name'),
    required: z
      .boolean()
      .default(false)
      .describe('The header parameter must also be `required: true`'),
    paths: z
      .array(z.string().min(1))
      .default([])
      .describe('Only operations under these URL path globs (default: every operation)'),
    ignore: z.array(z.string().min(1)).default([]).describe('URL path globs not checked'),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'api/missing-idempotency-key',
    description: 'A mutation operation of the spec does not accept the idempotency key header.',
    rationale:
      'Clients retry: after a timeout they cannot tell whether a POST took effect. An idempotency key lets the server answer the retry with the first result instead of charging twice or starting a second run. Operating contracts require it on every mutation endpoint; Charter checks that each mutation operation in the spec declares the header parameter (path-level parameters and $refs included).',
    remediation:
      'Add the header parameter to the operation in the spec (usually a $ref to one shared parameter), e.g. `- { name: Idempotency-Key, in: header, required: true, schema: { type: string } }`, and honour it in the handler.',
    defaultSeverity: 'off',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => specFacts(contract),
  },
  check(context) {
    const { methods, header, required, paths, ignore } = context.options;
    const wanted = header.toLowerCase();
    const included = paths.length > 0 ? globMatcher(paths) : () => true;
    const ignored = globMatcher(ignore);
    for (const spec of loadSpecs(context)) {
      for (const operation of spec.operations) {
        if (!(methods as string[]).includes(operation.method)) continue;
        if (!included(operation.fullPath) || ignored(operation.fullPath)) continue;
        const parameter = operation.parameters.find(
          (p) => p.in === 'header' && p.name.toLowerCase() === wanted,
        );
        if (parameter && (!required || parameter.required)) continue;
        context.report({
          message: parameter
            ? `${operationLabel(operation)} declares the ${header} header but not as required`
            : `${operationLabel(operation)} does not accept the ${header} header`,
          data: {
            method: operation.method.toUpperCase(),
            path: operation.fullPath,
            header,
            ...(operation.operationId ? { operationId: operation.operationId } : {}),
            declared: parameter !== undefined,
          },
          location: parameter ? parameter.location : operation.location,
        });
      }
    }
  },
});
