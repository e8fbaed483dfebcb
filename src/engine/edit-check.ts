import path from 'node:path';
import type { LoadedContract } from '../contract/load.js';
import { FactCache } from '../repo/cache-store.js';
import { OverlaySnapshot, ScopedSnapshot, snapshotAtCommit } from '../repo/snapshot.js';
import type { Snapshot } from '../repo/snapshot.js';
import { runGit } from '../repo/git.js';
import { beforeExtractorsFor, extractorsFor, prepareRun, runCheck } from './check.js';
import type { CheckOptions, CheckResult, PreparedRun } from './check.js';
import { globMatcher } from './globs.js';
import type { Finding, FindingSeverity } from './report-schema.js';
import type { AnyRule } from './rule.js';

/**
 * Checks of one proposed change for agent hooks. A change is judged by what it introduces:
 * the findings of the state after it, minus those the state before it already had (matched
 * by fingerprint, so a finding that only moved lines is not new). Only rules whose inputs the
 * change can affect run; facts of every other file come from the cache.
 */

export interface ChangeCheckOptions {
  /** A directory inside the repository: the nearest charter.yaml above it governs. */
  cwd: string;
  contractPath?: string;
  failOn: FindingSeverity;
  cache: boolean;
  baselineFile?: string | null;
  now?: Date;
  /** Run the commands rules ask for (verify) on the changed state; never on the state before. */
  runCommands?: boolean;
}

export interface ChangeCheckResult {
  /** The check of the state after the change. */
  after: CheckResult;
  /** Findings the change introduces; pre-existing ones are left out. */
  introduced: Finding[];
  /** How many findings of the changed state existed before it. */
  preexisting: number;
  exitCode: 0 | 1 | 2;
  contract: LoadedContract;
  /** Absolute folder the contract governs; finding paths are relative to it. */
  root: string;
}

function exitCodeFor(findings: readonly Finding[], failOn: FindingSeverity): 0 | 1 | 2 {
  if (findings.some((f) => f.incomplete)) return 2;
  if (findings.some((f) => f.severity === 'error' || failOn === 'warn')) return 1;
  return 0;
}

/**
 * Findings of `after` that `before` does not have (multiset by fingerprint). A rule or
 * extractor that failed always counts: it checked nothing, the change included. A file that
 * was already skipped (binary, too large) before the change is as pre-existing as any finding.
 */
export function introducedFindings(
  after: readonly Finding[],
  before: readonly Finding[],
): Finding[] {
  const seen = new Map<string, number>();
  for (const finding of before)
    seen.set(finding.fingerprint, (seen.get(finding.fingerprint) ?? 0) + 1);
  return after.filter((finding) => {
    if (finding.incomplete && finding.code === 'charter/internal-error') return true;
    const count = seen.get(finding.fingerprint) ?? 0;
    if (count === 0) return true;
    seen.set(finding.fingerprint, count - 1);
    return false;
  });
}

/** The rules whose result the change to these files can change (command rules never). */
export function rulesAffectedBy(
  contract: LoadedContract,
  changed: readonly string[],
): (rule: AnyRule) => boolean {
  const affected = new Set<AnyRule>();
  for (const { rule, options } of contract.rules) {
    if (rule.meta.command) continue;
    const extractors = [
      ...extractorsFor(rule, options, contract),
      ...beforeExtractorsFor(rule, options, contract),
    ];
    // A rule without extractors reads the change list or the contract: cheap, always run.
    if (
      extractors.length === 0 ||
      changed.some((file) => extractors.some((e) => e.appliesTo(file)))
    )
      affected.add(rule);
  }
  return (rule) => affected.has(rule);
}

function withSnapshot(
  prepared: PreparedRun,
  snapshot: Snapshot,
  headContractText: string | undefined,
): PreparedRun {
  // The same file selection prepareRun makes, for a different state of the same repository.
  const include = globMatcher(prepared.contract.data.include, true);
  const exclude = globMatcher(prepared.contract.data.exclude, false);
  return {
    ...prepared,
    snapshot,
    headContractText,
    files: snapshot.files.filter(
      (file) => !file.startsWith('.charter/') && include(file) && !exclude(file),
    ),
    before: async () => prepared.snapshot,
  };
}

