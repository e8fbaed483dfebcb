import path from 'node:path';
import type { Command } from 'commander';
import { CharterError } from '../repo/errors.js';
import type { CheckOptions } from '../engine/check.js';
import type { CliIo } from './io.js';

export interface SelectionFlags {
  cwd?: string;
  contract?: string;
  staged?: boolean;
  base?: string;
  head?: string;
  cache: boolean;
}

/** The flags that choose what is checked: shared by check, baseline and facts. */
export function addSelectionOptions(command: Command): Command {
  return command
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('-c, --contract <file>', 'contract file (default: charter.yaml at the repository root)')
    .option('--staged', 'check the staged change (git index) instead of the working tree')
    .option('--base <rev>', 'check the range <rev>...<head> (CI); the contract is read from <rev>')
    .option('--head <rev>', 'head of the range (default HEAD); needs --base')
    .option('--no-cache', 'do not read or write .charter/cache');
}

export function selectionToOptions(
  flags: SelectionFlags,
  io: CliIo,
): Pick<CheckOptions, 'cwd' | 'contractPath' | 'mode' | 'base' | 'head' | 'cache'> {
  // `--base "$BASE"` with an unset variable must not fall back to a working-tree check: that
  // would read the contract from the untrusted head and compare against nothing.
  for (const [flag, value] of [
    ['--base', flags.base],
    ['--head', flags.head],
  ] as const) {
    if (value !== undefined && value.trim() === '') {
      throw new CharterError(
        'usage/invalid-revision',
        `${flag} needs a revision, and it was given an empty string`,
        'in CI, check that the variable holding the revision is set (e.g. --base "origin/$GITHUB_BASE_REF")',
      );
    }
  }
  if (flags.staged && flags.base) {
    throw new CharterError(
      'usage/conflicting-flags',
      '--staged and --base cannot be used together',
      'use --staged in a pre-commit hook, --base in CI',
    );
  }
  if (flags.head && !flags.base)
    throw new CharterError(
      'usage/missing-base',
      '--head needs --base',
      'e.g. charter check --base origin/main --head HEAD',
    );
  const cwd = path.resolve(io.cwd, flags.cwd ?? '.');
  return {
    cwd,
    ...(flags.contract ? { contractPath: path.resolve(io.cwd, flags.contract) } : {}),
    mode: flags.staged ? 'staged' : flags.base ? 'range' : 'worktree',
    ...(flags.base ? { base: flags.base } : {}),
    ...(flags.head ? { head: flags.head } : {}),
    cache: flags.cache,
  };
}
