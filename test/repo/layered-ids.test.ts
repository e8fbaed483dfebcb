import { describe, expect, it } from 'vitest';
import { LayeredIds } from '../../src/repo/layered-ids.js';

/** A small deterministic generator: the same operations on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('ids laid over a shared base', () => {
  it('answer like a plain map after any mix of writes and deletions', () => {
    const next = random(7);
    for (let round = 0; round < 50; round++) {
      const base = new Map<string, string>();
      for (let i = 0; i < 20; i++) if (next() < 0.7) base.set(`f${i}`, `b${i}`);
      const layered = new LayeredIds(base);
      const plain = new Map(base);
      for (let step = 0; step < 30; step++) {
        const file = `f${Math.floor(next() * 25)}`;
        if (next() < 0.6) {
          const id = `o${step}`;
          layered.set(file, id);
          plain.set(file, id);
        } else {
          expect(layered.delete(file)).toBe(plain.delete(file));
        }
        const probe = `f${Math.floor(next() * 25)}`;
        expect(layered.get(probe)).toBe(plain.get(probe));
        expect(layered.has(probe)).toBe(plain.has(probe));
      }
      // Walking the map copies the layers in; it goes on answering the same.
      expect(new Map(layered)).toEqual(plain);
      expect(layered.size).toBe(plain.size);
      expect(layered.overrides).toBeUndefined();
      layered.set('f0', 'after');
      plain.set('f0', 'after');
      expect([...layered.entries()].sort()).toEqual([...plain.entries()].sort());
    }
  });

  it('leave the base as it was', () => {
    const base = new Map([['a', '1']]);
    const layered = new LayeredIds(base);
    layered.set('a', '2');
    layered.delete('a');
    layered.set('b', '3');
    expect([...base]).toEqual([['a', '1']]);
    expect(layered.overrides?.own).toEqual(new Map([['b', '3']]));
    expect(layered.overrides?.removed).toEqual(new Set(['a']));
  });
});
