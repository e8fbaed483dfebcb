import { createHash } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFile, readdir, lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { CharterError } from './errors.js';
import { LayeredIds } from './layered-ids.js';
import { findGitRoot, gitOk, readBlobs, resolveRevision, runGit, splitNul } from './git.js';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  oldPath?: string;
}

export type SnapshotKind = 'worktree' | 'staged' | 'range' | 'overlay';

/**
 * A path the snapshot holds but cannot offer as a file: a folder git could not open (its
 * files are unknown), or a file with unresolved merge conflicts in the index (it has no
 * single content there). Never dropped silently: the check reports each one.
 */
export interface UncheckedPath {
  /** Repository-relative; a folder ends with "/". */
  path: string;
  reason: 'unreadable' | 'unmerged';
  /** What went wrong, in git's or the system's words. */
  detail: string;
}

/**
 * A read-only view of the repository at one state. Everything that reads the repository
 * goes through a snapshot, so every mode (working tree, index, a git range, a proposed edit)
 * is checked by the same code.
 */
export interface Snapshot {
  readonly kind: SnapshotKind;
  readonly root: string;
  readonly isGit: boolean;
  readonly base?: string;
  readonly head?: string;
  /** Every file in the snapshot, repository-relative with forward slashes, sorted. */
  readonly files: readonly string[];
  /** What the change under check touched, or null when there is no change to compare. */
  readonly change: readonly ChangedFile[] | null;
  /** Paths that are there but could not be listed or read as files (none when absent). */
  readonly unchecked?: readonly UncheckedPath[];
  has(file: string): boolean;
  /** Git blob ids: known without reading for unmodified files. */
  contentIds(files: readonly string[]): Promise<Map<string, string>>;
  /** Raw bytes; a file that cannot be read maps to an Error. */
  readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>>;
}

export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const REGULAR_FILE_MODES = new Set(['100644', '100755']);

function parseNameStatus(buffer: Buffer): ChangedFile[] {
  const parts = splitNul(buffer);
  const changes: ChangedFile[] = [];
  for (let i = 0; i < parts.length;) {
    const status = parts[i++] ?? '';
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const oldPath = parts[i++] ?? '';
      const newPath = parts[i++] ?? '';
      changes.push(
        letter === 'R'
          ? { path: newPath, status: 'renamed', oldPath }
          : { path: newPath, status: 'added' },
      );
    } else {
      const file = parts[i++] ?? '';
      changes.push({
        path: file,
        status: letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified',
      });
    }
  }
  return changes;
}

/**
 * Parses `git ls-files -s -z` or `git ls-tree -r -z` output into path → blob id. Index entries
 * of a merge conflict (stages 1 to 3) have no single content: their paths go to `unmerged`.
 */
function parseEntries(
  buffer: Buffer,
  format: 'index' | 'tree',
  unmerged?: Set<string>,
): Map<string, string> {
  const entries = new Map<string, string>();
  for (const record of splitNul(buffer)) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const meta = record.slice(0, tab).split(' ');
    const file = record.slice(tab + 1);
    const mode = meta[0] ?? '';
    const oid = format === 'index' ? meta[1] : meta[2];
    if (format === 'index' && meta[2] !== '0') {
      unmerged?.add(file);
      continue;
    }
    if (!REGULAR_FILE_MODES.has(mode) || !oid) continue;
    entries.set(file, oid);
  }
  return entries;
}

