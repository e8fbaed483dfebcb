import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = new URL('../golden/', import.meta.url);

/** True when goldens should be (re)written instead of compared: `UPDATE_GOLDEN=1 npx vitest`. */
export const updatingGoldens = (): boolean => process.env.UPDATE_GOLDEN === '1';

/**
 * Compares `actual` with test/golden/<name>. With UPDATE_GOLDEN=1 the file is written instead
 * (and the comparison trivially passes); otherwise a missing or different file fails the test.
 */
export function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(name, GOLDEN_DIR));
  if (updatingGoldens()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`missing golden file ${path}; run the tests with UPDATE_GOLDEN=1 to create it`);
  }
  const expected = readFileSync(path, 'utf8');
  expect(actual, `output differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected);
}
