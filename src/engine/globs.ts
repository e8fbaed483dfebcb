import picomatch from 'picomatch';

export type GlobMatcher = (file: string) => boolean;

/** Answers kept per matcher: a repository's paths, asked again on every check of a process. */
const MAX_REMEMBERED_PATHS = 200_000;
const MAX_MATCHERS = 1000;
const matchers = new Map<string, GlobMatcher>();

/**
 * Dotfiles match like any other file: `.github/**` and `**\/.env` mean what users expect.
 * Matchers are compiled once per glob list, and remember their answers: a long-lived process
 * (the hook daemon) filters the same paths on every request.
 */
export function globMatcher(globs: readonly string[] | undefined, fallback: boolean): GlobMatcher {
  if (!globs || globs.length === 0) return () => fallback;
  const key = JSON.stringify(globs);
  const known = matchers.get(key);
  if (known) return known;
  const test = picomatch([...globs], { dot: true });
  const answers = new Map<string, boolean>();
  const matcher = (file: string): boolean => {
    let answer = answers.get(file);
    if (answer === undefined) {
      if (answers.size >= MAX_REMEMBERED_PATHS) answers.clear();
      answer = test(file);
      answers.set(file, answer);
    }
    return answer;
  };
  if (matchers.size >= MAX_MATCHERS) matchers.clear();
  matchers.set(key, matcher);
  return matcher;
}

/**
 * For a folder whose files are unknown (git could not open it): whether some of them may be
 * files the globs match. True when a glob's literal start leads into the folder or out of it
 * (`**\/*.ts`, `src/**`, `src/private/keep.md` for `src/private/`).
 */
export function folderMayMatch(globs: readonly string[] | undefined, folder: string): boolean {
  if (!globs || globs.length === 0) return true;
  const inside = `${folder.replace(/\/+$/, '')}/`;
  return globs.some((glob) => {
    const base = picomatch.scan(glob).base.replace(/\/+$/, '');
    return base === '' || `${base}/`.startsWith(inside) || inside.startsWith(`${base}/`);
  });
}

/** For a folder whose files are unknown: whether the globs match everything in it (`private/**`). */
export function folderCovered(globs: readonly string[] | undefined, folder: string): boolean {
  if (!globs || globs.length === 0) return false;
  return globMatcher(globs, false)(`${folder.replace(/\/+$/, '')}/`);
}
