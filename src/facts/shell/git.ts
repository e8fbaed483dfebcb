import type { CommandSpan, GitConfigAction, ShellAction, WriteVia } from './types.js';

/** A git invocation, after global options. */
export interface GitInvocation {
  subcommand: string;
  args: string[];
  /** `-C dir` arguments, in order (each relative to the previous). */
  chdir: string[];
  /** `-c key=value` pairs. */
  config: { key: string; value: string | undefined }[];
}

const GLOBAL_WITH_VALUE = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--super-prefix',
  '--config-env',
  '--list-cmds',
]);

/** Splits `git [global options] <subcommand> [args]`. */
export function parseGit(args: readonly string[]): GitInvocation | undefined {
  const chdir: string[] = [];
  const config: GitInvocation['config'] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) break;
    const [flag, inline] = splitInline(arg);
    if (!GLOBAL_WITH_VALUE.has(flag)) continue;
    const value = inline ?? args[++i];
    if (value === undefined) break;
    if (flag === '-C') chdir.push(value);
    if (flag === '-c') {
      const eq = value.indexOf('=');
      config.push(
        eq < 0
          ? { key: value.toLowerCase(), value: undefined }
          : { key: value.slice(0, eq).toLowerCase(), value: value.slice(eq + 1) },
      );
    }
  }
  const subcommand = args[i];
  if (subcommand === undefined) return undefined;
  return { subcommand, args: args.slice(i + 1), chdir, config };
}

function splitInline(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/**
 * Walks options the git way: long options with `=` or a separate value, clusters of short
 * flags where a flag that takes a value swallows the rest of the cluster or the next word.
 */
function scanOptions(
  args: readonly string[],
  shortWithValue: string,
  longWithValue: ReadonlySet<string>,
  onFlag: (flag: string) => void,
): string[] {
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [flag, inline] = splitInline(arg);
      onFlag(flag);
      if (inline === undefined && longWithValue.has(flag)) i++;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j] as string;
        onFlag(`-${c}`);
        if (shortWithValue.includes(c)) {
          if (j === arg.length - 1) i++;
          break;
        }
      }
      continue;
    }
    positionals.push(arg);
  }
  return positionals;
}

const COMMIT_LONG_VALUE = new Set([
  '--message',
  '--file',
  '--author',
  '--date',
  '--reuse-message',
  '--reedit-message',
  '--fixup',
  '--squash',
  '--template',
  '--cleanup',
  '--trailer',
  '--pathspec-from-file',
  '--gpg-sign',
]);

const PUSH_LONG_VALUE = new Set([
  '--repo',
  '--receive-pack',
  '--exec',
  '--push-option',
  '--signed',
]);

const NO_VERIFY_SUBCOMMANDS = new Set(['merge', 'pull', 'rebase', 'am']);

export interface GitPathWrite {
  via: WriteVia;
  paths: string[];
  deletes: boolean;
  /** Paths name what changed in the working tree (a folder or `.` reaches only changed files). */
  onlyChanged: boolean;
}

