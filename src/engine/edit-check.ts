import path from 'node:path';
import type { LoadedContract } from '../contract/load.js';
import { FactCache, factCacheIsResident } from '../repo/cache-store.js';
import { isStatePath } from '../repo/state-folder.js';
import { OverlaySnapshot, PartialWorktreeSnapshot, partialWorktree } from '../repo/snapshot.js';
import { contractsAtRevision } from '../repo/contract-file.js';
import type { ContractSource } from '../repo/contract-file.js';
import type { ChangedFile, Snapshot } from '../repo/snapshot.js';
import { findGitRoot } from '../repo/git.js';
import {
  DEFAULT_MAX_FILE_SIZE,
  beforeExtractorsFor,
  checkedFiles,
  extractorsFor,
  loadScopedContract,
  prepareRun,
  readsChange,
  runCheck,
} from './check.js';
import { processRuleMemo } from './rule-memo.js';
import { processCollectionMemo } from './collection-memo.js';
import type { CheckOptions, CheckResult, PreparedRun } from './check.js';
import { collectFacts, extractorKey } from './collect-facts.js';
import type { CollectedFacts } from './collect-facts.js';
import { globMatcher } from './globs.js';
import type { Extractor } from '../facts/extractor.js';
import type { Finding, FindingSeverity } from './report-schema.js';
import type { AnyRule } from './rule.js';

/**
 * Checks of one proposed change for agent hooks. A change is judged by what it introduces:
 * the findings of the state after it, minus those the state before it already had (matched
 * by fingerprint, so a finding that only moved lines is not new). Only rules whose inputs the
 * change can affect run; facts of every other file come from the cache. The contract, the
 * package contracts and the baseline come from HEAD, never from the working tree the agent
 * edits (until the repository has a committed contract: then the working tree's stands in).
 */

export interface ChangeCheckOptions {
  /** A directory inside the repository: the nearest charter.yaml above it governs. */
  cwd: string;
  contractPath?: string;
  failOn: FindingSeverity;
  cache: boolean;
  baselineFile?: string | null;
  now?: Date;
  /**
   * Run the commands rules ask for (verify) on the changed state; never on the state before.
   * `trusted`: only the committed contract's (CheckOptions.runCommands).
   */
  runCommands?: boolean | 'trusted';
  /** The contract that governs `cwd`, already read from HEAD (contractSourceAtHead). */
  source?: ContractSource;
  /**
   * `auto` judges an edit from the edited files alone when every rule it affects allows it
   * (meta.locality), else lists the repository; `full` always lists it.
   */
  strategy?: 'auto' | 'full';
}