async function headCommit(root: string): Promise<string | undefined> {
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

const fileSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * The files of a list, as a set: one per list, shared by everything that asks about the same
 * list (the snapshots and checks of one listing).
 */
export function fileSetOf(files: readonly string[]): ReadonlySet<string> {
  let set = fileSets.get(files);
  if (!set) {
    set = new Set(files);
    fileSets.set(files, set);
  }
  return set;
}

abstract class BaseSnapshot implements Snapshot {
  abstract readonly kind: SnapshotKind;
  abstract readonly files: readonly string[];
  abstract readonly change: readonly ChangedFile[] | null;
  private fileSet: ReadonlySet<string> | undefined;
  constructor(
    readonly root: string,
    readonly isGit: boolean,
  ) {}
  has(file: string): boolean {
    this.fileSet ??= fileSetOf(this.files);
    return this.fileSet.has(file);
  }
  abstract contentIds(files: readonly string[]): Promise<Map<string, string>>;
  abstract readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>>;
}

/**
 * One file's bytes, read synchronously: source files are small and usually in the page cache,
 * where that is several times cheaper than four thread-pool round trips. Opened without
 * blocking and checked to be a regular file first, so a FIFO or a device (also behind a
 * symlink) is an error instead of a read that never ends.
 */
function readRegularFile(file: string): Buffer {
  const fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads files in one go; the callers read in batches, so the event loop is never held long. */
async function readFromDisk(
  root: string,
  files: readonly string[],
): Promise<Map<string, Buffer | Error>> {
  const out = new Map<string, Buffer | Error>();
  for (const file of files) {
    try {
      out.set(file, readRegularFile(path.join(root, file)));
    } catch (error) {
      out.set(file, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return out;
}

const splitMemo = new WeakMap<
  ReadonlyMap<string, string>,
  { files: readonly string[]; clean: ReadonlyMap<string, string>; toHash: string[] }
>();

/**
 * The files whose content is the index's, with their ids, and the others (read and hashed on
 * every call: their content may change while git's answer does not). Kept for the last list
 * asked about with a listing: a listing served again is asked about the same list.
 */
function splitByIndex(
  files: readonly string[],
  cleanIds: ReadonlyMap<string, string>,
): { clean: ReadonlyMap<string, string>; toHash: string[] } {
  const known = splitMemo.get(cleanIds);
  if (known?.files === files) return known;
  const clean = new Map<string, string>();
  const toHash: string[] = [];
  for (const file of files) {
    const id = cleanIds.get(file);
    if (id) clean.set(file, id);
    else toHash.push(file);
  }
  splitMemo.set(cleanIds, { files, clean, toHash });
  return { clean, toHash };
}

/** The working tree of a git repository: tracked and untracked files that are not ignored. */
class WorktreeSnapshot extends BaseSnapshot {
  readonly kind = 'worktree' as const;
  constructor(
    root: string,
    readonly files: readonly string[],
    private readonly cleanIds: ReadonlyMap<string, string>,
    readonly change: readonly ChangedFile[] | null,
    isGit: boolean,
    readonly unchecked: readonly UncheckedPath[] = [],
  ) {
    super(root, isGit);
  }
  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    const { clean, toHash } = splitByIndex(files, this.cleanIds);
    const ids = new LayeredIds(clean);
    const contents = await readFromDisk(this.root, toHash);
    for (const [file, content] of contents) {
      if (!(content instanceof Error)) ids.set(file, blobId(content));
    }
    return ids;
  }
  readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    return readFromDisk(this.root, files);
  }
}

/** Files stored in git objects: the index (`--staged`) or a commit (`--base/--head`). */
class ObjectSnapshot extends BaseSnapshot {
  readonly files: readonly string[];
  constructor(
    root: string,
    readonly kind: 'staged' | 'range',
    private readonly ids: Map<string, string>,
    readonly change: readonly ChangedFile[],
    readonly base?: string,
    readonly head?: string,
    readonly unchecked: readonly UncheckedPath[] = [],
  ) {
    super(root, true);
    this.files = [...ids.keys()].sort();
  }
  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const file of files) {
      const id = this.ids.get(file);
      if (id) out.set(file, id);
    }
    return out;
  }
  async readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    const wanted = files.filter((file) => this.ids.has(file));
    const blobs = await readBlobs(
      this.root,
      wanted.map((file) => this.ids.get(file) as string),
    );
    const out = new Map<string, Buffer | Error>();
    for (const file of files) {
      const id = this.ids.get(file);
      const blob = id ? blobs.get(id) : undefined;
      out.set(
        file,
        blob ?? new Error(`not in the ${this.kind === 'staged' ? 'index' : 'revision'}`),
      );
    }
    return out;
  }
}

