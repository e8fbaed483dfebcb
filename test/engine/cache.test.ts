import { createHash, createHmac } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FactCache, formatPack, parsePack } from '../../src/repo/cache-store.js';
import type { PackEntries } from '../../src/repo/cache-store.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { isolateUserState } from '../helpers/user-state.js';
import { EVAL_CONTRACT, parseReport } from './fixtures.js';

const { cacheKey } = isolateUserState();

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(): TestRepo {
  const repo = makeRepo({
    'charter.yaml': EVAL_CONTRACT,
    'src/a.ts': 'export const a = eval(input);\n',
    'src/b.ts': 'export const b = 2;\n',
  });
  repo.commit('base');
  return repo;
}

/** The packs of the custom/pattern extractor (other rules' extractors have packs of their own). */
function packFiles(repo: TestRepo): string[] {
  const dir = path.join(repo.root, '.charter', 'cache');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.startsWith('custom-patterns-'))
        .sort()
    : [];
}

const packName = (file: string): string => path.basename(file, '.json');

/** The pack's entries as `file\0content id` → facts. */
async function readPack(repo: TestRepo): Promise<Record<string, unknown>> {
  const [pack] = packFiles(repo);
  const entries = parsePack(
    readFileSync(path.join(repo.root, '.charter', 'cache', pack as string), 'utf8'),
    await cacheKey(),
    packName(pack as string),
  );
  return Object.fromEntries(
    [...entries].flatMap(([file, versions]) => versions.map((v) => [`${file}\0${v.id}`, v.facts])),
  );
}

function mapFacts(entries: PackEntries, change: (facts: unknown) => unknown): PackEntries {
  return new Map(
    [...entries].map(([file, versions]) => [
      file,
      versions.map((v) => ({ id: v.id, facts: change(v.facts) })),
    ]),
  );
}

/**
 * Rewrites the pack with the `eval(input)` capture changed, as a valid pack (authenticated
 * with the user's key, as only this user's Charter can).
 */
async function doctorPack(file: string): Promise<string> {
  const key = await cacheKey();
  const name = packName(file);
  const doctored = formatPack(
    mapFacts(parsePack(readFileSync(file, 'utf8'), key, name), (facts) =>
      JSON.parse(JSON.stringify(facts).replace('"X":"input"', '"X":"from-the-cache"')),
    ),
    key,
    name,
  );
  writeFileSync(file, doctored);
  return doctored;
}

/** A pack of the current format, authenticated with the user's key, around any body. */
async function packWithBody(file: string, body: string): Promise<string> {
  const code = createHmac('sha256', await cacheKey())
    .update(`3\n${packName(file)}\n`)
    .update(body)
    .digest('hex');
  return `charter-cache 3 ${code}\n${body}`;
}

