import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import type { SpecModel } from '../../../src/facts/openapi/assemble.js';
import { DEFAULT_NOT_GOVERNED, governance } from '../../../src/rules/api/_api.js';

const contract = loadContract({
  file: 'charter.yaml',
  text: `version: 1
sources:
  - { id: all, path: api/all.yaml, kind: openapi }
  - { id: shop, path: api/shop.yaml, kind: openapi, governs: ['services/shop/**', '!**/legacy/**'] }
  - { id: braces, path: api/braces.yaml, kind: openapi, governs: ['{apps,libs}/**/*.ts'] }
`,
});

const spec = (source: string): SpecModel => ({
  source,
  file: `api/${source}.yaml`,
  readable: true,
  prefix: '',
  operations: [],
  schemes: [],
  problems: [],
  files: [],
});

const specs = [spec('all'), spec('shop'), spec('braces')];

const FILES = [
  'src/app.ts',
  'services/shop/routes/users.ts',
  'services/shop/legacy/users.ts',
  'services/shop/routes/users.test.ts',
  'services/shop/test/app.ts',
  'services/shop/tests/app.py',
  'services/shop/__tests__/app.ts',
  'services/shop/fixtures/app.ts',
  'services/shop/testdata/main.go',
  'services/shop/e2e/app.ts',
  'services/shop/e2e.ts',
  'services/shop/contest.ts',
  'services/shop/latest/routes.ts',
  'services/shop/api/test_users.py',
  'services/shop/api/users_test.py',
  'services/shop/api/conftest.py',
  'services/shop/handler_test.go',
  'services/shop/users.spec.js',
  'apps/web/src/routes.ts',
  'libs/api/test/routes.ts',
  '.hidden/test/app.ts',
  'test/app.ts',
  'e2e/app.ts',
];

/** What governance answered before it kept answers per file: picomatch with `ignore`. */
function reference(globs: readonly string[]): (file: string) => boolean {
  return picomatch([...globs], { dot: true, ignore: DEFAULT_NOT_GOVERNED });
}

describe('governance', () => {
  it('answers as picomatch with the default ignore list does', () => {
    const governed = governance(contract, specs);
    const expected: Record<string, (file: string) => boolean> = {
      all: reference(['**']),
      shop: reference(['services/shop/**', '!**/legacy/**']),
      braces: reference(['{apps,libs}/**/*.ts']),
    };
    for (const file of FILES) {
      for (const s of specs)
        expect([file, s.source, governed.governs(s, file)]).toEqual([
          file,
          s.source,
          expected[s.source]?.(file),
        ]);
      expect([file, governed.specsOf(file).map((s) => s.source)]).toEqual([
        file,
        specs.filter((s) => expected[s.source]?.(file)).map((s) => s.source),
      ]);
    }
  });

  it('is one per contract and specs, and gives the same owners when asked again', () => {
    const governed = governance(contract, specs);
    expect(governance(contract, specs)).toBe(governed);
    expect(governed.specsOf('src/app.ts')).toBe(governed.specsOf('src/app.ts'));
    expect(governance(contract, [...specs])).not.toBe(governed);
  });
});
