/** A file handed to an extractor: already decoded, never binary or oversized. */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Learns facts from one file. Facts are cached by (id, version, config key, path, content
 * id), so an extractor must be a pure function of the file and its config. Bump `version`
 * whenever the output for the same input changes.
 */
export interface Extractor<T> {
  id: string;
  version: number;
  /** Distinguishes configurations of the same extractor in the cache (e.g. user patterns). */
  configKey?: string;
  appliesTo(path: string): boolean;
  /**
   * Files over maxFileSize: 'skip' (default) makes a rule that needs one report
   * charter/skipped-file; 'read' passes them anyway (for extractors that scan in chunks).
   */
  largeFiles?: 'skip' | 'read';
  /**
   * Binary files: 'skip' (default) as above; 'ignore' yields no facts and no finding, for
   * extractors that only look at text by nature (a binary blob has no routes or imports).
   */
  binaryFiles?: 'skip' | 'ignore';
  extract(file: SourceFile): T | Promise<T>;
}

/** Extractors built for a configuration kept at a time (see rememberExtractor). */
const MAX_CONFIGURED_EXTRACTORS = 64;

/**
 * Keeps an extractor built for one configuration, for the checks that follow. Bounded: a
 * long-lived process (the hook daemon) sees the configuration of every contract it checks.
 */
export function rememberExtractor<T>(
  cache: Map<string, Extractor<T>>,
  key: string,
  extractor: Extractor<T>,
): Extractor<T> {
  if (cache.size >= MAX_CONFIGURED_EXTRACTORS) cache.clear();
  cache.set(key, extractor);
  return extractor;
}
