import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CharterError } from './errors.js';

/**
 * Charter's private state outside every repository it checks (keys that authenticate cache
 * packs and the hook daemon). A change to a repository cannot reach it, which is the point:
 * what the gate trusts must come from the side the change cannot edit.
 */
export function userStateDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_STATE_HOME || (env.HOME ? path.join(env.HOME, '.local', 'state') : '');
  return base && path.isAbsolute(base) ? path.join(base, 'charter') : undefined;
}

const SECRET_BYTES = 32;

/** Creates the folder for this user only, refusing one that is a symlink or shared. */
async function privateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) {
    throw new CharterError(
      'charter/state-unsafe',
      `${dir} is not a folder (a symlink or a file stands in its place)`,
      'Remove it; Charter recreates its state folder on the next run.',
    );
  }
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    throw new CharterError(
      'charter/state-unsafe',
      `${dir} belongs to another user`,
      'Set XDG_STATE_HOME to a folder of your own.',
    );
  }
  if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** Reads an existing key file, or undefined when there is none yet. */
async function readSecret(file: string): Promise<Buffer | undefined> {
  const info = await lstat(file).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isFile() || info.size !== SECRET_BYTES * 2) {
    throw new CharterError(
      'charter/state-unsafe',
      `${file} is not a key file Charter wrote`,
      'Delete it; Charter writes a new key on the next run.',
    );
  }
  return Buffer.from(await readFile(file, 'utf8'), 'hex');
}

/** Writes a new random key, unless another process won the race to create it. */
async function createSecret(file: string): Promise<Buffer | undefined> {
  const secret = randomBytes(SECRET_BYTES);
  const handle = await open(file, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return undefined;
    throw error;
  });
  if (!handle) return undefined;
  try {
    await handle.writeFile(secret.toString('hex'));
  } finally {
    await handle.close();
  }
  return secret;
}

/**
 * A per-user random key named `name` (created on first use, mode 0600), or undefined when the
 * user has no state folder (no HOME and no XDG_STATE_HOME).
 */
export async function userSecret(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer | undefined> {
  const dir = userStateDirectory(env);
  if (!dir) return undefined;
  await privateDirectory(dir);
  const file = path.join(dir, `${name}.key`);
  return (await readSecret(file)) ?? (await createSecret(file)) ?? (await readSecret(file));
}
