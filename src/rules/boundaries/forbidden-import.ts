import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { describeTarget, importGraph, importGraphFacts } from '../../facts/imports/graph.js';
import {
  captureGlob,
  captureNames,
  checkGlobs,
  GlobsSchema,
  globMatches,
  importLocation,
  packageMatcher,
  packageRefOf,
  PackagesSchema,
  substitute,
  targetMatches,
} from './_match.js';

const ForbiddenSchema = z
  .object({
    name: z.string().min(1).optional().describe('A short name for the boundary, shown in findings'),
    from: GlobsSchema.optional().describe(
      'Importing files (default: every file); `<name>` captures a path segment, e.g. src/features/<feature>/**',
    ),
    fromNot: GlobsSchema.optional().describe('Importing files this boundary does not apply to'),
    to: GlobsSchema.optional().describe(
      'Imported repository files that are forbidden; may use the captures of `from`',
    ),
    toNot: GlobsSchema.optional().describe(
      'Imported files that stay allowed (with `to`, or alone: every other file is forbidden); may use the captures of `from`',
    ),
    toPackage: PackagesSchema.optional().describe(
      'External or built-in packages that are forbidden (npm, PyPI or Go names; `npm:`/`pypi:`/`go:` prefixes restrict; globs allowed)',
    ),
    because: z.string().min(1).describe('Why: shown in every finding'),
    allowTypeOnly: z
      .boolean()
      .default(false)
      .describe('Type-only imports (erased at run time) do not count'),
  })
  .strict();

const OptionsSchema = z
  .object({
    forbidden: z.array(ForbiddenSchema).default([]).describe('Imports that must not exist'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.forbidden.forEach((entry, index) => {
      const at = ['forbidden', index];
      if (!entry.to && !entry.toNot && !entry.toPackage)
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: 'say what is forbidden: to, toNot or toPackage',
        });
      for (const key of ['from', 'fromNot', 'to', 'toNot'] as const)
        checkGlobs(entry[key], ctx, [...at, key]);
      const captured = new Set((entry.from ?? []).flatMap(captureNames));
      for (const key of ['to', 'toNot'] as const) {
        entry[key]?.forEach((glob, globIndex) => {
          for (const name of captureNames(glob))
            if (!captured.has(name))
              ctx.addIssue({
                code: 'custom',
                path: [...at, key, globIndex],
                message: `<${name}> is not captured by \`from\``,
              });
        });
      }
      for (const key of ['fromNot'] as const)
        entry[key]?.forEach((glob, globIndex) => {
          if (captureNames(glob).length)
            ctx.addIssue({
              code: 'custom',
              path: [...at, key, globIndex],
              message: 'captures belong in `from`',
            });
        });
    });
  });

export const rule = defineRule({
  meta: {
    code: 'boundaries/forbidden-import',
    description: 'A file imports a module or package the contract forbids for it.',
    rationale:
      'Architecture decisions such as "the SDK never imports backend code", "features import each other only through their public entry" or "no HTTP client in the domain layer" are boundaries in the import graph. Every import (ESM, CommonJS, literal dynamic import, re-export, Python and Go imports) is resolved through tsconfig paths, workspace packages, Python package roots and go.mod before it is compared with the boundaries.',
    remediation:
      'Remove the import and reach the functionality through the layer the boundary names (the message says why). If the boundary is wrong, a human changes the contract.',
    defaultSeverity: 'error',
    options: OptionsSchema,
    // Nothing configured, nothing to read: an unconfigured rule costs no import graph.
    factsFor: (options) => (options.forbidden.length > 0 ? importGraphFacts : []),
  },
  check(context) {
    const { forbidden } = context.options;
    if (forbidden.length === 0) return;
    const graph = importGraph(context);
    const compiled = forbidden.map((entry) => ({
      entry,
      from: (entry.from ?? ['**']).map(captureGlob),
      fromNot: entry.fromNot ?? [],
      packages: entry.toPackage ? packageMatcher(entry.toPackage) : undefined,
      label:
        entry.name ??
        `${entry.from ? entry.from.join(', ') : entry.fromNot ? `not ${entry.fromNot.join(', ')}` : '**'} → ${[
          ...(entry.to ?? []),
          ...(entry.toNot ? entry.toNot.map((g) => `not ${g}`) : []),
          ...(entry.toPackage ?? []),
        ].join(', ')}`,
    }));
    for (const [file, edges] of graph.byFile) {
      for (const { entry, from, fromNot, packages, label } of compiled) {
        let captures: Record<string, string> | undefined;
        for (const glob of from) {
          captures = glob.match(file);
          if (captures) break;
        }
        if (!captures || fromNot.some((glob) => globMatches(glob, file))) continue;
        const bound = captures;
        const to = entry.to?.map((g) => substitute(g, bound));
        const toNot = entry.toNot?.map((g) => substitute(g, bound));
        for (const edge of edges) {
          if (entry.allowTypeOnly && edge.record.typeOnly) continue;
          let hit: string | undefined;
          if (edge.target.kind === 'file' && (to || toNot)) {
            const inTo =
              !to || targetMatches(edge.target, (f) => to.some((g) => globMatches(g, f)));
            const inToNot =
              toNot !== undefined &&
              targetMatches(edge.target, (f) => toNot.some((g) => globMatches(g, f)));
            // A file importing itself through a barrel is never across a boundary.
            if (inTo && !inToNot && edge.target.path !== file) hit = edge.target.path;
          } else if (packages) {
            const ref = packageRefOf(edge);
            if (ref && packages(ref)) hit = ref.name;
          }
          if (hit === undefined) continue;
          context.report({
            message: `${file} imports ${describeTarget(edge.target)}${edge.record.specifier !== hit ? ` ("${edge.record.specifier}")` : ''}: forbidden by ${label} — ${entry.because}`,
            data: {
              from: file,
              to: describeTarget(edge.target),
              specifier: edge.record.specifier,
              boundary: label,
              because: entry.because,
            },
            location: importLocation(edge),
          });
        }
      }
    }
  },
});
