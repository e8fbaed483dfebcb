import picomatch from 'picomatch';

export type GlobMatcher = (file: string) => boolean;

/** Dotfiles match like any other file: `.github/**` and `**\/.env` mean what users expect. */
export function globMatcher(globs: readonly string[] | undefined, fallback: boolean): GlobMatcher {
  if (!globs || globs.length === 0) return () => fallback;
  return picomatch([...globs], { dot: true });
}
