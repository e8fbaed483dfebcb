import path from 'node:path';
import { relativeToRoot } from './paths.js';
import type { CommandFacts, RealPath, ResolvedTarget } from './types.js';

/**
 * Writes that follow symlinks already on disk: the analysis cannot see them (it reads no
 * file), so the engine looks up the paths listed here and hands back where each really is.
 */

const posix = path.posix;

/** Paths looked up per command at most: a glob over a whole repository is not followed file by file. */
export const MAX_LOOKUPS = 512;

/** Absolute paths a write to this target may follow: the path itself, and the files it matched. */
function pathsOf(target: ResolvedTarget, root: string, withMatches: boolean): string[] {
  const paths: string[] = [];
  if (!target.dynamic && target.where === 'repo')
    paths.push(target.path === '.' ? root : posix.join(root, target.path));
  if (!target.dynamic && target.where === 'outside' && !/[*?[]/.test(target.path))
    paths.push(target.path);
  for (const real of target.through ?? [])
    paths.push(real.where === 'repo' ? posix.join(root, real.path) : real.path);
  if (withMatches) for (const file of target.matches) paths.push(posix.join(root, file));
  return paths;
}

/** Which targets of the facts follow links when written, with whether their matches count. */
function followingTargets(facts: CommandFacts): { target: ResolvedTarget; matches: boolean }[] {
  const targets: { target: ResolvedTarget; matches: boolean }[] = [];
  for (const action of facts.actions) {
    if (action.type !== 'write') continue;
    if (action.linkTo) targets.push({ target: action.linkTo, matches: false });
    // Deleting or moving a link, or replacing it with `ln -f`, leaves its target alone; a
    // recursive copy or chmod does not follow the links it finds below the folder it names.
    if (action.deletes || action.via === 'ln') continue;
    targets.push({ target: action.target, matches: !action.recursive });
  }
  return targets;
}

/** The absolute paths whose real place the engine should look up, at most MAX_LOOKUPS. */
export function pathsToFollow(facts: CommandFacts, root: string): string[] {
  const paths = new Set<string>();
  for (const { target, matches } of followingTargets(facts)) {
    for (const file of pathsOf(target, root, matches)) {
      if (paths.size >= MAX_LOOKUPS) return [...paths];
      paths.add(file);
    }
  }
  return [...paths];
}

function realPath(absolute: string, root: string): RealPath {
  const relative = relativeToRoot(root, absolute);
  return relative === undefined
    ? { where: 'outside', path: absolute }
    : { where: 'repo', path: relative === '' ? '.' : relative };
}

/**
 * The facts with each following target's `through` extended by where symlinks on disk lead
 * (`real`: absolute path → its real absolute path, for those that differ).
 */
export function throughDiskLinks(
  facts: CommandFacts,
  real: ReadonlyMap<string, string>,
  root: string,
): CommandFacts {
  if (real.size === 0) return facts;
  const extend = (target: ResolvedTarget, matches: boolean): ResolvedTarget => {
    const reached = pathsOf(target, root, matches).flatMap((file) => {
      const to = real.get(file);
      return to === undefined ? [] : [realPath(to, root)];
    });
    return reached.length
      ? { ...target, through: [...(target.through ?? []), ...reached] }
      : target;
  };
  return {
    ...facts,
    actions: facts.actions.map((action) => {
      if (action.type !== 'write') return action;
      const follows = !action.deletes && action.via !== 'ln';
      return {
        ...action,
        target: follows ? extend(action.target, !action.recursive) : action.target,
        ...(action.linkTo ? { linkTo: extend(action.linkTo, false) } : {}),
      };
    }),
  };
}
