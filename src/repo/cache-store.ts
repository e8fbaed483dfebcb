import { createHmac, timingSafeEqual } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import {
  STATE_DIR,
  readStateFile,
  stateFolderProblem,
  stateFolderTracked,
  writeStateFile,
} from './state-folder.js';
import { userSecret } from './user-state.js';

export const CACHE_DIR = `${STATE_DIR}/cache`;

const PACK_VERSION = 3;
const PACK_HEADER = /^charter-cache (\d+) ([0-9a-f]*)$/;
/** Misses of a resident pack that make it worth reading its file again (see refresh). */
const REREAD_AFTER_MISSES = 8;

/**
 * Versions of one file a pack keeps, most recently used first: the file on disk and a proposed
 * edit of it, say.
 */
const VERSIONS_PER_FILE = 2;

export interface CacheNote {
  file: string;
  problem: string;
}

/** Facts one extractor found in one version of a file, known by the file's content id. */
export interface CachedFacts {
  id: string;
  facts: unknown;
}

/** The files of a pack a run used: its facts by file, say. */
export interface UsedFiles {
  readonly size: number;
  has(file: string): boolean;
}

/** File path → its cached versions, newest first. */
export type PackEntries = Map<string, CachedFacts[]>;

/**
 * The pack's authentication code: an HMAC under the user's key, which lives outside every
 * repository, so nothing a change or an agent writes into the repository can produce a pack
 * that verifies. It covers the pack's name too: a pack copied to another extractor
 * configuration's name does not verify either.
 */
function authenticate(key: Buffer, name: string, body: string): string {
  return createHmac('sha256', key).update(`${PACK_VERSION}\n${name}\n`).update(body).digest('hex');
}

/**
 * A pack is a header line with the format version and the authentication code of the JSON
 * body after it; the body lists `[file, content id, facts]`.
 */
export function formatPack(entries: PackEntries, key: Buffer, name: string): string {
  const rows: [string, string, unknown][] = [];
  for (const [file, versions] of entries)
    for (const version of versions) rows.push([file, version.id, version.facts]);
  const body = JSON.stringify(rows);
  return `charter-cache ${PACK_VERSION} ${authenticate(key, name, body)}\n${body}`;
}

/** A pack written by another version of Charter: rebuilt without a word, like a cold cache. */
export class OtherPackVersion extends Error {}

function isRow(value: unknown): value is [string, string, unknown] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  );
}

/**
 * The entries of pack `name`. Any change to the file after it was written — a truncated
 * write, a hand edit, a single altered entry, a pack made without the user's key — fails
 * authentication, so facts are used only from packs this user's Charter wrote.
 */
