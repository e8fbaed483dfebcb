import type { CliIo } from '../cli/io.js';
import { releaseParseTrees } from '../engine/native-memory.js';
import { parseTreeCount } from '../facts/ast-grep.js';
import { flushResidentFactCache, keepFactCacheResident } from '../repo/cache-store.js';
import { rememberWorktreeListings } from '../repo/snapshot.js';
import { serveDaemon } from '../repo/hook-daemon.js';
import { rememberRuleResults } from '../engine/rule-memo.js';
import { rememberCollections } from '../engine/collection-memo.js';
import type { DaemonAnswer, DaemonEndpoint, DaemonHookRequest } from '../repo/hook-daemon.js';
import { runHookCli } from './cli.js';

/** How long a hook daemon waits for the next request before it exits. */
export const DAEMON_IDLE_MS = 15 * 60_000;

/** Fact packs are written once requests pause for this long, not while an agent waits. */
const CACHE_WRITE_DELAY_MS = 2000;

/** Parse trees made since the last full collection that free it at once, not when idle. */
const RELEASE_AFTER_TREES = 256;

let cacheWriteTimer: ReturnType<typeof setTimeout> | undefined;
let treesAtLastRelease = 0;

/**
 * Parse trees live in native memory that only a full collection frees, and a full collection
 * of the daemon's heap takes tens of milliseconds: done when requests pause, or at once after
 * a request that parsed many files.
 */
function releaseParseTreesIfMany(threshold: number): void {
  const trees = parseTreeCount();
  if (trees - treesAtLastRelease < threshold) return;
  treesAtLastRelease = trees;
  releaseParseTrees();
}

/**
 * Work that can wait until requests pause. A pack that cannot be written is only a slower
 * next start; the daemon has nowhere to print, and the next check in a process of its own
 * reports it.
 */
function afterRequestsPause(): void {
  clearTimeout(cacheWriteTimer);
  cacheWriteTimer = setTimeout(() => {
    releaseParseTreesIfMany(1);
    void flushResidentFactCache();
  }, CACHE_WRITE_DELAY_MS);
}

/**
 * Answers one hook request exactly as `charter hook` would in its own process. The daemon
 * serves only clients whose environment matches its own where git and the check read it
 * (the socket is named after it), so the answer does not depend on which process asks.
 */
export async function answerHookRequest(request: DaemonHookRequest): Promise<DaemonAnswer> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: request.cwd,
    env: request.env,
    stdout: { write: (text: string) => void (stdout += text) },
    stderr: { write: (text: string) => void (stderr += text) },
    readStdin: async () => request.stdin,
  };
  // The client gets the answer as soon as it is known, not after the audit-log entry.
  let answered: (answer: DaemonAnswer) => void = () => undefined;
  const answer = new Promise<DaemonAnswer>((resolve) => (answered = resolve));
  // The deadline counts from the client's start, not from this request's arrival.
  const done = runHookCli(
    request.args,
    io,
    performance.now() - request.elapsedMs,
    (rendered, timedOut) => answered({ stdout, stderr, exitCode: rendered.exitCode, timedOut }),
  ).then((result) => {
    answered({ stdout, stderr, exitCode: result.exitCode, timedOut: result.timedOut });
    setImmediate(() => releaseParseTreesIfMany(RELEASE_AFTER_TREES));
    afterRequestsPause();
  });
  // A check that throws (it never should) gets no answer: the client checks on its own.
  return Promise.race([answer, done.then(() => answer)]);
}

/** Loads what every hook needs before the first request arrives. */
async function warmUp(): Promise<void> {
  await Promise.all([
    import('./evaluate.js'),
    import('./claude.js'),
    import('./codex.js'),
    import('./gemini.js'),
    import('./cursor.js'),
    import('./copilot.js'),
    import('../facts/shell/index.js'),
  ]);
}

/** Serves hook requests on the endpoint; resolves false when another daemon already does. */
export async function runHookDaemon(
  endpoint: DaemonEndpoint,
  idleMs: number,
  onListening?: () => void,
): Promise<boolean> {
  await warmUp();
  keepFactCacheResident();
  rememberRuleResults();
  rememberCollections();
  rememberWorktreeListings();
  const served = await serveDaemon({
    endpoint,
    idleMs,
    handle: answerHookRequest,
    ...(onListening ? { onListening } : {}),
  });
  clearTimeout(cacheWriteTimer);
  await flushResidentFactCache();
  return served;
}
