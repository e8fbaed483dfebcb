import { describe, expect, it } from 'vitest';
import { collectFacts } from '../../src/engine/collect-facts.js';
import type { CollectedFacts } from '../../src/engine/collect-facts.js';
import { CollectionMemo } from '../../src/engine/collection-memo.js';
import type { Extractor } from '../../src/facts/extractor.js';
import { FactCache } from '../../src/repo/cache-store.js';
import { LayeredIds } from '../../src/repo/layered-ids.js';
import { MemorySnapshot } from '../../src/testing/memory-snapshot.js';

/** Counts what it extracts, so a test sees which files were read again. */
function countingExtractor(): Extractor<{ lines: number; first: string }> & { seen: string[] } {
  const seen: string[] = [];
  return {
    id: 'test-lines',
    version: 1,
    seen,
    appliesTo: (file) => file.endsWith('.ts'),
    async extract(file) {
      seen.push(file.path);
      if (file.text.includes('THROW')) throw new Error(`cannot read ${file.path}`);
      return { lines: file.text.split('\n').length, first: file.text.split('\n')[0] ?? '' };
    },
  };
}

type Files = Record<string, string>;

function snapshotOf(files: Files): MemorySnapshot {
  return new MemorySnapshot(
    '/repo',
    Object.entries(files).map(([path, text]) => ({ path, content: Buffer.from(text) })),
  );
}

/** A collection as the engine makes one: every file's content id known beforehand. */
async function collect(
  extractor: Extractor<unknown>,
  files: Files,
  memo?: CollectionMemo,
  maxFileSize = 1000,
): Promise<CollectedFacts> {
  const snapshot = snapshotOf(files);
  return collectFacts(
    extractor,
    snapshot,
    snapshot.files,
    new FactCache('/repo', false),
    maxFileSize,
    {
      knownIds: await snapshot.contentIds(snapshot.files),
      ...(memo ? { memo: { collections: memo, key: 'test' } } : {}),
    },
  );
}

function sorted(facts: ReadonlyMap<string, unknown>): [string, unknown][] {
  return [...facts].sort(([a], [b]) => a.localeCompare(b));
}

const START: Files = {
  'src/a.ts': 'a\n',
  'src/b.ts': 'b\nb\n',
  'src/c.ts': 'c\nc\nc\n',
  'README.md': '# readme\n',
};