export function parsePack(text: string, key: Buffer, name: string): PackEntries {
  const newline = text.indexOf('\n');
  const header = PACK_HEADER.exec(newline < 0 ? text : text.slice(0, newline));
  if (!header) throw new Error('not a cache pack');
  if (Number(header[1]) !== PACK_VERSION) throw new OtherPackVersion(`version ${header[1]}`);
  const body = text.slice(newline + 1);
  const given = Buffer.from(header[2] as string, 'hex');
  const expected = Buffer.from(authenticate(key, name, body), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error("authentication failed: altered, or not written with this user's key");
  const parsed: unknown = JSON.parse(body);
  if (!Array.isArray(parsed) || !parsed.every(isRow)) throw new Error('not a list of entries');
  const entries: PackEntries = new Map();
  for (const [file, id, facts] of parsed) {
    const versions = entries.get(file);
    if (versions) versions.push({ id, facts });
    else entries.set(file, [{ id, facts }]);
  }
  return entries;
}

/** Where a pack lives, and the key it is authenticated with. */
interface PackSite {
  root: string;
  name: string;
  key: Buffer;
}

/** A pack a long-lived process keeps between checks, with the state of its file when read. */
interface ResidentPack {
  site: PackSite;
  stamp: string | undefined;
  entries: PackEntries;
  /** Holds entries the file does not have yet. */
  unwritten: boolean;
}

/**
 * In a long-lived process (the hook daemon) packs stay in memory between checks, and are
 * written between requests instead of while an agent waits. Entries are addressed by
 * content id, so an entry kept in memory is as valid as the file's: a pack's file is read
 * once, and again only when many files miss and another process rewrote it since.
 */
const resident = {
  enabled: false,
  packs: new Map<string, ResidentPack>(),
};

export function keepFactCacheResident(): void {
  resident.enabled = true;
}

/** Whether packs stay in memory: then even a check of a few files reads them cheaply. */
export function factCacheIsResident(): boolean {
  return resident.enabled;
}

async function fileStamp(file: string): Promise<string | undefined> {
  const info = await lstat(file).catch(() => undefined);
  return info ? `${info.mtimeMs}:${info.size}:${info.ino}` : undefined;
}

function packPath(root: string, name: string): string {
  return path.join(root, CACHE_DIR, `${name}.json`);
}

async function writePack(site: PackSite, entries: PackEntries): Promise<string | undefined> {
  const text = formatPack(entries, site.key, site.name);
  await writeStateFile(site.root, CACHE_DIR, `${site.name}.json`, text);
  return fileStamp(packPath(site.root, site.name));
}

/** Writes the packs that hold entries their files do not have; the errors, as notes. */
export async function flushResidentFactCache(): Promise<CacheNote[]> {
  const notes: CacheNote[] = [];
  for (const [file, pack] of resident.packs) {
    if (!pack.unwritten) continue;
    pack.unwritten = false;
    try {
      pack.stamp = await writePack(pack.site, pack.entries);
    } catch (error) {
      notes.push({ file, problem: `could not write the fact cache: ${(error as Error).message}` });
    }
  }
  return notes;
}

export interface FactCacheOptions {
  /** Commits whose trees must not hold `.charter` either: a range's base and head. */
  revisions?: readonly string[];
  /** Whether the index holds `.charter`, when a listing told (else git is asked). */
  tracked?: boolean | undefined;
}

/**
 * One pack per extractor configuration under .charter/cache: loading one file is far cheaper
 * than thousands of small ones on a warm run. Packs are read and written only with the
 * user's key (outside every repository), only when `.charter` and `.charter/cache` are real
 * folders git does not track, and never through a symlink. A pack that cannot be parsed or
 * does not authenticate is dropped and rebuilt; the caller gets a note to print. Without a
 * key (no HOME or XDG_STATE_HOME) facts are kept for the run only.
 */
export class FactCache {
  private readonly packs = new Map<string, { entries: PackEntries; dirty: boolean }>();
  readonly notes: CacheNote[] = [];
  private trust: Promise<Buffer | undefined> | undefined;

  constructor(
    private readonly root: string,
    private readonly enabled: boolean,
    private readonly options: FactCacheOptions = {},
  ) {}

  private packFile(pack: string): string {
    return packPath(this.root, pack);
  }

  /** The key to read and write packs with, or undefined when they must not be used here. */
  private usableKey(): Promise<Buffer | undefined> {
    this.trust ??= this.establishTrust();
    return this.trust;
  }

  private async establishTrust(): Promise<Buffer | undefined> {
    const key = await userSecret('cache').catch((error: Error) => {
      this.notes.push({ file: CACHE_DIR, problem: `not used: ${error.message}` });
      return undefined;
    });
    if (!key) return undefined;
    const [problem, tracked] = await Promise.all([
      stateFolderProblem(this.root, CACHE_DIR),
      stateFolderTracked(this.root, this.options.revisions, this.options.tracked).catch(
        (error: Error) => error,
      ),
    ]);
    const refused: CacheNote | undefined = problem
      ? {
          file: problem.path,
          problem: `${problem.problem}; the fact cache was not used (remove it: Charter creates it again as a folder)`,
        }
      : tracked instanceof Error
        ? {
            file: STATE_DIR,
            problem: `the fact cache was not used: could not ask git whether it is tracked (${tracked.message})`,
          }
        : tracked
          ? {
              file: STATE_DIR,
              problem: `is in git (committed or staged); the fact cache was not used (add ${STATE_DIR}/ to .gitignore and remove it from git: git rm -r --cached ${STATE_DIR})`,
            }
          : undefined;
    if (!refused) return key;
    this.notes.push(refused);
    return undefined;
  }

  async load(pack: string): Promise<void> {
    if (this.packs.has(pack)) return;
    let entries: PackEntries = new Map();
    if (this.enabled) entries = await this.loadEnabled(pack);
    this.packs.set(pack, { entries, dirty: false });
  }

  private async loadEnabled(pack: string): Promise<PackEntries> {
    const file = this.packFile(pack);
    const kept = resident.enabled ? resident.packs.get(file) : undefined;
    if (kept) return kept.entries;
    const key = await this.usableKey();
    if (!key) return new Map();
    if (!resident.enabled) return this.readPack(file, key, pack);
    const stamp = await fileStamp(file);
    const entries = await this.readPack(file, key, pack);
    resident.packs.set(file, {
      site: { root: this.root, name: pack, key },
      stamp,
      entries,
      unwritten: false,
    });
    return entries;
  }

  /**
   * A pack kept in memory, after `misses` files were not in it: when another process rewrote
   * its file since, the entries there are added (what memory holds stays valid, being keyed by
   * content). True when something was added. A handful of misses is cheaper to extract than
   * a pack is to read again: a proposed edit is never in any pack.
   */
  async refresh(pack: string, misses: number): Promise<boolean> {
    if (!resident.enabled || !this.enabled || misses < REREAD_AFTER_MISSES) return false;
    const file = this.packFile(pack);
    const kept = resident.packs.get(file);
    const stamp = await fileStamp(file);
    if (!kept || stamp === undefined || stamp === kept.stamp) return false;
    const key = await this.usableKey();
    if (!key) return false;
    const onDisk = await this.readPack(file, key, pack);
    kept.stamp = stamp;
    let added = false;
    for (const [name, versions] of onDisk) {
      const known = kept.entries.get(name) ?? [];
      const missing = versions.filter((v) => !known.some((k) => k.id === v.id));
      if (missing.length === 0) continue;
      kept.entries.set(name, [...known, ...missing].slice(0, VERSIONS_PER_FILE));
      added = true;
    }
    return added;
  }

  private async readPack(file: string, key: Buffer, name: string): Promise<PackEntries> {
    const relative = path.relative(this.root, file);
    const text = await readStateFile(file).catch((error: Error) => {
      this.notes.push({ file: relative, problem: `${error.message}: ignored and rebuilt` });
      return undefined;
    });
    if (text === undefined) return new Map();
    try {
      return parsePack(text, key, name);
    } catch (error) {
      if (!(error instanceof OtherPackVersion))
        this.notes.push({
          file: relative,
          problem: `corrupt cache ignored and rebuilt (${(error as Error).message})`,
        });
      return new Map();
    }
  }

  /** The facts of `file` at content `id`, when cached; the version used last comes first. */
  get(pack: string, file: string, id: string): CachedFacts | undefined {
    const versions = this.packs.get(pack)?.entries.get(file);
    if (!versions) return undefined;
    for (let index = 0; index < versions.length; index++) {
      const version = versions[index] as CachedFacts;
      if (version.id !== id) continue;
      // The file on disk is asked for on every check of an edit to it: it must outlast the edits.
      if (index > 0) versions.splice(0, 0, ...versions.splice(index, 1));
      return version;
    }
    return undefined;
  }

  set(pack: string, file: string, id: string, facts: unknown): void {
    const loaded = this.packs.get(pack);
    if (!loaded) return;
    const others = (loaded.entries.get(file) ?? []).filter((version) => version.id !== id);
    loaded.entries.set(file, [{ id, facts }, ...others].slice(0, VERSIONS_PER_FILE));
    loaded.dirty = true;
  }

  /**
   * Keeps only the files used in this run (a pack's files with facts in this run), so packs do
   * not grow without bound. A long-lived
   * process leaves the writing (and the pruning: its checks see parts of the repository) to
   * flushResidentFactCache.
   */
  async save(usedFiles: ReadonlyMap<string, UsedFiles>): Promise<void> {
    if (!this.enabled) return;
    await Promise.all(
      [...this.packs].map(async ([pack, loaded]) => {
        const file = this.packFile(pack);
        if (resident.enabled) {
          const kept = resident.packs.get(file);
          if (kept && loaded.dirty) kept.unwritten = true;
          return;
        }
        const used = usedFiles.get(pack);
        const pruned = used !== undefined && loaded.entries.size > used.size * 2 + 1000;
        if (!loaded.dirty && !pruned) return;
        const key = await this.usableKey();
        if (!key) return;
        const kept =
          pruned && used
            ? new Map([...loaded.entries].filter(([name]) => used.has(name)))
            : loaded.entries;
        await writePack({ root: this.root, name: pack, key }, kept);
      }),
    );
  }
}
