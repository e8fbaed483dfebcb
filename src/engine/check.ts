import { loadContract } from '../contract/load.js';
import type { LoadedContract } from '../contract/load.js';
import type { Extractor } from '../facts/extractor.js';
import { CACHE_DIR, FactCache } from '../repo/cache-store.js';
import { discoverContract, readContractText } from '../repo/contract-file.js';
import type { ContractText } from '../repo/contract-file.js';
import {
  openSnapshot,
  OverlaySnapshot,
  ScopedSnapshot,
  snapshotAtCommit,
} from '../repo/snapshot.js';
import type { Snapshot, UncheckedPath } from '../repo/snapshot.js';
import { runGit } from '../repo/git.js';
import { CharterError } from '../repo/errors.js';
import { collectFacts, extractorKey } from './collect-facts.js';
import type { CollectionMemo } from './collection-memo.js';
import type { CollectedFacts } from './collect-facts.js';
import { finalizeFindings } from './finalize.js';
import { DEFAULT_BASELINE } from './baseline.js';
import { readBaseline } from '../repo/baseline-file.js';
import path from 'node:path';
import { folderCovered, folderMayMatch, globMatcher } from './globs.js';
import { REPORT_SCHEMA_VERSION } from './report-schema.js';
import type { FindingSeverity, Report, Timing } from './report-schema.js';
import type { AnyRule, RuleReport, SkippedInput } from './rule.js';
import type { CommandFacts, ProposedCommand } from '../facts/shell/types.js';
import { runCommand } from '../repo/run-command.js';
import type { CommandRun } from './rule.js';
import { TOOL_VERSION } from './version.js';
import { maskSecrets, maskSecretsIn } from '../facts/secrets/redact.js';
import { checkedStateDigest, ruleResultKey } from './rule-memo.js';
import type { ExtractorProblems, RememberedRule, RuleResultMemo } from './rule-memo.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface CheckOptions {
  cwd: string;
  contractPath?: string;
  mode: 'worktree' | 'staged' | 'range';
  base?: string;
  head?: string;
  /** Proposed file contents laid over the snapshot (agent hooks); null deletes. */
  overlay?: ReadonlyMap<string, string | null>;
  failOn: FindingSeverity;
  cache: boolean;
  /** Baseline file, resolved against the repository root; null disables the baseline. */
  baselineFile?: string | null;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** Include per-extractor and per-rule timing in the report (not deterministic). */
  timing?: boolean;
  /**
   * Run the commands rules ask for (the contract's `verify` list). Default: on, except for a
   * proposed edit (`overlay`), which is not on disk. Agent hooks leave it off for single edits
   * and turn it on at Stop; CI leaves it on.
   */
  runCommands?: boolean;
  /** Only these rules run, and only their extractors (a hook checks what an edit can affect). */
  rules?: (rule: AnyRule) => boolean;
  /** A proposed shell command (agent hooks): rules read what it does from `context.command`. */
  command?: ProposedCommand;
  /**
   * false: the working tree is opened without its change against HEAD (checks of a proposed
   * edit compare with the working tree itself).
   */
  worktreeChange?: boolean;
  /** Reuse an opened snapshot and contract (several checks of one proposed change). */
  prepared?: PreparedRun;
  /** Share loaded fact packs between checks in one process. */
  factCache?: FactCache;
  /** Findings of repository-wide rules from earlier checks of the same state (hook daemon). */
  ruleMemo?: RuleResultMemo;
  /** Facts of earlier checks in this process, by content id: unchanged files are not looked up. */
  collectionMemo?: CollectionMemo;
  /**
   * Rules local to a file or to the change (meta.locality) read only these files: for checks
   * that keep only the findings a change introduces, given the paths it touched.
   */
  localRulesScope?: ReadonlySet<string>;
}

export interface CheckResult {
  report: Report;
  /** Things the user should know that are not findings (a rebuilt cache, say). */
  notes: string[];
  snapshot: Snapshot;
  contract: LoadedContract;
  /** What the proposed command does, when one was checked. */
  command?: CommandFacts;
}

