import type { DoubleQuotedChild, Word, WordPart } from 'unbash';
import { MAX_BRACE_WORDS, expandBraces } from './braces.js';

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
  /**
   * Called when a word would expand beyond what the analysis follows (a brace expansion of
   * too many words, a value grown too long); the word's value is then unknown.
   */
  tooLarge?: (word: Word, reason: string) => void;
}

/** Longer values than this (variables that double themselves) are not followed. */
const MAX_VALUE_LENGTH = 65_536;

const GLOB_SPECIAL = /[*?[\]{}()!+@|\\]/g;

export function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, (c) => `\\${c}`);
}

function literal(text: string): WordValue {
  return { text, pattern: escapeGlob(text), dynamic: false, glob: false };
}

const UNKNOWN: WordValue = { text: '', pattern: '*', dynamic: true, glob: false };

/** Joins the parts of a word; a result too long to follow is unknown (`tooLong` is told). */
function concat(values: readonly WordValue[], tooLong: () => void): WordValue {
  const length = values.reduce((sum, v) => sum + Math.max(v.text.length, v.pattern.length), 0);
  if (length > MAX_VALUE_LENGTH) {
    tooLong();
    return UNKNOWN;
  }
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

function partValue(
  part: WordPart | DoubleQuotedChild,
  scope: WordScope,
  tooLong: () => void,
): WordValue {
  switch (part.type) {
    case 'Literal':
      return literal(part.value);
    case 'SingleQuoted':
    case 'AnsiCQuoted':
      return literal(part.value);
    case 'DoubleQuoted':
    case 'LocaleString':
      return concat(
        part.parts.map((child) => partValue(child, scope, tooLong)),
        tooLong,
      );
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

/**
 * The values a word expands to: one, or several for a brace expansion. A word that would
 * expand beyond the analysis' bounds is one unknown value, and `scope.tooLarge` is told.
 */
export function wordValues(word: Word, scope: WordScope): WordValue[] {
  const parts = word.parts;
  if (!parts || parts.length === 0) return [tilde(literal(word.value), word, scope)];
  if (parts.some((p) => p.type === 'BraceExpansion')) {
    // Re-expand from the source text, then evaluate each alternative's simple parts.
    const hasOnlySimple = parts.every(
      (p) => p.type === 'Literal' || p.type === 'BraceExpansion' || p.type === 'Glob',
    );
    if (hasOnlySimple) {
      const texts = expandBraces(word.text);
      if (!texts) {
        scope.tooLarge?.(
          word,
          `a brace expansion of more than ${MAX_BRACE_WORDS} words, or nested too deep`,
        );
        return [{ ...UNKNOWN, text: word.text }];
      }
      return texts.map((text) => {
        const glob = /[*?[]/.test(text);
        return tilde(
          { text, pattern: glob ? text : escapeGlob(text), dynamic: false, glob },
          word,
          scope,
        );
      });
    }
  }
  let reported = false;
  const tooLong = (): void => {
    if (!reported) scope.tooLarge?.(word, `a value longer than ${MAX_VALUE_LENGTH} characters`);
    reported = true;
  };
  return [
    tilde(
      concat(
        parts.map((p) => partValue(p, scope, tooLong)),
        tooLong,
      ),
      word,
      scope,
    ),
  ];
}

/** The single value of a word (the first alternative of a brace expansion). */
export function wordValue(word: Word, scope: WordScope): WordValue {
  return wordValues(word, scope)[0] ?? UNKNOWN;
}
