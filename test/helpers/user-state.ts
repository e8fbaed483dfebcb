import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { userSecret } from '../../src/repo/user-state.js';

/**
 * Points this test file's process at a private user state folder (XDG_STATE_HOME), so the
 * keys Charter creates there are the test's own, and returns a reader of the cache key.
 */
export function isolateUserState(): { dir: string; cacheKey: () => Promise<Buffer> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'charter-state-'));
  process.env.XDG_STATE_HOME = dir;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    cacheKey: async () => {
      const key = await userSecret('cache');
      if (!key) throw new Error('no user state folder');
      return key;
    },
  };
}
