import { describe, expect, it } from 'vitest';
import { rememberExtractor } from '../../src/facts/extractor.js';
import type { Extractor } from '../../src/facts/extractor.js';
import { dotenvExtractor } from '../../src/facts/env/dotenv.js';
import { secretsExtractor } from '../../src/facts/secrets/extractor.js';

const stub = (id: string): Extractor<null> => ({
  id,
  version: 1,
  appliesTo: () => true,
  extract: () => null,
});

describe('extractors built per configuration', () => {
  it('are the same object for the same configuration', () => {
    expect(secretsExtractor({ allow: ['x'] })).toBe(secretsExtractor({ allow: ['x'] }));
    expect(secretsExtractor({ allow: ['x'] })).not.toBe(secretsExtractor({ allow: ['y'] }));
    expect(dotenvExtractor(['B', 'A'])).toBe(dotenvExtractor(['A', 'B']));
  });

  it('are kept a bounded number at a time, the newest always', () => {
    const cache = new Map<string, Extractor<null>>();
    for (let i = 0; i < 200; i++) {
      const extractor = rememberExtractor(cache, `config ${i}`, stub(`e${i}`));
      expect(cache.get(`config ${i}`)).toBe(extractor);
      expect(cache.size).toBeLessThanOrEqual(64);
    }
  });
});
