import { lstat, open, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  byDepthThenName,
  countLanguages,
  findAdrDirs,
  findCi,
  findExcludes,
  findGitHooks,
  findLockfiles,
  findMigrationDirs,
  instructionKind,
  isNestedInstruction,
  isOpenApiCandidate,
  isSamplePath,
  isSqlSchema,
  markdownHeadings,
  openApiVersion,
  requirementIds,
  requirementsCandidate,
} from '../init/analyze.js';
import type {
  InstructionFile,
  OpenApiFile,
  RepoDetection,
  RequirementsDoc,
} from '../init/detection.js';
import { CharterError } from './errors.js';
import { findGitRoot } from './git.js';
import { openSnapshot } from './snapshot.js';

/** Enough of a YAML or JSON file to see its top-level `openapi:` key. */
const HEAD_BYTES = 4096;
/** Requirement documents and instruction files are read up to this size. */
const TEXT_BYTES = 512 * 1024;
/** At most this many YAML/JSON files are opened looking for OpenAPI documents. */
const MAX_SPEC_CANDIDATES = 2000;
const AGENT_SETTINGS_DIRS = ['.claude', '.codex', '.gemini', '.cursor'];
export const LOCAL_SCHEMA = 'node_modules/agent-charter/schema/charter.schema.json';

export interface InitTarget {
  /** The repository's top level (the directory itself outside git). */
  root: string;
  isGit: boolean;
}

/** Where `charter init` writes: the git top level of `dir`, or `dir` itself outside git. */
export async function resolveInitTarget(dir: string): Promise<InitTarget> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const missing = info.code === 'ENOENT' || info.code === 'ENOTDIR';
    throw new CharterError(
      'usage/not-a-directory',
      missing ? `"${dir}" does not exist` : `cannot read "${dir}": ${info.message}`,
      'pass -C an existing directory inside the repository',
    );
  }
  if (!info.isDirectory()) {
    throw new CharterError(
      'usage/not-a-directory',
      `"${dir}" is not a directory`,
      'pass -C an existing directory inside the repository',
    );
  }
  const gitRoot = await findGitRoot(dir);
  return gitRoot ? { root: gitRoot, isGit: true } : { root: path.resolve(dir), isGit: false };
}

async function readStart(file: string, bytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

async function isDirectory(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined))?.isDirectory() === true;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

/** Runs `work` over `items` with bounded concurrency, keeping order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Lists the repository as `charter check` would (git files that are not ignored, or a walk
 * honouring .gitignore outside git) and reads the few files init needs.
 */
export async function detectRepository(target: InitTarget): Promise<RepoDetection> {
  const { root } = target;
  const { snapshot } = await openSnapshot({ cwd: root, mode: 'worktree' });
  const files = snapshot.files;
  const abs = (file: string): string => path.join(root, ...file.split('/'));

  const candidates = files
    .filter(isOpenApiCandidate)
    .sort(byDepthThenName)
    .slice(0, MAX_SPEC_CANDIDATES);
  const heads = await mapLimited(candidates, 32, (file) => readStart(abs(file), HEAD_BYTES));
  const openapi: OpenApiFile[] = [];
  const sampleSpecs: string[] = [];
  candidates.forEach((file, index) => {
    const head = heads[index];
    const found = head === undefined ? undefined : openApiVersion(head);
    if (!found) return;
    if (isSamplePath(file)) sampleSpecs.push(file);
    else openapi.push({ path: file, ...found });
  });

  const migrationDirs = findMigrationDirs(files);
  const sqlSchemas = files.filter((file) => isSqlSchema(file, migrationDirs)).sort(byDepthThenName);

  const requirementFiles = files
    .map((file) => ({ file, candidate: requirementsCandidate(file) }))
    .filter(
      (entry): entry is { file: string; candidate: { primary: boolean } } =>
        entry.candidate !== undefined,
    )
    .sort((a, b) => byDepthThenName(a.file, b.file));
  const requirements: RequirementsDoc[] = await mapLimited(
    requirementFiles,
    8,
    async ({ file, candidate }) => {
      const text = await readStart(abs(file), TEXT_BYTES);
      const ids = text === undefined ? undefined : requirementIds(text);
      return { path: file, primary: candidate.primary, ...(ids ? { ids } : {}) };
    },
  );

  const instructionPaths = files
    .map((file) => ({ file, kind: instructionKind(file) }))
    .filter(
      (entry): entry is { file: string; kind: NonNullable<ReturnType<typeof instructionKind>> } =>
        entry.kind !== undefined,
    );
  const kindOrder = ['agents', 'claude', 'gemini', 'copilot', 'cursor'];
  instructionPaths.sort(
    (a, b) =>
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || byDepthThenName(a.file, b.file),
  );
  const instructions: InstructionFile[] = await mapLimited(
    instructionPaths,
    8,
    async ({ file, kind }) => {
      const markdown = /\.mdc?$/i.test(file);
      const text = markdown ? await readStart(abs(file), TEXT_BYTES) : undefined;
      return { path: file, kind, headings: text === undefined ? [] : markdownHeadings(text) };
    },
  );

  const agentSettingsDirs: string[] = [];
  for (const dir of AGENT_SETTINGS_DIRS) {
    if (
      files.some((file) => file.startsWith(`${dir}/`)) ||
      (await isDirectory(path.join(root, dir)))
    )
      agentSettingsDirs.push(dir);
  }
  const localSchema = path.join(root, ...LOCAL_SCHEMA.split('/'));

  return {
    root,
    isGit: target.isGit,
    fileCount: files.length,
    languages: countLanguages(files),
    openapi,
    sqlSchemas,
    migrationDirs,
    requirements,
    adrDirs: findAdrDirs(files),
    instructions,
    nestedInstructions: files.filter(isNestedInstruction).sort(byDepthThenName),
    agentSettingsDirs,
    ci: findCi(files),
    gitHooks: findGitHooks(files),
    exclude: findExcludes(files),
    lockfiles: findLockfiles(files),
    sampleSpecs,
    ...((await isFile(localSchema)) ? { localSchema } : {}),
  };
}
