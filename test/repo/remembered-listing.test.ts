import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobId, openSnapshot, rememberWorktreeListings } from '../../src/repo/snapshot.js';
import type { Snapshot } from '../../src/repo/snapshot.js';
import { makeRepo } from '../helpers/git-repo.js';

// This file's process keeps the last listing of each repository, as the hook daemon does
// (test files run isolated).
rememberWorktreeListings();

async function listed(cwd: string): Promise<Snapshot> {
  return (await openSnapshot({ cwd, mode: 'worktree', change: false })).snapshot;
}

async function idOf(snapshot: Snapshot, file: string): Promise<string | undefined> {
  return (await snapshot.contentIds([file])).get(file);
}

const id = (text: string): string => blobId(Buffer.from(text));

describe('a listing remembered between checks', () => {
  it('serves again only while git answers the same, and never keeps a modified file’s id', async () => {
    const repo = makeRepo({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
    repo.commit('initial');

    const first = await listed(repo.root);
    const again = await listed(repo.root);
    // The same answer: the same list (results computed from it by identity are found again).
    expect(again.files).toBe(first.files);

    // A tracked file modified on disk: git answers differently, its content is hashed.
    repo.write({ 'src/a.ts': 'A1\n' });
    const modified = await listed(repo.root);
    expect(modified.files).toEqual(first.files);
    expect(await idOf(modified, 'src/a.ts')).toBe(id('A1\n'));

    // Modified again: git's answer is the same as before (the file was already modified),
    // and the new content is what counts.
    repo.write({ 'src/a.ts': 'A2\n' });
    const modifiedAgain = await listed(repo.root);
    expect(modifiedAgain.files).toBe(modified.files);
    expect(await idOf(modifiedAgain, 'src/a.ts')).toBe(id('A2\n'));

    // An untracked file, then an untracked file edited: listed, and hashed each time.
    repo.write({ 'src/c.ts': 'c1\n' });
    const untracked = await listed(repo.root);
    expect(untracked.files).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(await idOf(untracked, 'src/c.ts')).toBe(id('c1\n'));
    repo.write({ 'src/c.ts': 'c2\n' });
    expect(await idOf(await listed(repo.root), 'src/c.ts')).toBe(id('c2\n'));

    // A deleted file is gone from the list.
    rmSync(path.join(repo.root, 'src/b.ts'));
    expect((await listed(repo.root)).files).toEqual(['src/a.ts', 'src/c.ts']);

    // A commit changes the index: the clean ids are git's again.
    repo.commit('second');
    const committed = await listed(repo.root);
    expect(committed.files).toEqual(['src/a.ts', 'src/c.ts']);
    expect(await idOf(committed, 'src/a.ts')).toBe(id('A2\n'));
  });

  it('keeps each repository’s listing apart', async () => {
    const one = makeRepo({ 'one.ts': '1\n' });
    const two = makeRepo({ 'two.ts': '2\n' });
    one.commit('one');
    two.commit('two');
    expect((await listed(one.root)).files).toEqual(['one.ts']);
    expect((await listed(two.root)).files).toEqual(['two.ts']);
    expect((await listed(one.root)).files).toEqual(['one.ts']);
  });
});
