import path from 'node:path';
import { globMatcher } from '../../engine/globs.js';
import type { GuardedFolder } from '../../facts/shell/types.js';

/**
 * Charter's own state: what the gate reads to decide, and what records its decisions. An agent
 * that could write it could switch the gate off, so it is protected whatever the contract lists.
 */
export type StateKind =
  'cache' | 'contract' | 'baseline' | 'git' | 'hook-config' | 'user-state' | 'daemon';

/** Repository paths, at any depth (nested packages have contracts and caches of their own). */
const REPOSITORY_STATE: readonly { kind: StateKind; globs: string[] }[] = [
  { kind: 'cache', globs: ['**/.charter', '**/.charter/**'] },
  { kind: 'contract', globs: ['**/charter.yaml'] },
  { kind: 'baseline', globs: ['**/charter.baseline.json'] },
  { kind: 'git', globs: ['**/.git', '**/.git/**'] },
  {
    // Where `charter hooks install` writes each agent's hooks, and the files that override them.
    kind: 'hook-config',
    globs: [
      '**/.claude/settings.json',
      '**/.claude/settings.local.json',
      '**/.codex/hooks.json',
      '**/.codex/config.toml',
      '**/.gemini/settings.json',
      '**/.cursor/hooks.json',
      '**/.github/hooks/*.json',
    ],
  },
];

const DESCRIPTIONS: Readonly<Record<StateKind, string>> = {
  cache: 'Charter’s cache and audit log',
  contract: 'a Charter contract',
  baseline: 'Charter’s baseline of accepted findings',
  git: 'git’s own folder (hooks and configuration)',
  'hook-config': 'an agent’s hook configuration',
  'user-state': 'Charter’s per-user state (its keys)',
  daemon: 'Charter’s hook daemon',
};

/** What a kind of state is, for a message: "…, which is <description>". */
export function describeState(kind: StateKind): string {
  return DESCRIPTIONS[kind];
}

/**
 * The kind of Charter state a repository-relative path is, or undefined. `contractFile` is the
 * contract the check uses, whatever its name.
 */
export function repositoryState(file: string, contractFile: string): StateKind | undefined {
  const normalized = path.posix.normalize(file).replace(/\/+$/, '');
  if (normalized === contractFile) return 'contract';
  for (const { kind, globs } of REPOSITORY_STATE)
    if (globMatcher(globs, false)(normalized)) return kind;
  return undefined;
}

function isInside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * The Charter state an absolute path outside the repository reaches: inside a guarded folder,
 * or inside any git folder. With `reachesBelow` (a recursive delete, a glob's folder), a path
 * that contains a guarded folder reaches it too. `path` is the state reached: the path itself,
 * or the guarded folder below it.
 */
export function outsideState(
  absolute: string,
  guarded: readonly GuardedFolder[],
  reachesBelow: boolean,
): { kind: StateKind; path: string } | undefined {
  for (const folder of guarded) {
    if (isInside(folder.path, absolute)) return { kind: folder.kind, path: absolute };
    if (reachesBelow && isInside(absolute, folder.path))
      return { kind: folder.kind, path: folder.path };
  }
  if (/(^|\/)\.git(\/|$)/.test(absolute)) return { kind: 'git', path: absolute };
  return undefined;
}
