import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { describeTarget, importGraph, importGraphFacts } from '../../facts/imports/graph.js';
import {
  checkGlobs,
  globMatches,
  GlobsSchema,
  importLocation,
  packageMatcher,
  packageRefOf,
  PackagesSchema,
  targetMatches,
} from './_match.js';

const LayerSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, dashes and underscores')
      .describe('The layer’s name, used in `allow` lists'),
    paths: GlobsSchema.describe(
      'Files of this layer; a file belongs to the first layer it matches',
    ),
    allow: z
      .array(z.string())
      .default([])
      .describe('Layers this layer may import (it may always import itself)'),
    allowPackages: PackagesSchema.optional().describe(
      'When set, the only external or built-in packages this layer may import (globs allowed)',
    ),
    description: z.string().optional(),
  })
  .strict();

const OptionsSchema = z
  .object({
    layers: z.array(LayerSchema).default([]).describe('The layers, each with what it may import'),
    unlayered: z
      .enum(['allow', 'deny'])
      .default('allow')
      .describe('Whether a layer may import repository files that belong to no layer'),
    allowTypeOnly: z
      .boolean()
      .default(false)
      .describe('Type-only imports (erased at run time) do not count'),
  })
  .strict()
  .superRefine((options, ctx) => {
    const names = new Set<string>();
    options.layers.forEach((layer, index) => {
      if (names.has(layer.name))
        ctx.addIssue({
          code: 'custom',
          path: ['layers', index, 'name'],
          message: `duplicate layer "${layer.name}"`,
        });
      names.add(layer.name);
      checkGlobs(layer.paths, ctx, ['layers', index, 'paths']);
    });
    options.layers.forEach((layer, index) => {
      layer.allow.forEach((name, allowIndex) => {
        if (!names.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['layers', index, 'allow', allowIndex],
            message: `unknown layer "${name}"`,
          });
      });
    });
  });

export const rule = defineRule({
  meta: {
    code: 'boundaries/allowed-only',
    description: 'A layer imports a layer (or package) it is not allowed to depend on.',
    rationale:
      'Layered architectures are allow-lists: the domain imports nothing but itself, the application imports the domain, infrastructure imports both. Declaring the layers in the contract and what each may import turns the diagram into a gate; anything not listed is a finding, so a new dependency direction needs a human to allow it.',
    remediation:
      'Depend on a layer this one may import instead (move the code, or invert the dependency with an interface owned by this layer). If the architecture changed, a human updates the layers in the contract.',
    defaultSeverity: 'error',
    options: OptionsSchema,
    // Nothing configured, nothing to read: an unconfigured rule costs no import graph.
    factsFor: (options) => (options.layers.length > 0 ? importGraphFacts : []),
  },
  check(context) {
    const { layers, unlayered, allowTypeOnly } = context.options;
    if (layers.length === 0) return;
    const layerOf = (file: string): (typeof layers)[number] | undefined =>
      layers.find((layer) => layer.paths.some((glob) => globMatches(glob, file)));
    const packageRules = new Map(
      layers
        .filter((layer) => layer.allowPackages)
        .map((layer) => [layer.name, packageMatcher(layer.allowPackages ?? [])]),
    );
    const graph = importGraph(context);
    for (const [file, edges] of graph.byFile) {
      const layer = layerOf(file);
      if (!layer) continue;
      const allowed = new Set([layer.name, ...layer.allow]);
      for (const edge of edges) {
        if (allowTypeOnly && edge.record.typeOnly) continue;
        const target = edge.target;
        if (target.kind === 'file') {
          let targetLayer: (typeof layers)[number] | undefined;
          for (const candidate of layers) {
            if (targetMatches(target, (f) => candidate.paths.some((g) => globMatches(g, f)))) {
              targetLayer = candidate;
              break;
            }
          }
          if (targetLayer && allowed.has(targetLayer.name)) continue;
          if (!targetLayer && unlayered === 'allow') continue;
          const toLayer = targetLayer?.name ?? '(no layer)';
          context.report({
            message: `${file} (layer ${layer.name}) imports ${target.path} (${targetLayer ? `layer ${toLayer}` : 'in no layer'}); ${layer.name} may import only ${[...allowed].join(', ')}`,
            data: {
              from: file,
              to: target.path,
              specifier: edge.record.specifier,
              fromLayer: layer.name,
              toLayer,
              allowed: [...allowed].join(','),
            },
            location: importLocation(edge),
          });
          continue;
        }
        const matcher = packageRules.get(layer.name);
        const ref = packageRefOf(edge);
        if (!matcher || !ref || matcher(ref)) continue;
        context.report({
          message: `${file} (layer ${layer.name}) imports the package ${describeTarget(target)}, which is not in the layer’s allowPackages`,
          data: {
            from: file,
            to: describeTarget(target),
            specifier: edge.record.specifier,
            fromLayer: layer.name,
            toLayer: '(package)',
            allowed: (layer.allowPackages ?? []).join(','),
          },
          location: importLocation(edge),
        });
      }
    }
  },
});
