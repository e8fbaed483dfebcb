import type { Extractor } from '../facts/extractor.js';
import { FactCache } from '../repo/cache-store.js';
import type { ChangedFile } from '../repo/snapshot.js';
import { collectFacts, extractorKey } from './collect-facts.js';
import { DEFAULT_MAX_FILE_SIZE, prepareRun } from './check.js';
import type { CheckOptions } from './check.js';
import { staticExtractors } from '../facts/catalog.js';
import { CharterError } from '../repo/errors.js';
import { importGraph, importGraphFacts } from '../facts/imports/graph.js';

export interface FactsDump {
  schemaVersion: 1;
  mode: string;
  files: number;
  change: readonly ChangedFile[] | null;
  facts: Record<string, Record<string, unknown>>;
  skipped: { file: string; reason: string; extractor: string }[];
  failures: { file: string; extractor: string; error: string }[];
}

/** Every fact the contract's rules would see, plus the always-available extractors. */
export async function dumpFacts(
  options: Omit<CheckOptions, 'failOn'>,
  kinds: readonly string[],
): Promise<FactsDump> {
  const { snapshot, contract, files } = await prepareRun({ ...options, failOn: 'error' });
  const extractors = new Map<string, Extractor<unknown>>();
  for (const extractor of staticExtractors) extractors.set(extractorKey(extractor), extractor);
  for (const { rule, options: ruleOptions } of contract.rules) {
    for (const extractor of [
      ...(rule.meta.facts ?? []),
      ...(rule.meta.factsFor?.(ruleOptions) ?? []),
      ...(rule.meta.factsForContract?.(ruleOptions, contract) ?? []),
    ])
      extractors.set(extractorKey(extractor), extractor);
  }
  const known = new Set([...extractors.values()].map((e) => e.id));
  // The resolved import graph is cross-file: shown when the import facts it needs are.
  const graphKeys = importGraphFacts.map(extractorKey);
  const withGraph = graphKeys.every((key) => extractors.has(key));
  if (withGraph) known.add(IMPORT_GRAPH);
  const unknown = kinds.filter((kind) => !known.has(kind));
  if (unknown.length) {
    throw new CharterError(
      'usage/unknown-fact-kind',
      `unknown fact kind ${unknown.map((k) => `"${k}"`).join(', ')}`,
      `known here: ${[...known].sort().join(', ')}`,
    );
  }
  const cache = new FactCache(snapshot.root, options.cache);
  const dump: FactsDump = {
    schemaVersion: 1,
    mode: snapshot.kind,
    files: files.length,
    change: snapshot.change,
    facts: {},
    skipped: [],
    failures: [],
  };
  const forGraph = new Map<string, ReadonlyMap<string, unknown>>();
  const wantsGraph = withGraph && (kinds.length === 0 || kinds.includes(IMPORT_GRAPH));
  for (const extractor of extractors.values()) {
    const forTheGraph = wantsGraph && graphKeys.includes(extractorKey(extractor));
    if (kinds.length && !kinds.includes(extractor.id) && !forTheGraph) continue;
    const result = await collectFacts(
      extractor,
      snapshot,
      files,
      cache,
      contract.data.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    );
    if (forTheGraph) forGraph.set(extractorKey(extractor), result.facts);
    if (kinds.length && !kinds.includes(extractor.id)) continue;
    const byFile: Record<string, unknown> = {};
    for (const file of [...result.facts.keys()].sort()) byFile[file] = result.facts.get(file);
    dump.facts[extractor.id] = byFile;
    dump.skipped.push(...result.skipped.map((s) => ({ ...s, extractor: extractor.id })));
    dump.failures.push(
      ...result.failures.map((f) => ({
        file: f.file,
        extractor: f.extractor,
        error: f.error.message,
      })),
    );
  }
  if (wantsGraph) {
    const graph = importGraph({
      files,
      has: (file) => snapshot.has(file),
      facts: <T>(extractor: Extractor<T>) =>
        (forGraph.get(extractorKey(extractor as Extractor<unknown>)) ?? new Map()) as ReadonlyMap<
          string,
          T
        >,
    });
    const byFile: Record<string, unknown> = {};
    for (const file of [...graph.byFile.keys()].sort()) {
      byFile[file] = (graph.byFile.get(file) ?? []).map((edge) => ({
        line: edge.record.line,
        specifier: edge.record.specifier,
        kind: edge.record.kind,
        typeOnly: edge.record.typeOnly,
        target: edge.target,
      }));
    }
    dump.facts[IMPORT_GRAPH] = byFile;
  }
  return dump;
}

/** Every import with the file or package it resolves to (tsconfig, workspaces, go.mod, …). */
const IMPORT_GRAPH = 'import-graph';
