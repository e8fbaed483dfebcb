import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readTextIfExists } from './fs.js';
import { findGitRoot, runGit } from './git.js';

/** File-system and git look-ups an agent hook needs around the engine. */

/** A file's text, or undefined when it does not exist. */
export async function readTextFile(file: string): Promise<string | undefined> {
  return readTextIfExists(file);
}

/**
 * The canonical form of a path that may not exist yet: the real path of its nearest existing
 * ancestor joined with the rest (agents and git may see the same folder through a symlink).
 */
export async function canonicalPath(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return rest.length ? path.join(real, ...rest.reverse()) : real;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** The nearest folder at or above `file` that exists. */
export async function nearestDirectory(file: string): Promise<string> {
  let current = path.resolve(file);
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info?.isDirectory()) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

export async function repositoryRoot(dir: string): Promise<string | undefined> {
  return findGitRoot(dir);
}

/** The branch HEAD points at, or undefined (detached, or not a repository). */
export async function currentBranch(root: string): Promise<string | undefined> {
  const result = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.code === 0 ? result.stdout.toString('utf8').trim() || undefined : undefined;
}
