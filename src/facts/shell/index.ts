import os from 'node:os';
import { analyzeCommand } from './analyze.js';
import type { CommandFacts, ProposedCommand } from './types.js';

export { analyzeCommand } from './analyze.js';
export { pathsToFollow, throughDiskLinks } from './links.js';
export type * from './types.js';

/** The facts of a proposed command in the snapshot it would run against. */
export function commandFacts(
  command: ProposedCommand,
  snapshot: {
    root: string;
    files: readonly string[];
    change: readonly { path: string }[] | null;
  },
): CommandFacts {
  return analyzeCommand(command.source, {
    root: snapshot.root,
    cwd: command.cwd,
    home: command.home ?? os.homedir(),
    files: snapshot.files,
    changed: (snapshot.change ?? []).map((c) => c.path),
    ...(command.branch ? { branch: command.branch } : {}),
  });
}