/** Facts of one git invocation; path writes are returned for the caller to resolve. */
export function gitActions(
  git: GitInvocation,
  span: CommandSpan,
  knownPath: (arg: string) => boolean,
): { actions: ShellAction[]; writes: GitPathWrite[] } {
  const actions: ShellAction[] = [];
  const writes: GitPathWrite[] = [];
  for (const { key, value } of git.config) {
    actions.push({ type: 'git-config', key, value, operation: 'command', span });
  }
  const { subcommand, args } = git;
  switch (subcommand) {
    case 'commit': {
      let noVerify = false;
      scanOptions(args, 'mFCctu', COMMIT_LONG_VALUE, (flag) => {
        if (flag === '-n' || flag === '--no-verify') noVerify = true;
        if (flag === '--verify') noVerify = false;
      });
      actions.push({ type: 'git-commit', noVerify, span });
      break;
    }
    case 'push': {
      let force = false;
      let deletes = false;
      let mirror = false;
      let noVerify = false;
      const positionals = scanOptions(args, 'o', PUSH_LONG_VALUE, (flag) => {
        if (flag === '-f' || flag === '--force' || flag.startsWith('--force-with-lease'))
          force = true;
        if (flag === '-d' || flag === '--delete') deletes = true;
        if (flag === '--mirror') mirror = true;
        if (flag === '--no-verify') noVerify = true;
        if (flag === '--verify') noVerify = false;
      });
      const [remote, ...refspecs] = positionals;
      const branches: string[] = [];
      for (const refspec of refspecs) {
        let spec = refspec;
        if (spec.startsWith('+')) {
          force = true;
          spec = spec.slice(1);
        }
        const colon = spec.indexOf(':');
        if (colon === 0) deletes = true;
        const destination = colon >= 0 ? spec.slice(colon + 1) : spec;
        branches.push(destination.replace(/^refs\/heads\//, ''));
      }
      actions.push({
        type: 'git-push',
        remote,
        branches,
        force,
        deletes,
        mirror,
        noVerify,
        span,
      });
      break;
    }
    case 'config': {
      const configAction = gitConfigAction(args, span);
      if (configAction) actions.push(configAction);
      // `--file` writes that file, not git's configuration.
      if (configAction?.file !== undefined)
        writes.push({
          via: 'git config',
          paths: [configAction.file],
          deletes: false,
          onlyChanged: false,
        });
      break;
    }
    case 'clean': {
      // Untracked files only, but -x and -X delete ignored ones too: Charter's cache and
      // audit log in the folders it cleans.
      let ignored = false;
      const positionals = scanOptions(args, 'e', new Set(['--exclude']), (flag) => {
        if (flag === '-x' || flag === '-X') ignored = true;
      });
      if (ignored)
        writes.push({
          via: 'git clean',
          paths: (positionals.length ? positionals : ['.']).map((dir) => `${dir}/.charter`),
          deletes: true,
          onlyChanged: false,
        });
      break;
    }
    case 'checkout': {
      const paths = checkoutPaths(args, knownPath);
      if (paths.length)
        writes.push({ via: 'git checkout', paths, deletes: false, onlyChanged: true });
      break;
    }
    case 'restore': {
      let staged = false;
      let worktree = false;
      const positionals = scanOptions(
        args,
        's',
        new Set(['--source', '--pathspec-from-file', '--conflict']),
        (flag) => {
          if (flag === '-S' || flag === '--staged') staged = true;
          if (flag === '-W' || flag === '--worktree') worktree = true;
        },
      );
      if (staged && !worktree) break;
      if (positionals.length)
        writes.push({ via: 'git restore', paths: positionals, deletes: false, onlyChanged: true });
      break;
    }
    case 'rm': {
      const positionals = scanOptions(args, '', new Set(['--pathspec-from-file']), () => {});
      if (positionals.length)
        writes.push({ via: 'git rm', paths: positionals, deletes: true, onlyChanged: false });
      break;
    }
    case 'mv': {
      const positionals = scanOptions(args, '', new Set(), () => {});
      if (positionals.length >= 2) {
        const sources = positionals.slice(0, -1);
        writes.push({ via: 'git mv', paths: sources, deletes: true, onlyChanged: false });
        writes.push({
          via: 'git mv',
          paths: [positionals[positionals.length - 1] as string],
          deletes: false,
          onlyChanged: false,
        });
      }
      break;
    }
    default:
      if (NO_VERIFY_SUBCOMMANDS.has(subcommand)) {
        let noVerify = false;
        scanOptions(
          args,
          subcommand === 'merge' || subcommand === 'pull' ? 'mFsX' : 'sSX',
          new Set(['--message', '--file', '--strategy', '--strategy-option', '--onto', '--exec']),
          (flag) => {
            if (flag === '--no-verify') noVerify = true;
            if (flag === '--verify') noVerify = false;
          },
        );
        if (noVerify) actions.push({ type: 'git-no-verify', subcommand, span });
      }
  }
  return { actions, writes };
}

const CONFIG_SCOPE_FLAGS = new Set([
  '--global',
  '--system',
  '--local',
  '--worktree',
  '--add',
  '--replace-all',
]);

function gitConfigAction(args: readonly string[], span: CommandSpan): GitConfigAction | undefined {
  let unset = false;
  let read = false;
  let file: string | undefined;
  const positionals: string[] = [];
  let i = 0;
  // `git config set|unset|get KEY` (git 2.46+) and the classic `git config [--unset] KEY [VALUE]`.
  if (args[0] === 'set' || args[0] === 'unset' || args[0] === 'get' || args[0] === 'list') {
    if (args[0] === 'unset') unset = true;
    if (args[0] === 'get' || args[0] === 'list') read = true;
    i = 1;
  }
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--unset' || arg === '--unset-all') unset = true;
    else if (
      arg === '--get' ||
      arg === '--get-all' ||
      arg === '--get-regexp' ||
      arg === '--list' ||
      arg === '-l' ||
      arg === '--show-origin'
    )
      read = true;
    else if (arg === '--file' || arg === '-f') file = args[++i];
    else if (arg.startsWith('--file=')) file = arg.slice('--file='.length);
    else if (arg === '--blob' || arg === '--type' || arg === '--default' || arg === '--value') i++;
    else if (CONFIG_SCOPE_FLAGS.has(arg) || arg.startsWith('-')) continue;
    else positionals.push(arg);
  }
  const [key, value] = positionals;
  if (read || key === undefined) return undefined;
  if (!unset && value === undefined) return undefined; // `git config KEY` reads it
  return {
    type: 'git-config',
    key: key.toLowerCase(),
    value: unset ? undefined : value,
    operation: unset ? 'unset' : 'set',
    ...(file !== undefined ? { file } : {}),
    span,
  };
}

/** `git checkout [<tree-ish>] [--] <paths>`: the paths, or none when it switches branches. */
function checkoutPaths(args: readonly string[], knownPath: (arg: string) => boolean): string[] {
  const dash = args.indexOf('--');
  const before = dash >= 0 ? args.slice(0, dash) : args;
  const after = dash >= 0 ? args.slice(dash + 1) : [];
  const positionals: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const arg = before[i] as string;
    if (arg === '-b' || arg === '-B' || arg === '--orphan') return []; // creates a branch
    if (arg === '--conflict' || arg === '--pathspec-from-file') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    positionals.push(arg);
  }
  if (dash >= 0) return after;
  if (positionals.length === 0) return [];
  // Without `--`, git treats the first word as a revision unless it only names a path.
  const [first, ...rest] = positionals;
  if (rest.length > 0) return knownPath(first as string) ? positionals : rest;
  return knownPath(first as string) ? [first as string] : [];
}