/** A snapshot with proposed contents laid over it in memory; `null` deletes a file. */
export class OverlaySnapshot extends BaseSnapshot {
  readonly kind = 'overlay' as const;
  readonly files: readonly string[];
  readonly change: readonly ChangedFile[];
  readonly unchecked: readonly UncheckedPath[];
  private readonly overlay: Map<string, Buffer | null>;
  constructor(
    readonly under: Snapshot,
    overlay: ReadonlyMap<string, string | Buffer | null>,
  ) {
    super(under.root, under.isGit);
    this.unchecked = under.unchecked ?? [];
    this.overlay = new Map(
      [...overlay].map(([file, content]) => [
        normalizeRelative(file),
        typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      ]),
    );
    const change: ChangedFile[] = [];
    for (const [file, content] of this.overlay) {
      const present = under.has(file);
      if (content === null) {
        if (present) change.push({ path: file, status: 'deleted' });
      } else {
        change.push({ path: file, status: present ? 'modified' : 'added' });
      }
    }
    // Edits of existing files keep the list as it is (sorted already).
    this.files = change.every((c) => c.status === 'modified')
      ? under.files
      : [
          ...new Set([
            ...under.files.filter((file) => this.overlay.get(file) !== null),
            ...change.filter((c) => c.status === 'added').map((c) => c.path),
          ]),
        ].sort();
    this.change = change;
  }
  override has(file: string): boolean {
    const content = this.overlay.get(file);
    if (content !== undefined) return content !== null;
    // The snapshot below may know only part of the repository (PartialWorktreeSnapshot).
    return this.under.has(file);
  }
  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    if (files === this.under.files) {
      // Every file below (an edit of existing files keeps the list): asked as it is, so what
      // the snapshot below keeps for its own list serves, then the proposed contents count.
      const ids = await this.under.contentIds(files);
      for (const [file, content] of this.overlay) {
        if (content === null) ids.delete(file);
        else if (this.under.has(file)) ids.set(file, blobId(content));
      }
      return ids;
    }
    const rest = files.filter((file) => !this.overlay.has(file));
    const ids = await this.under.contentIds(rest);
    for (const file of files) {
      const content = this.overlay.get(file);
      if (content) ids.set(file, blobId(content));
    }
    return ids;
  }
  async readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    const rest = files.filter((file) => !this.overlay.has(file));
    const out = await this.under.readMany(rest);
    for (const file of files) {
      const content = this.overlay.get(file);
      if (content) out.set(file, content);
      else if (content === null) out.set(file, new Error('deleted by the proposed change'));
    }
    return out;
  }
}

/**
 * A few files of the working tree, and whether some other paths exist, without listing the
 * repository: what judging a proposed edit of those files needs when every rule it affects
 * looks only at the files themselves. A question about any other path throws, so a rule that
 * reads more than it declared fails the check instead of passing it.
 */
export class PartialWorktreeSnapshot extends BaseSnapshot {
  readonly kind = 'worktree' as const;
  readonly change: readonly ChangedFile[] = [];
  private readonly present: Set<string>;
  constructor(
    root: string,
    readonly files: readonly string[],
    /** Files found under the paths whose presence was asked. */
    present: readonly string[],
    private readonly asked: ReadonlySet<string>,
  ) {
    super(root, true);
    this.present = new Set([...files, ...present]);
  }
  override has(file: string): boolean {
    if (this.present.has(file)) return true;
    if (!this.asked.has(file)) throw new Error(`${file} is outside the files this check listed`);
    const folder = `${file.replace(/\/+$/, '')}/`;
    for (const entry of this.present) if (entry.startsWith(folder)) return true;
    return false;
  }
  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const [file, content] of await readFromDisk(this.root, files))
      if (Buffer.isBuffer(content)) ids.set(file, blobId(content));
    return ids;
  }
  readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    return readFromDisk(this.root, files);
  }
}

