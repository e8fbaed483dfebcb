import path from 'node:path';
import type { LoadedContract } from '../contract/load.js';
import { checkProposedCommand, checkProposedEdit, checkWorkingTree } from '../engine/edit-check.js';
import type { ChangeCheckResult } from '../engine/edit-check.js';
import type { Finding } from '../engine/report-schema.js';
import type { ContractSource } from '../repo/contract-file.js';
import { committedContract, contractSourcesAtHead } from './contract.js';
import { guardedFolders, isFolder, realWritePath } from '../repo/links.js';
import type { GuardedFolder } from '../facts/shell/types.js';
import { describeState, outsideState } from '../rules/charter/_state.js';
import { rule as protectedState } from '../rules/charter/protected-state.js';
import {
  canonicalPath,
  currentBranch,
  nearestDirectory,
  readTextFile,
  repositoryRoot,
} from '../repo/hook-config-io.js';
import { editedPaths, resultingFiles } from './edits.js';
import { errorReason, findingsReason } from './message.js';
import type { ReasonKind } from './message.js';
import { HOOK_ERROR, HookInputError } from './types.js';
import type { FileEdit, HookFinding, HookOutcome, HookRequest } from './types.js';

export interface EvaluateOptions {
  /** The project the hook was installed for (CLAUDE_PROJECT_DIR and friends), when known. */
  projectDir?: string;
  home?: string;
  cache: boolean;
  now?: Date;
}

export interface Evaluation {
  outcome: HookOutcome;
  /** The repository the decision is about (where the audit log goes). */
  root: string | undefined;
}

export function toHookFinding(finding: Finding): HookFinding {
  return {
    code: finding.code,
    message: finding.message,
    file: finding.location.file,
    line: finding.location.line,
    column: finding.location.column,
    clause: finding.clause,
    remediation: finding.remediation,
    severity: finding.severity,
  };
}

function outcomeFor(
  kind: ReasonKind,
  results: readonly ChangeCheckResult[],
  files: string[],
): HookOutcome {
  const introduced = results.flatMap((r) => r.introduced);
  const exitCode = Math.max(0, ...results.map((r) => r.exitCode));
  if (exitCode === 0) return { kind: 'allow', files };
  // Incomplete findings (could not check) first, then errors, then warnings.
  const shown = [...introduced].sort(
    (a, b) => Number(Boolean(b.incomplete)) - Number(Boolean(a.incomplete)),
  );
  const reason = findingsReason(kind, shown.map(toHookFinding));
  const codes = [...new Set(shown.map((f) => f.code))].sort();
  const located = [
    ...new Set([...files, ...shown.map((f) => f.location.file).filter((f) => f !== '(command)')]),
  ];
  if (kind === 'stop-repeated') return { kind: 'notice', reason, codes, files: located };
  if (kind === 'after-tool' || kind === 'stop')
    return exitCode === 2
      ? { kind: 'error', reason, codes, files: located }
      : { kind: 'block', reason, codes, files: located };
  return exitCode === 2
    ? { kind: 'error', reason, codes, files: located }
    : { kind: 'deny', reason, codes, files: located };
}

/** The folder whose contract governs the request: the agent's repository, else its project. */
async function checkDirectory(cwd: string, options: EvaluateOptions): Promise<string> {
  const real = await canonicalPath(cwd);
  if (await repositoryRoot(real)) return real;
  if (options.projectDir) {
    const project = await canonicalPath(options.projectDir);
    if (await repositoryRoot(project)) return project;
  }
  return real;
}

