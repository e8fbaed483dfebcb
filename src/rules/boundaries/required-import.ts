import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { importGraph, importGraphFacts } from '../../facts/imports/graph.js';
import {
  checkGlobs,
  globMatches,
  GlobsSchema,
  packageMatcher,
  packageRefOf,
  PackagesSchema,
  targetMatches,
} from './_match.js';

const RequirementSchema = z
  .object({
    name: z.string().min(1).optional().describe('A short name, shown in findings'),
    files: GlobsSchema.describe('Files that must have the import'),
    ignores: GlobsSchema.optional().describe('Files among them that need not'),
    to: GlobsSchema.optional().describe('Repository files, one of which must be imported'),
    toPackage: PackagesSchema.optional().describe('Packages, one of which must be imported'),
    names: z
      .array(z.string().min(1))
      .optional()
      .describe('Names that must be imported from it (a namespace import covers all)'),
    because: z.string().min(1).describe('Why: shown in every finding'),
  })
  .strict();

const OptionsSchema = z
  .object({
    required: z.array(RequirementSchema).default([]).describe('Imports files must have'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.required.forEach((entry, index) => {
      if (!entry.to && !entry.toPackage)
        ctx.addIssue({
          code: 'custom',
          path: ['required', index],
          message: 'say what must be imported: to or toPackage',
        });
      for (const key of ['files', 'ignores', 'to'] as const)
        checkGlobs(entry[key], ctx, ['required', index, key]);
    });
  });

export const rule = defineRule({
  meta: {
    code: 'boundaries/required-import',
    description: 'A file the contract says must import a module does not.',
    rationale:
      'Some guarantees are an import away: every route module uses the auth middleware, every handler goes through the audit logger, every job registers with the workflow engine. A file that should have the import and does not is reported at its first line. Type-only imports do not count: they do nothing at run time.',
    remediation:
      'Import the required module (and the names the message lists) and use it, as the contract explains. If this file is an exception, a human adds it to `ignores` or a waiver.',
    defaultSeverity: 'error',
    options: OptionsSchema,
    // Nothing configured, nothing to read: an unconfigured rule costs no import graph.
    factsFor: (options) => (options.required.length > 0 ? importGraphFacts : []),
  },
  check(context) {
    const { required } = context.options;
    if (required.length === 0) return;
    const graph = importGraph(context);
    for (const entry of required) {
      const packages = entry.toPackage ? packageMatcher(entry.toPackage) : undefined;
      const wanted = [...(entry.to ?? []), ...(entry.toPackage ?? [])].join(', ');
      const label = entry.name ?? wanted;
      for (const [file, edges] of graph.byFile) {
        if (!entry.files.some((g) => globMatches(g, file))) continue;
        if (entry.ignores?.some((g) => globMatches(g, file))) continue;
        const matching = edges.filter((edge) => {
          if (edge.record.typeOnly) return false;
          if (
            entry.to &&
            targetMatches(edge.target, (f) => entry.to?.some((g) => globMatches(g, f)) ?? false)
          )
            return true;
          const ref = packageRefOf(edge);
          return packages !== undefined && ref !== undefined && packages(ref) !== undefined;
        });
        const imported = new Set(matching.flatMap((edge) => edge.record.names));
        const missingNames =
          matching.length === 0
            ? (entry.names ?? [])
            : imported.has('*')
              ? []
              : (entry.names ?? []).filter((name) => !imported.has(name));
        if (matching.length > 0 && missingNames.length === 0) continue;
        const what = missingNames.length ? `${wanted} (${missingNames.join(', ')})` : wanted;
        context.report({
          message: `${file} does not import ${what}: ${entry.because}`,
          data: {
            file,
            required: label,
            missing: missingNames.join(','),
            because: entry.because,
          },
          location: { file, line: 1, column: 1 },
        });
      }
    }
  },
});
