import { execFile } from 'node:child_process';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CharterError } from './errors.js';

const MAX_BUFFER = 512 * 1024 * 1024;

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/**
 * Settings under which git runs nothing the checked repository or its configuration names:
 * no fsmonitor hook (git would run it to learn which files changed) and no hooks. Filter
 * drivers are switched off where git reads the working tree (inertFilterArgs).
 */
const NO_FSMONITOR = ['-c', 'core.fsmonitor=false'];
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/** The variable --config-env reads an empty value from (see inertFilterArgs). */
const EMPTY_VARIABLE = 'CHARTER_GIT_EMPTY';

export interface GitOptions {
  /**
   * Leave core.hooksPath as configured: for the questions that are about it (where hooks are
   * installed), which run no hook.
   */
  configuredHooksPath?: boolean;
}

/** Runs git without a shell; arguments never pass through shell parsing. */
export function runGit(
  cwd: string,
  args: readonly string[],
  input?: Buffer,
  options: GitOptions = {},
): Promise<GitResult> {
  const inert = options.configuredHooksPath ? NO_FSMONITOR : [...NO_FSMONITOR, ...NO_HOOKS];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.quotepath=off', ...inert, ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: MAX_BUFFER,
        // Git's messages in English: a folder it could not open is known only from its warning.
        env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', [EMPTY_VARIABLE]: '' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (error && typeof error.code === 'string') {
          reject(
            new CharterError(
              'charter/git-unavailable',
              `could not run git: ${error.message}`,
              'install git and make sure it is on PATH',
            ),
          );
          return;
        }
        resolve({ stdout, stderr: stderr.toString('utf8'), code });
      },
    );
    if (input) child.stdin?.end(input);
  });
}

const FILTER_KEY = /^filter\.(.+)\.[^.]+$/s;

/**
 * Global options for the git commands that read files of the working tree (comparing them
 * with the index hashes their content): every filter driver the configuration defines gets
 * empty clean, smudge and process commands and is not required, so git reads the raw bytes
 * instead of running a command from the configuration. Git offers no switch for this, so the
 * drivers are listed first (one `git config` process). `-c` splits its argument at the first
 * `=`; a driver name that holds one goes through `--config-env` (git 2.31), which splits at
 * the last.
 */
export async function inertFilterArgs(root: string): Promise<string[]> {
  const result = await runGit(root, ['config', '-z', '--get-regexp', '^filter\\.']);
  // 1: no such key. Anything else means the configuration could not be read.
  if (result.code === 1) return [];
  if (result.code !== 0)
    throw new CharterError('charter/git-failed', `git config failed: ${result.stderr.trim()}`);
  const drivers = new Set<string>();
  for (const entry of splitNul(result.stdout)) {
    const key = entry.split('\n', 1)[0] as string;
    const driver = FILTER_KEY.exec(key)?.[1];
    if (driver !== undefined) drivers.add(driver);
  }
  return [...drivers].flatMap((driver) =>
    ['clean', 'smudge', 'process', 'required'].flatMap((setting) =>
      driver.includes('=')
        ? [`--config-env=filter.${driver}.${setting}=${EMPTY_VARIABLE}`]
        : ['-c', `filter.${driver}.${setting}=`],
    ),
  );
}

export async function gitOk(cwd: string, args: readonly string[]): Promise<Buffer> {
  const result = await runGit(cwd, args);
  if (result.code !== 0) {
    throw new CharterError(
      'charter/git-failed',
      `git ${args.join(' ')} failed: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

export function splitNul(buffer: Buffer): string[] {
  const text = buffer.toString('utf8');
  const parts = text.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Variables that move the repository away from the `.git` found above the working folder. */
const LOCATING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES'];

/** A `.git` folder with a HEAD, or a `.git` file pointing at one (worktrees, submodules). */
async function holdsGitEntry(dir: string): Promise<boolean> {
  const entry = path.join(dir, '.git');
  const info = await stat(entry).catch(() => undefined);
  if (info?.isDirectory())
    return (await stat(path.join(entry, 'HEAD')).catch(() => undefined)) !== undefined;
  if (info?.isFile()) return (await readFile(entry, 'utf8').catch(() => '')).startsWith('gitdir:');
  return false;
}

/**
 * The repository's top level, or undefined when `cwd` is not inside a git work tree. The
 * nearest `.git` above the real path answers it without starting git (this runs on every
 * agent hook); git itself answers when the environment relocates the repository.
 */
export async function findGitRoot(cwd: string): Promise<string | undefined> {
  if (!LOCATING_VARIABLES.some((name) => process.env[name])) {
    let dir = await realpath(cwd).catch(() => undefined);
    while (dir) {
      if (await holdsGitEntry(dir)) return dir;
      const parent = path.dirname(dir);
      dir = parent === dir ? undefined : parent;
    }
    return undefined;
  }
  const result = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (result.code !== 0) return undefined;
  return result.stdout.toString('utf8').trim();
}

export async function isShallow(root: string): Promise<boolean> {
  const result = await runGit(root, ['rev-parse', '--is-shallow-repository']);
  return result.stdout.toString('utf8').trim() === 'true';
}

/** Resolves a revision to a commit id, with a helpful error for shallow clones. */
export async function resolveRevision(root: string, rev: string): Promise<string> {
  if (rev.startsWith('-')) {
    throw new CharterError('usage/invalid-revision', `"${rev}" is not a revision`);
  }
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (result.code === 0) return result.stdout.toString('utf8').trim();
  const shallow = await isShallow(root);
  throw new CharterError(
    'charter/unknown-revision',
    `git revision "${rev}" does not exist in this repository`,
    shallow
      ? `this is a shallow clone; fetch the base first, e.g. "git fetch --deepen=100 origin ${rev}" or "git fetch --unshallow" (actions/checkout: fetch-depth: 0)`
      : `check the name, or fetch it: "git fetch origin ${rev}"`,
  );
}

/** Reads many blobs with one `git cat-file --batch` process. */
export async function readBlobs(
  root: string,
  oids: readonly string[],
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (oids.length === 0) return out;
  const unique = [...new Set(oids)];
  const result = await runGit(root, ['cat-file', '--batch'], Buffer.from(unique.join('\n') + '\n'));
  if (result.code !== 0) {
    throw new CharterError('charter/git-failed', `git cat-file failed: ${result.stderr.trim()}`);
  }
  const data = result.stdout;
  let offset = 0;
  for (const oid of unique) {
    const headerEnd = data.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    const header = data.subarray(offset, headerEnd).toString('utf8');
    offset = headerEnd + 1;
    const parts = header.split(' ');
    if (parts[1] === 'missing' || parts.length < 3) continue;
    const size = Number(parts[2]);
    out.set(oid, data.subarray(offset, offset + size));
    offset += size + 1;
  }
  return out;
}