async function evaluateEdit(
  request: HookRequest,
  edits: readonly FileEdit[],
  options: EvaluateOptions,
): Promise<Evaluation> {
  // Judged where the edit really lands: symlinks on the way are followed, dangling ones too.
  const canonical = new Map<string, string>();
  for (const file of editedPaths(edits)) canonical.set(file, await realWritePath(file));
  const mapped = edits.map((edit): FileEdit => {
    const c = (file: string): string => canonical.get(file) ?? file;
    return edit.type === 'move'
      ? { ...edit, from: c(edit.from), to: c(edit.to) }
      : { ...edit, path: c(edit.path) };
  });
  await refuseFolders(mapped);
  // Group the files by the contract that governs them, as HEAD has it (one git process per
  // repository reads them all); files outside any repository are not governed, apart from the
  // state Charter keeps outside it.
  const folders = new Map<string, Map<string, string[]>>();
  const outside: HookFinding[] = [];
  let guarded: GuardedFolder[] | undefined;
  for (const file of editedPaths(mapped)) {
    const dir = await nearestDirectory(path.dirname(file));
    const root = await repositoryRoot(dir);
    if (!root) {
      guarded ??= await guardedFolders(request.cwd);
      const finding = outsideStateFinding(file, guarded);
      if (finding) outside.push(finding);
      continue;
    }
    const byFolder = folders.get(root) ?? new Map<string, string[]>();
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), file]);
    folders.set(root, byFolder);
  }
  const groups = new Map<
    string,
    { cwd: string; root: string; files: string[]; source: ContractSource }
  >();
  for (const [root, byFolder] of folders) {
    const sources = await contractSourcesAtHead(root, [...byFolder.keys()]);
    for (const [dir, files] of byFolder) {
      const source = sources.get(dir) as ContractSource;
      const key = `${root}\0${source.contract.file}`;
      const group = groups.get(key) ?? {
        cwd: path.join(root, source.scope),
        root,
        files: [],
        source,
      };
      group.files.push(...files);
      groups.set(key, group);
    }
  }
  const firstRoot = [...groups.values()][0]?.root;
  if (outside.length > 0)
    return {
      outcome: {
        kind: 'deny',
        reason: findingsReason('edit', outside),
        codes: [protectedState.meta.code],
        files: outside.map((f) => f.file),
      },
      root: firstRoot,
    };
  if (groups.size === 0) return { outcome: { kind: 'allow', files: [] }, root: undefined };
  const overlay = await resultingFiles(mapped, readTextFile);
  const results: ChangeCheckResult[] = [];
  const files: string[] = [];
  for (const group of groups.values()) {
    const groupOverlay = new Map([...overlay].filter(([file]) => group.files.includes(file)));
    const result = await checkProposedEdit({
      cwd: group.cwd,
      source: group.source,
      overlay: groupOverlay,
      failOn: 'error',
      cache: options.cache,
      ...(options.now ? { now: options.now } : {}),
    });
    results.push(result);
    for (const file of group.files)
      files.push(path.relative(result.root, file).split(path.sep).join('/'));
  }
  return { outcome: outcomeFor('edit', results, files), root: firstRoot };
}

/** An edit tool cannot write a file where a folder is: what it would do cannot be computed. */
async function refuseFolders(edits: readonly FileEdit[]): Promise<void> {
  for (const edit of edits) {
    if (edit.type === 'delete' || edit.type === 'move') continue;
    if (await isFolder(edit.path))
      throw new HookInputError(`${edit.path} is a folder, so the edit cannot be computed`);
  }
}

/**
 * A finding for an edit of Charter's state outside every repository (its per-user keys, a
 * worktree's git folder). No contract governs such a file, so this is judged here, always.
 */
function outsideStateFinding(
  file: string,
  guarded: readonly GuardedFolder[],
): HookFinding | undefined {
  const kind = outsideState(file, guarded, false)?.kind;
  if (!kind) return undefined;
  return {
    code: protectedState.meta.code,
    message: `the edit writes ${file}, which is ${describeState(kind)}`,
    file,
    line: 1,
    column: 1,
    clause: undefined,
    remediation: protectedState.meta.remediation,
    severity: 'error',
  };
}

