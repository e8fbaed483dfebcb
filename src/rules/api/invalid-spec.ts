import { defineRule } from '../../engine/rule.js';
import { loadSpecs, openapiSourceIds, specFacts } from './_api.js';

export const rule = defineRule({
  meta: {
    code: 'api/invalid-spec',
    description:
      'An OpenAPI source cannot be read in full: invalid YAML/JSON, invalid OpenAPI, or a $ref Charter will not follow.',
    rationale:
      'Every api rule compares code with the spec; a spec that does not parse, fails validation (Swagger 2.0, OpenAPI 3.0 and 3.1, with @readme/openapi-parser), or points to a remote or missing $ref cannot be trusted as the source of truth. Remote references are never fetched: the check must not depend on the network. Problems that hide part of the spec (syntax, remote or missing $refs) mark the run as incomplete.',
    remediation:
      'Fix the spec at the reported location: valid YAML/JSON, valid OpenAPI, and local $refs only (copy a remote schema into the repository and point the $ref at the copy).',
    defaultSeverity: 'error',
    sourcesOfTruth: openapiSourceIds,
    factsForContract: (_options, contract) => specFacts(contract),
  },
  check(context) {
    for (const spec of loadSpecs(context)) {
      for (const problem of spec.problems) {
        const { file, line, column, endLine, endColumn } = problem.location;
        // A span that covers nothing (the start of a file) lets the report take the whole line.
        const location =
          endLine === line && endColumn <= column ? { file, line, column } : problem.location;
        context.report({
          message: problem.message,
          data: { source: spec.source, problem: problem.kind, ...(problem.data ?? {}) },
          location,
          ...(problem.incomplete ? { incomplete: true } : {}),
        });
      }
    }
  },
});
