import type { Extractor } from '../extractor.js';
import { languageOfPath } from '../ast-grep.js';
import type { PatternLanguage } from '../ast-grep.js';

export interface LanguageFacts {
  language: PatternLanguage;
  lines: number;
  /** Lines that hold something besides whitespace. */
  nonBlankLines: number;
}

/** Which source language a file is in and how big it is: what `charter init` and reports summarise. */
export const languageExtractor: Extractor<LanguageFacts> = {
  id: 'language',
  version: 1,
  appliesTo: (path) => languageOfPath(path) !== undefined,
  extract(file) {
    const lines = file.text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return {
      language: languageOfPath(file.path) as PatternLanguage,
      lines: lines.length,
      nonBlankLines: lines.filter((line) => line.trim() !== '').length,
    };
  },
};
