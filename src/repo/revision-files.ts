import { CharterError } from './errors.js';
import { gitOk, runGit, splitNul } from './git.js';

/** Files as one commit has them, read together with the commit id itself. */
export interface RevisionFiles {
  /** The commit the revision names; undefined when it names none (no commit yet). */
  commit: string | undefined;
  /** Content by repository-relative path; undefined when the commit holds no file there. */
  files: ReadonlyMap<string, Buffer | undefined>;
}

/** One header of `git cat-file --batch`: `<id> <type> <size>`, or `<name> missing`. */
function parseHeader(header: string, asked: string): { id: string; type: string; size: number } {
  if (header === `${asked} missing` || header === `${asked} ambiguous`)
    return { id: '', type: 'missing', size: -1 };
  const [id = '', type = '', size = ''] = header.split(' ');
  if (!/^[0-9a-f]{40,64}$/.test(id) || !/^\d+$/.test(size))
    throw new CharterError(
      'charter/git-failed',
      `git cat-file answered "${header.slice(0, 80)}" for ${asked}`,
    );
  return { id, type, size: Number(size) };
}

/**
 * The commit `revision` names and the files at `paths` in it, from one git process: the agent
 * hooks read the contract and the baseline from HEAD on every event, and one process costs
 * less than one per file. A path that is a folder or a submodule in the commit holds no file.
 */
export async function readRevisionFiles(
  root: string,
  revision: string,
  paths: readonly string[],
): Promise<RevisionFiles> {
  const unique = [...new Set(paths)];
  // The batch protocol is line-based: a name with a line break cannot be asked for.
  const odd = unique.find((file) => /[\n\r]/.test(file));
  if (odd !== undefined || /[\n\r]/.test(revision))
    throw new CharterError(
      'usage/invalid-path',
      `a path with a line break cannot be read from git: ${JSON.stringify(odd ?? revision)}`,
      'rename the folder',
    );
  const asked = [`${revision}^{commit}`, ...unique.map((file) => `${revision}:${file}`)];
  const result = await runGit(root, ['cat-file', '--batch'], Buffer.from(`${asked.join('\n')}\n`));
  if (result.code !== 0)
    throw new CharterError('charter/git-failed', `git cat-file failed: ${result.stderr.trim()}`);
  const data = result.stdout;
  let offset = 0;
  let commit: string | undefined;
  const files = new Map<string, Buffer | undefined>();
  for (const [index, name] of asked.entries()) {
    const end = data.indexOf(0x0a, offset);
    if (end < 0)
      throw new CharterError('charter/git-failed', `git cat-file stopped before ${name}`);
    const header = parseHeader(data.subarray(offset, end).toString('utf8'), name);
    offset = end + 1;
    let content: Buffer | undefined;
    if (header.size >= 0) {
      content = data.subarray(offset, offset + header.size);
      offset += header.size + 1;
    }
    if (index === 0) commit = header.type === 'commit' ? header.id : undefined;
    else files.set(unique[index - 1] as string, header.type === 'blob' ? content : undefined);
  }
  return { commit, files };
}

/** Every path in the commit whose last segment is `name` (a rare question: it lists the tree). */
export async function pathsNamed(root: string, commit: string, name: string): Promise<string[]> {
  const listing = splitNul(
    await gitOk(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]),
  );
  return listing.filter((file) => file === name || file.endsWith(`/${name}`));
}