/** Pending finding before severity, clause, fingerprint, waivers and baseline are applied. */
export interface RawFinding extends RuleReport {
  rule: string;
  configuredSeverity: FindingSeverity;
}

export interface PreparedRun {
  snapshot: Snapshot;
  contract: LoadedContract;
  files: readonly string[];
  headContractText: string | undefined;
  baseCommit?: string;
  /** The repository before the change (null when there is nothing to compare with). */
  before: () => Promise<Snapshot | null>;
}

/**
 * Without --contract, the nearest charter.yaml above cwd decides the scope: a package with
 * its own contract is checked on its own, paths relative to its folder.
 */
export async function locateContract(
  root: string,
  cwd: string,
  explicitPath: string | undefined,
): Promise<{ scope: string; contractPath: string | undefined }> {
  const discovered = explicitPath ? undefined : await discoverContract(root, cwd);
  return {
    scope: discovered ? path.posix.dirname(discovered) : '.',
    contractPath: explicitPath ?? (discovered ? path.join(root, discovered) : undefined),
  };
}

/** Validates the contract, its path relative to the scope it governs. */
export function loadScopedContract(source: ContractText, scope: string): LoadedContract {
  const file =
    scope !== '.' && source.file.startsWith(`${scope}/`)
      ? source.file.slice(scope.length + 1)
      : source.file;
  return loadContract({ file, text: source.text });
}

const checkedFilesMemo = new WeakMap<
  readonly string[],
  { globs: string; files: readonly string[] }
>();

/**
 * The files the contract checks (include less exclude, never Charter's own folder). A file
 * list served again (a listing that did not change, an edit of existing files) is not
 * matched again.
 */
export function checkedFiles(all: readonly string[], contract: LoadedContract): readonly string[] {
  const globs = JSON.stringify([contract.data.include, contract.data.exclude]);
  const known = checkedFilesMemo.get(all);
  if (known?.globs === globs) return known.files;
  const include = globMatcher(contract.data.include, true);
  const exclude = globMatcher(contract.data.exclude, false);
  const files = all.filter(
    (file) => !file.startsWith('.charter/') && include(file) && !exclude(file),
  );
  checkedFilesMemo.set(all, { globs, files });
  return files;
}

