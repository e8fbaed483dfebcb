import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtExtensionOf,
  dirnameOf,
  joinFilePath,
  normalizeFilePath,
} from '../../../src/facts/routes/link.js';

// The linker's file path helpers stand in for node:path: they must answer exactly as it does.

const SEGMENTS = ['a', 'bc', '.', '..', '', '...', '.x', 'x.', 'index.js', '.js', '..js', 'x.mjs'];

/** Every path of up to three segments from SEGMENTS, with and without a leading slash. */
function samplePaths(): string[] {
  const paths = new Set<string>(['', '/', '//', '.', './', '..', '../']);
  for (const a of SEGMENTS) {
    paths.add(a);
    for (const b of SEGMENTS) {
      paths.add(`${a}/${b}`);
      for (const c of SEGMENTS) paths.add(`${a}/${b}/${c}`);
    }
  }
  for (const p of [...paths]) paths.add(`/${p}`);
  return [...paths];
}

const PATHS = samplePaths();
const SPECIFIERS = [
  '',
  '.',
  '..',
  './x.js',
  '../x.js',
  '../../lib/a.js',
  './a/../b.ts',
  './a//b/',
  '.././..',
  'x/./y',
];

const BUILT_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];

describe('linker file paths', () => {
  it('dirnameOf is path.posix.dirname', () => {
    for (const p of PATHS) expect([p, dirnameOf(p)]).toEqual([p, path.posix.dirname(p)]);
  });

  it('normalizeFilePath is path.posix.normalize', () => {
    for (const p of PATHS) expect([p, normalizeFilePath(p)]).toEqual([p, path.posix.normalize(p)]);
  });

  it('joinFilePath is path.posix.normalize(path.posix.join(dir, relative))', () => {
    for (const dir of PATHS)
      for (const spec of SPECIFIERS)
        expect([dir, spec, joinFilePath(dir, spec)]).toEqual([
          dir,
          spec,
          path.posix.normalize(path.posix.join(dir, spec)),
        ]);
  });

  it('builtExtensionOf is path.posix.extname when that is a built extension', () => {
    const files = PATHS.flatMap((p) => [p, `${p}.js`, `${p}.jsx`, `${p}.cjs`, `${p}.js/`]);
    for (const file of files) {
      const ext = path.posix.extname(file);
      expect([file, builtExtensionOf(file)]).toEqual([
        file,
        BUILT_EXTENSIONS.includes(ext) ? ext : undefined,
      ]);
    }
  });
});
