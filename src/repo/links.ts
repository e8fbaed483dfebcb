import { lstat, readFile, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { GuardedFolder } from '../facts/shell/types.js';
import { userStateDirectory } from './user-state.js';

/** Symlinks followed one after another before a path is given up as a loop. */
const MAX_HOPS = 40;

/**
 * Where writing to a path lands on this machine: every symlink on the way followed, the last
 * one too even when what it points at does not exist yet (writing creates it there).
 */
class LinkFollower {
  /** lstat answers within one call: paths of one command share most of their folders. */
  private readonly seen = new Map<string, Promise<Stats | undefined>>();

  constructor(private readonly trusted: string | undefined) {}

  private info(file: string): Promise<Stats | undefined> {
    let known = this.seen.get(file);
    if (!known) {
      known = lstat(file).catch(() => undefined);
      this.seen.set(file, known);
    }
    return known;
  }

  /** The real absolute path of `absolute`, or undefined when links loop. */
  async follow(absolute: string): Promise<string | undefined> {
    let pending = absolute.split('/').filter(Boolean);
    let current = '/';
    // A folder known to be real (the repository root, already resolved) is not looked at again.
    const trusted = this.trusted;
    if (trusted && (absolute === trusted || absolute.startsWith(`${trusted}/`))) {
      current = trusted;
      pending = absolute.slice(trusted.length).split('/').filter(Boolean);
    }
    let hops = 0;
    while (pending.length > 0) {
      const segment = pending.shift() as string;
      if (segment === '.') continue;
      if (segment === '..') {
        current = path.posix.dirname(current);
        continue;
      }
      const next = path.posix.join(current, segment);
      const info = await this.info(next);
      if (!info) return path.posix.join(next, ...pending);
      if (!info.isSymbolicLink()) {
        current = next;
        continue;
      }
      if (++hops > MAX_HOPS) return undefined;
      const target = await readlink(next, 'utf8').catch(() => undefined);
      if (target === undefined) return undefined;
      const resolved = path.posix.isAbsolute(target) ? target : path.posix.join(current, target);
      pending = [...resolved.split('/').filter(Boolean), ...pending];
      current = '/';
    }
    return current;
  }
}

/**
 * The real place of each absolute path that differs from it (symlinks followed, dangling ones
 * too). Links that loop lead nowhere a write could land, so such a path is left out.
 * `trusted` is a folder already known to be real.
 */
export async function followLinks(
  paths: readonly string[],
  trusted?: string,
): Promise<Map<string, string>> {
  const follower = new LinkFollower(trusted);
  const real = new Map<string, string>();
  await Promise.all(
    paths.map(async (file) => {
      const to = await follower.follow(file);
      if (to !== undefined && to !== file) real.set(file, to);
    }),
  );
  return real;
}

/** Where writing to one path lands (see followLinks); the path itself when no link leads elsewhere. */
export async function realWritePath(file: string): Promise<string> {
  const absolute = path.resolve(file);
  return (await followLinks([absolute])).get(absolute) ?? absolute;
}

/** Whether the path is an existing folder (after links). */
export async function isFolder(file: string): Promise<boolean> {
  const info = await lstat(await realWritePath(file)).catch(() => undefined);
  return info?.isDirectory() ?? false;
}

/**
 * The git folders of the repository at `gitRoot` when `.git` is a file (a worktree, a
 * submodule): the folder it names and the common folder that holds hooks and configuration.
 */
async function linkedGitFolders(gitRoot: string): Promise<string[]> {
  const dotGit = path.join(gitRoot, '.git');
  const info = await lstat(dotGit).catch(() => undefined);
  if (!info?.isFile() || info.size > 4096) return [];
  const text = await readFile(dotGit, 'utf8').catch(() => '');
  const named = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!named) return [];
  const gitDir = path.resolve(gitRoot, named);
  const common = (await readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => '')).trim();
  return common ? [gitDir, path.resolve(gitDir, common)] : [gitDir];
}

/** The nearest folder at or above `dir` that holds a `.git` entry, looked up without git. */
async function gitRootAbove(dir: string): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (await lstat(path.join(current, '.git')).catch(() => undefined)) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Folders outside the repository that the gate depends on: Charter's per-user state (keys)
 * and, for a worktree or submodule, the git folders its `.git` file names.
 */
export async function guardedFolders(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GuardedFolder[]> {
  const gitRoot = await gitRootAbove(dir);
  const folders: GuardedFolder[] = [];
  const state = userStateDirectory(env);
  if (state)
    folders.push({ path: (await realWritePath(state)).replace(/\/+$/, ''), kind: 'user-state' });
  if (gitRoot)
    for (const folder of await linkedGitFolders(gitRoot))
      folders.push({ path: await realWritePath(folder), kind: 'git' });
  return folders;
}
