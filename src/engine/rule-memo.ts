import { createHash } from 'node:crypto';
import type { LoadedContract } from '../contract/load.js';
import type { ChangedFile, Snapshot } from '../repo/snapshot.js';
import type { RawFinding } from './check.js';
import { layeredIdsDigest, layersOf } from './content-ids.js';
import type { ExtractorFailure } from './collect-facts.js';
import type { SkippedInput } from './rule.js';

/** What extractors could not read (skipped) or failed on. */
export interface ExtractorProblems {
  skipped: readonly SkippedInput[];
  failures: readonly ExtractorFailure[];
}

/** A rule's findings in one state, and what its extractors could not read there. */
export interface RememberedRule {
  findings: readonly RawFinding[];
  problems: ExtractorProblems;
}

/**
 * What rules that read the whole repository found, remembered by everything they can read,
 * for a long-lived process (the hook daemon). An agent's edits come one after another: the
 * state before an edit is usually a state an earlier request already checked (the same
 * working tree, or the previous edit once it landed), so those rules need not run again.
 */
export class RuleResultMemo {
  private readonly results = new Map<string, RememberedRule>();
  constructor(private readonly capacity = 64) {}

  recall(key: string): RememberedRule | undefined {
    const known = this.results.get(key);
    if (known) {
      // Most recently used last: the first entry is the one to drop.
      this.results.delete(key);
      this.results.set(key, known);
    }
    return known;
  }

  remember(key: string, result: RememberedRule): void {
    this.results.delete(key);
    this.results.set(key, result);
    if (this.results.size > this.capacity) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
  }
}

let processMemo: RuleResultMemo | undefined;

export function rememberRuleResults(): void {
  processMemo ??= new RuleResultMemo();
}

/** The memo of this process, when it is a long-lived one. */
export function processRuleMemo(): RuleResultMemo | undefined {
  return processMemo;
}

/**
 * Everything a rule's context holds apart from the change: the contract, the checked files,
 * every file of the snapshot (what `has` answers from) by content, and the day (waivers
 * expire by day). Undefined when some file has no content id: it could not be read, and what
 * a rule says of it may change without its content changing.
 */
export function checkedStateDigest(input: {
  snapshot: Snapshot;
  /** Content ids of every file in the snapshot. */
  contentIds: ReadonlyMap<string, string>;
  files: readonly string[];
  contract: LoadedContract;
  headContractText: string | undefined;
  now: Date;
}): string | undefined {
  const { snapshot, contract, contentIds } = input;
  const ids = idsDigest(snapshot.files, contentIds);
  if (ids === undefined) return undefined;
  const header = JSON.stringify([
    snapshot.root,
    snapshot.kind,
    contract.file,
    contract.digest,
    input.headContractText ?? null,
    input.now.toISOString().slice(0, 10),
    pathsDigest(snapshot.files, input.files),
  ]);
  return createHash('sha1').update(header).update('\n').update(ids).digest('hex');
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * Every file's content id, as text: ids laid over a listing's base are digested a layer at a
 * time; others are hex, one per file in the order of the paths digested in the header.
 */
function idsDigest(
  files: readonly string[],
  contentIds: ReadonlyMap<string, string>,
): string | undefined {
  const layers = layersOf(contentIds);
  if (layers) {
    const layered = layeredIdsDigest(files, layers, sha1);
    return layered === undefined ? undefined : `layers\n${layered}`;
  }
  const ids: string[] = [];
  for (const file of files) {
    const id = contentIds.get(file);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return `ids\n${ids.join('\n')}`;
}

const pathsMemo = new WeakMap<readonly string[], { checked: readonly string[]; digest: string }>();

/**
 * Every path of the snapshot, marked checked or not. The same lists (a listing served again)
 * are digested once.
 */
function pathsDigest(all: readonly string[], checked: readonly string[]): string {
  const known = pathsMemo.get(all);
  if (known?.checked === checked) return known.digest;
  const listed = new Set(checked);
  const lines = all.map((file) => `${listed.has(file) ? '+' : '-'}${file}`);
  const digest = createHash('sha1').update(lines.join('\0')).digest('hex');
  pathsMemo.set(all, { checked, digest });
  return digest;
}

/** A rule's key: the state, and the change when the rule reads it. */
export function ruleResultKey(
  state: string,
  code: string,
  change: readonly ChangedFile[] | null | undefined,
): string {
  return change === undefined ? `${state} ${code}` : `${state} ${code} ${JSON.stringify(change)}`;
}