/**
 * Opens part of the working tree: which of `files` and `presence` (files or folders) git lists
 * as tracked or untracked-not-ignored and present on disk. `root` is the folder paths are
 * relative to (inside a git repository).
 */
export async function partialWorktree(
  root: string,
  files: readonly string[],
  presence: readonly string[],
): Promise<PartialWorktreeSnapshot> {
  const asked = [...new Set([...files, ...presence])];
  const listed =
    asked.length === 0
      ? []
      : [
          ...new Set(
            splitNul(
              await gitOk(root, [
                'ls-files',
                '-z',
                '-c',
                '-o',
                '--exclude-standard',
                '--',
                ...asked.map((file) => `:(literal)${file}`),
              ]),
            ),
          ),
        ];
  // The index still lists tracked files deleted from disk.
  const exists = async (file: string): Promise<boolean> =>
    (await stat(path.join(root, file)).catch(() => undefined)) !== undefined;
  const wanted = new Set(files);
  const found: string[] = [];
  for (const file of listed.filter((f) => wanted.has(f))) if (await exists(file)) found.push(file);
  // A folder counts when one file in it exists: stop looking at the first.
  const present: string[] = [];
  for (const target of presence) {
    const folder = `${target.replace(/\/+$/, '')}/`;
    for (const file of listed.filter((f) => f === target || f.startsWith(folder))) {
      if (await exists(file)) {
        present.push(file);
        break;
      }
    }
  }
  return new PartialWorktreeSnapshot(root, found.sort(), present, new Set(asked));
}

/**
 * The part of a snapshot under one folder, with paths relative to it: the view of a package
 * that has its own contract.
 */
export class ScopedSnapshot implements Snapshot {
  readonly kind: SnapshotKind;
  readonly root: string;
  readonly isGit: boolean;
  readonly files: readonly string[];
  readonly change: readonly ChangedFile[] | null;
  readonly unchecked: readonly UncheckedPath[];
  readonly base?: string;
  readonly head?: string;
  private readonly prefix: string;
  private readonly fileSet: Set<string>;
  constructor(
    readonly under: Snapshot,
    readonly scope: string,
  ) {
    this.kind = under.kind;
    this.root = path.join(under.root, scope);
    this.isGit = under.isGit;
    if (under.base) this.base = under.base;
    if (under.head) this.head = under.head;
    this.prefix = `${scope}/`;
    const inside = (file: string): boolean => file.startsWith(this.prefix);
    const strip = (file: string): string => file.slice(this.prefix.length);
    this.files = under.files.filter(inside).map(strip);
    this.fileSet = new Set(this.files);
    this.unchecked = (under.unchecked ?? [])
      .filter((entry) => inside(entry.path))
      .map((entry) => ({ ...entry, path: strip(entry.path) }));
    this.change =
      under.change === null
        ? null
        : under.change
            .filter((c) => inside(c.path) || (c.oldPath !== undefined && inside(c.oldPath)))
            .map((c) => {
              // A rename across the scope's edge is an add or a delete from inside it.
              if (!inside(c.path))
                return { path: strip(c.oldPath as string), status: 'deleted' as const };
              if (c.oldPath !== undefined && !inside(c.oldPath))
                return { path: strip(c.path), status: 'added' as const };
              return {
                ...c,
                path: strip(c.path),
                ...(c.oldPath !== undefined ? { oldPath: strip(c.oldPath) } : {}),
              };
            });
  }
  has(file: string): boolean {
    return this.fileSet.has(file);
  }
  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    const ids = await this.under.contentIds(files.map((f) => this.prefix + f));
    return new Map([...ids].map(([file, id]) => [file.slice(this.prefix.length), id]));
  }
  async readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    const contents = await this.under.readMany(files.map((f) => this.prefix + f));
    return new Map(
      [...contents].map(([file, content]) => [file.slice(this.prefix.length), content]),
    );
  }
}

export function normalizeRelative(file: string): string {
  const normalized = path.posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (normalized.startsWith('../') || normalized === '..' || path.posix.isAbsolute(normalized)) {
    throw new CharterError('usage/path-outside-repository', `"${file}" is outside the repository`);
  }
  return normalized;
}

