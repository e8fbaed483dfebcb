import type { z } from 'zod';
import type { LoadedContract } from '../contract/load.js';
import type { Extractor } from '../facts/extractor.js';
import type { ChangedFile, SnapshotKind } from '../repo/snapshot.js';
import type { FindingSeverity } from './report-schema.js';
import type { CommandRequest, CommandResult } from '../repo/run-command.js';

export type { CommandRequest, CommandResult };

/**
 * The commands a rule asked for (meta.commandsToRun): run, switched off for this run
 * (CheckOptions.runCommands false: the rule stays silent), or impossible to run faithfully
 * (a proposed edit that is not on disk: the rule reports it could not check).
 */
export type CommandRun =
  | { state: 'ran'; results: ReadonlyMap<string, CommandResult> }
  | { state: 'off' }
  | { state: 'unavailable'; reason: string };
import type { CommandFacts } from '../facts/shell/types.js';

export interface ReportLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RuleReport {
  /** Defaults to the rule's code; rules that host several user rules (custom/pattern) set it. */
  code?: string;
  message: string;
  location: ReportLocation;
  data?: Record<string, string | number | boolean>;
  remediation?: string;
  /** Overrides the configured severity (custom/pattern entries carry their own). */
  severity?: FindingSeverity;
  /** Marks the finding as "could not check": the run exits 2 unless it is waived. */
  incomplete?: boolean;
}

/**
 * A file that exists but could not be read as text; rules that needed it must say so. Also a
 * folder git could not open (`unreadable`, the path ends with "/") and a file with unresolved
 * merge conflicts in the index (`unmerged`).
 */
export interface SkippedInput {
  file: string;
  reason: 'binary' | 'too-large' | 'not-utf8' | 'unreadable' | 'unmerged';
}

/** Everything a rule may know. Rules never touch the file system, git or the network. */
export interface RuleContext<Options> {
  readonly options: Options;
  readonly contract: LoadedContract;
  readonly mode: SnapshotKind;
  /** Files in the snapshot after include/exclude. */
  readonly files: readonly string[];
  /** Whether a file, or a folder holding at least one file, is in the snapshot (before include/exclude). */
  has(file: string): boolean;
  /** What the change touched (null when there is no change to compare, e.g. outside git). */
  readonly change: readonly ChangedFile[] | null;
  /** Facts for every file the extractor applies to. */
  facts<T>(extractor: Extractor<T>): ReadonlyMap<string, T>;
  /**
   * Facts of the files the change modified, deleted or renamed, as they were before the
   * change (keyed by their old path). Empty when there is nothing to compare with.
   */
  factsBefore<T>(extractor: Extractor<T>): ReadonlyMap<string, T>;
  /**
   * The contract as the checked state has it (the head of a --base range, the index, the
   * working tree or a proposed edit), when it differs from the one the check uses.
   */
  readonly headContractText: string | undefined;
  /**
   * The check's contract comes from a side the change cannot edit (a commit, or a file outside
   * the repository): contracts the change touches do not take effect. False for a plain
   * working-tree check, which reads the contract as the change leaves it.
   */
  readonly trustedContract: boolean;
  /** What a proposed shell command does (agent hooks); undefined when checking files. */
  readonly command: CommandFacts | undefined;
  readonly now: Date;
  /** Results of the commands from meta.commandsToRun (`{ state: 'off' }` for other rules). */
  readonly commandResults: CommandRun;
  report(report: RuleReport): void;
}

export interface RuleMeta<Schema extends z.ZodType> {
  /** Stable code, `<pack>/<name>`; also the file path under src/rules and docs/rules. */
  code: string;
  /** One sentence: what the rule reports. */
  description: string;
  /** Longer explanation used as SARIF fullDescription and by `charter explain`. */
  rationale: string;
  /** What to do about a finding, written for an agent. */
  remediation: string;
  defaultSeverity: FindingSeverity | 'off';
  /** The rule judges a proposed shell command (agent hooks), not files; it reads `context.command`. */
  command?: boolean;
  /**
   * The rule judges files like any other, and proposed shell commands too (it runs with the
   * command rules and reads `context.command` when there is one).
   */
  judgesCommands?: boolean;
  /** Option schema; the contract validates `rules.<code>.options` against it. */
  options?: Schema;
  /** Extractors whose facts the rule reads; only these run. */
  facts?: readonly Extractor<unknown>[];
  /**
   * Extractors whose facts the rule needs only for the files the change added, modified or
   * renamed (`context.facts` then holds just those): rules that compare a change with its
   * before side, so that their cost follows the change, not the repository.
   */
  factsOfChange?: readonly Extractor<unknown>[];
  /** Extractors whose facts the rule compares with the state before the change. */
  factsBefore?: readonly Extractor<unknown>[];
  /**
   * What a finding can depend on. `file`: only the file it is about (content, facts, path)
   * and the contract. `change`: only the change list, the changed files' facts before and
   * after, and the contract. `repository` (the default): any file. A proposed edit whose
   * affected rules are all `file` or `change` is judged from the edited files alone, without
   * listing the repository.
   */
  locality?: 'file' | 'change' | 'repository';
  /**
   * The rule reads `context.change` although it declares no before-facts or commands: an edit
   * that leaves its facts as they were can still change its answer.
   */
  readsChange?: boolean;
  /**
   * The paths the rule asks `context.has` about, when that is all it reads of the file list
   * (missing sources): a proposed edit then needs only their presence, not a listing. A rule
   * without extractors must declare this to read `context.has` or `context.files` at all.
   */
  presence?: (options: z.output<Schema>, contract: LoadedContract) => readonly string[];
  /**
   * Ids of the contract's sources the rule compares code with (`sources[].id`). A rule whose
   * source is not in the snapshot checks nothing: the engine reports that it could not check,
   * whether `charter/missing-source` is on or off.
   */
  sourcesOfTruth?: (options: z.output<Schema>, contract: LoadedContract) => readonly string[];
  /** Extra codes the rule reports besides its own (custom/pattern: `custom/<id>`). */
  reportsCodes?: (options: z.output<Schema>) => string[];
  /**
   * Commands the engine runs before the rule (rules never run anything themselves): the
   * results arrive in `context.commandResults`, keyed by request id.
   */
  commandsToRun?: (input: {
    options: z.output<Schema>;
    contract: LoadedContract;
    change: readonly ChangedFile[] | null;
  }) => readonly CommandRequest[];
  /** Extractors derived from options (custom/pattern compiles the user's patterns). */
  factsFor?: (options: z.output<Schema>) => readonly Extractor<unknown>[];
  /** Extractors derived from the contract too (the api rules read its OpenAPI sources' files). */
  factsForContract?: (
    options: z.output<Schema>,
    contract: LoadedContract,
  ) => readonly Extractor<unknown>[];
  /** Before-facts derived from the contract, as factsForContract. */
  factsBeforeForContract?: (
    options: z.output<Schema>,
    contract: LoadedContract,
  ) => readonly Extractor<unknown>[];
}

export interface RuleDefinition<Schema extends z.ZodType = z.ZodType> {
  meta: RuleMeta<Schema>;
  check(context: RuleContext<z.output<Schema>>): void;
}

/** Declares a rule; the identity function exists for type inference and one obvious shape. */
export function defineRule<Schema extends z.ZodType>(
  rule: RuleDefinition<Schema>,
): RuleDefinition<Schema> {
  return rule;
}

// The registry holds rules with different option types side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- option types vary per rule; each rule validates its own
export type AnyRule = RuleDefinition<any>;