describe('facts remembered between checks by content id', () => {
  it('reads only new and changed files, and finds what a fresh collection finds', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    await collect(extractor, START, memo);
    expect(extractor.seen.sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);

    const next: Files = { ...START, 'src/b.ts': 'B\n', 'src/d.ts': 'd\n' };
    delete next['src/c.ts'];
    extractor.seen.length = 0;
    const result = await collect(extractor, next, memo);
    expect(extractor.seen.sort()).toEqual(['src/b.ts', 'src/d.ts']);

    const fresh = await collect(countingExtractor(), next);
    expect(sorted(result.facts)).toEqual(sorted(fresh.facts));
    expect(result.files).toBe(fresh.files);
    expect(result.facts.has('src/c.ts')).toBe(false);
  });

  it('hands back the very same facts when nothing the extractor reads changed', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    const first = await collect(extractor, START, memo);
    extractor.seen.length = 0;
    // A file the extractor does not read changes: its facts are the same object.
    const second = await collect(extractor, { ...START, 'README.md': '# changed\n' }, memo);
    expect(extractor.seen).toEqual([]);
    expect(second.facts).toBe(first.facts);
    // An edit to a file it reads gives a new map; the remembered one is left as it was.
    const third = await collect(extractor, { ...START, 'src/a.ts': 'A\nA\n' }, memo);
    expect(third.facts).not.toBe(first.facts);
    expect(first.facts.get('src/a.ts')).toEqual({ lines: 2, first: 'a' });
    expect(third.facts.get('src/a.ts')).toEqual({ lines: 3, first: 'A' });
  });

  it('keeps the same facts when a changed file’s facts are what they were', async () => {
    const memo = new CollectionMemo();
    // Facts only for files that declare something: most files have none, before and after.
    const declarations: Extractor<string[] | null> = {
      id: 'test-declarations',
      version: 1,
      appliesTo: (file) => file.endsWith('.ts'),
      async extract(file) {
        const found = file.text.match(/declare \w+/g);
        return found ? [...found] : null;
      },
    };
    const first = await collect(declarations, START, memo);
    const edited = await collect(declarations, { ...START, 'src/a.ts': 'a\n// comment\n' }, memo);
    expect(edited.facts).toBe(first.facts);
    const declared = await collect(declarations, { ...START, 'src/a.ts': 'declare x\n' }, memo);
    expect(declared.facts).not.toBe(first.facts);
    expect(declared.facts.get('src/a.ts')).toEqual(['declare x']);
    expect(first.facts.get('src/a.ts')).toBeNull();
  });

  it('goes back to an earlier content of a file without missing the change', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    await collect(extractor, START, memo);
    const edited = await collect(extractor, { ...START, 'src/a.ts': 'edited\n' }, memo);
    expect(edited.facts.get('src/a.ts')).toEqual({ lines: 2, first: 'edited' });
    const back = await collect(extractor, START, memo);
    expect(back.facts.get('src/a.ts')).toEqual({ lines: 2, first: 'a' });
  });

  it('reports failures and skipped files on every collection, never from memory', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    const files: Files = { ...START, 'src/bad.ts': 'THROW\n', 'src/big.ts': 'x'.repeat(2000) };
    const first = await collect(extractor, files, memo);
    expect(first.failures.map((f) => f.file)).toEqual(['src/bad.ts']);
    expect(first.skipped.map((s) => s.file)).toEqual(['src/big.ts']);
    // Nothing was remembered from an incomplete collection: the next one reads every file,
    // and reports the same problems.
    extractor.seen.length = 0;
    const second = await collect(extractor, files, memo);
    expect(extractor.seen.sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/bad.ts', 'src/c.ts']);
    expect(second.failures.map((f) => f.file)).toEqual(['src/bad.ts']);
    expect(second.skipped.map((s) => s.file)).toEqual(['src/big.ts']);
  });

  it('starts over when the files differ in many places', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    const many = (prefix: string): Files =>
      Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/${prefix}${i}.ts`, `${i}\n`]));
    await collect(extractor, many('old'), memo);
    const renamed = many('new');
    const memoStart = memo.start(
      'test',
      {
        files: Object.keys(renamed).sort(),
        ids: await snapshotOf(renamed).contentIds(Object.keys(renamed)),
      },
      () => true,
    );
    expect(memoStart).toBeUndefined();
    const result = await collect(extractor, renamed, memo);
    expect(sorted(result.facts)).toEqual(
      sorted((await collect(countingExtractor(), renamed)).facts),
    );
  });

  it('over one listing, reads only the files whose own ids differ or that have none', async () => {
    const memo = new CollectionMemo();
    const extractor = countingExtractor();
    const snapshot = snapshotOf(START);
    const all = await snapshot.contentIds(snapshot.files);
    // The listing's base covers every file but src/c.ts (as if it differed from the index).
    const base = new Map([...all].filter(([file]) => file !== 'src/c.ts'));
    const idsOf = (own: Record<string, string>): LayeredIds => {
      const ids = new LayeredIds(base);
      for (const [file, id] of Object.entries(own)) ids.set(file, id);
      return ids;
    };
    const collect = (ids: LayeredIds): Promise<CollectedFacts> =>
      collectFacts(extractor, snapshot, snapshot.files, new FactCache('/repo', false), 1000, {
        knownIds: ids,
        memo: { collections: memo, key: 'layered' },
      });
    const first = await collect(idsOf({ 'src/c.ts': all.get('src/c.ts') as string }));
    expect(extractor.seen.sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    extractor.seen.length = 0;
    // The same ids: nothing is read, the facts are the same.
    const again = await collect(idsOf({ 'src/c.ts': all.get('src/c.ts') as string }));
    expect(extractor.seen).toEqual([]);
    expect(again.facts).toBe(first.facts);
    // An id of its own for src/a.ts (a proposed edit): only it is read.
    await collect(idsOf({ 'src/c.ts': all.get('src/c.ts') as string, 'src/a.ts': 'edited' }));
    expect(extractor.seen).toEqual(['src/a.ts']);
    extractor.seen.length = 0;
    // src/c.ts without an id (it could not be read): collected again, every time.
    await collect(idsOf({}));
    await collect(idsOf({}));
    expect(extractor.seen.sort()).toEqual(['src/a.ts', 'src/c.ts', 'src/c.ts']);
  });

  it('keeps one collection per key, and forgets the least recently used', async () => {
    const memo = new CollectionMemo(1);
    const snapshot = snapshotOf(START);
    const basis = { files: snapshot.files, ids: await snapshot.contentIds(snapshot.files) };
    const remembered = (key: string): unknown =>
      memo
        .start(key, basis, () => true)
        ?.complete(new Map())
        .get('src/a.ts');
    memo.remember('one', basis, ['src/a.ts'], new Map([['src/a.ts', 1]]));
    expect(remembered('one')).toBe(1);
    memo.remember('two', basis, ['src/a.ts'], new Map([['src/a.ts', 2]]));
    expect(remembered('one')).toBeUndefined();
    expect(remembered('two')).toBe(2);
  });
});
