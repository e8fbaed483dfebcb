import { createHash } from 'node:crypto';
import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import type { PatternLanguage } from '../ast-grep.js';
import { compilePattern } from './compile.js';
import type { PatternRule } from './compile.js';

export interface PatternMatch {
  id: string;
  /** 0-based, as ast-grep reports them; rules convert to 1-based. */
  start: { line: number; column: number };
  end: { line: number; column: number };
  text: string;
  captures: Record<string, string>;
}

const MAX_CAPTURE = 200;

const extractors = new WeakMap<readonly PatternRule[], Extractor<PatternMatch[]>>();

/**
 * One extractor per set of user patterns; the set's hash keys the cache. A contract's set is
 * compiled once: several steps of a check ask for its extractor, and a long-lived process
 * checks with the same contract again and again.
 */
export function patternMatchExtractor(patterns: readonly PatternRule[]): Extractor<PatternMatch[]> {
  let extractor = extractors.get(patterns);
  if (!extractor) {
    extractor = compiledExtractor(patterns);
    extractors.set(patterns, extractor);
  }
  return extractor;
}

function compiledExtractor(patterns: readonly PatternRule[]): Extractor<PatternMatch[]> {
  const compiled = patterns.map(compilePattern);
  const configKey = createHash('sha1').update(JSON.stringify(patterns)).digest('hex');
  return {
    id: 'custom-patterns',
    version: 1,
    configKey,
    appliesTo: (path) => compiled.some((c) => c.appliesTo(path)),
    async extract(file) {
      const matches: PatternMatch[] = [];
      const roots = new Map<PatternLanguage, Awaited<ReturnType<typeof parseSource>>>();
      for (const { pattern, appliesTo, metavariables } of compiled) {
        if (!appliesTo(file.path)) continue;
        let root = roots.get(pattern.language);
        if (!root) {
          root = await parseSource(pattern.language, file.text);
          roots.set(pattern.language, root);
        }
        const config = {
          rule: pattern.rule,
          ...(pattern.constraints ? { constraints: pattern.constraints } : {}),
        };
        // The napi types describe the rule object more narrowly than the YAML users write.
        for (const node of root.root().findAll(config as never)) {
          const range = node.range();
          const captures: Record<string, string> = {};
          for (const name of metavariables) {
            const single = node.getMatch(name);
            const many = node.getMultipleMatches(name);
            // A $$$ capture is a run of nodes with separators between them: take the source
            // from the first to the last so `f(a, b)` reads "a, b".
            const captured = single
              ? single.text()
              : many.length > 0
                ? file.text.slice(
                    (many[0] as (typeof many)[number]).range().start.index,
                    (many[many.length - 1] as (typeof many)[number]).range().end.index,
                  )
                : '';
            if (captured) captures[name] = captured.slice(0, MAX_CAPTURE);
          }
          matches.push({
            id: pattern.id,
            start: { line: range.start.line, column: range.start.column },
            end: { line: range.end.line, column: range.end.column },
            text: node.text().slice(0, MAX_CAPTURE),
            captures,
          });
        }
      }
      return matches;
    },
  };
}
