import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedTarget } from './types.js';
import { escapeGlob } from './words.js';
import type { WordValue } from './words.js';

const posix = path.posix;

/** The snapshot as the path resolver sees it. */
export class PathIndex {
  readonly fileSet: ReadonlySet<string>;
  constructor(
    readonly root: string,
    readonly home: string,
    readonly files: readonly string[],
  ) {
    this.fileSet = new Set(files);
  }

  /** Files at or under a repository-relative path ('' is the root). */
  under(relative: string): string[] {
    if (relative === '') return [...this.files];
    if (this.fileSet.has(relative)) return [relative];
    const prefix = `${relative}/`;
    return this.files.filter((file) => file.startsWith(prefix));
  }

  isDirectory(relative: string): boolean {
    if (relative === '') return true;
    const prefix = `${relative}/`;
    return this.files.some((file) => file.startsWith(prefix));
  }

  /** Files matching a repository-relative glob, or inside a folder it matches. */
  matching(pattern: string, dot: boolean): string[] {
    const matches = picomatch(pattern, { dot });
    return this.files.filter((file) => {
      if (matches(file)) return true;
      for (let i = file.indexOf('/'); i >= 0; i = file.indexOf('/', i + 1)) {
        if (matches(file.slice(0, i))) return true;
      }
      return false;
    });
  }
}

function isAncestorOrSelf(ancestor: string, of: string): boolean {
  return ancestor === of || ancestor === '/' || of.startsWith(`${ancestor}/`);
}

/** The repository-relative form of an absolute path, or undefined when it is outside. */
export function relativeToRoot(root: string, absolute: string): string | undefined {
  const relative = posix.relative(root, absolute);
  if (relative.startsWith('..') || posix.isAbsolute(relative)) return undefined;
  return relative;
}

/**
 * Where a word used as a path points, from the working directory the shell has at that point
 * (undefined when an earlier `cd` went somewhere only known at run time).
 */
export function resolveTarget(
  value: WordValue,
  cwd: string | undefined,
  index: PathIndex,
): ResolvedTarget {
  const base = {
    text: value.text,
    dynamic: value.dynamic,
    coversRoot: false,
    coversHome: false,
  };
  if (!value.dynamic && !value.glob) {
    const text = value.text;
    if (!posix.isAbsolute(text) && cwd === undefined) {
      const pattern = `**/${escapeGlob(posix.normalize(text).replace(/\/+$/, ''))}`;
      return { ...base, where: 'unknown', path: pattern, matches: index.matching(pattern, true) };
    }
    const absolute = posix.resolve(cwd ?? '/', text);
    const relative = relativeToRoot(index.root, absolute);
    const coversRoot = isAncestorOrSelf(absolute, index.root);
    const coversHome = isAncestorOrSelf(absolute, index.home);
    if (relative === undefined) {
      return {
        ...base,
        where: 'outside',
        path: absolute,
        matches: coversRoot ? [...index.files] : [],
        coversRoot,
        coversHome,
      };
    }
    return {
      ...base,
      where: 'repo',
      path: relative === '' ? '.' : relative,
      matches: index.under(relative),
      coversRoot,
      coversHome,
    };
  }
  // A glob or a word with run-time parts: match what it can reach among existing files.
  let pattern = value.pattern;
  const wholeUnknown = /^\*+\/*$/.test(pattern) && value.dynamic && !value.glob;
  if (wholeUnknown) return { ...base, where: 'unknown', path: pattern, matches: [] };
  if (!posix.isAbsolute(pattern.replace(/^\\/, ''))) {
    if (cwd === undefined) {
      pattern = `**/${pattern}`;
      return { ...base, where: 'unknown', path: pattern, matches: index.matching(pattern, true) };
    }
    pattern = `${escapeGlob(cwd === '/' ? '' : cwd)}/${pattern}`;
  }
  pattern = normalizePattern(pattern);
  const escapedRoot = escapeGlob(index.root);
  const escapedHome = escapeGlob(index.home);
  const everythingIn = (dir: string): boolean =>
    pattern === `${dir}/*` || pattern === `${dir}/**` || pattern === `${dir}/**/*`;
  const coversRoot = everythingIn(escapedRoot) || everythingIn('');
  const coversHome = everythingIn(escapedHome) || everythingIn('');
  if (pattern.startsWith(`${escapedRoot}/`)) {
    const relative = pattern.slice(escapedRoot.length + 1);
    return {
      ...base,
      where: 'repo',
      path: relative,
      matches: index.matching(relative, value.dynamic),
      coversRoot,
      coversHome,
    };
  }
  // Outside the checked folder, unless the pattern can reach into it from above.
  const reachesIn = picomatch(pattern, { dot: value.dynamic })(index.root);
  return {
    ...base,
    where: 'outside',
    path: pattern,
    matches: reachesIn || coversRoot ? [...index.files] : [],
    coversRoot: coversRoot || reachesIn,
    coversHome,
  };
}

/** Collapses `a/./b` and `a/x/../b` in a glob without touching its special characters. */
function normalizePattern(pattern: string): string {
  const absolute = pattern.startsWith('/');
  const out: string[] = [];
  for (const segment of pattern.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && !/[*?[]/.test(out[out.length - 1] ?? '')) {
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return `${absolute ? '/' : ''}${out.join('/')}`;
}
