import { LayeredIds } from '../repo/layered-ids.js';
import { fileSetOf } from '../repo/snapshot.js';

/**
 * What checks of one listing share about its content ids: which files the base (the index's
 * ids) does not cover, and the base's ids in list order, digested. Computed once per list and
 * base; a state then differs from another of the same listing only in its own ids.
 */

interface BaseFacts {
  fileSet: ReadonlySet<string>;
  /** Files of the list the base has no id for: their ids are the state's own, if any. */
  uncovered: readonly string[];
  digest: string | undefined;
}

const byBase = new WeakMap<ReadonlyMap<string, string>, WeakMap<readonly string[], BaseFacts>>();

function baseFacts(files: readonly string[], base: ReadonlyMap<string, string>): BaseFacts {
  let byList = byBase.get(base);
  if (!byList) {
    byList = new WeakMap();
    byBase.set(base, byList);
  }
  let facts = byList.get(files);
  if (!facts) {
    facts = {
      fileSet: fileSetOf(files),
      uncovered: files.filter((file) => !base.has(file)),
      digest: undefined,
    };
    byList.set(files, facts);
  }
  return facts;
}

/** Ids laid over a base, while their layers are apart: the base, and the state's own ids. */
export interface Layers {
  base: ReadonlyMap<string, string>;
  own: ReadonlyMap<string, string>;
  removed: ReadonlySet<string>;
}

export function layersOf(ids: ReadonlyMap<string, string>): Layers | undefined {
  if (!(ids instanceof LayeredIds)) return undefined;
  const overrides = ids.overrides;
  return overrides ? { base: ids.base, ...overrides } : undefined;
}

/**
 * The files of `files` whose id may differ between two states laid over the same base: those
 * either state has its own id for or removed, and those the base does not cover.
 */
export function filesOffBase(files: readonly string[], a: Layers, b: Layers): string[] {
  const { fileSet, uncovered } = baseFacts(files, a.base);
  const candidates = new Set<string>(uncovered);
  for (const layers of [a, b]) {
    for (const file of layers.own.keys()) candidates.add(file);
    for (const file of layers.removed) candidates.add(file);
  }
  return [...candidates].filter((file) => fileSet.has(file));
}

/**
 * The ids of every file of the list, digested: the base's once per list, then the state's own
 * (sorted). Undefined when some file has no id.
 */
export function layeredIdsDigest(
  files: readonly string[],
  layers: Layers,
  digest: (text: string) => string,
): string | undefined {
  const facts = baseFacts(files, layers.base);
  for (const file of facts.uncovered) if (!layers.own.has(file)) return undefined;
  for (const file of layers.removed) if (facts.fileSet.has(file)) return undefined;
  facts.digest ??= digest(files.map((file) => layers.base.get(file) ?? '').join('\n'));
  const own = [...layers.own]
    .filter(([file]) => facts.fileSet.has(file))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, id]) => `${file}\0${id}`);
  return `${facts.digest}\n${own.join('\n')}`;
}
