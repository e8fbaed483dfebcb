import path from 'node:path';
import { defineRule } from '../../engine/rule.js';
import { globMatcher } from '../../engine/globs.js';
import type { ReportLocation, RuleContext } from '../../engine/rule.js';
import type {
  CommandFacts,
  CommandSpan,
  RealPath,
  ResolvedTarget,
  ShellAction,
  WriteAction,
} from '../../facts/shell/types.js';
import { commandLocation, excerpt } from '../agent/_command.js';
import { describeState, outsideState, repositoryState } from './_state.js';
import type { StateKind } from './_state.js';

/** A place a proposed action would change, and what kind of state it is. */
interface Hit {
  /** Repository-relative path, or absolute outside the repository. */
  file: string;
  kind: StateKind;
  outside: boolean;
  /** Reached as the target of a link the command creates, not written itself. */
  link?: boolean;
}

type Context = RuleContext<unknown>;

function repositoryHit(file: string, context: Context): Hit | undefined {
  const kind = repositoryState(file, context.contract.file);
  return kind ? { file, kind, outside: false } : undefined;
}

function outsideHit(file: string, command: CommandFacts, reachesBelow: boolean): Hit | undefined {
  const state = outsideState(file, command.guarded ?? [], reachesBelow);
  return state ? { file: state.path, kind: state.kind, outside: true } : undefined;
}