interface WorktreeListing {
  /** Blob ids of tracked files whose content on disk is the index's (read only). */
  cleanIds: ReadonlyMap<string, string>;
  files: readonly string[];
  untracked: readonly string[];
  /** Untracked folders git could not open: their files are unknown. */
  unchecked: readonly UncheckedPath[];
}

/**
 * The last listing of each repository, for a long-lived process (the hook daemon): when git
 * answers exactly as before, the same listing serves again, and results computed from it by
 * identity (the checked files, the facts of unchanged files) are found again. A modified
 * file keeps no id here: its content is hashed on every check.
 */
let rememberedListings:
  | Map<string, { listing: Buffer; warnings: string; differing: Buffer; parsed: WorktreeListing }>
  | undefined;
const REMEMBERED_LISTINGS = 8;

export function rememberWorktreeListings(): void {
  rememberedListings ??= new Map();
}

const LISTING_ARGS = ['ls-files', '-z', '-t', '-s', '-c', '-o', '--exclude-standard'];

/** The listing, and git's warnings: a folder it could not open is only a warning. */
async function listFiles(root: string): Promise<{ listing: Buffer; warnings: string }> {
  const result = await runGit(root, LISTING_ARGS);
  if (result.code !== 0) {
    throw new CharterError(
      'charter/git-failed',
      `git ${LISTING_ARGS.join(' ')} failed: ${result.stderr.trim()}`,
    );
  }
  return { listing: result.stdout, warnings: result.stderr };
}

const UNOPENED_FOLDER = /^warning: could not open directory '(.+)': (.*)$/;

/**
 * The folders git says it could not open while listing untracked files (git goes on without
 * them and exits 0), with the reason it gives. Paths are relative to the top level and end
 * with "/".
 */
