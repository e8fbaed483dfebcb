import picomatch from 'picomatch';
import { z } from 'zod';
import { validateGlob } from '../../contract/validators.js';
import type { ImportEdge } from '../../facts/imports/graph.js';
import type { Ecosystem, ImportTarget } from '../../facts/imports/types.js';
import { normalizePythonName } from '../../facts/manifests/text.js';

/** One glob or a list of them; always a list after parsing. */
export const GlobsSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

export const PackagesSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

const CAPTURE = /<([A-Za-z][A-Za-z0-9_]*)>/g;

/** Problems with a glob that may hold `<name>` captures (reported as contract problems). */
export function globProblem(glob: string): string | undefined {
  return validateGlob(glob.replace(CAPTURE, 'x'));
}

export function captureNames(glob: string): string[] {
  return [...glob.matchAll(CAPTURE)].map((m) => m[1] as string);
}

/**
 * A glob whose `<name>` parts match one path segment (or part of one) and capture it, so the
 * other side of a boundary can refer to the same value: `src/features/<feature>/**`.
 */
export interface CaptureGlob {
  glob: string;
  match(file: string): Record<string, string> | undefined;
}

export function captureGlob(glob: string): CaptureGlob {
  const names = captureNames(glob);
  if (names.length === 0) {
    const isMatch = picomatch(glob, { dot: true });
    return { glob, match: (file) => (isMatch(file) ? {} : undefined) };
  }
  const tokens = names.map((_, i) => `CHARTERCAPTURE${i}X`);
  let index = 0;
  const placeholder = glob.replace(CAPTURE, () => tokens[index++] as string);
  let source = picomatch.makeRe(placeholder, { dot: true }).source;
  tokens.forEach((token) => {
    source = source.replace(token, '([^/]+?)');
  });
  const regex = new RegExp(source);
  return {
    glob,
    match(file) {
      const found = regex.exec(file);
      if (!found) return undefined;
      const captures: Record<string, string> = {};
      names.forEach((name, i) => {
        captures[name] = found[i + 1] as string;
      });
      return captures;
    },
  };
}

const GLOB_SPECIAL = /[*?[\]{}()!+@\\]/g;

/** A glob with `<name>` replaced by captured values; values are matched literally. */
export function substitute(glob: string, captures: Record<string, string>): string {
  return glob.replace(CAPTURE, (whole, name: string) =>
    captures[name] !== undefined ? captures[name].replace(GLOB_SPECIAL, '\\$&') : whole,
  );
}

/**
 * Compiled globs, shared by checks. Bounded: a long-lived process (the hook daemon) sees the
 * globs of every contract it checks, and substituted globs of every captured value.
 */
const MAX_MATCHERS = 2000;
const matcherCache = new Map<string, picomatch.Matcher>();
export function globMatches(glob: string, file: string): boolean {
  let matcher = matcherCache.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    if (matcherCache.size >= MAX_MATCHERS) matcherCache.clear();
    matcherCache.set(glob, matcher);
  }
  return matcher(file);
}

/** Whether an import's target is a repository file matching the glob (Go: any file of the package). */
export function targetMatches(target: ImportTarget, test: (file: string) => boolean): boolean {
  if (target.kind !== 'file') return false;
  return test(target.path) || (target.files?.some(test) ?? false);
}

const ECOSYSTEMS = new Set<Ecosystem>(['npm', 'pypi', 'go']);
const HAS_GLOB = /[*?[\]{}]/;

interface PackagePattern {
  entry: string;
  ecosystem?: Ecosystem;
  value: string;
  glob?: picomatch.Matcher;
}

function parsePattern(entry: string): PackagePattern {
  const colon = entry.indexOf(':');
  const prefix = colon > 0 ? entry.slice(0, colon) : '';
  const ecosystem = ECOSYSTEMS.has(prefix as Ecosystem) ? (prefix as Ecosystem) : undefined;
  const value = ecosystem ? entry.slice(colon + 1) : entry;
  return {
    entry,
    ...(ecosystem ? { ecosystem } : {}),
    value,
    ...(HAS_GLOB.test(value) ? { glob: picomatch(value, { dot: true }) } : {}),
  };
}

/** What a package pattern is compared with. */
export interface PackageRef {
  ecosystem: Ecosystem;
  /** Package, distribution, module or builtin name. */
  name: string;
  /** The import as written, when there is one (covers subpaths and Python submodules). */
  specifier?: string;
}

function candidates(ref: PackageRef): string[] {
  const stripNode = (s: string): string => s.replace(/^node:/, '');
  if (ref.ecosystem === 'pypi') {
    const out = new Set<string>([normalizePythonName(ref.name)]);
    if (ref.specifier) {
      const parts = ref.specifier.split('.');
      for (let end = 1; end <= parts.length; end++)
        out.add(normalizePythonName(parts.slice(0, end).join('.')));
    }
    return [...out];
  }
  if (ref.ecosystem === 'npm')
    return [stripNode(ref.name), ...(ref.specifier ? [stripNode(ref.specifier)] : [])];
  return [ref.name, ...(ref.specifier ? [ref.specifier] : [])];
}

/**
 * Matches package names across ecosystems: `openai` matches the npm package, the PyPI
 * distribution and the Python module; `npm:`, `pypi:` and `go:` restrict an entry to one
 * ecosystem; globs (`@temporalio/*`) and subpaths (`lodash/fp`, `google.generativeai`) work.
 */
export function packageMatcher(
  entries: readonly string[],
): (ref: PackageRef) => string | undefined {
  const patterns = entries.map(parsePattern);
  return (ref) => {
    const values = candidates(ref);
    for (const pattern of patterns) {
      if (pattern.ecosystem && pattern.ecosystem !== ref.ecosystem) continue;
      const wanted =
        ref.ecosystem === 'pypi'
          ? normalizePythonName(pattern.value)
          : ref.ecosystem === 'npm'
            ? pattern.value.replace(/^node:/, '')
            : pattern.value;
      for (const value of values) {
        if (pattern.glob ? pattern.glob(value) : value === wanted) return pattern.entry;
        if (!pattern.glob && ref.ecosystem !== 'pypi' && value.startsWith(`${wanted}/`))
          return pattern.entry;
      }
    }
    return undefined;
  };
}

/** The package an import leads to, if it leads to one (external or builtin). */
export function packageRefOf(edge: ImportEdge): PackageRef | undefined {
  const target = edge.target;
  if (target.kind !== 'package' && target.kind !== 'builtin') return undefined;
  return { ecosystem: target.ecosystem, name: target.name, specifier: edge.record.specifier };
}

/** Location of an import statement for a report. */
export function importLocation(edge: ImportEdge): {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
} {
  const { line, column, endLine, endColumn } = edge.record;
  return { file: edge.from, line, column, endLine, endColumn };
}

/** Adds a contract problem for every invalid glob in a list. */
export function checkGlobs(
  globs: readonly string[] | undefined,
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  globs?.forEach((glob, index) => {
    const problem = globProblem(glob);
    if (problem) ctx.addIssue({ code: 'custom', path: [...path, index], message: problem });
  });
}