export interface ChangeCheckResult {
  /** The check of the state after the change. */
  after: CheckResult;
  /** Findings the change introduces; pre-existing ones are left out. */
  introduced: Finding[];
  exitCode: 0 | 1 | 2;
  contract: LoadedContract;
  /** Absolute folder the contract governs; finding paths are relative to it. */
  root: string;
  /** What was read: the edited files alone, or the listed repository. */
  strategy: 'edited-files' | 'repository';
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

/** Every extractor a configured rule reads, of the state after a change and before it. */
function readExtractors(
  rule: AnyRule,
  options: unknown,
  contract: LoadedContract,
): Extractor<unknown>[] {
  return [
    ...extractorsFor(rule, options, contract),
    ...beforeExtractorsFor(rule, options, contract),
  ];
}

/** The rule's findings depend only on the files they are in, or on the change itself. */
function isLocal(rule: AnyRule): boolean {
  return rule.meta.locality === 'file' || rule.meta.locality === 'change';
}

/** Whether a change adds, removes or moves a path: the file list itself changes. */
function changesFileList(change: readonly ChangedFile[]): boolean {
  return change.some((c) => c.status !== 'modified');
}

/**
 * The rules whose result the change can change (command rules never): those whose extractors
 * read a changed file, and those without extractors (they read the change or the contract:
 * cheap, always run). When the file list changes, also every rule that reads other files: a
 * new or deleted file changes how imports and mounts resolve, whatever its kind.
 */
export function rulesAffectedBy(
  contract: LoadedContract,
  change: readonly ChangedFile[],
): (rule: AnyRule) => boolean {
  const changed = change.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path]));
  const listChanges = changesFileList(change);
  const affected = new Set<AnyRule>();
  for (const { rule, options } of contract.rules) {
    if (rule.meta.command) continue;
    const extractors = readExtractors(rule, options, contract);
    if (
      extractors.length === 0 ||
      (listChanges && !isLocal(rule)) ||
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
  return {
    ...prepared,
    snapshot,
    headContractText,
    files: checkedFiles(snapshot.files, prepared.contract),
    before: async () => prepared.snapshot,
  };
}

async function compare(
  options: ChangeCheckOptions,
  prepared: PreparedRun,
  after: PreparedRun,
  before: PreparedRun,
  rules: (rule: AnyRule) => boolean,
  strategy: ChangeCheckResult['strategy'] = 'repository',
): Promise<ChangeCheckResult> {
  // A few edited files parse faster than a whole-repository cache pack loads and saves,
  // unless the packs are already in memory.
  const cache = (strategy === 'repository' || factCacheIsResident()) && options.cache;
  const factCache = new FactCache(prepared.snapshot.root, cache, {
    tracked: prepared.snapshot.tracksStateFolder,
  });
  // Only a listed repository is a state: the edited files alone say nothing of the others.
  const ruleMemo = strategy === 'repository' ? processRuleMemo() : undefined;
  const collectionMemo = strategy === 'repository' ? processCollectionMemo() : undefined;
  // Findings of local rules outside the touched files are the same on both sides.
  const change = after.snapshot.change;
  const localRulesScope = change
    ? new Set(change.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])))
    : undefined;
  const base: CheckOptions = {
    cwd: options.cwd,
    mode: 'worktree',
    failOn: options.failOn,
    cache,
    rules,
    factCache,
    ...(ruleMemo ? { ruleMemo } : {}),
    ...(collectionMemo ? { collectionMemo } : {}),
    ...(localRulesScope ? { localRulesScope } : {}),
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
    exitCode: exitCodeFor(introduced, options.failOn),
    contract: prepared.contract,
    root: prepared.snapshot.root,
    strategy,
  };
}

async function prepareWorktree(
  options: ChangeCheckOptions,
  worktreeChange = true,
): Promise<PreparedRun> {
  return prepareRun({
    cwd: options.cwd,
    mode: 'worktree',
    failOn: options.failOn,
    cache: options.cache,
    worktreeChange,
    contractFrom: 'head',
    ...(options.source ? { contractSource: options.source } : {}),
    ...(options.contractPath ? { contractPath: options.contractPath } : {}),
    ...(options.baselineFile !== undefined ? { baselineFile: options.baselineFile } : {}),
  });
}

type EditOptions = ChangeCheckOptions & { overlay: ReadonlyMap<string, string | null> };

/** How to judge an edit from the edited files alone. */
interface EditedFilesPlan {
  /** Rules to run: those local to the edited files, and those that ask only about presence. */
  rules: Set<AnyRule>;
  /** Paths whose presence those rules ask about. */
  presence: string[];
  /**
   * Rules that read other files too are left out when their inputs stay as they were: the
   * file list, and these extractors' facts of the edited files.
   */
  unchangedFacts: Map<string, Extractor<unknown>>;
  /** Some rule reads other files: a change to the file list must list the repository. */
  readsFileList: boolean;
}