export function unopenedFolders(warnings: string): UncheckedPath[] {
  const found = new Map<string, UncheckedPath>();
  for (const line of warnings.split('\n')) {
    const match = UNOPENED_FOLDER.exec(line.trimEnd());
    if (!match) continue;
    const folder = (match[1] as string).replace(/\/*$/, '/');
    found.set(folder, { path: folder, reason: 'unreadable', detail: match[2] as string });
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The working tree from two git processes that run side by side: `ls-files -t` lists tracked
 * files with their index blob ids (`H`, `S` for skip-worktree, `M` for the stages of a merge
 * conflict) and untracked files that are not ignored (`?`); `diff-files` says which tracked
 * files differ on disk (`D`: deleted).
 */
async function listWorktree(root: string): Promise<WorktreeListing> {
  const [{ listing, warnings }, differing] = await Promise.all([
    listFiles(root),
    gitOk(root, ['diff-files', '-z', '--name-status']),
  ]);
  const known = rememberedListings?.get(root);
  if (
    known &&
    known.listing.equals(listing) &&
    known.warnings === warnings &&
    known.differing.equals(differing)
  )
    return known.parsed;
  const parsed = parseListing(listing, differing, warnings);
  if (rememberedListings) {
    rememberedListings.delete(root);
    rememberedListings.set(root, { listing, warnings, differing, parsed });
    if (rememberedListings.size > REMEMBERED_LISTINGS) {
      const oldest = rememberedListings.keys().next().value;
      if (oldest !== undefined) rememberedListings.delete(oldest);
    }
  }
  return parsed;
}

function parseListing(listing: Buffer, differing: Buffer, warnings: string): WorktreeListing {
  const cleanIds = new Map<string, string>();
  const untracked: string[] = [];
  // A file with unresolved merge conflicts is checked as it is on disk, markers and all.
  const unmerged = new Set<string>();
  for (const record of splitNul(listing)) {
    const tag = record.slice(0, 2);
    const rest = record.slice(2);
    if (tag === '? ') {
      untracked.push(rest);
      continue;
    }
    const tab = rest.indexOf('\t');
    if (tab < 0) continue;
    const [mode, oid, stage] = rest.slice(0, tab).split(' ');
    if (tag === 'M ') {
      if (REGULAR_FILE_MODES.has(mode ?? '')) unmerged.add(rest.slice(tab + 1));
      continue;
    }
    if (tag !== 'H ' && tag !== 'S ') continue;
    if (stage === '0' && oid && REGULAR_FILE_MODES.has(mode ?? ''))
      cleanIds.set(rest.slice(tab + 1), oid);
  }
  const files = new Set([...cleanIds.keys(), ...unmerged, ...untracked]);
  const statuses = splitNul(differing);
  for (let i = 0; i + 1 < statuses.length; i += 2) {
    const file = statuses[i + 1] as string;
    cleanIds.delete(file);
    if (statuses[i] === 'D') files.delete(file);
  }
  return { cleanIds, files: [...files].sort(), untracked, unchecked: unopenedFolders(warnings) };
}

/**
 * The working tree and, unless `change` is false, its change against HEAD (every file is
 * added when there is no commit yet).
 */
async function worktreeFromGit(
  root: string,
  change: boolean,
): Promise<{ snapshot: Snapshot; head: string | undefined }> {
  const [listing, head] = await Promise.all([
    listWorktree(root),
    change ? headCommit(root) : undefined,
  ]);
  if (!change)
    return {
      snapshot: new WorktreeSnapshot(
        root,
        listing.files,
        listing.cleanIds,
        null,
        true,
        listing.unchecked,
      ),
      head,
    };
  const diffArgs = ['diff', '-z', '--name-status', '-M', '--no-ext-diff', head ?? EMPTY_TREE];
  const tracked = parseNameStatus(await gitOk(root, diffArgs));
  const untracked = listing.untracked.map((file): ChangedFile => ({ path: file, status: 'added' }));
  const snapshot = new WorktreeSnapshot(
    root,
    listing.files,
    listing.cleanIds,
    [...tracked, ...untracked],
    true,
    listing.unchecked,
  );
  return { snapshot, head };
}

const ALWAYS_IGNORED = ['.git', 'node_modules'];

/** Outside git: walk the directory, honouring .gitignore files like git would. */
async function worktreeFromDisk(root: string): Promise<Snapshot> {
  const files: string[] = [];
  async function walk(
    dir: string,
    matchers: { base: string; ig: ReturnType<typeof ignore> }[],
  ): Promise<void> {
    const relDir = path.relative(root, dir).split(path.sep).join('/');
    let local = matchers;
    try {
      const text = await readFile(path.join(dir, '.gitignore'), 'utf8');
      local = [...matchers, { base: relDir, ig: ignore().add(text) }];
    } catch {
      // no .gitignore here
    }
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (ALWAYS_IGNORED.includes(entry.name)) continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      const ignored = local.some(({ base, ig }) => {
        const sub = base ? rel.slice(base.length + 1) : rel;
        return ig.ignores(isDir ? `${sub}/` : sub);
      });
      if (ignored) continue;
      if (isDir) await walk(path.join(dir, entry.name), local);
      else if (entry.isFile()) files.push(rel);
    }
  }
  const stat = await lstat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new CharterError('usage/not-a-directory', `"${root}" is not a directory`);
  }
  await walk(root, []);
  return new WorktreeSnapshot(root, files.sort(), new Map(), null, false);
}

export interface SnapshotRequest {
  cwd: string;
  mode: 'worktree' | 'staged' | 'range';
  /**
   * false: the working tree without its change against HEAD (`change` is null), for checks
   * that compare it with a proposed edit instead. Saves two git processes.
   */
  change?: boolean;
  base?: string;
  head?: string;
}

export interface OpenedSnapshot {
  snapshot: Snapshot;
  /** The commit `--base` resolves to: the trusted side, where the contract is read. */
  baseCommit?: string;
  /** The commit the change is compared with (HEAD, or the fork point of a range). */
  beforeCommit?: string;
}

/** The repository as it was before the change: the files a rule compares against. */
export async function snapshotAtCommit(root: string, commit: string): Promise<Snapshot> {
  const ids = parseEntries(
    await gitOk(root, ['ls-tree', '-r', '-z', '--full-tree', commit]),
    'tree',
  );
  return new ObjectSnapshot(root, 'range', ids, []);
}

export async function openSnapshot(request: SnapshotRequest): Promise<OpenedSnapshot> {
  // A missing folder would otherwise surface as "could not run git" (spawn fails on the cwd).
  const cwdStat = await stat(request.cwd).catch(() => undefined);
  if (!cwdStat?.isDirectory()) {
    throw new CharterError(
      'usage/not-a-directory',
      `"${request.cwd}" is not a directory`,
      'check the -C/--cwd argument',
    );
  }
  const root = await findGitRoot(request.cwd);
  if (!root) {
    if (request.mode !== 'worktree') {
      throw new CharterError(
        'charter/not-a-git-repository',
        `${request.mode === 'staged' ? '--staged' : '--base'} needs a git repository, and "${request.cwd}" is not inside one`,
        'run "git init", or check the working tree without --staged/--base',
      );
    }
    return { snapshot: await worktreeFromDisk(path.resolve(request.cwd)) };
  }
  if (request.mode === 'worktree') {
    const { snapshot, head } = await worktreeFromGit(root, request.change ?? true);
    return { snapshot, ...(head ? { beforeCommit: head } : {}) };
  }
  if (request.mode === 'staged') {
    const [head, index] = await Promise.all([
      headCommit(root),
      gitOk(root, ['ls-files', '-z', '-s', '-c']),
    ]);
    const unmerged = new Set<string>();
    const ids = parseEntries(index, 'index', unmerged);
    const change = parseNameStatus(
      await gitOk(root, [
        'diff',
        '-z',
        '--cached',
        '--name-status',
        '-M',
        '--no-ext-diff',
        head ?? EMPTY_TREE,
      ]),
    );
    // The index holds no single content for a conflicted file: there is nothing to check.
    const unchecked = [...unmerged].sort().map((file): UncheckedPath => ({
      path: file,
      reason: 'unmerged',
      detail: 'unresolved merge conflicts in the index',
    }));
    return {
      snapshot: new ObjectSnapshot(
        root,
        'staged',
        ids,
        change.filter((c) => !unmerged.has(c.path)),
        undefined,
        undefined,
        unchecked,
      ),
      ...(head ? { beforeCommit: head } : {}),
    };
  }
  if (!request.base) throw new CharterError('usage/missing-base', '--head needs --base');
  const baseCommit = await resolveRevision(root, request.base);
  const headCommitId = await resolveRevision(root, request.head ?? 'HEAD');
  const mergeBase = await runGit(root, ['merge-base', baseCommit, headCommitId]);
  if (mergeBase.code !== 0) {
    throw new CharterError(
      'charter/unknown-revision',
      `"${request.base}" and "${request.head ?? 'HEAD'}" have no common ancestor`,
      'fetch more history (git fetch --unshallow) or pick a base on the same line of history',
    );
  }
  const forkPoint = mergeBase.stdout.toString('utf8').trim();
  const ids = parseEntries(
    await gitOk(root, ['ls-tree', '-r', '-z', '--full-tree', headCommitId]),
    'tree',
  );
  const change = parseNameStatus(
    await gitOk(root, [
      'diff',
      '-z',
      '--name-status',
      '-M',
      '--no-ext-diff',
      forkPoint,
      headCommitId,
    ]),
  );
  return {
    snapshot: new ObjectSnapshot(root, 'range', ids, change, request.base, request.head ?? 'HEAD'),
    baseCommit,
    beforeCommit: forkPoint,
  };
}

/** Reads one file as it was at a revision (the contract in --base mode). */
export async function readAtRevision(
  root: string,
  revision: string,
  file: string,
): Promise<Buffer | undefined> {
  const result = await runGit(root, ['show', `${revision}:${file}`]);
  return result.code === 0 ? result.stdout : undefined;
}
