import type { CommandFacts, ProposedCommand } from '../facts/shell/types.js';
import { followLinks, guardedFolders } from '../repo/links.js';

/**
 * The facts of a proposed command, completed with what only the disk can tell: where the
 * paths it writes lead through symlinks already there, and the folders outside the repository
 * that the gate depends on. The shell parser is loaded only here, for a command.
 */
export async function proposedCommandFacts(
  command: ProposedCommand,
  snapshot: { root: string; files: readonly string[]; change: readonly { path: string }[] | null },
): Promise<CommandFacts> {
  const shell = await import('../facts/shell/index.js');
  const facts = shell.commandFacts(command, snapshot);
  const [real, guarded] = await Promise.all([
    followLinks(shell.pathsToFollow(facts, snapshot.root), snapshot.root),
    guardedFolders(snapshot.root),
  ]);
  return { ...shell.throughDiskLinks(facts, real, snapshot.root), guarded };
}
