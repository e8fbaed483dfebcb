import type { Span } from '../imports/types.js';

/**
 * How much an assertion pins down: 3 an exact value (toBe(201), ==, assertEqual,
 * toThrow(SpecificError)); 2 part of it (toContain, toMatchObject, a range, isinstance, a
 * custom assertion helper); 1 only that something exists, is truthy, succeeded somehow or
 * threw something (toBeDefined, `assert x`, res.ok, toThrow()).
 */
export type Strength = 1 | 2 | 3;

export interface AssertionFact extends Span {
  /** The assertion's source, whitespace collapsed: identical assertions compare equal. */
  text: string;
  /** What it is about (`res#status` for any HTTP status check), normalised. */
  subject: string;
  /** The matcher or assertion function: toBe, ==, assertEqual, Equal, … */
  matcher: string;
  strength: Strength;
}

export type MarkerKind = 'skip' | 'only' | 'todo' | 'xfail';

export interface TestMarker extends Span {
  kind: MarkerKind;
  /** As written: it.skip, xit, @pytest.mark.xfail, t.Skip, … */
  text: string;
  /** The test or suite it applies to ('' for the whole file). */
  scope: string;
}

export interface TestTimeout extends Span {
  /** The test or suite it applies to; '' for the whole file; `config:<key>` in a config file. */
  scope: string;
  ms: number;
  /** The framework's default for this scope, when it has one: what "raised" is measured from. */
  defaultMs?: number;
}

export interface TestCase extends Span {
  /** Enclosing suites and the test's own name, joined with " > ". */
  name: string;
  assertions: AssertionFact[];
}

export interface TestFacts {
  /** The file declares tests (or is a test file by its name). */
  isTest: boolean;
  tests: TestCase[];
  markers: TestMarker[];
  timeouts: TestTimeout[];
}

export const EMPTY_TEST_FACTS: TestFacts = { isTest: false, tests: [], markers: [], timeouts: [] };

/** Whitespace runs as one space: how an assertion is shown. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Identity of an assertion or subject: blind to spacing around punctuation (formatters). */
export function assertionKey(text: string): string {
  return collapse(text)
    .replace(/\s*([()[\]{},.;])\s*/g, '$1')
    .replace(/,([)\]}])/g, '$1');
}

/** `res.status`, `res.statusCode`, `response.status_code` and `res.ok` are one subject. */
export function normaliseSubject(subject: string): { subject: string; anySuccess: boolean } {
  const text = assertionKey(subject);
  const status = /^(.+?)(?:\?)?\.(status|statusCode|status_code|code)$/.exec(text);
  if (status) return { subject: `${status[1]}#status`, anySuccess: false };
  const ok = /^(.+?)(?:\?)?\.(ok|is_success|success)$/.exec(text);
  if (ok) return { subject: `${ok[1]}#status`, anySuccess: true };
  return { subject: text, anySuccess: false };
}

/** Evaluates a timeout expression made of numeric literals: `30_000`, `60 * 1000`. */
export function numericValue(text: string): number | undefined {
  const clean = text.replace(/_/g, '').replace(/\s+/g, '');
  if (!/^[\d.]+(\*[\d.]+)*$/.test(clean)) return undefined;
  const value = clean.split('*').reduce((product, part) => product * Number(part), 1);
  return Number.isFinite(value) ? value : undefined;
}
