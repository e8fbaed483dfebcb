import type { DoubleQuotedChild, Word, WordPart } from 'unbash';

/** A shell word as far as it can be known before the command runs. */
export interface WordValue {
  /** Unquoted text; parts only known at run time keep their source text ("$X"). */
  text: string;
  /** A glob for the word: run-time parts become `*`, literal glob characters are escaped. */
  pattern: string;
  /** Some part is only known at run time (a variable, command output, arithmetic). */
  dynamic: boolean;
  /** An unquoted glob (`*`, `?`, `[…]`) that the shell expands against existing files. */
  glob: boolean;
}

/** What the shell knows while it runs: variables set earlier in the same command. */
export interface WordScope {
  vars: ReadonlyMap<string, WordValue>;
  home: string;
  /** The working directory when known (for $PWD). */
  cwd: string | undefined;
}

const GLOB_SPECIAL = /[*?[\]{}()!+@|\\]/g;

export function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, (c) => `\\${c}`);
}

function literal(text: string): WordValue {
  return { text, pattern: escapeGlob(text), dynamic: false, glob: false };
}

const UNKNOWN: WordValue = { text: '', pattern: '*', dynamic: true, glob: false };

function concat(values: readonly WordValue[]): WordValue {
  return {
    text: values.map((v) => v.text).join(''),
    pattern: values.map((v) => v.pattern).join(''),
    dynamic: values.some((v) => v.dynamic),
    glob: values.some((v) => v.glob),
  };
}

function variable(name: string, source: string, scope: WordScope): WordValue {
  const known = scope.vars.get(name);
  if (known) return known;
  if (name === 'HOME') return literal(scope.home);
  if (name === 'PWD' && scope.cwd !== undefined) return literal(scope.cwd);
  return { ...UNKNOWN, text: source };
}

function partValue(part: WordPart | DoubleQuotedChild, scope: WordScope): WordValue {
  switch (part.type) {
    case 'Literal':
      return literal(part.value);
    case 'SingleQuoted':
    case 'AnsiCQuoted':
      return literal(part.value);
    case 'DoubleQuoted':
    case 'LocaleString':
      return concat(part.parts.map((child) => partValue(child, scope)));
    case 'SimpleExpansion': {
      const name = part.text.replace(/^\$/, '');
      return variable(name, part.text, scope);
    }
    case 'ParameterExpansion': {
      if (part.prefix !== undefined || part.index !== undefined)
        return { ...UNKNOWN, text: part.text };
      const value = variable(part.parameter, part.text, scope);
      if (!part.operation) return value;
      // ${X:-default} and friends: known only when X is unknown and the default is literal.
      if (
        part.operation.type === 'Default' &&
        value.dynamic &&
        part.operation.operator.includes('-')
      ) {
        const fallback = wordValues(part.operation.operand, scope)[0];
        return fallback
          ? { ...fallback, dynamic: true, pattern: '*' }
          : { ...UNKNOWN, text: part.text };
      }
      return { ...UNKNOWN, text: part.text };
    }
    case 'Glob':
      return { text: part.text, pattern: part.text, dynamic: false, glob: true };
    case 'ExtendedGlob':
      return { text: part.text, pattern: '*', dynamic: false, glob: true };
    case 'BraceExpansion':
      // Expanded by wordValues before parts are evaluated; a leftover is matched loosely.
      return { text: part.text, pattern: '*', dynamic: true, glob: false };
    default:
      // Command, arithmetic and process substitutions: known only at run time.
      return { ...UNKNOWN, text: part.text };
  }
}

/** Splits `a{b,c}d` into its alternatives (one level, commas only; nested braces recurse). */
export function expandBraces(text: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0 && open >= 0) {
        const inner = text.slice(open + 1, i);
        const options = splitTopLevel(inner);
        if (options.length < 2) {
          const range = /^(-?\d+)\.\.(-?\d+)$/.exec(inner);
          if (!range) continue;
          const from = Number(range[1]);
          const to = Number(range[2]);
          if (Math.abs(to - from) > 64) continue;
          const step = from <= to ? 1 : -1;
          options.length = 0;
          for (let n = from; n !== to + step; n += step) options.push(String(n));
        }
        const prefix = text.slice(0, open);
        const suffix = text.slice(i + 1);
        return options.flatMap((option) => expandBraces(`${prefix}${option}${suffix}`));
      }
    }
  }
  return [text];
}

function splitTopLevel(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length === 0) return [];
  out.push(inner.slice(start));
  return out;
}

function tilde(value: WordValue, word: Word, scope: WordScope): WordValue {
  if (!word.text.startsWith('~')) return value;
  if (value.text === '~' || value.text.startsWith('~/')) {
    const rest = value.text.slice(1);
    return {
      ...value,
      text: scope.home + rest,
      pattern: escapeGlob(scope.home) + value.pattern.slice(1),
    };
  }
  return value;
}

/** The values a word expands to: one, or several for a brace expansion. */
export function wordValues(word: Word, scope: WordScope): WordValue[] {
  const parts = word.parts;
  if (!parts || parts.length === 0) return [tilde(literal(word.value), word, scope)];
  if (parts.some((p) => p.type === 'BraceExpansion')) {
    // Re-expand from the source text, then evaluate each alternative's simple parts.
    const hasOnlySimple = parts.every(
      (p) => p.type === 'Literal' || p.type === 'BraceExpansion' || p.type === 'Glob',
    );
    if (hasOnlySimple) {
      return expandBraces(word.text).map((text) => {
        const glob = /[*?[]/.test(text);
        return tilde(
          { text, pattern: glob ? text : escapeGlob(text), dynamic: false, glob },
          word,
          scope,
        );
      });
    }
  }
  return [tilde(concat(parts.map((p) => partValue(p, scope))), word, scope)];
}

/** The single value of a word (the first alternative of a brace expansion). */
export function wordValue(word: Word, scope: WordScope): WordValue {
  return wordValues(word, scope)[0] ?? UNKNOWN;
}
