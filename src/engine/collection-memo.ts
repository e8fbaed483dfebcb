import { fileSetOf } from '../repo/snapshot.js';
import { filesOffBase, layersOf } from './content-ids.js';

/**
 * One extractor's facts over a file list, remembered by the files' content ids, for a
 * long-lived process (the hook daemon). The next collection over nearly the same files (an
 * agent's edit changes one or two) starts from this one: only files whose content id differs,
 * and new files, are looked up or extracted; everything else keeps the facts it had. That
 * is what a fresh collection would find, since facts depend only on a file's path and content.
 */

/** The files a collection read, and their content ids. */
export interface CollectionBasis {
  files: readonly string[];
  ids: ReadonlyMap<string, string>;
}

/** A remembered collection brought up to a new basis: what remains is to collect `pending`. */
export interface CollectionStart {
  /** Files the extractor applies to, in the new basis. */
  targets: readonly string[];
  /** Targets that are new or changed: to look up or extract. */
  pending: readonly string[];
  /**
   * The facts of every target, given those of the pending ones (a file without facts has
   * none). When they are what was remembered, the remembered map itself: every result
   * derived from it and kept by identity is found again.
   */
  complete(pendingFacts: ReadonlyMap<string, unknown>): ReadonlyMap<string, unknown>;
}

interface RememberedCollection {
  basis: CollectionBasis;
  targets: readonly string[];
  facts: ReadonlyMap<string, unknown>;
}

interface BasisDelta {
  /** Files of both bases whose content id differs (or is unknown). */
  changed: string[];
  /** Files of the new basis only. */
  added: string[];
  /** Files of the old basis only. */
  removed: string[];
}

/** Beyond this many changed files, starting over costs about what patching does. */
const MAX_DELTA = 256;

export class CollectionMemo {
  private readonly collections = new Map<string, RememberedCollection>();
  /** The last delta computed, shared by every extractor of one check (same two bases). */
  private lastDelta?: {
    from: CollectionBasis['ids'];
    fromFiles: readonly string[];
    to: CollectionBasis['ids'];
    toFiles: readonly string[];
    delta: BasisDelta | undefined;
  };

  constructor(private readonly capacity = 128) {}

  /**
   * The remembered collection of `key`, brought up to `basis`; undefined when there is none
   * or it differs from `basis` in too many files.
   */
  start(
    key: string,
    basis: CollectionBasis,
    appliesTo: (file: string) => boolean,
  ): CollectionStart | undefined {
    const known = this.collections.get(key);
    if (!known) return undefined;
    const delta = this.deltaOf(known.basis, basis);
    if (!delta) return undefined;
    const changed = delta.changed.filter((file) => appliesTo(file));
    const added = delta.added.filter((file) => appliesTo(file));
    const removed = new Set(delta.removed.filter((file) => appliesTo(file)));
    const targets =
      added.length === 0 && removed.size === 0
        ? known.targets
        : [...known.targets.filter((file) => !removed.has(file)), ...added];
    const pending = [...changed, ...added];
    const complete = (pendingFacts: ReadonlyMap<string, unknown>): ReadonlyMap<string, unknown> => {
      const same =
        removed.size === 0 &&
        pending.every(
          (file) =>
            pendingFacts.has(file) === known.facts.has(file) &&
            pendingFacts.get(file) === known.facts.get(file),
        );
      if (same) return known.facts;
      // Copied entry by entry: `new Map(map)` makes a pair array per entry.
      const facts = new Map<string, unknown>();
      known.facts.forEach((value, file) => facts.set(file, value));
      for (const file of removed) facts.delete(file);
      for (const file of pending) {
        if (pendingFacts.has(file)) facts.set(file, pendingFacts.get(file));
        else facts.delete(file);
      }
      return facts;
    };
    return { targets, pending, complete };
  }

  /** Remembers a complete collection: every target has facts and a content id. */
  remember(
    key: string,
    basis: CollectionBasis,
    targets: readonly string[],
    facts: ReadonlyMap<string, unknown>,
  ): void {
    this.collections.delete(key);
    this.collections.set(key, { basis, targets, facts });
    if (this.collections.size > this.capacity) {
      const oldest = this.collections.keys().next().value;
      if (oldest !== undefined) this.collections.delete(oldest);
    }
  }

  private deltaOf(from: CollectionBasis, to: CollectionBasis): BasisDelta | undefined {
    const last = this.lastDelta;
    if (
      last &&
      last.from === from.ids &&
      last.fromFiles === from.files &&
      last.to === to.ids &&
      last.toFiles === to.files
    )
      return last.delta;
    const delta = computeDelta(from, to);
    this.lastDelta = {
      from: from.ids,
      fromFiles: from.files,
      to: to.ids,
      toFiles: to.files,
      delta,
    };
    return delta;
  }
}

function computeDelta(from: CollectionBasis, to: CollectionBasis): BasisDelta | undefined {
  if (from.files === to.files) return changedIds(from, to);
  // The ids may cover more files than were collected: only the collected ones count.
  const before = fileSetOf(from.files);
  const changed: string[] = [];
  const added: string[] = [];
  let kept = 0;
  for (const file of to.files) {
    if (!before.has(file)) {
      added.push(file);
      if (added.length > MAX_DELTA) return undefined;
      continue;
    }
    kept++;
    const id = to.ids.get(file);
    // A file without a content id is never remembered: it is collected every time.
    if (id === undefined || from.ids.get(file) !== id) {
      changed.push(file);
      if (changed.length > MAX_DELTA) return undefined;
    }
  }
  const removed: string[] = [];
  if (kept < from.files.length) {
    const present = fileSetOf(to.files);
    for (const file of from.files) {
      if (present.has(file)) continue;
      removed.push(file);
      if (removed.length > MAX_DELTA) return undefined;
    }
  }
  return { changed, added, removed };
}

/** The same file list (a listing git gave again): only content ids can differ. */
function changedIds(from: CollectionBasis, to: CollectionBasis): BasisDelta | undefined {
  const changed: string[] = [];
  // Both laid over the same base: only files off it can differ.
  const [before, after] = [layersOf(from.ids), layersOf(to.ids)];
  const candidates =
    before && after && before.base === after.base
      ? filesOffBase(to.files, before, after)
      : to.files;
  for (const file of candidates) {
    const id = to.ids.get(file);
    if (id === undefined || from.ids.get(file) !== id) {
      changed.push(file);
      if (changed.length > MAX_DELTA) return undefined;
    }
  }
  return { changed, added: [], removed: [] };
}

let processMemo: CollectionMemo | undefined;

export function rememberCollections(): void {
  processMemo ??= new CollectionMemo();
}

/** The memo of this process, when it is a long-lived one. */
export function processCollectionMemo(): CollectionMemo | undefined {
  return processMemo;
}