async function compare(
  options: ChangeCheckOptions,
  prepared: PreparedRun,
  after: PreparedRun,
  before: PreparedRun,
  changed: readonly string[],
): Promise<ChangeCheckResult> {
  const rules = rulesAffectedBy(prepared.contract, changed);
  const factCache = new FactCache(prepared.snapshot.root, options.cache);
  const base: CheckOptions = {
    cwd: options.cwd,
    mode: 'worktree',
    failOn: options.failOn,
    cache: options.cache,
    rules,
    factCache,
    ...(options.contractPath ? { contractPath: options.contractPath } : {}),
    ...(options.baselineFile !== undefined ? { baselineFile: options.baselineFile } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const afterResult = await runCheck({
    ...base,
    prepared: after,
    runCommands: options.runCommands ?? false,
  });
  // Nothing to subtract when the changed state has no finding: the common case costs one run.
  const beforeFindings =
    afterResult.report.findings.length === 0
      ? []
      : (await runCheck({ ...base, prepared: before, runCommands: false })).report.findings;
  const introduced = introducedFindings(afterResult.report.findings, beforeFindings);
  return {
    after: afterResult,
    introduced,
    preexisting: afterResult.report.findings.length - introduced.length,
    exitCode: exitCodeFor(introduced, options.failOn),
    contract: prepared.contract,
    root: prepared.snapshot.root,
  };
}

async function prepareWorktree(options: ChangeCheckOptions): Promise<PreparedRun> {
  return prepareRun({
    cwd: options.cwd,
    mode: 'worktree',
    failOn: options.failOn,
    cache: options.cache,
    ...(options.contractPath ? { contractPath: options.contractPath } : {}),
  });
}

/**
 * "The working tree + this edit": `overlay` maps absolute paths to their proposed content
 * (null deletes). The contract is the working tree's, before the edit.
 */
export async function checkProposedEdit(
  options: ChangeCheckOptions & { overlay: ReadonlyMap<string, string | null> },
): Promise<ChangeCheckResult> {
  const prepared = await prepareWorktree(options);
  const root = prepared.snapshot.root;
  const relative = new Map<string, string | null>();
  for (const [file, content] of options.overlay) {
    relative.set(path.relative(root, file).split(path.sep).join('/'), content);
  }
  const afterSnapshot = new OverlaySnapshot(prepared.snapshot, relative);
  const beforeSnapshot = new OverlaySnapshot(prepared.snapshot, new Map());
  const contractEdit = afterSnapshot.change.find((c) => c.path === prepared.contract.file);
  const editedContract =
    contractEdit && relative.get(contractEdit.path) !== prepared.contract.text
      ? (relative.get(contractEdit.path) ?? undefined)
      : undefined;
  return compare(
    options,
    prepared,
    withSnapshot(prepared, afterSnapshot, editedContract),
    withSnapshot(prepared, beforeSnapshot, undefined),
    afterSnapshot.change.map((c) => c.path),
  );
}

/**
 * The whole uncommitted change (working tree against HEAD), whatever tool made it: what an
 * agent leaves behind after a tool call or at the end of its turn.
 */
export async function checkWorkingTree(options: ChangeCheckOptions): Promise<ChangeCheckResult> {
  const prepared = await prepareWorktree(options);
  const snapshot = prepared.snapshot;
  const changed = (snapshot.change ?? []).flatMap((c) =>
    c.oldPath ? [c.path, c.oldPath] : [c.path],
  );
  let beforeSnapshot: Snapshot = new OverlaySnapshot(snapshot, new Map());
  if (snapshot.isGit) {
    const head = await runGit(snapshot.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    const gitRoot = (await runGit(snapshot.root, ['rev-parse', '--show-toplevel'])).stdout
      .toString('utf8')
      .trim();
    if (head.code === 0) {
      const atHead = await snapshotAtCommit(gitRoot, head.stdout.toString('utf8').trim());
      const scope = path.relative(gitRoot, snapshot.root).split(path.sep).join('/');
      beforeSnapshot = scope && scope !== '.' ? new ScopedSnapshot(atHead, scope) : atHead;
    } else {
      // No commit yet: everything is new.
      beforeSnapshot = emptySnapshot(snapshot);
    }
  }
  return compare(
    options,
    prepared,
    prepared,
    withSnapshot(prepared, beforeSnapshot, undefined),
    changed,
  );
}

function emptySnapshot(like: Snapshot): Snapshot {
  return {
    kind: like.kind,
    root: like.root,
    isGit: like.isGit,
    files: [],
    change: [],
    has: () => false,
    contentIds: async () => new Map(),
    readMany: async (files) => new Map(files.map((f) => [f, new Error('no commit yet')])),
  };
}

/** Runs only the rules that judge a proposed shell command. */
export async function checkProposedCommand(
  options: ChangeCheckOptions & {
    command: string;
    /** Where the command runs, when not `cwd` (which decides the contract). */
    commandCwd?: string;
    home?: string;
    branch?: string;
  },
): Promise<ChangeCheckResult> {
  const prepared = await prepareWorktree(options);
  const result = await runCheck({
    cwd: options.cwd,
    mode: 'worktree',
    failOn: options.failOn,
    cache: options.cache,
    prepared,
    rules: (rule) => rule.meta.command === true,
    runCommands: false,
    command: {
      source: options.command,
      cwd: path.resolve(options.commandCwd ?? options.cwd),
      ...(options.home ? { home: options.home } : {}),
      ...(options.branch ? { branch: options.branch } : {}),
    },
    ...(options.baselineFile !== undefined ? { baselineFile: options.baselineFile } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    after: result,
    introduced: result.report.findings,
    preexisting: 0,
    exitCode: exitCodeFor(result.report.findings, options.failOn),
    contract: prepared.contract,
    root: prepared.snapshot.root,
  };
}
