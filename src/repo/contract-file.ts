import path from 'node:path';
import { CONTRACT_MAX_BYTES, contractTooLarge, decodeContract } from '../contract/limits.js';
import { CharterError } from './errors.js';
import { fileExists, readRegularFile } from './fs.js';
import type { FileRead } from './fs.js';
import { readAtRevision } from './snapshot.js';

export const DEFAULT_CONTRACT = 'charter.yaml';

export interface ContractText {
  /** Repository-relative when inside the repository, else absolute. */
  file: string;
  text: string;
  /** The revision it was read from, when not the working tree. */
  revision?: string;
}

export interface ContractLocation {
  root: string;
  cwd: string;
  contractPath?: string;
  /** Read the trusted contract from this commit instead of the working tree. */
  revision?: string;
}

export function contractRelativePath({ root, cwd, contractPath }: ContractLocation): {
  relative?: string;
  absolute: string;
} {
  const absolute = path.resolve(
    cwd,
    contractPath ?? path.relative(cwd, path.join(root, DEFAULT_CONTRACT)),
  );
  const relative = path.relative(root, absolute);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return { absolute, ...(inside ? { relative: relative.split(path.sep).join('/') } : {}) };
}

export async function readContractText(location: ContractLocation): Promise<ContractText> {
  const { relative, absolute } = contractRelativePath(location);
  if (location.revision && relative) {
    const content = await readAtRevision(location.root, location.revision, relative);
    if (content === undefined) {
      throw new CharterError(
        'contract/not-found',
        `${relative} does not exist at the base revision ${location.revision.slice(0, 12)}`,
        'the contract is read from the base so a change cannot weaken its own gate; commit a contract to the base branch first',
      );
    }
    return { file: relative, text: decodeContract(content, relative), revision: location.revision };
  }
  let read: FileRead;
  try {
    read = await readRegularFile(absolute, CONTRACT_MAX_BYTES);
  } catch (error) {
    throw new CharterError(
      'contract/unreadable',
      `cannot read ${absolute}: ${(error as Error).message}`,
    );
  }
  const file = relative ?? absolute;
  switch (read.kind) {
    case 'missing':
      throw new CharterError(
        'contract/not-found',
        `no contract at ${file}`,
        'run "charter init" to write a starter charter.yaml, or pass --contract PATH',
      );
    case 'special':
      throw new CharterError(
        'contract/unreadable',
        `cannot read ${absolute}: it is ${read.what}, not a regular file`,
        'the contract must be a regular file; Charter never reads a pipe or a device, since the read may never end',
      );
    case 'too-large':
      throw contractTooLarge(file, read.size);
    case 'bytes':
      return { file, text: decodeContract(read.bytes, file) };
  }
}

/**
 * The nearest charter.yaml from `cwd` up to the repository root, repository-relative: a
 * package in a monorepo (or an example folder) can carry its own contract, like ESLint's
 * nearest-config lookup. Undefined when there is none (the caller reports the root path).
 */
export async function discoverContract(root: string, cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  const top = path.resolve(root);
  for (;;) {
    const relativeDir = path.relative(top, dir);
    if (relativeDir.startsWith('..') || path.isAbsolute(relativeDir)) return undefined;
    if (await fileExists(path.join(dir, DEFAULT_CONTRACT))) {
      return [relativeDir.split(path.sep).join('/'), DEFAULT_CONTRACT].filter(Boolean).join('/');
    }
    if (dir === top) return undefined;
    dir = path.dirname(dir);
  }
}
