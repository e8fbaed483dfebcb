/**
 * The one gate every regular expression written in a contract passes before it runs. A
 * contract regex runs on every file of an untrusted change, in JavaScript's backtracking
 * engine, and a single pattern that backtracks exponentially stalls a check or a hook for
 * hours. Refused, conservatively:
 * - a repeated group that itself contains a repetition or an optional part (`(a+)+`,
 *   `(\w*)*`, `(a?b)+`, `(a{1,3})+`): a string splits between the iterations in
 *   exponentially many ways;
 * - a repeated group with alternatives that are not plain words none of which begins another
 *   (`([a-z]|[0-9a-z])*`, `(a|ab)+`): the same text matches several alternatives;
 * - back-references (`\1`, `\k<name>`), which no engine matches in linear time.
 * `(ab)+`, `(get|put)+`, `(a|b)*c` and `(\d{1,3}\.){3}` pass. Rules compile contract regexes
 * only through `contractRegex`, so none can skip the gate.
 */

/** A repetition at most this many times is not treated as a loop (`(\d{1,3}\.){3}`). */
const MAX_SMALL_REPEAT = 8;

type Item =
  | { kind: 'char'; char: string; min: number; max: number; at: number }
  | { kind: 'set'; min: number; max: number; at: number }
  | { kind: 'assertion'; min: number; max: number; at: number }
  | { kind: 'group'; body: Alternation; min: number; max: number; at: number; end: number };

type Alternation = Item[][];

class Unsafe extends Error {}

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'p', 'P']);
const ASSERTION_ESCAPES = new Set(['b', 'B']);
const CONTROL_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  v: '\v',
  0: '\0',
};

/** A small parser: just enough structure to see repetitions, groups and alternatives. */
class Parser {
  private i = 0;
  constructor(private readonly source: string) {}

  parse(): Alternation {
    const body = this.alternation();
    return body;
  }

  private alternation(): Alternation {
    const branches: Item[][] = [this.sequence()];
    while (this.source[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches;
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (
      this.i < this.source.length &&
      this.source[this.i] !== '|' &&
      this.source[this.i] !== ')'
    ) {
      const item = this.atom();
      this.quantifier(item);
      items.push(item);
    }
    return items;
  }

  private atom(): Item {
    const at = this.i;
    const ch = this.source[this.i++] as string;
    const one = { min: 1, max: 1, at };
    if (ch === '(') return this.group(at);
    if (ch === '[') {
      while (this.i < this.source.length && this.source[this.i] !== ']') {
        if (this.source[this.i] === '\\') this.i++;
        this.i++;
      }
      this.i++;
      return { kind: 'set', ...one };
    }
    if (ch === '.') return { kind: 'set', ...one };
    if (ch === '^' || ch === '$') return { kind: 'assertion', ...one };
    if (ch !== '\\') return { kind: 'char', char: ch, ...one };
    return this.escape(at);
  }

  private escape(at: number): Item {
    const one = { min: 1, max: 1, at };
    const ch = this.source[this.i++] ?? '';
    if (/[1-9]/.test(ch) || (ch === 'k' && this.source[this.i] === '<')) {
      throw new Unsafe(
        `unsafe regular expression: the back-reference at offset ${at} cannot be matched in linear time; rewrite it without back-references`,
      );
    }
    if (CLASS_ESCAPES.has(ch)) {
      // \p{…} and \P{…}
      if ((ch === 'p' || ch === 'P') && this.source[this.i] === '{') this.skipPast('}');
      return { kind: 'set', ...one };
    }
    if (ASSERTION_ESCAPES.has(ch)) return { kind: 'assertion', ...one };
    if (ch === 'x') return { kind: 'char', char: this.hex(2), ...one };
    if (ch === 'u') {
      if (this.source[this.i] === '{') {
        const start = this.i + 1;
        this.skipPast('}');
        return {
          kind: 'char',
          char: String.fromCodePoint(parseInt(this.source.slice(start, this.i - 1), 16) || 0),
          ...one,
        };
      }
      return { kind: 'char', char: this.hex(4), ...one };
    }
    if (ch === 'c') return { kind: 'char', char: `\\c${this.source[this.i++] ?? ''}`, ...one };
    return { kind: 'char', char: CONTROL_ESCAPES[ch] ?? ch, ...one };
  }

  private hex(digits: number): string {
    const text = this.source.slice(this.i, this.i + digits);
    this.i += digits;
    return String.fromCharCode(parseInt(text, 16) || 0);
  }

  private skipPast(close: string): void {
    while (this.i < this.source.length && this.source[this.i] !== close) this.i++;
    this.i++;
  }

  private group(at: number): Item {
    let lookaround = false;
    if (this.source[this.i] === '?') {
      const next = this.source[this.i + 1];
      if (next === ':') this.i += 2;
      else if (next === '=' || next === '!') {
        this.i += 2;
        lookaround = true;
      } else if (
        next === '<' &&
        (this.source[this.i + 2] === '=' || this.source[this.i + 2] === '!')
      ) {
        this.i += 3;
        lookaround = true;
      } else if (next === '<') this.skipPast('>');
      else this.i++;
    }
    const body = this.alternation();
    this.i++;
    if (lookaround) return { kind: 'assertion', min: 1, max: 1, at };
    return { kind: 'group', body, min: 1, max: 1, at, end: this.i };
  }

  private quantifier(item: Item): void {
    const ch = this.source[this.i];
    let range: [number, number] | undefined;
    if (ch === '*') range = [0, Infinity];
    else if (ch === '+') range = [1, Infinity];
    else if (ch === '?') range = [0, 1];
    else if (ch === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.i));
      if (match) {
        const min = Number(match[1]);
        const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
        range = [min, max];
        this.i += match[0].length - 1;
      }
    }
    if (!range) return;
    this.i++;
    // Lazy and greedy repetitions backtrack alike.
    if (this.source[this.i] === '?') this.i++;
    item.min = range[0];
    item.max = range[1];
  }
}