/** Undefined when some affected rule may read more than the edited files and their facts. */
function planEditedFiles(
  contract: LoadedContract,
  edited: readonly string[],
  runCommands: boolean,
): EditedFilesPlan | undefined {
  const plan: EditedFilesPlan = {
    rules: new Set(),
    presence: [],
    unchangedFacts: new Map(),
    readsFileList: false,
  };
  for (const { rule, options } of contract.rules) {
    if (rule.meta.command) continue;
    if (isLocal(rule)) {
      plan.rules.add(rule);
      continue;
    }
    // Without running its commands such a rule says nothing, whatever the repository holds.
    if (rule.meta.commandsToRun && !runCommands) continue;
    const extractors = readExtractors(rule, options, contract);
    if (extractors.length === 0) {
      if (rule.meta.presence) {
        plan.rules.add(rule);
        plan.presence.push(...rule.meta.presence(options, contract));
      } else if (readsChange(rule, options, contract)) {
        return undefined;
      }
      // Otherwise it reads the contract alone: the edit cannot change its answer.
      continue;
    }
    plan.readsFileList = true;
    const applying = extractors.filter((e) => edited.some((file) => e.appliesTo(file)));
    if (applying.length === 0) continue;
    if (readsChange(rule, options, contract)) return undefined;
    for (const extractor of applying) plan.unchangedFacts.set(extractorKey(extractor), extractor);
  }
  return plan;
}

/** Keys whose numbers are positions in the file: lines, and source offsets (`order`). */
const POSITION_KEYS: Readonly<Record<string, 'line' | 'offset'>> = {
  line: 'line',
  endLine: 'line',
  order: 'offset',
};

/**
 * Facts as text with every position replaced by its rank among the positions of its kind.
 * Lines added or removed around what a rule reads keep every rank, so the facts compare
 * equal: the rule's findings in this file only move, and a finding is matched across an
 * edit by its line's text, not its number. Anything that changes the relative order of two
 * facts (a middleware moved below a route) changes a rank.
 */
export function positionFree(facts: unknown): string {
  const seen = { line: new Set<number>(), offset: new Set<number>() };
  JSON.stringify(facts, (key, value: unknown) => {
    const kind = POSITION_KEYS[key];
    if (kind && typeof value === 'number') seen[kind].add(value);
    return value;
  });
  const rank = (values: Set<number>): Map<number, number> =>
    new Map([...values].sort((a, b) => a - b).map((value, index) => [value, index]));
  const ranks = { line: rank(seen.line), offset: rank(seen.offset) };
  return JSON.stringify(facts, (key, value: unknown) => {
    const kind = POSITION_KEYS[key];
    return kind && typeof value === 'number' ? ranks[kind].get(value) : value;
  });
}

/**
 * Whether the edit leaves these extractors' facts of the edited files as they were, apart
 * from positions that keep their order.
 */
async function factsUnchanged(
  extractors: Iterable<Extractor<unknown>>,
  before: Snapshot,
  after: Snapshot,
  files: readonly string[],
  maxFileSize: number,
  useCache: boolean,
): Promise<boolean> {
  // Packs in memory answer for the file before the edit, and keep its facts after it for the
  // check of the whole repository that follows when they differ.
  const cache = new FactCache(before.root, useCache && factCacheIsResident());
  try {
    for (const extractor of extractors) {
      const [was, now] = await Promise.all([
        collectFacts(extractor, before, files, cache, maxFileSize),
        collectFacts(extractor, after, files, cache, maxFileSize),
      ]);
      const clean = (r: CollectedFacts): boolean => !r.failures.length && !r.skipped.length;
      if (!clean(was) || !clean(now)) return false;
      for (const file of files.filter((f) => extractor.appliesTo(f)))
        if (positionFree(was.facts.get(file)) !== positionFree(now.facts.get(file))) return false;
    }
    return true;
  } finally {
    await cache.save(new Map());
  }
}