/** Opens the snapshot and reads the trusted contract for the mode. */
export async function prepareRun(options: CheckOptions): Promise<PreparedRun> {
  const opened = await openSnapshot({
    cwd: options.cwd,
    mode: options.mode,
    base: options.base,
    head: options.head,
    ...(options.worktreeChange === false ? { change: false } : {}),
  });
  let snapshot: Snapshot = opened.snapshot;
  const { scope, contractPath } = await locateContract(
    snapshot.root,
    options.cwd,
    options.contractPath,
  );
  const gitRoot = snapshot.root;
  if (scope !== '.') snapshot = new ScopedSnapshot(snapshot, scope);
  const underOverlay = snapshot;
  if (options.overlay) snapshot = new OverlaySnapshot(snapshot, options.overlay);
  let beforeSnapshot: Promise<Snapshot | null> | undefined;
  const before = (): Promise<Snapshot | null> => {
    beforeSnapshot ??= (async () => {
      if (options.overlay) return underOverlay;
      if (!opened.beforeCommit) return null;
      const atCommit = await snapshotAtCommit(gitRoot, opened.beforeCommit);
      return scope !== '.' ? new ScopedSnapshot(atCommit, scope) : atCommit;
    })();
    return beforeSnapshot;
  };
  // The contract is trusted only from the side the change cannot edit: the base of a range,
  // HEAD for staged changes, the working tree before a proposed edit.
  let revision = opened.baseCommit;
  if (options.mode === 'staged') {
    const head = await runGit(gitRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    if (head.code === 0) revision = head.stdout.toString('utf8').trim();
  }
  const location = { root: gitRoot, cwd: options.cwd, ...(contractPath ? { contractPath } : {}) };
  const source = await readContractText({ ...location, revision }).catch(async (error: unknown) => {
    // The commit that adds the contract: HEAD has none yet, so the staged one is all there is.
    const firstContract =
      options.mode === 'staged' &&
      error instanceof CharterError &&
      error.code === 'contract/not-found';
    if (firstContract) return readContractText(location);
    throw error;
  });
  const contract = loadScopedContract(source, scope);
  let headContractText: string | undefined;
  if (snapshot.kind !== 'worktree' && snapshot.has(contract.file)) {
    const head = (await snapshot.readMany([contract.file])).get(contract.file);
    if (Buffer.isBuffer(head)) {
      const text = head.toString('utf8');
      if (text !== contract.text) headContractText = text;
    }
  }
  const files = checkedFiles(snapshot.files, contract);
  return {
    snapshot,
    contract,
    files,
    headContractText,
    before,
    ...(opened.baseCommit ? { baseCommit: opened.baseCommit } : {}),
  };
}

/** The extractors a configured rule reads. */
export function extractorsFor(
  rule: AnyRule,
  options: unknown,
  contract: LoadedContract,
): Extractor<unknown>[] {
  return [
    ...(rule.meta.facts ?? []),
    ...(rule.meta.factsFor?.(options) ?? []),
    ...(rule.meta.factsForContract?.(options, contract) ?? []),
  ];
}

/** The extractors a configured rule compares with the state before the change. */
export function beforeExtractorsFor(
  rule: AnyRule,
  options: unknown,
  contract: LoadedContract,
): Extractor<unknown>[] {
  return [
    ...(rule.meta.factsBefore ?? []),
    ...(rule.meta.factsBeforeForContract?.(options, contract) ?? []),
  ];
}

/** Whether the rule's answer can depend on the change, not only on the state it leads to. */
export function readsChange(rule: AnyRule, options: unknown, contract: LoadedContract): boolean {
  const meta = rule.meta;
  return Boolean(
    meta.readsChange ||
    meta.commandsToRun ||
    meta.factsOfChange?.length ||
    beforeExtractorsFor(rule, options, contract).length,
  );
}

function isLocalRule(rule: AnyRule): boolean {
  return rule.meta.locality === 'file' || rule.meta.locality === 'change';
}

/** What a rule's extractors could not read or failed on, over the files it was given. */
function problemsOf(
  extractors: readonly Extractor<unknown>[],
  collected: ReadonlyMap<string, CollectedFacts>,
): ExtractorProblems {
  const results = extractors.flatMap((e) => collected.get(extractorKey(e)) ?? []);
  return {
    skipped: results.flatMap((r) => r.skipped),
    failures: results.flatMap((r) => r.failures),
  };
}

/** Rules worth remembering: they read the whole repository, and run no commands. */
function memoizable(rule: AnyRule): boolean {
  return (
    !rule.meta.command &&
    !rule.meta.commandsToRun &&
    (rule.meta.locality ?? 'repository') === 'repository'
  );
}

/** The whole check: snapshot → contract → facts → rules → decision. Never throws for a rule. */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const timing: Timing[] = [];
  const phase = async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timing.push({ kind: 'phase', id, ms: performance.now() - start });
    }
  };
  const prepared =
    options.prepared ?? (await phase('snapshot+contract', () => prepareRun(options)));
  const { snapshot, contract, files } = prepared;
  const activeRules = options.rules
    ? contract.rules.filter((r) => options.rules?.(r.rule))
    : contract.rules;
  const maxFileSize = contract.data.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const baseline =
    options.baselineFile === null
      ? undefined
      : await readBaseline(path.resolve(snapshot.root, options.baselineFile ?? DEFAULT_BASELINE));
  const cacheNotes: string[] = [];
  // A cache committed to the repository is the change's own claim about its facts: in the
  // modes that read git objects (CI ranges, pre-commit), such a cache is never trusted.
  const committedCache =
    (snapshot.kind === 'range' || snapshot.kind === 'staged') &&
    snapshot.files.some((f) => f.startsWith(`${CACHE_DIR}/`));
  const cache = options.factCache ?? new FactCache(snapshot.root, options.cache && !committedCache);
  if (committedCache)
    cacheNotes.push(
      `${CACHE_DIR} is committed to the repository; it was not used (add .charter/ to .gitignore and remove it from git)`,
    );

  const now = options.now ?? new Date();
  const memo = options.ruleMemo;
  const memoizing = memo !== undefined && activeRules.some(({ rule }) => memoizable(rule));
  // One lookup of the files' content ids serves all extractors (and the memo's state).
  let contentIds = memoizing ? await snapshot.contentIds(snapshot.files) : undefined;
  const memoState = contentIds
    ? checkedStateDigest({
        snapshot,
        contentIds,
        files,
        contract,
        headContractText: prepared.headContractText,
        now,
      })
    : undefined;
  const memoKeyOf = (rule: AnyRule, ruleOptions: unknown): string | undefined =>
    memoState && memoizable(rule)
      ? ruleResultKey(
          memoState,
          rule.meta.code,
          readsChange(rule, ruleOptions, contract) ? snapshot.change : undefined,
        )
      : undefined;
  const remembered = new Map<AnyRule, RememberedRule>();
  for (const { rule, options: ruleOptions } of activeRules) {
    const key = memoKeyOf(rule, ruleOptions);
    const known = key ? memo?.recall(key) : undefined;
    if (known) remembered.set(rule, known);
  }
  const rulesToRun = activeRules.filter(({ rule }) => !remembered.has(rule));

  // Rules local to a file or to the change read only the changed files when the caller
  // keeps only what a change introduces: their findings elsewhere are the same before and after.
  const scope = options.localRulesScope;
  const scoped = (rule: AnyRule): boolean => scope !== undefined && isLocalRule(rule);
  const scopedFiles = scope ? files.filter((file) => scope.has(file)) : files;
  const extractors = new Map<string, { extractor: Extractor<unknown>; everywhere: boolean }>();
  for (const { rule, options: ruleOptions } of rulesToRun) {
    for (const extractor of extractorsFor(rule, ruleOptions, contract)) {
      const key = extractorKey(extractor);
      const entry = extractors.get(key) ?? { extractor, everywhere: false };
      entry.everywhere ||= !scoped(rule);
      extractors.set(key, entry);
    }
  }
  if (!contentIds && extractors.size > 0) {
    const everywhere = [...extractors.values()].some((e) => e.everywhere);
    contentIds = await snapshot.contentIds(everywhere ? files : scopedFiles);
  }
  const collected = new Map<string, CollectedFacts>();
  const total = options.onProgress
    ? [...extractors.values()].reduce(
        (sum, { extractor, everywhere }) =>
          sum + (everywhere ? files : scopedFiles).filter((f) => extractor.appliesTo(f)).length,
        0,
      )
    : 0;
  let done = 0;
  await phase('facts', async () => {
    for (const [key, { extractor, everywhere }] of extractors) {
      const result = await collectFacts(
        extractor,
        snapshot,
        everywhere ? files : scopedFiles,
        cache,
        maxFileSize,
        {
          ...(options.onProgress ? { onFile: () => options.onProgress?.(++done, total) } : {}),
          ...(contentIds ? { knownIds: contentIds } : {}),
          ...(options.collectionMemo
            ? {
                memo: {
                  collections: options.collectionMemo,
                  key: `${snapshot.root}\0${maxFileSize}\0${key}${everywhere ? '' : '\0scoped'}`,
                },
              }
            : {}),
        },
      );
      collected.set(key, result);
      timing.push({ kind: 'extractor', id: extractor.id, ms: result.ms, files: result.files });
    }
  });

  // Facts of the changed files only, for rules that need nothing else (meta.factsOfChange).
  const changeExtractors = new Map<string, Extractor<unknown>>();
  for (const { rule } of rulesToRun)
    for (const extractor of rule.meta.factsOfChange ?? [])
      changeExtractors.set(extractorKey(extractor), extractor);
  const collectedOfChange = new Map<string, CollectedFacts>();
  if (changeExtractors.size > 0) {
    const inFiles = new Set(files);
    const changed = (snapshot.change ?? [])
      .filter((c) => c.status !== 'deleted' && inFiles.has(c.path))
      .map((c) => c.path);
    for (const [key, extractor] of changeExtractors) {
      const result =
        collected.get(key) ??
        (await collectFacts(extractor, snapshot, changed, cache, maxFileSize));
      collectedOfChange.set(key, result);
      if (!collected.has(key))
        timing.push({
          kind: 'extractor',
          id: `${extractor.id} (change)`,
          ms: result.ms,
          files: result.files,
        });
    }
  }

  // Facts of the files the change touched, as they were before it (for rules that compare).
  const beforeExtractors = new Map<string, Extractor<unknown>>();
  for (const { rule, options: ruleOptions } of rulesToRun)
    for (const extractor of beforeExtractorsFor(rule, ruleOptions, contract))
      beforeExtractors.set(extractorKey(extractor), extractor);
  const collectedBefore = new Map<string, CollectedFacts>();
  if (beforeExtractors.size > 0 && snapshot.change) {
    const beforeSnapshot = await prepared.before();
    if (beforeSnapshot) {
      const touched = snapshot.change
        .filter((c) => c.status !== 'added')
        .map((c) => c.oldPath ?? c.path)
        .filter((file) => beforeSnapshot.has(file));
      for (const [key, extractor] of beforeExtractors) {
        const result = await collectFacts(extractor, beforeSnapshot, touched, cache, maxFileSize);
        collectedBefore.set(key, result);
        timing.push({
          kind: 'extractor',
          id: `${extractor.id} (before)`,
          ms: result.ms,
          files: result.files,
        });
      }
    }
  }

  const raw: RawFinding[] = [];
  const skippedByFile = new Map<string, SkippedInput>();
  const reportedFailures = new Set<string>();
  const addExtractorProblems = (problems: ExtractorProblems): void => {
    for (const entry of problems.skipped) skippedByFile.set(entry.file, entry);
    for (const failure of problems.failures) {
      const id = `${failure.extractor}\0${failure.file}`;
      if (reportedFailures.has(id)) continue;
      reportedFailures.add(id);
      raw.push({
        rule: 'charter/internal-error',
        code: 'charter/internal-error',
        configuredSeverity: 'error',
        incomplete: true,
        message: `extractor ${failure.extractor} failed on ${failure.file}: ${failure.error.message}`,
        data: { extractor: failure.extractor, file: failure.file, error: failure.error.message },
        location: { file: failure.file, line: 1, column: 1 },
      });
    }
  };
  const changeOnly = [...collectedOfChange].filter(([key]) => !collected.has(key));
  for (const result of [...collected.values(), ...changeOnly.map(([, r]) => r)])
    addExtractorProblems(result);
  // A remembered rule's extractors did not run: what they could not read then still holds.
  for (const known of remembered.values()) addExtractorProblems(known.problems);
  // What the snapshot could not offer as files is a gap for every rule that reads files. A
  // check of a proposed command reads none.
  const readsFiles =
    !options.command &&
    contract.rules.some(({ rule, options: o }) => extractorsFor(rule, o, contract).length > 0);
  if (readsFiles) {
    for (const entry of uncheckedPaths(snapshot, contract)) {
      skippedByFile.set(entry.path, { file: entry.path, reason: entry.reason });
      raw.push(uncheckedFinding(entry));
    }
  }

  let folderSet: Set<string> | undefined;
  const folders = (): Set<string> => {
    if (folderSet) return folderSet;
    folderSet = new Set();
    for (const file of snapshot.files) {
      for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1))
        folderSet.add(file.slice(0, slash));
    }
    return folderSet;
  };
  const hasPath = (file: string): boolean =>
    snapshot.has(file) || folders().has(file.replace(/\/+$/, ''));
  // Loaded only for a command: the shell parser is not needed anywhere else.
  const command = options.command
    ? (await import('../facts/shell/index.js')).commandFacts(options.command, snapshot)
    : undefined;
  const commandRuns = await phase('commands', () =>
    runRuleCommands(options, prepared, activeRules, timing, raw),
  );
  raw.push(...missingSourceFindings(activeRules, contract, hasPath));
  await phase('rules', async () => {
    for (const { rule, severity, options: ruleOptions } of activeRules) {
      const start = performance.now();
      const known = remembered.get(rule);
      if (known) {
        raw.push(...known.findings);
        timing.push({ kind: 'rule', id: `${rule.meta.code} (remembered)`, ms: 0 });
        continue;
      }
      const firstFinding = raw.length;
      const declared = new Set(extractorsFor(rule, ruleOptions, contract).map(extractorKey));
      const declaredBefore = new Set(
        beforeExtractorsFor(rule, ruleOptions, contract).map(extractorKey),
      );
      const needed = new Map<string, string[]>();
      try {
        rule.check({
          options: ruleOptions,
          contract,
          mode: snapshot.kind,
          files: scoped(rule) ? scopedFiles : files,
          has: hasPath,
          change: snapshot.change,
          headContractText: prepared.headContractText,
          command,
          now,
          commandResults: commandRuns.get(rule.meta.code) ?? { state: 'off' },
          facts: <T>(extractor: Extractor<T>): ReadonlyMap<string, T> => {
            const key = extractorKey(extractor as Extractor<unknown>);
            const ofChange = (rule.meta.factsOfChange ?? []).some((e) => extractorKey(e) === key);
            const result = ofChange ? collectedOfChange.get(key) : collected.get(key);
            if ((!declared.has(key) && !ofChange) || !result) {
              throw new Error(
                `rule ${rule.meta.code} read facts from ${extractor.id} without declaring it in meta.facts`,
              );
            }
            for (const entry of result.skipped)
              needed.set(entry.file, [...(needed.get(entry.file) ?? []), extractor.id]);
            return result.facts as ReadonlyMap<string, T>;
          },
          factsBefore: <T>(extractor: Extractor<T>): ReadonlyMap<string, T> => {
            const key = extractorKey(extractor as Extractor<unknown>);
            if (!declaredBefore.has(key)) {
              throw new Error(
                `rule ${rule.meta.code} read before-facts from ${extractor.id} without declaring it in meta.factsBefore`,
              );
            }
            return (collectedBefore.get(key)?.facts ?? new Map()) as ReadonlyMap<string, T>;
          },
          report: (report: RuleReport) => {
            raw.push({ ...report, rule: rule.meta.code, configuredSeverity: severity });
          },
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const span = contract.locate(['rules', rule.meta.code], true);
        raw.push({
          rule: 'charter/internal-error',
          code: 'charter/internal-error',
          configuredSeverity: 'error',
          incomplete: true,
          message: `rule ${rule.meta.code} failed: ${message}`,
          data: { rule: rule.meta.code, error: message },
          location: { file: contract.file, line: span.line, column: span.column },
        });
      }
      for (const [file, extractorIds] of needed) {
        const entry = skippedByFile.get(file);
        raw.push({
          rule: 'charter/skipped-file',
          code: 'charter/skipped-file',
          configuredSeverity: 'error',
          incomplete: true,
          message: `${rule.meta.code} could not check ${file}: the file is ${describeSkip(entry?.reason)}`,
          data: {
            rule: rule.meta.code,
            file,
            reason: entry?.reason ?? 'unreadable',
            extractors: [...new Set(extractorIds)].join(','),
          },
          location: { file, line: 1, column: 1 },
        });
      }
      const memoKey = memoKeyOf(rule, ruleOptions);
      if (memoKey)
        memo?.remember(memoKey, {
          findings: raw.slice(firstFinding),
          problems: problemsOf(extractorsFor(rule, ruleOptions, contract), collected),
        });
      timing.push({ kind: 'rule', id: rule.meta.code, ms: performance.now() - start });
    }
  });

  const finalized = await phase('decision', () =>
    finalizeFindings({
      raw,
      contract,
      snapshot,
      now,
      failOn: options.failOn,
      ...(baseline ? { baseline } : {}),
    }),
  );
  const notes = [...cacheNotes, ...cache.notes.map((note) => `${note.file}: ${note.problem}`)];
  await cache
    .save(new Map([...collected].map(([key, result]) => [key, result.facts])))
    .catch((error: Error) => {
      notes.push(`could not write the fact cache: ${error.message}`);
    });

  const skipped = [...skippedByFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  const report: Report = maskReport({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'charter', version: TOOL_VERSION },
    decision: finalized.exitCode === 0 ? 'allow' : 'deny',
    exitCode: finalized.exitCode,
    failOn: options.failOn,
    mode: {
      kind: snapshot.kind,
      ...(snapshot.base ? { base: snapshot.base } : {}),
      ...(snapshot.head ? { head: snapshot.head } : {}),
    },
    contract: {
      path: contract.file,
      digest: contract.digest,
      ...(prepared.baseCommit ? { revision: prepared.baseCommit } : {}),
    },
    summary: {
      errors: finalized.findings.filter((f) => f.severity === 'error').length,
      warnings: finalized.findings.filter((f) => f.severity === 'warn').length,
      waived: finalized.waived.length,
      baselined: finalized.baselined,
      filesChecked: files.length,
      filesSkipped: skipped.length,
    },
    findings: finalized.findings,
    waived: finalized.waived,
    staleBaseline: finalized.staleBaseline,
    skipped: skipped.map((s) => ({ file: s.file, reason: s.reason })),
    ...(options.timing ? { timing } : {}),
  });
  return {
    report,
    notes: notes.map(maskSecrets),
    snapshot,
    contract,
    ...(command ? { command } : {}),
  };
}

/**
 * Rules whose source of truth is not in the snapshot compare code with nothing: they could not
 * check, and say so even when charter/missing-source (which reports the file itself) is off.
 * One finding per missing source, naming the rules.
 */
function missingSourceFindings(
  rules: readonly { rule: AnyRule; options: unknown }[],
  contract: LoadedContract,
  has: (file: string) => boolean,
): RawFinding[] {
  const findings: RawFinding[] = [];
  (contract.data.sources ?? []).forEach((source, index) => {
    const needing = rules
      .filter(({ rule, options }) =>
        (rule.meta.sourcesOfTruth?.(options, contract) ?? []).includes(source.id),
      )
      .map(({ rule }) => rule.meta.code);
    if (needing.length === 0 || has(source.path)) return;
    const span = contract.locate(['sources', index, 'path']);
    findings.push({
      rule: 'charter/skipped-file',
      code: 'charter/skipped-file',
      configuredSeverity: 'error',
      incomplete: true,
      message: `could not check ${needing.join(', ')}: source "${source.id}" ${source.path} is not in the repository`,
      data: { rules: needing.join(','), file: source.path, reason: 'missing', source: source.id },
      location: { file: contract.file, ...span },
      remediation: 'Restore the source file, or fix its path in charter.yaml (sources).',
    });
  });
  return findings;
}

/** The paths the snapshot could not offer as files, among those the contract checks. */
function uncheckedPaths(snapshot: Snapshot, contract: LoadedContract): UncheckedPath[] {
  const { include, exclude } = contract.data;
  const included = globMatcher(include, true);
  const excluded = globMatcher(exclude, false);
  return (snapshot.unchecked ?? []).filter(({ path: entry }) => {
    if (entry.startsWith(`${CACHE_DIR}/`)) return false;
    if (entry.endsWith('/'))
      return folderMayMatch(include, entry) && !folderCovered(exclude, entry);
    return included(entry) && !excluded(entry);
  });
}

function uncheckedFinding(entry: UncheckedPath): RawFinding {
  const why =
    entry.reason === 'unmerged'
      ? 'the file has unresolved merge conflicts in the index'
      : `git could not open the folder (${entry.detail})`;
  return {
    rule: 'charter/skipped-file',
    code: 'charter/skipped-file',
    configuredSeverity: 'error',
    incomplete: true,
    message: `could not check ${entry.path}: ${why}`,
    data: { file: entry.path, reason: entry.reason, detail: entry.detail },
    location: { file: entry.path, line: 1, column: 1 },
    remediation:
      entry.reason === 'unmerged'
        ? 'Resolve the conflicts and stage the result (git add), or abort the merge; then check again.'
        : 'Make the folder readable by the user that runs the check, add it to .gitignore, or exclude it in `exclude`.',
  };
}

/** What stays as it is when a report is masked: identifiers, never quoted input. */
const UNMASKED_KEYS = new Set(['fingerprint', 'digest', 'revision']);

/**
 * The report with every secret it quotes masked (a captured metavariable, a command, a file
 * name, a revision), in every format built from it. Fingerprints, waivers and the baseline
 * were settled on the unmasked text, so masking changes none of them.
 */
function maskReport(report: Report): Report {
  return maskSecretsIn(report, UNMASKED_KEYS);
}

/**
 * Runs the commands rules declare (meta.commandsToRun) in the checked folder, one at a time.
 * They run only where the files on disk are the files checked: not for a proposed edit that
 * is only in memory, and not for a --head other than the checked-out commit.
 */
async function runRuleCommands(
  options: CheckOptions,
  prepared: PreparedRun,
  rules: readonly { rule: AnyRule; options: unknown }[],
  timing: Timing[],
  raw: RawFinding[],
): Promise<Map<string, CommandRun>> {
  const runs = new Map<string, CommandRun>();
  const wanting = rules.filter(({ rule }) => rule.meta.commandsToRun);
  if (wanting.length === 0) return runs;
  let unavailable: string | undefined;
  const { snapshot } = prepared;
  // A proposed edit exists only in memory: its commands run when the agent stops, so they are
  // off unless the caller asks for them (and then they cannot run: the check is incomplete).
  const off =
    options.runCommands === false ||
    (options.runCommands === undefined && snapshot.kind === 'overlay');
  if (off) {
    for (const { rule } of wanting) runs.set(rule.meta.code, { state: 'off' });
    return runs;
  }
  if (snapshot.kind === 'overlay') {
    unavailable = 'the proposed edit is not on disk yet; commands run when the agent stops';
  } else if (snapshot.kind === 'range' && options.head) {
    const resolve = async (rev: string): Promise<string | undefined> => {
      const result = await runGit(snapshot.root, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${rev}^{commit}`,
      ]);
      return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
    };
    const [head, checkedOut] = await Promise.all([resolve(options.head), resolve('HEAD')]);
    if (!head || head !== checkedOut)
      unavailable = `the working tree is not at --head ${options.head}; check out that commit to run the commands`;
  }
  for (const { rule, options: ruleOptions } of wanting) {
    if (unavailable) {
      runs.set(rule.meta.code, { state: 'unavailable', reason: unavailable });
      continue;
    }
    try {
      const requests =
        rule.meta.commandsToRun?.({
          options: ruleOptions,
          contract: prepared.contract,
          change: snapshot.change,
        }) ?? [];
      const results = new Map<string, Awaited<ReturnType<typeof runCommand>>>();
      for (const request of requests) {
        const result = await runCommand(request, snapshot.root);
        results.set(request.id, result);
        timing.push({ kind: 'phase', id: `command ${request.run}`, ms: result.durationMs });
      }
      runs.set(rule.meta.code, { state: 'ran', results });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      runs.set(rule.meta.code, { state: 'unavailable', reason: message });
      raw.push({
        rule: 'charter/internal-error',
        code: 'charter/internal-error',
        configuredSeverity: 'error',
        incomplete: true,
        message: `rule ${rule.meta.code} could not prepare its commands: ${message}`,
        data: { rule: rule.meta.code, error: message },
        location: { file: prepared.contract.file, line: 1, column: 1 },
      });
    }
  }
  return runs;
}

function describeSkip(reason: SkippedInput['reason'] | undefined): string {
  switch (reason) {
    case 'binary':
      return 'binary';
    case 'too-large':
      return 'larger than maxFileSize';
    case 'not-utf8':
      return 'not valid UTF-8';
    default:
      return 'unreadable';
  }
}
