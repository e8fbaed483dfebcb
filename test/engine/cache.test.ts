import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FactCache, formatPack, parsePack } from '../../src/repo/cache-store.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, parseReport } from './fixtures.js';

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

function readPack(repo: TestRepo): Record<string, unknown> {
  const [pack] = packFiles(repo);
  return parsePack(readFileSync(path.join(repo.root, '.charter', 'cache', pack as string), 'utf8'));
}

/** Rewrites the pack with the `eval(input)` capture changed, as a valid pack (checksum and all). */
function doctorPack(file: string): string {
  const doctored = formatPack(
    JSON.parse(
      JSON.stringify(parsePack(readFileSync(file, 'utf8'))).replace(
        '"X":"input"',
        '"X":"from-the-cache"',
      ),
    ) as Record<string, unknown>,
  );
  writeFileSync(file, doctored);
  return doctored;
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
    expect(readPack(repo)).toEqual({
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
    doctorPack(file);
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
    const keys = set.mock.calls.map((call) => call[1]);
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
      'not an object',
      () => formatPack([1, 2, 3] as unknown as Record<string, unknown>),
      /corrupt cache ignored and rebuilt \(not an object\)$/,
    ],
    [
      'an entry changed after it was written',
      alterOneEntry,
      /corrupt cache ignored and rebuilt \(checksum mismatch\)$/,
    ],
    [
      'a pack without the header',
      (text: string) => text.slice(text.indexOf('\n') + 1),
      /corrupt cache ignored and rebuilt \(not a cache pack of this version\)$/,
    ],
  ])(
    'a corrupt pack (%s) is ignored, rebuilt, and noted; the exit code is as usual',
    async (_name, corrupt, note) => {
      const repo = setup();
      const clean = await runCharter(['check', '--format', 'json'], repo.root);
      const [pack] = packFiles(repo);
      const file = path.join(repo.root, '.charter', 'cache', pack as string);
      const written = readFileSync(file, 'utf8');
      const content = corrupt(written);
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
      expect(Object.keys(parsePack(readFileSync(file, 'utf8')))).toHaveLength(2);
      const after = await runCharter(['check'], repo.root);
      expect(after.stderr).toBe('');
      expect(after.code).toBe(1);
    },
  );

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
    const doctored = doctorPack(file);
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

describe('a cache committed to the repository', () => {
  it('is not trusted in a --base range: a poisoned entry cannot hide a finding', async () => {
    const repo = setup();
    repo.git('checkout', '-q', '-b', 'feature');
    expect((await runCharter(['check', '--format', 'json'], repo.root)).code).toBe(1);
    const [pack] = packFiles(repo);
    const file = path.join(repo.root, '.charter', 'cache', pack as string);
    const poisoned = Object.fromEntries(Object.keys(readPack(repo)).map((key) => [key, []]));
    writeFileSync(file, formatPack(poisoned));
    repo.git('add', '-f', '.charter');
    repo.commit('commit the cache');

    const run = await runCharter(['check', '--base', 'main', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    expect(parseReport(run).findings.map((f) => f.location.file)).toContain('src/a.ts');
    expect(run.stderr).toContain('.charter/cache is committed to the repository; it was not used');
  });
});