/** An edit of existing files, as the contract that governs them sees it. */
interface EditContext {
  contract: LoadedContract;
  /** Absolute folder the contract governs. */
  root: string;
  /** Proposed contents by path relative to `root`. */
  overlay: Map<string, string>;
  /** The edited files the contract checks. */
  edited: string[];
  /** The edited files as they are on disk, with the proposed contents laid over them. */
  after: OverlaySnapshot;
  onDisk: PartialWorktreeSnapshot;
  source: ContractSource;
}

/**
 * Undefined for an edit that deletes a file, reaches outside the contract's folder, or edits
 * the contract: those are judged from the listed repository alone.
 */
async function editContext(options: EditOptions): Promise<EditContext | undefined> {
  if ([...options.overlay.values()].some((content) => content === null)) return undefined;
  const gitRoot = await findGitRoot(options.cwd);
  if (!gitRoot) return undefined;
  const source =
    options.source ??
    (await contractSourceAtHead(gitRoot, options.cwd, options.contractPath, options.baselineFile));
  const scope = source.scope;
  const contract = loadScopedContract(source.contract, scope);
  const root = path.join(gitRoot, scope);
  const overlay = new Map<string, string>();
  for (const [file, content] of options.overlay) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative))
      return undefined;
    overlay.set(relative, content as string);
  }
  if (overlay.has(contract.file)) return undefined;
  const include = globMatcher(contract.data.include, true);
  const exclude = globMatcher(contract.data.exclude, false);
  const edited = [...overlay.keys()].filter(
    (file) => !isStatePath(file) && include(file) && !exclude(file),
  );
  // A file not on disk cannot be read: its facts before the edit are a failure, never equal.
  const onDisk = new PartialWorktreeSnapshot(root, edited, [], new Set(overlay.keys()));
  return {
    contract,
    root,
    overlay,
    edited,
    onDisk,
    after: new OverlaySnapshot(onDisk, overlay),
    source,
  };
}

/**
 * The contract that governs `cwd`, from HEAD: what every agent hook judges by. One git
 * process reads it with the baselines on the way.
 */
export async function contractSourceAtHead(
  root: string,
  cwd: string,
  contractPath?: string,
  baselineFile?: string | null,
): Promise<ContractSource> {
  const sources = await contractsAtRevision({
    root,
    cwds: [cwd],
    revision: 'HEAD',
    label: 'HEAD',
    bootstrap: true,
    ...(contractPath ? { contractPath } : {}),
    ...(baselineFile !== undefined ? { baselineFile } : {}),
  });
  return sources.get(cwd) as ContractSource;
}

/**
 * Extracts the edited files' facts, as proposed, for every rule of the contract, into the fact
 * packs this process keeps in memory: the check of the listed repository that follows finds
 * them there. Done while git lists the repository, when this process would otherwise wait.
 * Whatever fails here is found again, and reported, by that check.
 */
async function extractEditedFiles(edit: EditContext): Promise<void> {
  const extractors = new Map<string, Extractor<unknown>>();
  for (const { rule, options } of edit.contract.rules) {
    if (rule.meta.command) continue;
    for (const extractor of extractorsFor(rule, options, edit.contract))
      if (edit.edited.some((file) => extractor.appliesTo(file)))
        extractors.set(extractorKey(extractor), extractor);
  }
  const cache = new FactCache(edit.root, true);
  const maxFileSize = edit.contract.data.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  try {
    for (const extractor of extractors.values()) {
      await collectFacts(extractor, edit.after, edit.edited, cache, maxFileSize);
      // Then the files as they are on disk: the version used last is kept longest, and the
      // file on disk must outlast the edits proposed to it (the next check of the repository
      // reads it).
      await collectFacts(extractor, edit.onDisk, edit.edited, cache, maxFileSize);
    }
    await cache.save(new Map());
  } catch {
    // Only time is lost: the check extracts what is missing, and reports what fails.
  }
}

/**
 * Judges an edit from the edited files alone, without listing the repository, when nothing
 * else can change the answer: no file is deleted, the contract is not edited, every rule the
 * files affect is local to them, and any other rule they affect keeps its inputs (the file
 * list and its facts of the edited files). Undefined when that does not hold.
 */
