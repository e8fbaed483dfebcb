import type { Extractor } from '../extractor.js';
import { LineIndex } from './text.js';
import type { ManifestFacts } from './types.js';

export interface GoReplace {
  from: string;
  /** A module path, or a folder (starting with ./ or ../) relative to go.mod. */
  to: string;
  line: number;
}

export interface GoModFacts extends ManifestFacts {
  kind: 'go.mod' | 'go.work';
  /** go.mod: the module path. */
  module?: string;
  replace: GoReplace[];
  /** go.work: the module folders it uses, relative to it. */
  use: string[];
}

function stripComment(line: string): string {
  // `//` starts a comment outside quoted strings; module paths never contain quotes with //.
  let quote: string | undefined;
  for (let i = 0; i < line.length - 1; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

function unquote(token: string): string {
  return token.replace(/^["`]|["`]$/g, '');
}

/** go.mod and go.work: line-oriented, with `directive ( … )` blocks. */
export function parseGoMod(text: string, kind: 'go.mod' | 'go.work'): GoModFacts {
  const lines = new LineIndex(text);
  const facts: GoModFacts = { kind, dependencies: [], replace: [], use: [] };
  let block: string | undefined;
  const rawLines = text.split('\n');
  rawLines.forEach((raw, index) => {
    const line = index + 1;
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const content = stripComment(raw).trim();
    if (!content) return;
    let directive: string;
    let rest: string;
    if (block) {
      if (content === ')') {
        block = undefined;
        return;
      }
      directive = block;
      rest = content;
    } else {
      const match = /^(\S+)\s*(.*)$/.exec(content);
      if (!match) return;
      directive = match[1] as string;
      rest = (match[2] as string).trim();
      if (rest === '(') {
        block = directive;
        return;
      }
    }
    const tokens = rest.split(/\s+/).filter(Boolean).map(unquote);
    switch (directive) {
      case 'module':
        if (tokens[0]) facts.module = tokens[0];
        break;
      case 'require':
        if (tokens[0])
          facts.dependencies.push({
            name: tokens[0],
            spec: tokens[1] ?? '',
            ecosystem: 'go',
            section: indirect ? 'require (indirect)' : 'require',
            ...lines.lineSpan(line),
            column: raw.length - raw.trimStart().length + 1,
          });
        break;
      case 'replace': {
        const arrow = tokens.indexOf('=>');
        if (arrow > 0 && tokens[0] && tokens[arrow + 1])
          facts.replace.push({ from: tokens[0], to: tokens[arrow + 1] as string, line });
        break;
      }
      case 'use':
        if (tokens[0]) facts.use.push(tokens[0]);
        break;
      default:
        break;
    }
  });
  return facts;
}

export const goModExtractor: Extractor<GoModFacts> = {
  id: 'go-mod',
  version: 1,
  appliesTo: (path) => /(^|\/)go\.(mod|work)$/.test(path),
  extract: (file) => parseGoMod(file.text, file.path.endsWith('.work') ? 'go.work' : 'go.mod'),
};