async function evaluateCommand(
  command: string,
  cwd: string,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const commandCwd = await canonicalPath(cwd);
  const checkCwd = await checkDirectory(cwd, options);
  const root = await repositoryRoot(checkCwd);
  const branch = root ? await currentBranch(root) : undefined;
  const result = await checkProposedCommand({
    cwd: checkCwd,
    commandCwd,
    command,
    failOn: 'error',
    cache: options.cache,
    ...(options.home ? { home: options.home } : {}),
    ...(branch ? { branch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const errors = result.after.command?.errors ?? [];
  if (errors.length > 0) {
    const first = errors[0] as (typeof errors)[number];
    const at = `at character ${first.offset + 1}`;
    return {
      outcome: {
        kind: 'error',
        codes: [HOOK_ERROR],
        reason:
          first.kind === 'limit'
            ? errorReason(
                `the command is too large to follow (${first.message}, ${at}), so what it does cannot be judged; nothing was expanded`,
                'Write the words out, or split the command into smaller ones with fewer loops and expansions.',
              )
            : errorReason(
                `the command could not be parsed (${first.message} ${at}), so what it does cannot be judged`,
                'Rewrite the command in plain POSIX or bash syntax (close every quote and heredoc), or split it into simpler commands.',
              ),
      },
      root,
    };
  }
  return { outcome: outcomeFor('command', [result], []), root };
}

async function evaluateWorktree(
  request: HookRequest,
  phase: 'after-tool' | 'stop',
  repeated: boolean,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const checkCwd = await checkDirectory(request.cwd, options);
  const root = await repositoryRoot(checkCwd);
  const result = await checkWorkingTree({
    cwd: checkCwd,
    failOn: 'error',
    cache: options.cache,
    // Verify commands are slow: after every tool call they wait, the end of the turn runs them,
    // and only the committed contract's: the agent may have written the working tree's.
    runCommands: phase === 'stop' && !repeated ? 'trusted' : false,
    ...(options.now ? { now: options.now } : {}),
  });
  const changed = (result.after.snapshot.change ?? []).map((c) => c.path);
  const kind: ReasonKind =
    phase === 'after-tool' ? 'after-tool' : repeated ? 'stop-repeated' : 'stop';
  return { outcome: outcomeFor(kind, [result], changed), root };
}

function list(items: readonly string[] | undefined, empty = 'none'): string {
  return items && items.length ? items.join(', ') : empty;
}

/** A short summary of the contract for the start of a session. */
export function contractSummary(contract: LoadedContract): string {
  const data = contract.data;
  const lines = [
    `This repository has an operating contract (${contract.file}); Charter enforces it on every edit and shell command, before they land.`,
    `Read before writing code: ${list(data.readBeforeCode)}.`,
  ];
  const planes = Object.entries(data.planes ?? {});
  if (planes.length)
    lines.push(
      `Auth planes (never mix them): ${planes.map(([name, p]) => `${name} ${p.paths.join(' ')} accepts only ${p.auth.join('/')}`).join('; ')}.`,
    );
  lines.push(
    `Protected paths (do not change them, also not through the shell): ${list([...(data.protect ?? []), ...(data.protect?.includes(contract.file) ? [] : [contract.file])])}.`,
  );
  const sources = data.sources ?? [];
  if (sources.length)
    lines.push(
      `Sources of truth, highest precedence first: ${sources.map((s) => `${s.path} (${s.kind})`).join(', ')}.`,
    );
  const configured = Object.keys(data.rules ?? {}).map((code) => {
    const entry = data.rules?.[code];
    const patterns =
      (typeof entry === 'object'
        ? (entry.options?.patterns as { id?: unknown }[] | undefined)
        : undefined) ?? [];
    const ids = Array.isArray(patterns)
      ? patterns.map((p) => p.id).filter((id): id is string => typeof id === 'string')
      : [];
    return ids.length ? `${code} (${ids.join(', ')})` : code;
  });
  lines.push(
    `Rules the contract configures: ${list(configured)}; every other rule runs at its default (\`charter rules\` lists them).`,
  );
  lines.push(
    'A denial starts with "Charter denied" and lists each finding as: code, what is wrong, where (file:line:column), the contract clause it enforces, and how to fix it. Fix the cause and retry; never work around the check (no --no-verify, no editing protected files from the shell). Findings that already existed do not block you.',
  );
  return lines.join('\n');
}

async function evaluateSessionStart(
  request: HookRequest,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const checkCwd = await checkDirectory(request.cwd, options);
  const { contract, root } = await committedContract(checkCwd);
  return { outcome: { kind: 'allow', context: contractSummary(contract) }, root };
}

/** Decides one hook request with the engine. Throws only for Charter's own failures. */
export async function evaluate(
  request: HookRequest,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const action = request.action;
  switch (action.kind) {
    case 'pass':
      return {
        outcome: { kind: 'allow' },
        root: await repositoryRoot(await canonicalPath(request.cwd)),
      };
    case 'session-start':
      return evaluateSessionStart(request, options);
    case 'edit':
      return evaluateEdit(request, action.edits, options);
    case 'command':
      return evaluateCommand(action.command, action.cwd, options);
    case 'worktree':
      return evaluateWorktree(request, action.phase, action.repeated, options);
  }
}
