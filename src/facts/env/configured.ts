import { createHash } from 'node:crypto';
import { rememberExtractor } from '../extractor.js';
import type { Extractor } from '../extractor.js';
import { secretNameKind } from '../secrets/generic.js';
import { shannonEntropy } from '../secrets/entropy.js';
import { keepValues } from './types.js';
import type { EnvFacts } from './types.js';

/** A value that may be a credential is never kept, whatever the contract constrains. */
export function secretLooking(name: string, value: string): boolean {
  return (
    secretNameKind(name) !== undefined ||
    value.length > 64 ||
    (value.length >= 16 && shannonEntropy(value) >= 3.5)
  );
}

/** One extractor per file kind and set of kept variables; the set keys the fact cache. */
export function configured(
  base: Omit<Extractor<EnvFacts>, 'configKey' | 'extract'> & {
    scopes(path: string, text: string): EnvFacts;
  },
  keep: readonly string[],
  cache: Map<string, Extractor<EnvFacts>>,
): Extractor<EnvFacts> {
  const names = [...new Set(keep)].sort();
  const key = names.join('\n');
  const existing = cache.get(key);
  if (existing) return existing;
  const set = new Set(names);
  const { scopes, ...rest } = base;
  const extractor: Extractor<EnvFacts> = {
    ...rest,
    configKey: createHash('sha1').update(key).digest('hex').slice(0, 16),
    extract(file) {
      const facts = scopes(file.path, file.text);
      return {
        kind: facts.kind,
        scopes: facts.scopes.map((scope) => ({
          ...scope,
          assignments: keepValues(scope.assignments, set, secretLooking),
        })),
      };
    },
  };
  return rememberExtractor(cache, key, extractor);
}
