import path from 'node:path';
import { CONTRACT_MAX_BYTES, contractTooLarge, decodeContract } from '../contract/limits.js';
import { CharterError } from './errors.js';
import { fileExists, readRegularFile } from './fs.js';
import type { FileRead } from './fs.js';
import { pathsNamed, readRevisionFiles } from './revision-files.js';
import { readAtRevision } from './snapshot.js';

export const DEFAULT_CONTRACT = 'charter.yaml';
/** The baseline file's name, next to the contract it belongs to. */
const BASELINE_NAME = 'charter.baseline.json';

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

/**
 * Where a check's contract comes from, and whether the change under check could have edited
 * it. The baseline is read from the same side.
 */
export interface ContractSource {
  /** The repository's top level (the working folder outside git). */
  root: string;
  contract: ContractText;
  /** The folder the contract governs, repository-relative ('.' for the root). */
  scope: string;
  /** The commit contract and baseline were read from; undefined: the files on disk. */
  revision?: string;
  /**
   * True when the change cannot edit the contract: read from a commit, or a file outside the
   * repository. A contract read from the working tree is the change's own.
   */
  trusted: boolean;
  /** Files read from `revision` with the contract, by repository-relative path (baselines). */
  revisionFiles?: ReadonlyMap<string, Buffer | undefined>;
}

/** Folders from `cwd` up to `root`, nearest first, repository-relative ('' is the root). */
function foldersUp(root: string, cwd: string): string[] {
  const relative = path.relative(path.resolve(root), path.resolve(cwd));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return [''];
  const parts = relative ? relative.split(path.sep) : [];
  const folders: string[] = [];
  for (let n = parts.length; n >= 0; n--) folders.push(parts.slice(0, n).join('/'));
  return folders;
}

const inFolder = (folder: string, name: string): string => (folder ? `${folder}/${name}` : name);

/** The contract as the working tree has it: the nearest charter.yaml above `cwd`. */
export async function contractOnDisk(
  root: string,
  cwd: string,
  contractPath?: string,
): Promise<ContractSource> {
  const discovered = contractPath ? undefined : await discoverContract(root, cwd);
  const contract = await readContractText({
    root,
    cwd,
    ...(contractPath
      ? { contractPath }
      : discovered
        ? { contractPath: path.join(root, discovered) }
        : {}),
  });
  return {
    root,
    contract,
    scope: discovered ? path.posix.dirname(discovered) : '.',
    // A contract outside the repository is no file the change can touch.
    trusted: path.isAbsolute(contract.file),
  };
}

export interface RevisionContractRequest {
  /** The repository's top level. */
  root: string;
  /** Folders to find the governing contract for (the nearest charter.yaml above each). */
  cwds: readonly string[];
  /** The contract the user named (absolute), instead of the nearest. */
  contractPath?: string;
  /** `HEAD`, or the commit id of a base revision. */
  revision: string;
  /** How errors name the revision: "HEAD", "the base revision 0123abcd". */
  label: string;
  /**
   * Whether the working tree's contract may stand in when the revision holds no contract at
   * all (no commit yet, or the contract was never committed): a repository that has just been
   * set up. When the revision holds some contract, never: a file no committed contract
   * governs is not governed by one the change wrote either.
   */
  bootstrap: boolean;
  /** A baseline named by the user (absolute), read from the revision along with the defaults. */
  baselineFile?: string | null;
}

/**
 * The contract that governs each folder as `revision` has it: the nearest charter.yaml above
 * the folder among those committed. A contract the change adds, edits or deletes has no say;
 * the check reports it instead (charter/contract-changed). One git process answers every
 * folder, with each folder's baseline.
 */
export async function contractsAtRevision(
  request: RevisionContractRequest,
): Promise<Map<string, ContractSource>> {
  const { root, revision } = request;
  const repositoryPath = (file: string): string | undefined => {
    const relative = path.relative(root, file);
    return relative.startsWith('..') || path.isAbsolute(relative)
      ? undefined
      : relative.split(path.sep).join('/');
  };
  const explicit = request.contractPath ? path.resolve(request.contractPath) : undefined;
  const chains = new Map(request.cwds.map((cwd) => [cwd, foldersUp(root, cwd)]));
  const asked = new Set<string>();
  for (const folders of chains.values())
    for (const folder of folders) {
      if (!explicit) asked.add(inFolder(folder, DEFAULT_CONTRACT));
      asked.add(inFolder(folder, BASELINE_NAME));
    }
  const explicitPath = explicit ? repositoryPath(explicit) : undefined;
  if (explicitPath) asked.add(explicitPath);
  const baselinePath = request.baselineFile ? repositoryPath(request.baselineFile) : undefined;
  if (baselinePath) asked.add(baselinePath);
  const read = await readRevisionFiles(root, revision, [...asked]);
  const commit = read.commit;
  const fromRevision = (file: string, content: Buffer, scope: string): ContractSource => ({
    root,
    contract: {
      file,
      text: decodeContract(content, file),
      ...(commit ? { revision: commit } : {}),
    },
    scope,
    ...(commit ? { revision: commit } : {}),
    trusted: true,
    revisionFiles: read.files,
  });
  let holdsAnyContract: Promise<boolean> | undefined;
  const revisionHoldsAContract = (): Promise<boolean> =>
    (holdsAnyContract ??= commit
      ? pathsNamed(root, commit, DEFAULT_CONTRACT).then((found) => found.length > 0)
      : Promise.resolve(false));
  const sources = new Map<string, ContractSource>();
  for (const [cwd, folders] of chains) {
    if (explicit) {
      if (!explicitPath) {
        sources.set(cwd, await contractOnDisk(root, cwd, explicit));
        continue;
      }
      const content = read.files.get(explicitPath);
      if (content) sources.set(cwd, fromRevision(explicitPath, content, '.'));
      // The contract the user named, not yet committed: the commit that adds it.
      else if (request.bootstrap) sources.set(cwd, await contractOnDisk(root, cwd, explicit));
      else throw missingAt(explicitPath, request.label);
      continue;
    }
    const nearest = folders.find((folder) => read.files.get(inFolder(folder, DEFAULT_CONTRACT)));
    if (nearest !== undefined) {
      const file = inFolder(nearest, DEFAULT_CONTRACT);
      sources.set(cwd, fromRevision(file, read.files.get(file) as Buffer, nearest || '.'));
    } else if (request.bootstrap && !(await revisionHoldsAContract())) {
      sources.set(cwd, await contractOnDisk(root, cwd));
    } else if (request.bootstrap) {
      throw new CharterError(
        'contract/not-found',
        `no contract committed in ${request.label} governs ${repositoryPath(cwd) || '.'}`,
        'the contract is read from the last commit, so an uncommitted charter.yaml does not count; commit one for this folder (a human reviews it)',
      );
    } else {
      throw missingAt(DEFAULT_CONTRACT, request.label);
    }
  }
  return sources;
}

function missingAt(file: string, label: string): CharterError {
  return new CharterError(
    'contract/not-found',
    `${file} does not exist at ${label}`,
    'the contract is read from the base so a change cannot weaken its own gate; commit a contract to the base branch first',
  );
}
