import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CACHE_DIR,
  FactCache,
  flushResidentFactCache,
  formatPack,
  keepFactCacheResident,
  parsePack,
} from '../../src/repo/cache-store.js';
import type { PackEntries } from '../../src/repo/cache-store.js';
import { isolateUserState } from '../helpers/user-state.js';

// This file's process keeps packs resident, as the hook daemon does (test files run isolated).
keepFactCacheResident();

const root = mkdtempSync(path.join(os.tmpdir(), 'charter-resident-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PACK = 'routes-express-0123456789ab';
const packFile = path.join(root, CACHE_DIR, `${PACK}.json`);
const { cacheKey } = isolateUserState();

const readPack = async (): Promise<PackEntries> =>
  parsePack(readFileSync(packFile, 'utf8'), await cacheKey(), PACK);
const writePack = async (entries: PackEntries): Promise<void> =>
  writeFileSync(packFile, formatPack(entries, await cacheKey(), PACK));

async function opened(): Promise<FactCache> {
  const cache = new FactCache(root, true);
  await cache.load(PACK);
  return cache;
}

describe('fact packs kept in memory by a long-lived process', () => {
  it('are shared between checks, and written only when flushed', async () => {
    const first = await opened();
    first.set(PACK, 'src/a.ts', 'id-a', { routes: ['a'] });
    await first.save(new Map([[PACK, new Set(['src/a.ts'])]]));
    expect(() => readFileSync(packFile)).toThrow(/ENOENT/);

    const second = await opened();
    expect(second.get(PACK, 'src/a.ts', 'id-a')).toEqual({ id: 'id-a', facts: { routes: ['a'] } });

    expect(await flushResidentFactCache()).toEqual([]);
    expect((await readPack()).get('src/a.ts')).toEqual([{ id: 'id-a', facts: { routes: ['a'] } }]);
    // Nothing left to write.
    const written = readFileSync(packFile, 'utf8');
    expect(await flushResidentFactCache()).toEqual([]);
    expect(readFileSync(packFile, 'utf8')).toBe(written);
  });

  it('add what another process wrote to the file, when enough files miss', async () => {
    await writePack(
      new Map([['src/b.ts', [{ id: 'id-b', facts: { routes: ['b', 'from disk'] } }]]]),
    );
    const cache = await opened();
    // Memory answers first: the rewrite is not read for a few misses (a proposed edit).
    expect(cache.get(PACK, 'src/b.ts', 'id-b')).toBeUndefined();
    expect(await cache.refresh(PACK, 1)).toBe(false);
    expect(await cache.refresh(PACK, 100)).toBe(true);
    expect(cache.get(PACK, 'src/b.ts', 'id-b')).toEqual({
      id: 'id-b',
      facts: { routes: ['b', 'from disk'] },
    });
    // What memory held is still valid: facts are keyed by content.
    expect(cache.get(PACK, 'src/a.ts', 'id-a')).toEqual({ id: 'id-a', facts: { routes: ['a'] } });
    // Read once per rewrite.
    expect(await cache.refresh(PACK, 100)).toBe(false);
  });

  it('keep entries not written yet, even when the file changes meanwhile', async () => {
    const cache = await opened();
    cache.set(PACK, 'src/c.ts', 'id-c', null);
    await cache.save(new Map());
    await writePack(new Map());
    const next = await opened();
    expect(next.get(PACK, 'src/c.ts', 'id-c')).toEqual({ id: 'id-c', facts: null });
    await flushResidentFactCache();
    expect([...(await readPack()).keys()].sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('report a pack that cannot be written as a note', async () => {
    const cache = await opened();
    cache.set(PACK, 'src/d.ts', 'id-d', []);
    await cache.save(new Map());
    rmSync(path.join(root, CACHE_DIR), { recursive: true });
    // The cache folder's place is taken by a file: the pack cannot be written.
    writeFileSync(path.join(root, '.charter', 'cache'), 'not a folder');
    const notes = await flushResidentFactCache();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.file).toBe(packFile);
    expect(notes[0]?.problem).toMatch(/^could not write the fact cache: /);
  });
});
