import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseTreeCount } from '../facts/ast-grep.js';
import type { Extractor } from '../facts/extractor.js';
import type { FactCache } from '../repo/cache-store.js';
import type { Snapshot } from '../repo/snapshot.js';
import type { CollectionMemo } from './collection-memo.js';
import { decodeSource } from './decode.js';
import { releaseParseTrees } from './native-memory.js';
import type { SkippedInput } from './rule.js';

export interface ExtractorFailure {
  extractor: string;
  file: string;
  error: Error;
}

export interface CollectedFacts {
  facts: ReadonlyMap<string, unknown>;
  skipped: SkippedInput[];
  failures: ExtractorFailure[];
  files: number;
  ms: number;
}

export function extractorKey(extractor: Extractor<unknown>): string {
  return extractor.configKey
    ? `${extractor.id}@${extractor.version}#${extractor.configKey}`
    : `${extractor.id}@${extractor.version}`;
}

/** Cache pack names are file names: stable, short, free of path separators. */
export function cachePackName(extractor: Extractor<unknown>): string {
  const safe = extractor.id.replace(/[^a-z0-9-]/gi, '_');
  return `${safe}-${createHash('sha1').update(extractorKey(extractor)).digest('hex').slice(0, 12)}`;
}

const READ_BATCH = 128;

export interface CollectOptions {
  onFile?: () => void;
  /** Content ids the caller already has, for every one of `files`. */
  knownIds?: ReadonlyMap<string, string>;
  /** A long-lived process's earlier collections: files whose content is unchanged reuse them. */
  memo?: { collections: CollectionMemo; key: string };
}

/**
 * Runs one extractor over every file it applies to: cached facts by content id, the rest
 * read in batches and extracted concurrently (ast-grep parses off the main thread).
 */
export async function collectFacts(
  extractor: Extractor<unknown>,
  snapshot: Snapshot,
  files: readonly string[],
  cache: FactCache,
  maxFileSize: number,
  options: CollectOptions = {},
): Promise<CollectedFacts> {
  const started = performance.now();
  const { onFile, knownIds, memo } = options;
  // Only ids of every file make a basis: the memo compares file lists.
  const basis = memo && knownIds ? { files, ids: knownIds } : undefined;
  const start = basis && memo?.collections.start(memo.key, basis, (f) => extractor.appliesTo(f));
  const targets = start?.targets ?? files.filter((file) => extractor.appliesTo(file));
  const ids = knownIds ?? (await snapshot.contentIds(targets));
  const pack = cachePackName(extractor);
  await cache.load(pack);
  // Every target's facts, or with a remembered start only the pending ones'.
  const facts = new Map<string, unknown>();
  if (start && onFile) for (let n = targets.length - start.pending.length; n > 0; n--) onFile();
  const skipped: SkippedInput[] = [];
  const failures: ExtractorFailure[] = [];
  const lookUp = (files: readonly string[]): string[] => {
    const misses: string[] = [];
    for (const file of files) {
      const id = ids.get(file);
      const cached = id === undefined ? undefined : cache.get(pack, file, id);
      if (cached) {
        facts.set(file, cached.facts);
        onFile?.();
      } else {
        misses.push(file);
      }
    }
    return misses;
  };
  let misses = lookUp(start?.pending ?? targets);
  if (misses.length > 0 && (await cache.refresh(pack, misses.length))) misses = lookUp(misses);
  const concurrency = Math.max(2, os.availableParallelism());
  for (let start = 0; start < misses.length; start += READ_BATCH) {
    const batch = misses.slice(start, start + READ_BATCH);
    const treesBefore = parseTreeCount();
    const contents = await snapshot.readMany(batch);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const file = batch[next++] as string;
        const content = contents.get(file) ?? new Error('not read');
        const decoded = decodeSource(content, {
          maxFileSize,
          largeFiles: extractor.largeFiles,
          binaryFiles: extractor.binaryFiles,
        });
        if ('skipped' in decoded) {
          skipped.push({ file, reason: decoded.skipped });
        } else if ('ignored' in decoded) {
          // Binary content the extractor has no use for: no facts, nothing missed.
        } else {
          try {
            const value = await extractor.extract({ path: file, text: decoded.text });
            facts.set(file, value);
            const id = ids.get(file);
            if (id) {
              cache.set(pack, file, id, value);
            }
          } catch (error) {
            failures.push({
              extractor: extractor.id,
              file,
              error: error instanceof Error ? error : new Error(String(error)),
            });
          }
        }
        onFile?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    // A full collection costs tens of milliseconds: only worth it when trees were made.
    if (misses.length > READ_BATCH && parseTreeCount() !== treesBefore) releaseParseTrees();
  }
  const all = start ? start.complete(facts) : facts;
  // What could not be read or failed is reported again by the next collection, as it is now.
  if (memo && basis && skipped.length === 0 && failures.length === 0)
    memo.collections.remember(memo.key, basis, targets, all);
  return {
    facts: all,
    skipped,
    failures,
    files: targets.length,
    ms: performance.now() - started,
  };
}
