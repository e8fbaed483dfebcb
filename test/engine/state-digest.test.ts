import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { checkedStateDigest } from '../../src/engine/rule-memo.js';
import { LayeredIds } from '../../src/repo/layered-ids.js';
import { MemorySnapshot } from '../../src/testing/memory-snapshot.js';
import { EVAL_CONTRACT } from './fixtures.js';

const contract = loadContract({ file: 'charter.yaml', text: EVAL_CONTRACT });
const NOW = new Date('2026-06-01T12:00:00Z');

type Files = Record<string, string>;

/** The digest of a state, built from fresh arrays and maps every time. */
async function digestOf(
  files: Files,
  options: { checked?: (file: string) => boolean; drop?: string; now?: Date } = {},
): Promise<string | undefined> {
  const snapshot = new MemorySnapshot(
    '/repo',
    Object.entries(files).map(([path, text]) => ({ path, content: Buffer.from(text) })),
  );
  const contentIds = await snapshot.contentIds(snapshot.files);
  if (options.drop) contentIds.delete(options.drop);
  return checkedStateDigest({
    snapshot,
    contentIds,
    files: snapshot.files.filter(options.checked ?? (() => true)),
    contract,
    headContractText: undefined,
    now: options.now ?? NOW,
  });
}

const STATE: Files = { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'docs/c.md': 'c\n' };

describe('the digest of a checked state', () => {
  it('depends on content, not on which lists and maps hold it', async () => {
    const first = await digestOf(STATE);
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(await digestOf({ ...STATE })).toBe(first);
  });

  it('changes with any file’s content, path, presence or selection, and with the day', async () => {
    const first = await digestOf(STATE);
    const others = [
      await digestOf({ ...STATE, 'src/a.ts': 'A\n' }),
      // The same contents under swapped paths.
      await digestOf({ ...STATE, 'src/a.ts': 'b\n', 'src/b.ts': 'a\n' }),
      await digestOf({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' }),
      await digestOf({ ...STATE, 'src/d.ts': '' }),
      await digestOf(STATE, { checked: (file) => file.startsWith('src/') }),
      await digestOf(STATE, { now: new Date('2026-06-02T00:00:00Z') }),
    ];
    for (const other of others) expect(other).not.toBe(first);
    expect(new Set(others).size).toBe(others.length);
    // The same day is the same state.
    expect(await digestOf(STATE, { now: new Date('2026-06-01T23:59:59Z') })).toBe(first);
  });

  it('is undefined when a file has no content id', async () => {
    expect(await digestOf(STATE, { drop: 'src/b.ts' })).toBeUndefined();
  });
});

describe('the digest of states laid over one listing', () => {
  const snapshot = new MemorySnapshot(
    '/repo',
    ['a.ts', 'b.ts', 'u.ts'].map((path) => ({ path, content: Buffer.from(path) })),
  );
  // The listing's base: ids of the files whose content is the index's (u.ts is not).
  const base = new Map([
    ['a.ts', 'id-a'],
    ['b.ts', 'id-b'],
  ]);
  const digest = (edit: (ids: LayeredIds) => void): string | undefined => {
    const ids = new LayeredIds(base);
    edit(ids);
    return checkedStateDigest({
      snapshot,
      contentIds: ids,
      files: snapshot.files,
      contract,
      headContractText: undefined,
      now: NOW,
    });
  };

  it('is the same for the same ids, and differs with any of them', () => {
    const first = digest((ids) => ids.set('u.ts', 'id-u'));
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(digest((ids) => ids.set('u.ts', 'id-u'))).toBe(first);
    const others = [
      digest((ids) => ids.set('u.ts', 'id-u2')),
      digest((ids) => {
        ids.set('u.ts', 'id-u');
        ids.set('a.ts', 'id-a2');
      }),
    ];
    for (const other of others) expect(other).not.toBe(first);
    expect(others[0]).not.toBe(others[1]);
  });

  it('is undefined when a file has no id: off the base, or deleted from it', () => {
    expect(digest(() => undefined)).toBeUndefined();
    expect(
      digest((ids) => {
        ids.set('u.ts', 'id-u');
        ids.delete('b.ts');
      }),
    ).toBeUndefined();
  });
});
