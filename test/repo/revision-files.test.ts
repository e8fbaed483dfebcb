import { describe, expect, it } from 'vitest';
import { pathsNamed, readRevisionFiles } from '../../src/repo/revision-files.js';
import { makeRepo } from '../helpers/git-repo.js';

describe('readRevisionFiles', () => {
  it('reads the commit and the files in one go; a folder, a missing path and a later edit are no file', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'a\n' });
    const commit = repo.commit('base');
    repo.write({ 'charter.yaml': 'version: 1\n# edited\n', 'src/charter.yaml': 'version: 1\n' });
    const read = await readRevisionFiles(repo.root, 'HEAD', [
      'charter.yaml',
      'src',
      'src/charter.yaml',
      'a b/charter.yaml',
    ]);
    expect(read.commit).toBe(commit);
    expect(
      Object.fromEntries([...read.files].map(([file, content]) => [file, content?.toString()])),
    ).toEqual({
      'charter.yaml': 'version: 1\n',
      src: undefined,
      'src/charter.yaml': undefined,
      'a b/charter.yaml': undefined,
    });
  });

  it('no commit yet: no commit, no files', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const read = await readRevisionFiles(repo.root, 'HEAD', ['charter.yaml']);
    expect(read).toEqual({ commit: undefined, files: new Map([['charter.yaml', undefined]]) });
  });

  it('refuses a path with a line break, which the batch protocol cannot carry', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    repo.commit('base');
    await expect(readRevisionFiles(repo.root, 'HEAD', ['x\ny/charter.yaml'])).rejects.toMatchObject(
      {
        code: 'usage/invalid-path',
      },
    );
  });

  it('pathsNamed lists every contract in a commit', async () => {
    const repo = makeRepo({
      'packages/a/charter.yaml': 'version: 1\n',
      'docs/not-charter.yaml': 'x\n',
      'charter.yaml.bak': 'x\n',
    });
    const commit = repo.commit('base');
    expect(await pathsNamed(repo.root, commit, 'charter.yaml')).toEqual([
      'packages/a/charter.yaml',
    ]);
  });
});
