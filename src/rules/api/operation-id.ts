import { z } from 'zod';
import { contractRegex } from '../../contract/regex-safety.js';
import { validateRegex } from '../../contract/validators.js';
import { defineRule } from '../../engine/rule.js';
import type { SpecOperation } from '../../facts/openapi/assemble.js';
import { loadSpecs, loadSpecsBefore, openapiSourceIds, specFacts } from './_api.js';

const OptionsSchema = z
  .object({
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('A regular expression every operationId must match (e.g. ^[a-z][A-Za-z0-9]*$)'),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (options.pattern === undefined) return;
    const error = validateRegex(options.pattern, 'u');
    if (error) ctx.addIssue({ code: 'custom', path: ['pattern'], message: error });
  });

const key = (operation: SpecOperation): string => `${operation.method} ${operation.path}`;

export const rule = defineRule({
  meta: {
    code: 'api/operation-id',
    description:
      'An operation has no operationId, shares one with another operation, or the change renamed it.',
    rationale:
      'Generated clients and SDKs name their methods after operationIds, and docs link to them. A missing operationId yields an invented name, a duplicate breaks generation, and a renamed one breaks every caller of the generated client. Operating contracts ask for stable operationIds: when a change is checked (a --base range, staged changes, an agent’s edit), an operationId that differs from the one the same method and path had before is reported.',
    remediation:
      'Give every operation a unique operationId and keep it once published. To rename one on purpose, do it in a change a human reviews (with a waiver of api/operation-id for that change).',
    defaultSeverity: 'warn',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => specFacts(contract),
    factsBeforeForContract: (_options, contract) => specFacts(contract),
  },
  check(context) {
    const specs = loadSpecs(context);
    const pattern =
      context.options.pattern !== undefined
        ? contractRegex(context.options.pattern, 'u')
        : undefined;
    const before = loadSpecsBefore(context);
    for (const spec of specs) {
      if (!spec.readable) continue;
      const first = new Map<string, SpecOperation>();
      for (const operation of spec.operations) {
        const label = `${operation.method.toUpperCase()} ${operation.path}`;
        if (!operation.operationId) {
          context.report({
            message: `${label} has no operationId`,
            data: {
              method: operation.method.toUpperCase(),
              path: operation.path,
              problem: 'missing',
            },
            location: operation.location,
          });
          continue;
        }
        const at = operation.operationIdLocation ?? operation.location;
        const earlier = first.get(operation.operationId);
        if (earlier) {
          context.report({
            message: `operationId "${operation.operationId}" of ${label} is already used by ${earlier.method.toUpperCase()} ${earlier.path} (${earlier.location.file}:${earlier.location.line})`,
            data: {
              method: operation.method.toUpperCase(),
              path: operation.path,
              operationId: operation.operationId,
              problem: 'duplicate',
              firstFile: earlier.location.file,
              firstLine: earlier.location.line,
            },
            location: at,
          });
        } else first.set(operation.operationId, operation);
        if (pattern && !pattern.test(operation.operationId)) {
          context.report({
            message: `operationId "${operation.operationId}" of ${label} does not match ${pattern.source}`,
            data: {
              method: operation.method.toUpperCase(),
              path: operation.path,
              operationId: operation.operationId,
              problem: 'pattern',
            },
            location: at,
          });
        }
      }
      const previous = before?.find((b) => b.source === spec.source);
      if (!previous?.readable) continue;
      const was = new Map(previous.operations.map((o) => [key(o), o]));
      for (const operation of spec.operations) {
        const old = was.get(key(operation));
        if (
          !old?.operationId ||
          !operation.operationId ||
          old.operationId === operation.operationId
        )
          continue;
        context.report({
          message: `the change renames the operationId of ${operation.method.toUpperCase()} ${operation.path} from "${old.operationId}" to "${operation.operationId}"`,
          data: {
            method: operation.method.toUpperCase(),
            path: operation.path,
            operationId: operation.operationId,
            before: old.operationId,
            problem: 'changed',
          },
          location: operation.operationIdLocation ?? operation.location,
        });
      }
    }
  },
});