async function checkEditedFilesOnly(
  options: EditOptions,
  edit: EditContext,
): Promise<ChangeCheckResult | undefined> {
  const { contract, root, overlay, edited, source } = edit;
  const plan = planEditedFiles(contract, edited, Boolean(options.runCommands));
  if (!plan) return undefined;
  if (plan.unchangedFacts.size > 0) {
    // Compared first, from the files on disk: an edit that changes such facts needs the
    // listing anyway, so asking git which files exist would be wasted on it. A file not on
    // disk fails the comparison, as a new file fails the file-list test.
    const same = await factsUnchanged(
      plan.unchangedFacts.values(),
      edit.onDisk,
      edit.after,
      edited,
      contract.data.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      options.cache,
    );
    if (!same) return undefined;
  }
  const snapshot = await partialWorktree(root, [...overlay.keys()], plan.presence);
  const afterSnapshot = new OverlaySnapshot(snapshot, overlay);
  if (plan.readsFileList && changesFileList(afterSnapshot.change)) return undefined;
  const inScope = new Set(edited);
  const affected = rulesAffectedBy(contract, afterSnapshot.change);
  const prepared: PreparedRun = {
    snapshot,
    contract,
    files: snapshot.files.filter((file) => inScope.has(file)),
    headContractText: undefined,
    before: async () => snapshot,
    source,
  };
  return compare(
    options,
    prepared,
    withSnapshot(prepared, afterSnapshot, undefined),
    withSnapshot(prepared, new OverlaySnapshot(snapshot, new Map()), undefined),
    (rule) => plan.rules.has(rule) && affected(rule),
    'edited-files',
  );
}

/**
 * "The working tree + this edit": `overlay` maps absolute paths to their proposed content
 * (null deletes). The contract is the working tree's, before the edit.
 */
export async function checkProposedEdit(options: EditOptions): Promise<ChangeCheckResult> {
  const edit = (options.strategy ?? 'auto') === 'auto' ? await editContext(options) : undefined;
  // The listing below reads the same contract: found once.
  if (edit && !options.source) options = { ...options, source: edit.source };
  if (edit) {
    const result = await checkEditedFilesOnly(options, edit);
    if (result) return result;
  }
  // The edit is compared with the working tree as it is, not with HEAD.
  const listing = prepareWorktree(options, false);
  if (edit && options.cache && factCacheIsResident()) {
    // Its failure is this check's failure, reported when it is awaited below.
    listing.catch(() => undefined);
    await extractEditedFiles(edit);
  }
  const prepared = await listing;
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
    rulesAffectedBy(prepared.contract, afterSnapshot.change),
  );
}

/**
 * The whole uncommitted change (working tree against HEAD), whatever tool made it: what an
 * agent leaves behind after a tool call or at the end of its turn.
 */
export async function checkWorkingTree(options: ChangeCheckOptions): Promise<ChangeCheckResult> {
  const prepared = await prepareWorktree(options);
  const snapshot = prepared.snapshot;
  let beforeSnapshot: Snapshot = new OverlaySnapshot(snapshot, new Map());
  // HEAD, scoped like the working tree; no commit yet: everything is new.
  if (snapshot.isGit) beforeSnapshot = (await prepared.before()) ?? emptySnapshot(snapshot);
  return compare(
    options,
    prepared,
    prepared,
    withSnapshot(prepared, beforeSnapshot, undefined),
    rulesAffectedBy(prepared.contract, snapshot.change ?? []),
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
    rules: (rule) => rule.meta.command === true || rule.meta.judgesCommands === true,
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
    exitCode: exitCodeFor(result.report.findings, options.failOn),
    contract: prepared.contract,
    root: prepared.snapshot.root,
    strategy: 'repository',
  };
}
