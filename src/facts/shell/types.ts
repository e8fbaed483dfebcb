/**
 * What a proposed shell command does, learned from its syntax tree without running it.
 * Rules judge these facts against the contract; nothing here decides allow or deny.
 */

/** A half-open range of UTF-16 offsets into the command text. */
export interface CommandSpan {
  start: number;
  end: number;
}

/** Where a path a command touches resolves to. */
export interface ResolvedTarget {
  /** The word as written in the command (after unquoting and known variables). */
  text: string;
  /**
   * `repo`: inside the checked folder (`path` is relative to it); `outside`: elsewhere
   * (`path` is absolute); `unknown`: depends on something only known when it runs.
   */
  where: 'repo' | 'outside' | 'unknown';
  /** Repository-relative path (repo), absolute path (outside), or a glob (unknown). */
  path: string;
  /** Parts of the word are only known at run time (variables, command output, globs). */
  dynamic: boolean;
  /** Files of the snapshot the operation reaches: the file itself, or everything under a folder or glob. */
  matches: string[];
  /** The target is the checked folder itself, or a folder that contains it. */
  coversRoot: boolean;
  /** The target is the home folder, or a folder that contains it. */
  coversHome: boolean;
  /**
   * Where writing to the path lands when a symlink on the way leads elsewhere: a link an
   * earlier part of the command creates, or one on disk (filled in by the engine, which may
   * look). One entry per path reached; absent when no link is involved.
   */
  through?: RealPath[];
}

/** A path a symlink leads to: repository-relative (`repo`) or absolute (`outside`). */
export interface RealPath {
  where: 'repo' | 'outside';
  path: string;
}

export type WriteVia =
  | 'redirect'
  | 'tee'
  | 'sed -i'
  | 'perl -i'
  | 'cp'
  | 'mv'
  | 'rm'
  | 'rmdir'
  | 'ln'
  | 'chmod'
  | 'chown'
  | 'truncate'
  | 'touch'
  | 'dd'
  | 'install'
  | 'rsync'
  | 'find -delete'
  | 'script'
  | 'git checkout'
  | 'git restore'
  | 'git rm'
  | 'git mv'
  | 'unlink'
  | 'shred'
  | 'git clean'
  | 'git config';

/** A file or folder the command creates, overwrites, edits, moves, deletes or re-permissions. */
export interface WriteAction {
  type: 'write';
  via: WriteVia;
  /** Deletes (rm, mv away, git rm) rather than writes content. */
  deletes: boolean;
  recursive: boolean;
  target: ResolvedTarget;
  /** For `ln`: what the new link points at (a hard link: the file it shares). */
  linkTo?: ResolvedTarget;
  span: CommandSpan;
}

export interface GitCommitAction {
  type: 'git-commit';
  noVerify: boolean;
  span: CommandSpan;
}

/** merge, pull, rebase, am and push also run hooks that --no-verify skips. */
export interface GitNoVerifyAction {
  type: 'git-no-verify';
  subcommand: string;
  span: CommandSpan;
}

export interface GitPushAction {
  type: 'git-push';
  remote: string | undefined;
  /** Branch names the push updates or deletes; empty means the current branch or push.default. */
  branches: string[];
  force: boolean;
  deletes: boolean;
  mirror: boolean;
  noVerify: boolean;
  span: CommandSpan;
}

/** `git config core.hooksPath …`, `git -c core.hooksPath=…`, or a config change that unsets it. */
export interface GitConfigAction {
  type: 'git-config';
  key: string;
  value: string | undefined;
  /** set, unset, or passed for a single command with -c. */
  operation: 'set' | 'unset' | 'command';
  /** `--file <path>`: the file written instead of git's own configuration. */
  file?: string;
  span: CommandSpan;
}

/** Charter's own command line (`charter …`, `npx charter …`, `node …/charter.js …`). */
export interface CharterAction {
  type: 'charter';
  /** The arguments after the program, as far as they are known. */
  args: string[];
  span: CommandSpan;
}

/** `kill`, `pkill` or `killall`, with the operands that say which processes. */
export interface KillAction {
  type: 'kill';
  program: string;
  /** Operands as written (a `$(pgrep …)` keeps its text). */
  targets: string[];
  span: CommandSpan;
}

/** An environment variable set for a command, exported, or assigned in the shell. */
export interface EnvAction {
  type: 'env';
  name: string;
  value: string | undefined;
  span: CommandSpan;
}

/** Something fetched from the network is executed by an interpreter. */
export interface PipeToShellAction {
  type: 'pipe-to-shell';
  fetcher: string;
  interpreter: string;
  span: CommandSpan;
}

export type ShellAction =
  | WriteAction
  | GitCommitAction
  | GitNoVerifyAction
  | GitPushAction
  | GitConfigAction
  | EnvAction
  | PipeToShellAction
  | CharterAction
  | KillAction;

export interface CommandFacts {
  /** The command as the agent proposed it. */
  source: string;
  /** The folder it starts in, relative to the checked folder ('.' at its root), or absolute when outside. */
  cwd: string;
  actions: ShellAction[];
  /**
   * Absolute folders outside the checked folder that hold the gate's own state (the user's
   * Charter state folder, the repository's git folders), when the engine knows them.
   */
  guarded?: GuardedFolder[];
  /** Every program the command runs, with its arguments as far as they are known. */
  programs: { argv: string[]; span: CommandSpan }[];
  /**
   * Why the command cannot be judged: syntax the parser could not read, or (`kind: 'limit'`)
   * expansions, loops or nesting beyond what the analysis follows (never expanded).
   */
  errors: { message: string; offset: number; kind?: 'limit' }[];
}

/** A folder outside the checked folder that the gate itself depends on. */
export interface GuardedFolder {
  /** Absolute path. */
  path: string;
  /** `user-state`: Charter's per-user state (keys); `git`: the repository's git folder. */
  kind: 'user-state' | 'git';
}

/** What the analysis needs to know about the place the command runs in. */
export interface CommandEnvironment {
  /** Absolute path of the checked folder (repository root, or a package with its own contract). */
  root: string;
  /** Absolute working directory the command starts in. */
  cwd: string;
  /** Absolute home directory. */
  home: string;
  /** Files of the snapshot, relative to root. */
  files: readonly string[];
  /** Files with uncommitted changes (git checkout/restore only touch these). */
  changed?: readonly string[];
  /** The branch HEAD points at, when known. */
  branch?: string;
}

/** A command an agent proposes to run, as the engine receives it. */
export interface ProposedCommand {
  source: string;
  /** Absolute directory it runs in. */
  cwd: string;
  /** Absolute home directory (defaults to the current user's). */
  home?: string;
  /** The branch HEAD points at, when known. */
  branch?: string;
}
