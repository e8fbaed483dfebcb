import picomatch from 'picomatch';
import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { describeTarget, importGraph, importGraphFacts } from '../../facts/imports/graph.js';
import { goModExtractor } from '../../facts/manifests/go-mod.js';
import { packageJsonExtractor } from '../../facts/manifests/package-json.js';
import { pythonManifestExtractor } from '../../facts/manifests/python.js';
import type { Extractor } from '../../facts/extractor.js';
import type { ManifestFacts } from '../../facts/manifests/types.js';
import {
  checkGlobs,
  globMatches,
  GlobsSchema,
  importLocation,
  packageMatcher,
  packageRefOf,
  PackagesSchema,
} from './_match.js';

const TechnologySchema = z
  .object({
    name: z.string().min(1).describe('The technology, e.g. "Temporal" or "LiteLLM router"'),
    packages: PackagesSchema.optional().describe(
      'Its packages (npm, PyPI, Go; globs allowed): importing them is allowed only in `only`',
    ),
    only: GlobsSchema.optional().describe(
      'The only files allowed to import `packages` (default: anywhere)',
    ),
    alternatives: PackagesSchema.optional().describe(
      'Packages that do the same job and must not be used anywhere: neither imported nor declared as a dependency',
    ),
    because: z.string().min(1).describe('The decision, e.g. "ADR-002"; shown in every finding'),
  })
  .strict();

const OptionsSchema = z
  .object({
    technologies: z
      .array(TechnologySchema)
      .default([])
      .describe('Technology decisions: what to use, where, and what not to use instead'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.technologies.forEach((tech, index) => {
      if (!tech.packages && !tech.alternatives)
        ctx.addIssue({
          code: 'custom',
          path: ['technologies', index],
          message: 'name the technology’s packages, its alternatives, or both',
        });
      if (tech.only && !tech.packages)
        ctx.addIssue({
          code: 'custom',
          path: ['technologies', index, 'only'],
          message: '`only` restricts `packages`; list them',
        });
      checkGlobs(tech.only, ctx, ['technologies', index, 'only']);
    });
  });

const manifestExtractors: readonly Extractor<ManifestFacts>[] = [
  packageJsonExtractor,
  pythonManifestExtractor,
  goModExtractor,
];

function dirOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** Whether a manifest in `dir` may declare a package that is allowed only under `only`. */
function manifestCovers(dir: string, only: readonly string[]): boolean {
  return only.some((glob) => {
    const base = picomatch.scan(glob).base;
    return (
      dir === '' ||
      base === dir ||
      base.startsWith(`${dir}/`) ||
      dir.startsWith(`${base}/`) ||
      base === ''
    );
  });
}

export const rule = defineRule({
  meta: {
    code: 'boundaries/mandated-technology',
    description:
      'Code uses a technology outside the one place allowed, or an alternative the contract rules out (imports and declared dependencies).',
    rationale:
      'Architecture decisions name technologies: "workflow orchestration is Temporal", "model calls go through the LiteLLM router in core/llm, never a provider SDK". An agent that does not know the decision reaches for the familiar library. The rule reports imports of a technology’s packages outside its place, imports of its alternatives anywhere, and alternatives (or the technology, outside its place) declared in package.json, pyproject.toml, requirements*.txt, Pipfile or go.mod.',
    remediation:
      'Use the mandated technology through the place the contract names, and remove the import or dependency. If the decision changed, a human updates the contract (and the ADR it cites).',
    defaultSeverity: 'error',
    options: OptionsSchema,
    // Nothing configured, nothing to read: an unconfigured rule costs no import graph.
    factsFor: (options) => (options.technologies.length > 0 ? importGraphFacts : []),
  },
  check(context) {
    const { technologies } = context.options;
    if (technologies.length === 0) return;
    const graph = importGraph(context);
    const compiled = technologies.map((tech) => ({
      tech,
      packages: tech.packages ? packageMatcher(tech.packages) : undefined,
      alternatives: tech.alternatives ? packageMatcher(tech.alternatives) : undefined,
    }));
    for (const [file, edges] of graph.byFile) {
      for (const edge of edges) {
        const ref = packageRefOf(edge);
        if (!ref) continue;
        for (const { tech, packages, alternatives } of compiled) {
          const alternative = alternatives?.(ref);
          if (alternative) {
            context.report({
              message: `${file} imports ${describeTarget(edge.target)}, an alternative to ${tech.name}: ${tech.because}`,
              data: {
                technology: tech.name,
                kind: 'alternative-import',
                package: ref.name,
                specifier: edge.record.specifier,
                because: tech.because,
              },
              location: importLocation(edge),
            });
            continue;
          }
          const own = packages?.(ref);
          if (!own || !tech.only || tech.only.some((glob) => globMatches(glob, file))) continue;
          context.report({
            message: `${file} imports ${describeTarget(edge.target)} (${tech.name}), which only ${tech.only.join(', ')} may use: ${tech.because}`,
            data: {
              technology: tech.name,
              kind: 'outside-allowed-place',
              package: ref.name,
              specifier: edge.record.specifier,
              because: tech.because,
            },
            location: importLocation(edge),
          });
        }
      }
    }
    for (const extractor of manifestExtractors) {
      const manifests: ReadonlyMap<string, ManifestFacts> = context.facts(extractor);
      for (const [file, facts] of manifests) {
        if (facts.error) {
          context.report({
            message: `${file} could not be read (${facts.error}), so its dependencies were not checked`,
            data: {
              technology: '',
              kind: 'unreadable-manifest',
              package: '',
              specifier: '',
              because: facts.error,
            },
            location: { file, line: 1, column: 1 },
            incomplete: true,
          });
          continue;
        }
        for (const dependency of facts.dependencies) {
          const ref = { ecosystem: dependency.ecosystem, name: dependency.name };
          for (const { tech, packages, alternatives } of compiled) {
            const location = {
              file,
              line: dependency.line,
              column: dependency.column,
              endLine: dependency.endLine,
              endColumn: dependency.endColumn,
            };
            if (alternatives?.(ref)) {
              context.report({
                message: `${file} declares ${dependency.name}, an alternative to ${tech.name}: ${tech.because}`,
                data: {
                  technology: tech.name,
                  kind: 'alternative-dependency',
                  package: dependency.name,
                  specifier: dependency.section,
                  because: tech.because,
                },
                location,
              });
            } else if (packages?.(ref) && tech.only && !manifestCovers(dirOf(file), tech.only)) {
              context.report({
                message: `${file} declares ${dependency.name} (${tech.name}), but only ${tech.only.join(', ')} may use it: ${tech.because}`,
                data: {
                  technology: tech.name,
                  kind: 'dependency-outside-allowed-place',
                  package: dependency.name,
                  specifier: dependency.section,
                  because: tech.because,
                },
                location,
              });
            }
          }
        }
      }
    }
  },
});
