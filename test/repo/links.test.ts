import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followLinks, guardedFolders, isFolder, realWritePath } from '../../src/repo/links.js';
import { makeRepo } from '../helpers/git-repo.js';

function folder(): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-links-')));
}

describe('followLinks', () => {
  it('follows links on the way and at the end, dangling ones too, and leaves the rest out', async () => {
    const root = folder();
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'real'));
    writeFileSync(path.join(root, 'charter.yaml'), 'version: 1\n');
    symlinkSync('../charter.yaml', path.join(root, 'src', 'notes.yaml'));
    symlinkSync('notes.yaml', path.join(root, 'src', 'chain.yaml'));
    symlinkSync('../.charter/forged.json', path.join(root, 'src', 'dangling.json'));
    symlinkSync('../real', path.join(root, 'src', 'dir'));
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    // Joined as text: `..` after a link must reach followLinks as written.
    const at = (file: string): string => `${root}/${file}`;
    const real = await followLinks(
      [
        at('src/notes.yaml'),
        at('src/chain.yaml'),
        at('src/dangling.json'),
        at('src/dir/new/file.ts'),
        at('src/dir/../charter.yaml'),
        at('src/plain.ts'),
        at('loop-a'),
      ],
      root,
    );
    expect(Object.fromEntries(real)).toEqual({
      [at('src/notes.yaml')]: at('charter.yaml'),
      [at('src/chain.yaml')]: at('charter.yaml'),
      [at('src/dangling.json')]: at('.charter/forged.json'),
      [at('src/dir/new/file.ts')]: at('real/new/file.ts'),
      // `..` after a link to a folder is taken from where the link leads, as the system does.
      [at('src/dir/../charter.yaml')]: at('charter.yaml'),
    });
  });

  it('realWritePath and isFolder answer for one path', async () => {
    const root = folder();
    mkdirSync(path.join(root, 'a'));
    symlinkSync('a', path.join(root, 'b'));
    expect(await realWritePath(path.join(root, 'b', 'x.ts'))).toBe(path.join(root, 'a', 'x.ts'));
    expect(await isFolder(path.join(root, 'b'))).toBe(true);
    expect(await isFolder(path.join(root, 'b', 'x.ts'))).toBe(false);
  });
});

describe('guardedFolders', () => {
  it('the per-user state folder, and the git folders a worktree’s .git file names', async () => {
    const main = makeRepo({ 'a.txt': 'a\n' });
    main.commit('base');
    const worktree = path.join(folder(), 'wt');
    main.git('worktree', 'add', '-q', worktree);
    const state = folder();
    const guarded = await guardedFolders(path.join(worktree), { XDG_STATE_HOME: state });
    const mainGit = path.join(realpathSync(main.root), '.git');
    expect(guarded).toEqual([
      { path: path.join(state, 'charter'), kind: 'user-state' },
      { path: path.join(mainGit, 'worktrees', 'wt'), kind: 'git' },
      { path: mainGit, kind: 'git' },
    ]);
  });

  it('only the state folder in an ordinary repository; nothing without HOME', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const home = folder();
    expect(await guardedFolders(repo.root, { HOME: home })).toEqual([
      { path: path.join(home, '.local', 'state', 'charter'), kind: 'user-state' },
    ]);
    expect(await guardedFolders(repo.root, {})).toEqual([]);
  });
});
