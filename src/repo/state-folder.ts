import { constants as fsConstants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit, splitNul } from './git.js';

/**
 * `.charter`, Charter's own folder in a repository (fact cache, audit log). It is local state:
 * a change under check must not be able to supply it. A `.charter` that is a symlink, or one
 * git tracks, is never read or written; files in it are opened without following symlinks.
 */
export const STATE_DIR = '.charter';

/** Whether a repository-relative path is the state folder or in it: never a file to check. */
export function isStatePath(file: string): boolean {
  return file === STATE_DIR || file.startsWith(`${STATE_DIR}/`);
}

/** Why `relative` under `root` must not be used: a part of it that exists and is no folder. */
export async function stateFolderProblem(
  root: string,
  relative: string,
): Promise<{ path: string; problem: string } | undefined> {
  let current = root;
  for (const part of relative.split('/')) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return undefined;
    if (info.isDirectory()) continue;
    const problem = info.isSymbolicLink() ? 'is a symbolic link' : 'is not a folder';
    return { path: path.relative(root, current).split(path.sep).join('/'), problem };
  }
  return undefined;
}

/**
 * Creates `relative` under `root` one folder at a time and returns its path; throws when a
 * part of it is a symlink or a file, so nothing is written where a link points.
 */
export async function ensureStateFolder(root: string, relative: string): Promise<string> {
  let current = root;
  for (const part of relative.split('/')) {
    current = path.join(current, part);
    await mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const info = await lstat(current);
    if (!info.isDirectory())
      throw new Error(
        `${path.relative(root, current)} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`,
      );
  }
  return current;
}

const NO_FOLLOW = fsConstants.O_NOFOLLOW ?? 0;

/**
 * Writes `name` in the folder through a new temporary file and a rename: readers never see
 * half a file, the temporary file is created (never opened through a link someone left in
 * its place), and the rename replaces a link at `name` instead of writing where it points.
 */
export async function writeStateFile(
  root: string,
  relative: string,
  name: string,
  content: string,
): Promise<void> {
  const folder = await ensureStateFolder(root, relative);
  const file = path.join(folder, name);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(
    temp,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | NO_FOLLOW,
    0o600,
  );
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}

/**
 * A file of the state folder as text, or undefined when there is none. A symlink (ELOOP) or
 * anything but a regular file is an error; opened without blocking, so a FIFO cannot hang it.
 */
export async function readStateFile(file: string): Promise<string | undefined> {
  const handle = await open(file, fsConstants.O_RDONLY | NO_FOLLOW | fsConstants.O_NONBLOCK).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ELOOP') throw new Error('is a symbolic link');
      throw error;
    },
  );
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) throw new Error('is not a regular file');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Whether git tracks `.charter` under `root` in the index (the checked-out state), or in the
 * trees of `revisions` (a range's base and head): then the folder is part of the change, not
 * local state. `inIndex` is the index's answer when the caller has it from a listing already.
 * Undefined outside a git repository; a git failure counts as tracked.
 */
export async function stateFolderTracked(
  root: string,
  revisions: readonly string[] = [],
  inIndex?: boolean,
): Promise<boolean | undefined> {
  const [index, trees] = await Promise.all([
    inIndex ?? runGit(root, ['ls-files', '-z', '-c', '--', STATE_DIR]),
    revisions.length === 0
      ? undefined
      : runGit(
          root,
          ['cat-file', '--batch-check'],
          // `rev:./path` is relative to the folder git runs in, as root may be a package's.
          Buffer.from(revisions.map((rev) => `${rev}:./${STATE_DIR}\n`).join('')),
        ),
  ]);
  if (typeof index !== 'boolean') {
    if (index.code !== 0) return /not a git repository/i.test(index.stderr) ? undefined : true;
    if (splitNul(index.stdout).length > 0) return true;
  } else if (index) return true;
  if (!trees) return false;
  if (trees.code !== 0) return true;
  const answers = trees.stdout.toString('utf8').trim().split('\n');
  return answers.length !== revisions.length || answers.some((line) => !line.endsWith(' missing'));
}