describe('fact cache', () => {
  it('stores facts per file by content id in one pack per extractor configuration', async () => {
    const repo = setup();
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const packs = packFiles(repo);
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatch(/^custom-patterns-[0-9a-f]{12}\.json$/);
    const blobA = repo.git('hash-object', 'src/a.ts').trim();
    const blobB = repo.git('hash-object', 'src/b.ts').trim();
    expect(await readPack(repo)).toEqual({
      [`src/a.ts\0${blobA}`]: [
        {
          id: 'no-eval',
          start: { line: 0, column: 17 },
          end: { line: 0, column: 28 },
          text: 'eval(input)',
          captures: { X: 'input' },
        },
      ],
      [`src/b.ts\0${blobB}`]: [],
    });
  });

  it('a second run reads the cache and extracts nothing', async () => {
    const repo = setup();
    const first = await runCharter(['check', '--format', 'json'], repo.root);
    const set = vi.spyOn(FactCache.prototype, 'set');
    const second = await runCharter(['check', '--format', 'json'], repo.root);
    expect(set).not.toHaveBeenCalled();
    expect(second.code).toBe(first.code);
    expect(parseReport(second).findings).toEqual(parseReport(first).findings);

    // Proof that the facts come from the cache: a doctored entry shows up in the findings.
    const [pack] = packFiles(repo);
    const file = path.join(repo.root, '.charter', 'cache', pack as string);
    await doctorPack(file);
    const third = await runCharter(['check', '--format', 'json'], repo.root);
    expect(parseReport(third).findings[0]?.message).toBe('do not eval from-the-cache');
  });

  it('an edited file misses the cache and is extracted again', async () => {
    const repo = setup();
    await runCharter(['check'], repo.root);
    repo.write({ 'src/b.ts': 'export const b = eval(edited);\n' });
    const set = vi.spyOn(FactCache.prototype, 'set');
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    // Every extractor of the new state stores the new content once, under the new content id.
    // (Rules that compare with the state before the change also cache the old content, under
    // the old id: that is the same content-addressed cache, not a stale entry.)
    const blob = repo.git('hash-object', 'src/b.ts').trim();
    const before = repo.git('rev-parse', 'HEAD:src/b.ts').trim();
    const keys = set.mock.calls.map((call) => `${call[1]}\0${call[2]}`);
    expect(keys.filter((key) => key !== `src/b.ts\0${before}`)).toEqual(
      keys.filter((key) => key !== `src/b.ts\0${before}`).map(() => `src/b.ts\0${blob}`),
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(set.mock.calls.filter((call) => call[0].startsWith('custom-patterns-'))).toHaveLength(1);
    expect(parseReport(run).findings.map((f) => f.message)).toEqual([
      'do not eval input',
      'do not eval edited',
    ]);
  });

  // One entry changed in place, as a hand edit or a bad disk would: the JSON is still valid.
  const alterOneEntry = (text: string): string => text.replace('"X":"input"', '"X":"inpuX"');
  it.each([
    ['not JSON', () => '{"src/a.ts\u0000', /corrupt cache ignored and rebuilt \(.+\)$/],
    [
      'not a list of entries',
      (_text: string, file: string) => packWithBody(file, '{"src/a.ts":[]}'),
      /corrupt cache ignored and rebuilt \(not a list of entries\)$/,
    ],
    [
      'an entry changed after it was written',
      alterOneEntry,
      /corrupt cache ignored and rebuilt \(authentication failed: altered, or not written with this user's key\)$/,
    ],
    [
      'a pack without the header',
      (text: string) => text.slice(text.indexOf('\n') + 1),
      /corrupt cache ignored and rebuilt \(not a cache pack\)$/,
    ],
  ])(
    'a corrupt pack (%s) is ignored, rebuilt, and noted; the exit code is as usual',
    async (_name, corrupt, note) => {
      const repo = setup();
      const clean = await runCharter(['check', '--format', 'json'], repo.root);
      const [pack] = packFiles(repo);
      const file = path.join(repo.root, '.charter', 'cache', pack as string);
      const written = readFileSync(file, 'utf8');
      const content = await corrupt(written, file);
      expect(content).not.toBe(written);
      writeFileSync(file, content);

      const run = await runCharter(['check', '--format', 'json'], repo.root);
      expect(run.code).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith(`charter: note: .charter/cache/${pack}: `)).toBe(true);
      expect(lines[0]).toMatch(note);
      expect(parseReport(run).findings).toEqual(parseReport(clean).findings);
      // Rebuilt: the next run is quiet again and reads the rebuilt pack.
      expect(parsePack(readFileSync(file, 'utf8'), await cacheKey(), packName(file)).size).toBe(2);
      const after = await runCharter(['check'], repo.root);
      expect(after.stderr).toBe('');
      expect(after.code).toBe(1);
    },
  );

  it('a pack written by another version of the format is rebuilt without a note', async () => {
    const repo = setup();
    const clean = await runCharter(['check', '--format', 'json'], repo.root);
    const [pack] = packFiles(repo);
    const file = path.join(repo.root, '.charter', 'cache', pack as string);
    // The previous format: an unkeyed sha1 checksum.
    const body = '[["src/a.ts","abc",[]]]';
    writeFileSync(
      file,
      `charter-cache 2 ${createHash('sha1').update(body).digest('hex')}\n${body}`,
    );
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.stderr).toBe('');
    expect(parseReport(run).findings).toEqual(parseReport(clean).findings);
    expect(parsePack(readFileSync(file, 'utf8'), await cacheKey(), packName(file)).size).toBe(2);
  });

  it('a corrupt pack does not turn a clean run into a failure', async () => {
    const repo = makeRepo({ 'charter.yaml': EVAL_CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    await runCharter(['check'], repo.root);
    const [pack] = packFiles(repo);
    writeFileSync(path.join(repo.root, '.charter', 'cache', pack as string), '\u0000\u0001garbage');
    const run = await runCharter(['check'], repo.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^charter: note: \.charter\/cache\/custom-patterns-[0-9a-f]{12}\.json: corrupt cache ignored and rebuilt/,
    );
  });

  it('--no-cache reads and writes nothing', async () => {
    const repo = setup();
    const run = await runCharter(['check', '--no-cache', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(repo.root, '.charter'))).toBe(false);

    // And a doctored cache is not read either.
    await runCharter(['check'], repo.root);
    const [pack] = packFiles(repo);
    const file = path.join(repo.root, '.charter', 'cache', pack as string);
    const doctored = await doctorPack(file);
    const uncached = await runCharter(['check', '--no-cache', '--format', 'json'], repo.root);
    expect(parseReport(uncached).findings[0]?.message).toBe('do not eval input');
    expect(readFileSync(file, 'utf8')).toBe(doctored);
  });

  it('a changed pattern uses a different pack', async () => {
    const repo = setup();
    await runCharter(['check'], repo.root);
    repo.write({ 'charter.yaml': EVAL_CONTRACT.replace('do not eval $X', 'never eval $X') });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(parseReport(run).findings[0]?.message).toBe('never eval input');
    expect(packFiles(repo)).toHaveLength(2);
  });
});

describe('a user state folder Charter cannot use', () => {
  it('checks without the persistent cache and says why; never an error', async () => {
    const repo = setup();
    const saved = process.env.XDG_STATE_HOME;
    const state = mkdtempSync(path.join(os.tmpdir(), 'charter-state-'));
    // Where the state folder should be, a symlink (to a folder someone else could write).
    symlinkSync(os.tmpdir(), path.join(state, 'charter'));
    process.env.XDG_STATE_HOME = state;
    try {
      const run = await runCharter(['check', '--format', 'json'], repo.root);
      expect(run.code).toBe(1);
      expect(parseReport(run).findings.map((f) => f.message)).toEqual(['do not eval input']);
      expect(run.stderr.split('\n').filter((line) => line.includes('note'))).toEqual([
        `charter: note: .charter/cache: not used: ${state}/charter is not a folder (a symlink or a file stands in its place)`,
      ]);
      expect(packFiles(repo)).toEqual([]);
    } finally {
      process.env.XDG_STATE_HOME = saved;
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('a cache committed to the repository', () => {
  it('is not trusted in a --base range: a poisoned entry cannot hide a finding', async () => {
    const repo = setup();
    repo.git('checkout', '-q', '-b', 'feature');
    expect((await runCharter(['check', '--format', 'json'], repo.root)).code).toBe(1);
    const [pack] = packFiles(repo);
    const file = path.join(repo.root, '.charter', 'cache', pack as string);
    // Even a pack made with this user's key (a pack of their own, or a key that leaked).
    const key = await cacheKey();
    const name = packName(file);
    const emptied = mapFacts(parsePack(readFileSync(file, 'utf8'), key, name), () => []);
    writeFileSync(file, formatPack(emptied, key, name));
    repo.git('add', '-f', '.charter');
    repo.commit('commit the cache');

    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => f.location.file)).toContain('src/a.ts');
    expect(run.stderr.split('\n').filter((line) => line.includes('note'))).toEqual([
      'charter: note: .charter: is in git (committed or staged); the fact cache was not used (add .charter/ to .gitignore and remove it from git: git rm -r --cached .charter)',
    ]);
  });
});

describe('versions of one file', () => {
  it('keeps the newest two: the file on disk and a proposed edit of it', () => {
    const cache = new FactCache('/nowhere', true);
    const pack = 'custom-patterns-000000000000';
    return cache.load(pack).then(() => {
      cache.set(pack, 'src/a.ts', 'one', ['first']);
      cache.set(pack, 'src/a.ts', 'two', ['second']);
      expect(cache.get(pack, 'src/a.ts', 'one')).toEqual({ id: 'one', facts: ['first'] });
      expect(cache.get(pack, 'src/a.ts', 'two')).toEqual({ id: 'two', facts: ['second'] });
      cache.set(pack, 'src/a.ts', 'three', null);
      expect(cache.get(pack, 'src/a.ts', 'one')).toBeUndefined();
      expect(cache.get(pack, 'src/a.ts', 'three')).toEqual({ id: 'three', facts: null });
      // Setting a version again moves it to the front instead of keeping it twice.
      cache.set(pack, 'src/a.ts', 'two', ['again']);
      cache.set(pack, 'src/a.ts', 'four', []);
      expect(cache.get(pack, 'src/a.ts', 'two')).toEqual({ id: 'two', facts: ['again'] });
      expect(cache.get(pack, 'src/a.ts', 'three')).toBeUndefined();
      expect(cache.get(pack, 'src/b.ts', 'two')).toBeUndefined();
    });
  });

  it('a version that is read again outlasts newer ones that are not', async () => {
    const cache = new FactCache('/nowhere', true);
    const pack = 'custom-patterns-000000000000';
    await cache.load(pack);
    cache.set(pack, 'src/a.ts', 'on-disk', ['disk']);
    cache.set(pack, 'src/a.ts', 'edit-1', ['first edit']);
    expect(cache.get(pack, 'src/a.ts', 'on-disk')).toEqual({ id: 'on-disk', facts: ['disk'] });
    cache.set(pack, 'src/a.ts', 'edit-2', ['second edit']);
    expect(cache.get(pack, 'src/a.ts', 'on-disk')).toEqual({ id: 'on-disk', facts: ['disk'] });
    expect(cache.get(pack, 'src/a.ts', 'edit-1')).toBeUndefined();
  });

  it('round-trips through a pack, newest first', () => {
    const entries: PackEntries = new Map([
      [
        'src/a.ts',
        [
          { id: 'new', facts: { routes: [] } },
          { id: 'old', facts: null },
        ],
      ],
      ['src/b.ts', [{ id: 'only', facts: [] }]],
    ]);
    const key = Buffer.alloc(32, 7);
    expect(parsePack(formatPack(entries, key, 'pack'), key, 'pack')).toEqual(entries);
  });
});