/** The folder part of a glob before its first special character. */
function staticPrefix(pattern: string): string {
  const special = pattern.search(/[*?[{]/);
  return special < 0 ? pattern : path.posix.dirname(pattern.slice(0, special + 1));
}

function realHit(real: RealPath, context: Context, command: CommandFacts): Hit | undefined {
  return real.where === 'repo'
    ? repositoryHit(real.path, context)
    : outsideHit(real.path, command, false);
}

/**
 * Every piece of Charter state a write to this target reaches, first the most direct: the path,
 * the files it matched (a folder's, a glob's) unless only the path counts, and where symlinks
 * lead it when the write follows them.
 */
function targetHits(
  target: ResolvedTarget,
  how: { follows: boolean; reachesBelow: boolean; matches: boolean },
  context: Context,
  command: CommandFacts,
): Hit[] {
  const { follows, reachesBelow } = how;
  const hits: (Hit | undefined)[] = [];
  if (target.where === 'repo' && !target.dynamic && target.path !== '.')
    hits.push(repositoryHit(target.path, context));
  // A path below a folder only known at run time: Charter's state sits at any depth.
  if (target.where === 'unknown' && !target.dynamic && !path.posix.isAbsolute(target.text))
    hits.push(repositoryHit(target.text, context));
  if (target.where === 'outside')
    hits.push(
      outsideHit(
        staticPrefix(target.path),
        command,
        reachesBelow || target.path !== staticPrefix(target.path),
      ),
    );
  if (how.matches) for (const file of target.matches) hits.push(repositoryHit(file, context));
  // Deleting or moving a symlink leaves what it points at as it is.
  if (follows) for (const real of target.through ?? []) hits.push(realHit(real, context, command));
  return hits.filter((hit): hit is Hit => hit !== undefined);
}

function verb(action: WriteAction): string {
  if (action.deletes)
    return action.via === 'mv' || action.via === 'git mv' ? 'moves away' : 'deletes';
  if (action.via === 'chmod' || action.via === 'chown') return 'changes the permissions of';
  return 'writes';
}

/** What a write action reaches: for `ln`, where the new link points as well as the link. */
function writeHits(action: WriteAction, context: Context, command: CommandFacts): Hit[] {
  // A link to a folder that holds a contract somewhere below is ordinary (packages linked
  // into each other); a link to the state itself exists only to write through it later.
  const linked = action.linkTo
    ? targetHits(
        action.linkTo,
        { follows: true, reachesBelow: false, matches: false },
        context,
        command,
      ).map((hit) => ({ ...hit, link: true }))
    : [];
  const own = targetHits(
    action.target,
    {
      follows: !action.deletes && action.via !== 'ln',
      reachesBelow: action.recursive || action.deletes,
      matches: true,
    },
    context,
    command,
  );
  return [...linked, ...own];
}

/** What Charter's own command line changes: its daemon, hooks, baseline or contract. */
function charterCommand(args: readonly string[]): { kind: StateKind; what: string } | undefined {
  const [command, sub] = args;
  if (command === 'daemon' && args.includes('stop'))
    return { kind: 'daemon', what: 'stops Charter’s hook daemon' };
  if (command === 'hooks' && sub === 'install')
    return { kind: 'hook-config', what: 'rewrites the agents’ hook configuration' };
  if (command === 'baseline')
    return { kind: 'baseline', what: 'rewrites Charter’s baseline of accepted findings' };
  if (command === 'init') return { kind: 'contract', what: 'writes a Charter contract' };
  return undefined;
}

export const rule = defineRule({
  meta: {
    code: 'charter/protected-state',
    description:
      'A proposed edit or shell command changes Charter’s own state: its cache and audit log, a contract, the baseline, git’s folder, the agents’ hook configuration, its per-user keys or its daemon.',
    rationale:
      'The gate decides from its contract, its baseline, its cache and the hooks that call it, and records what it decided in its audit log. An agent that could write any of them could switch its own gate off: empty the contract through a symlink, forge a cache entry, install a git hook or a `core.fsmonitor` command, edit its hook settings, or stop the daemon that answers the hooks. These are protected without being listed under `protect`, whatever tool writes them: the edit tools, redirections, cp, mv, ln, tee, sed -i, chmod, `git config`, and writes through symlinks, followed to where they really land. Creating a link into protected state is itself reported: it exists only to write through later.',
    remediation:
      'Leave Charter’s state as it is. The contract, baseline and hook settings change through a reviewed commit made by a human; the cache and audit log are Charter’s to write.',
    defaultSeverity: 'error',
    locality: 'change',
    judgesCommands: true,
  },
  check(context) {
    if (context.command) checkCommand(context, context.command);
    else if (context.mode === 'overlay' && context.change) checkEdit(context);
  },
});

/**
 * A contract the edit changes that charter/contract-changed already reports (the governing
 * one, and any other the contract checks): one finding per defect.
 */
function reportedAsContractChange(file: string, context: Context): boolean {
  if (file === context.contract.file) return true;
  const { include, exclude } = context.contract.data;
  return globMatcher(include, true)(file) && !globMatcher(exclude, false)(file);
}

/** A proposed edit (agent edit tools): every file it writes or deletes. */
function checkEdit(context: Context): void {
  for (const changed of context.change ?? []) {
    const kind = repositoryState(changed.path, context.contract.file);
    if (!kind) continue;
    if (kind === 'contract' && reportedAsContractChange(changed.path, context)) continue;
    const what = changed.status === 'deleted' ? 'deletes' : 'writes';
    context.report({
      message: `the edit ${what} ${changed.path}, which is ${describeState(kind)}`,
      data: { file: changed.path, kind, status: changed.status },
      location: { file: changed.path, line: 1, column: 1 },
    });
  }
}

function checkCommand(context: Context, command: CommandFacts): void {
  const report = (
    span: CommandSpan,
    message: (code: string) => string,
    data: Record<string, string | number | boolean>,
    location?: ReportLocation,
  ): void => {
    const code = excerpt(command.source, span);
    context.report({
      message: message(code),
      data: { ...data, command: code },
      location: location ?? commandLocation(command.source, span),
    });
  };
  for (const action of command.actions) checkAction(action, context, command, report);
}

function checkAction(
  action: ShellAction,
  context: Context,
  command: CommandFacts,
  report: (
    span: CommandSpan,
    message: (code: string) => string,
    data: Record<string, string | number | boolean>,
    location?: ReportLocation,
  ) => void,
): void {
  switch (action.type) {
    case 'write': {
      const hits = writeHits(action, context, command);
      const first = hits[0];
      if (!first) return;
      const files = new Set(hits.map((hit) => hit.file)).size;
      const more =
        files > 1 ? ` (and ${files - 1} more protected path${files > 2 ? 's' : ''})` : '';
      const through =
        !first.link && action.target.path !== first.file && action.target.through?.length
          ? ` through the symlink ${action.target.text}`
          : '';
      report(
        action.span,
        (code) =>
          `\`${code}\` ${first.link ? 'creates a link to' : verb(action)} ${first.file}${through}${more}, which is ${describeState(first.kind)}`,
        { file: first.file, kind: first.kind, via: action.via, files },
        first.outside ? undefined : { file: first.file, line: 1, column: 1 },
      );
      return;
    }
    case 'git-config':
      // A one-off `git -c` changes nothing on disk; `--file` writes are judged as writes.
      if (action.operation === 'command' || action.file !== undefined) return;
      report(
        action.span,
        (code) =>
          `\`${code}\` ${action.operation === 'unset' ? 'unsets' : 'sets'} ${action.key} in git’s configuration, which is ${describeState('git')}`,
        { file: '.git/config', kind: 'git', via: 'git config', key: action.key },
      );
      return;
    case 'charter': {
      const change = charterCommand(action.args);
      if (!change) return;
      report(
        action.span,
        (code) => `\`${code}\` ${change.what}, which is ${describeState(change.kind)}`,
        { kind: change.kind, via: 'charter' },
      );
      return;
    }
    case 'kill':
      if (!action.targets.some((target) => /charter/i.test(target))) return;
      report(
        action.span,
        (code) =>
          `\`${code}\` may stop Charter’s own processes, among them ${describeState('daemon')}`,
        { kind: 'daemon', via: action.program },
      );
      return;
    default:
      return;
  }
}
