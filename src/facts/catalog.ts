import type { Extractor } from './extractor.js';
import { languageExtractor } from './language/extractor.js';

/** Extractors that need no configuration; `charter facts` always shows them. */
export const staticExtractors: readonly Extractor<unknown>[] = [languageExtractor];
