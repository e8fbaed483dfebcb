import { createHash } from 'node:crypto';
import path from 'node:path';
import { readTextIfExists, writeFileAtomic } from './fs.js';

export const CACHE_DIR = '.charter/cache';

export interface CacheNote {
  file: string;
  problem: string;
}

const PACK_HEADER = /^charter-cache 1 ([0-9a-f]{40})$/;

function digest(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}

/** A pack is a header line with the checksum of the JSON body after it. */
export function formatPack(entries: Record<string, unknown>): string {
  const body = JSON.stringify(entries);
  return `charter-cache 1 ${digest(body)}\n${body}`;
}

/**
 * The entries of a pack. Any change to the file after it was written — a truncated write, a
 * hand edit, a single altered entry — fails the checksum, so wrong facts are never used.
 */
export function parsePack(text: string): Record<string, unknown> {
  const newline = text.indexOf('\n');
  const header = PACK_HEADER.exec(newline < 0 ? text : text.slice(0, newline));
  if (!header) throw new Error('not a cache pack of this version');
  const body = text.slice(newline + 1);
  if (digest(body) !== header[1]) throw new Error('checksum mismatch');
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

/**
 * One JSON pack per extractor configuration under .charter/cache: loading one file is far
 * cheaper than thousands of small ones on a warm run. A pack that cannot be parsed or fails
 * its checksum is dropped and rebuilt; the caller gets a note to print.
 */
export class FactCache {
  private readonly packs = new Map<string, { entries: Record<string, unknown>; dirty: boolean }>();
  readonly notes: CacheNote[] = [];

  constructor(
    private readonly root: string,
    private readonly enabled: boolean,
  ) {}

  private packFile(pack: string): string {
    return path.join(this.root, CACHE_DIR, `${pack}.json`);
  }

  async load(pack: string): Promise<Record<string, unknown>> {
    const existing = this.packs.get(pack);
    if (existing) return existing.entries;
    let entries: Record<string, unknown> = {};
    if (this.enabled) {
      const file = this.packFile(pack);
      const text = await readTextIfExists(file).catch((error: Error) => {
        this.notes.push({ file, problem: error.message });
        return undefined;
      });
      if (text !== undefined) {
        try {
          entries = parsePack(text);
        } catch (error) {
          this.notes.push({
            file: path.relative(this.root, file),
            problem: `corrupt cache ignored and rebuilt (${(error as Error).message})`,
          });
        }
      }
    }
    this.packs.set(pack, { entries, dirty: false });
    return entries;
  }

  set(pack: string, key: string, value: unknown): void {
    const entry = this.packs.get(pack);
    if (!entry) return;
    entry.entries[key] = value;
    entry.dirty = true;
  }

  /** Keeps only the keys used in this run, so packs do not grow without bound. */
  async save(usedKeys: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    if (!this.enabled) return;
    await Promise.all(
      [...this.packs].map(async ([pack, { entries, dirty }]) => {
        const used = usedKeys.get(pack);
        const keys = Object.keys(entries);
        const pruned = used && keys.length > used.size * 2 + 1000;
        if (!dirty && !pruned) return;
        const kept: Record<string, unknown> = {};
        for (const key of keys) if (!pruned || used?.has(key)) kept[key] = entries[key];
        await writeFileAtomic(this.packFile(pack), formatPack(kept));
      }),
    );
  }
}