const loops = (item: Item): boolean => item.max > MAX_SMALL_REPEAT;
const varies = (item: Item): boolean => item.min !== item.max;

/** The word a sequence always matches, or undefined when it can match anything else. */
function literal(items: readonly Item[], fold: boolean): string | undefined {
  let text = '';
  for (const item of items) {
    if (item.min !== 1 || item.max !== 1) return undefined;
    if (item.kind === 'char') text += fold ? item.char.toLowerCase() : item.char;
    else if (item.kind === 'group' && item.body.length === 1) {
      const inner = literal(item.body[0] as Item[], fold);
      if (inner === undefined) return undefined;
      text += inner;
    } else return undefined;
  }
  return text;
}

/** Alternatives that never compete: plain words, none the start of another. */
function unambiguous(branches: Alternation, fold: boolean): boolean {
  const words = branches.map((branch) => literal(branch, fold));
  if (words.some((word) => word === undefined || word === '')) return false;
  return words.every((a, i) =>
    words.every((b, j) => i === j || !(b as string).startsWith(a as string)),
  );
}

/** Why the body of a repeated group can split one text in many ways, if it can. */
function ambiguity(body: Alternation, fold: boolean): 'repetition' | 'alternatives' | undefined {
  if (body.length > 1 && !unambiguous(body, fold)) return 'alternatives';
  for (const branch of body) {
    for (const item of branch) {
      if (varies(item)) return 'repetition';
      if (item.kind === 'group') {
        const inner = ambiguity(item.body, fold);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

function check(body: Alternation, fold: boolean): void {
  for (const branch of body) {
    for (const item of branch) {
      if (item.kind !== 'group') continue;
      if (loops(item)) {
        const why = ambiguity(item.body, fold);
        if (why === 'repetition')
          throw new Unsafe(
            `unsafe regular expression: the repeated group before offset ${item.end} contains a repetition itself and can backtrack exponentially; rewrite it without nested repetition`,
          );
        if (why === 'alternatives')
          throw new Unsafe(
            `unsafe regular expression: the repeated group before offset ${item.end} has alternatives that can match the same text and can backtrack exponentially; make the alternatives exclusive (plain words, none the start of another) or rewrite it without the repeated group`,
          );
      }
      check(item.body, fold);
    }
  }
}

/**
 * Undefined when `source` is safe to run with `flags` (its syntax is checked separately, by
 * compiling it), else why not.
 */
export function checkRegexSafety(source: string, flags = 'u'): string | undefined {
  try {
    check(new Parser(source).parse(), flags.includes('i'));
    return undefined;
  } catch (error) {
    if (error instanceof Unsafe) return error.message;
    throw error;
  }
}

/** Undefined when `source` compiles with `flags` and passes the gate, else why not. */
export function regexProblem(source: string, flags: string): string | undefined {
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  return checkRegexSafety(source, flags);
}

/** A contract regex the gate refused; contract validation reports it before any rule runs. */
export class UnsafeRegexError extends Error {}

/**
 * The only way a rule compiles a regular expression from the contract. Validation refuses an
 * unsafe one first; this refuses it again, so a path that skipped validation cannot run it.
 */
export function contractRegex(source: string, flags: string): RegExp {
  const problem = regexProblem(source, flags);
  if (problem) throw new UnsafeRegexError(problem);
  return new RegExp(source, flags);
}
