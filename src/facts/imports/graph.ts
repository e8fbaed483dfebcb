import type { Extractor } from '../extractor.js';
import { goModExtractor } from '../manifests/go-mod.js';
import { packageJsonExtractor } from '../manifests/package-json.js';
import { pythonManifestExtractor } from '../manifests/python.js';
import { tsconfigExtractor } from '../manifests/tsconfig.js';
import { pnpmWorkspaceExtractor } from '../manifests/workspaces.js';
import { goImportsExtractor } from './go.js';
import { pythonImportsExtractor } from './python.js';
import { ModuleResolver } from './resolve.js';
import type { ImportFacts, ImportLanguage, ImportRecord, ImportTarget } from './types.js';
import { jsImportsExtractor } from './typescript.js';

export const importExtractors = [jsImportsExtractor, pythonImportsExtractor, goImportsExtractor];

/** Configuration files that decide where an import leads. */
export const resolutionExtractors = [
  packageJsonExtractor,
  tsconfigExtractor,
  pnpmWorkspaceExtractor,
  goModExtractor,
  pythonManifestExtractor,
];

/** Everything a rule declares in `meta.facts` to read the import graph. */
export const importGraphFacts: readonly Extractor<unknown>[] = [
  ...importExtractors,
  ...resolutionExtractors,
];

export interface ImportEdge {
  /** The importing file. */
  from: string;
  language: ImportLanguage;
  record: ImportRecord;
  target: ImportTarget;
}

export interface ImportGraph {
  edges: readonly ImportEdge[];
  /** Edges by importing file, in source order. */
  byFile: ReadonlyMap<string, readonly ImportEdge[]>;
  resolver: ModuleResolver;
}

/** What the graph is built from: a rule context provides all of it. */
export interface GraphSource {
  readonly files: readonly string[];
  has(file: string): boolean;
  facts<T>(extractor: Extractor<T>): ReadonlyMap<string, T>;
}

const memo = new WeakMap<object, ImportGraph>();

/**
 * The resolved import graph of the snapshot. Built once per run: rules of one run share the
 * same fact maps, and the graph is a pure function of them.
 */
export function importGraph(source: GraphSource): ImportGraph {
  const js = source.facts(jsImportsExtractor);
  const py = source.facts(pythonImportsExtractor);
  const go = source.facts(goImportsExtractor);
  const packageJson = source.facts(packageJsonExtractor);
  const tsconfig = source.facts(tsconfigExtractor);
  const pnpmWorkspace = source.facts(pnpmWorkspaceExtractor);
  const goMod = source.facts(goModExtractor);
  const pythonManifests = source.facts(pythonManifestExtractor);
  const cached = memo.get(js);
  if (cached) return cached;
  const resolver = new ModuleResolver({
    files: source.files,
    has: (file) => source.has(file),
    packageJson,
    tsconfig,
    pnpmWorkspace,
    goMod,
    pythonManifests,
  });
  const edges: ImportEdge[] = [];
  const byFile = new Map<string, ImportEdge[]>();
  const add = (facts: ReadonlyMap<string, ImportFacts>): void => {
    for (const [from, fileFacts] of facts) {
      const list: ImportEdge[] = [];
      const seen = new Set<string>();
      for (const record of fileFacts.imports) {
        for (const target of resolver.resolve(from, fileFacts.language, record)) {
          const key = `${record.line}:${record.column}:${targetKey(target)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const edge = { from, language: fileFacts.language, record, target };
          list.push(edge);
          edges.push(edge);
        }
      }
      byFile.set(from, list);
    }
  };
  add(js);
  add(py);
  add(go);
  const graph = { edges, byFile, resolver };
  memo.set(js, graph);
  return graph;
}

export function targetKey(target: ImportTarget): string {
  switch (target.kind) {
    case 'file':
      return `file:${target.path}`;
    case 'package':
    case 'builtin':
      return `${target.kind}:${target.ecosystem}:${target.name}`;
    default:
      return `unresolved:${target.reason}`;
  }
}

/** A short description of where an import leads, for messages and data. */
export function describeTarget(target: ImportTarget): string {
  switch (target.kind) {
    case 'file':
      return target.path;
    case 'package':
    case 'builtin':
      return target.name;
    default:
      return `(unresolved: ${target.reason})`;
  }
}

/** The graph node of a file: itself, or for Go its package folder. */
export function moduleOf(file: string, language: ImportLanguage): string {
  if (language !== 'go') return file;
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}
