import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { userSecret } from './user-state.js';

/**
 * The transport of the hook daemon: a Unix socket in a folder only the user can open, named
 * after the build, so a daemon never answers for other code than the client's own. Every
 * failure here means "no daemon": the caller then checks in its own process.
 *
 * Any process of the same user can listen on that path, so the socket alone proves nothing.
 * Client and daemon share a per-user key (outside every repository, see user-state.ts): each
 * request carries a fresh nonce and a MAC, and the answer's MAC covers that nonce, the request
 * and the answer. A process without the key can neither forge an answer nor replay an old one.
 */

export interface DaemonHookRequest {
  kind: 'hook';
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string;
  /** How long the client has been running: the hook's deadline counts from its start. */
  elapsedMs: number;
}

export type DaemonRequest = DaemonHookRequest | { kind: 'ping' } | { kind: 'stop' };

export interface DaemonAnswer {
  stdout: string;
  stderr: string;
  exitCode: 0 | 2;
  /** The check missed its deadline: something in the daemon may still be stuck. */
  timedOut?: boolean;
}

/**
 * What asking gave: an answer; `absent` (nothing listens); `failed` (a daemon broke off or
 * declined); `unauthenticated` (what listens did not prove it holds the key); `silent` (a
 * listener accepted the request but gave no answer in time: wedged, or not a daemon at all).
 */
export type AskResult = DaemonAnswer | 'absent' | 'failed' | 'unauthenticated' | 'silent';

/** The daemon's key and where it listens. */
export interface DaemonEndpoint {
  socket: string;
  key: Buffer;
}

const HERE = fileURLToPath(import.meta.url);
const DIST = path.resolve(path.dirname(HERE), '..');
/** bin/charter.js of the same installation. */
const BIN = path.resolve(DIST, '..', 'bin', 'charter.js');
/** Written by the build: a digest of everything in dist/. */
const BUILD_ID_FILE = path.join(DIST, 'build-id');

/**
 * What the check inherits from the process environment rather than from the request: git
 * reads PATH, HOME, XDG_CONFIG_HOME and GIT_* (which binary, global excludes, safe.directory,
 * repository location). A daemon serves only clients whose values are the same as its own.
 */
function inheritedEnvironment(env: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(env)
    .filter(
      ([name]) => ['PATH', 'HOME', 'XDG_CONFIG_HOME'].includes(name) || name.startsWith('GIT_'),
    )
    .map(([name, value]) => `${name}=${value ?? ''}`)
    .sort()
    .join('\0');
}

/** The build and the environment a daemon serves; undefined when the build has no id. */
async function daemonId(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const build = (await readFile(BUILD_ID_FILE, 'utf8').catch(() => '')).trim();
  if (!/^[0-9a-f]{16,}$/.test(build)) return undefined;
  return createHash('sha1')
    .update(`${build}\0${process.execPath}\0${process.version}\0${inheritedEnvironment(env)}`)
    .digest('hex')
    .slice(0, 20);
}

/** The user's private folder for daemon sockets, or undefined when there is none. */
export async function daemonFolder(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = path.join(env.XDG_RUNTIME_DIR || os.tmpdir(), `charter-${uid}`);
  try {
    await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const info = await lstat(dir);
    if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o077) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The socket for this user, build and environment, or undefined when there can be no daemon:
 * no user id (as on Windows), no private folder, or a build without an id.
 */
export async function hookDaemonSocket(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const [dir, id] = await Promise.all([daemonFolder(env), daemonId(env)]);
  return dir && id ? path.join(dir, `hook-${id}.sock`) : undefined;
}

/** Every daemon socket in the user's folder (any build or environment). */
export async function allDaemonSockets(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  const dir = await daemonFolder(env);
  if (!dir) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => /^hook-[0-9a-f]+\.sock$/.test(name))
    .map((name) => path.join(dir, name));
}

/** An answer as the daemon and the supervised checking process send it. */
export function isDaemonAnswer(value: unknown): value is DaemonAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (
    typeof answer.stdout === 'string' &&
    typeof answer.stderr === 'string' &&
    (answer.exitCode === 0 || answer.exitCode === 2) &&
    (answer.timedOut === undefined || typeof answer.timedOut === 'boolean')
  );
}

const REQUEST_LABEL = 'charter-daemon/request';
const ANSWER_LABEL = 'charter-daemon/answer';
const PID_LABEL = 'charter-daemon/pid';

function mac(key: Buffer, ...parts: string[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part).update('\0');
  return hmac.digest('hex');
}

function sameMac(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** What travels on the socket: the body as text, so both sides MAC the very same bytes. */
interface Envelope {
  nonce?: string;
  body: string;
  mac: string;
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { nonce, body, mac: given } = value as Record<string, unknown>;
    if (typeof body !== 'string' || typeof given !== 'string') return undefined;
    if (nonce !== undefined && typeof nonce !== 'string') return undefined;
    return { body, mac: given, ...(nonce !== undefined ? { nonce } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Sends one request and checks that the answer comes from a holder of the key. `silent` is
 * reported only when a listener took the request and then said nothing until `timeoutMs`.
 */
export function askDaemon(
  endpoint: DaemonEndpoint,
  request: DaemonRequest,
  timeoutMs: number,
): Promise<AskResult> {
  const nonce = randomBytes(16).toString('hex');
  const body = JSON.stringify(request);
  const requestMac = mac(endpoint.key, REQUEST_LABEL, nonce, body);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let connected = false;
    const connection = net.createConnection(endpoint.socket);
    const finish = (answer: AskResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(connected ? 'silent' : 'absent'), Math.max(1, timeoutMs));
    connection.on('connect', () => {
      connected = true;
      connection.end(JSON.stringify({ nonce, body, mac: requestMac }));
    });
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // A daemon that declines a request closes without a word.
      if (text === '') return finish('failed');
      const envelope = parseEnvelope(text);
      if (
        !envelope ||
        !sameMac(mac(endpoint.key, ANSWER_LABEL, nonce, requestMac, envelope.body), envelope.mac)
      )
        return finish('unauthenticated');
      try {
        const parsed: unknown = JSON.parse(envelope.body);
        finish(isDaemonAnswer(parsed) ? parsed : 'failed');
      } catch {
        finish('failed');
      }
    });
    connection.on('error', () => finish(connected ? 'failed' : 'absent'));
  });
}

/** The key that authenticates the daemons of this user, or undefined when there is none. */
export async function daemonKey(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Buffer | undefined> {
  try {
    return await userSecret('daemon', env);
  } catch {
    // A key file that is not Charter's: no daemon; hooks check in their own process.
    return undefined;
  }
}

/** Where this build's daemon listens and the key it proves itself with. */
export async function daemonEndpoint(
  env: Readonly<Record<string, string | undefined>>,
): Promise<DaemonEndpoint | undefined> {
  const [socket, key] = await Promise.all([hookDaemonSocket(env), daemonKey(env)]);
  return socket && key ? { socket, key } : undefined;
}

/** Next to the socket: which process serves it, MACed so that only a daemon could write it. */
function pidFile(socket: string): string {
  return `${socket}.pid`;
}

async function writePidFile(endpoint: DaemonEndpoint, inode: number): Promise<void> {
  const pid = String(process.pid);
  const record = { pid, inode: String(inode) };
  const text = JSON.stringify({
    ...record,
    mac: mac(endpoint.key, PID_LABEL, endpoint.socket, record.pid, record.inode),
  });
  await writeFile(pidFile(endpoint.socket), text, { mode: 0o600 });
}

/**
 * The process that serves the socket now, when the pid file proves it: written with the key,
 * for the socket file that is at the path now (a stale record names no process).
 */
async function servingProcess(endpoint: DaemonEndpoint): Promise<number | undefined> {
  try {
    const info = await lstat(endpoint.socket);
    const record = JSON.parse(await readFile(pidFile(endpoint.socket), 'utf8')) as Record<
      string,
      unknown
    >;
    const { pid, inode } = record;
    if (typeof pid !== 'string' || typeof inode !== 'string' || !/^\d+$/.test(pid))
      return undefined;
    if (inode !== String(info.ino)) return undefined;
    const expected = mac(endpoint.key, PID_LABEL, endpoint.socket, pid, inode);
    return sameMac(expected, record.mac) ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ends a daemon that missed a deadline or does not answer: kills the process the pid file
 * names (a wedged process cannot stop itself) and removes its socket, so the next hook starts
 * a fresh daemon. Returns the pid that was killed, if any. The socket path is freed even when
 * no daemon can be proven to serve it: whatever listens there does not answer as one.
 */
export async function retireDaemon(endpoint: DaemonEndpoint): Promise<number | undefined> {
  const pid = await servingProcess(endpoint);
  let killed: number | undefined;
  if (pid !== undefined && pid !== process.pid) {
    try {
      process.kill(pid, 'SIGKILL');
      killed = pid;
    } catch {
      // Already gone.
    }
  }
  await unlink(endpoint.socket).catch(() => undefined);
  await unlink(pidFile(endpoint.socket)).catch(() => undefined);
  return killed;
}

/** Starts a daemon for this build in the background; it outlives the hook that started it. */
export function startDaemon(): void {
  try {
    const child = spawn(process.execPath, [BIN, 'daemon', 'serve'], {
      detached: true,
      stdio: 'ignore',
      env: process.env,
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No daemon: the next hook checks in its own process again.
  }
}

export interface ServeOptions {
  endpoint: DaemonEndpoint;
  /** Stop after this long without a request (0: never). */
  idleMs: number;
  handle(request: DaemonHookRequest): Promise<DaemonAnswer>;
  /** Called once the socket accepts connections. */
  onListening?: () => void;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function parseRequest(text: string): DaemonRequest | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const request = value as Record<string, unknown>;
    if (request.kind === 'ping' || request.kind === 'stop')
      return { kind: request.kind } as DaemonRequest;
    if (
      request.kind === 'hook' &&
      Array.isArray(request.args) &&
      request.args.every((arg) => typeof arg === 'string') &&
      typeof request.cwd === 'string' &&
      typeof request.stdin === 'string' &&
      typeof request.elapsedMs === 'number' &&
      isStringRecord(request.env)
    )
      return request as unknown as DaemonHookRequest;
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves requests on the socket until it has been idle for `idleMs` or is asked to stop.
 * Resolves false when another daemon already serves this socket. A request without a valid
 * MAC gets no answer: only holders of the key may use (or stop) the daemon.
 */
export async function serveDaemon(options: ServeOptions): Promise<boolean> {
  const { endpoint } = options;
  const { socket } = endpoint;
  // Only a daemon that proves it holds the key keeps the path; anything else is replaced.
  if (typeof (await askDaemon(endpoint, { kind: 'ping' }, 1000)) === 'object') return false;
  await unlink(socket).catch(() => undefined);
  let inFlight = 0;
  let answered = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let resolveClosed: (served: boolean) => void = () => undefined;
  const closed = new Promise<boolean>((resolve) => (resolveClosed = resolve));
  const server = net.createServer({ allowHalfOpen: true }, (connection) => {
    const chunks: Buffer[] = [];
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('error', () => undefined);
    connection.on('end', () => {
      const envelope = parseEnvelope(Buffer.concat(chunks).toString('utf8'));
      const nonce = envelope?.nonce;
      const authentic =
        envelope !== undefined &&
        nonce !== undefined &&
        sameMac(mac(endpoint.key, REQUEST_LABEL, nonce, envelope.body), envelope.mac);
      const request = authentic ? parseRequest(envelope.body) : undefined;
      if (!envelope || nonce === undefined || !request) {
        connection.destroy();
        return;
      }
      const reply = (answer: DaemonAnswer): void => {
        const body = JSON.stringify(answer);
        const answerMac = mac(endpoint.key, ANSWER_LABEL, nonce, envelope.mac, body);
        connection.end(JSON.stringify({ body, mac: answerMac }));
      };
      if (request.kind === 'ping') {
        reply({ stdout: `${answered}`, stderr: '', exitCode: 0 });
        return;
      }
      if (request.kind === 'stop') {
        reply({ stdout: 'stopping', stderr: '', exitCode: 0 });
        stop();
        return;
      }
      inFlight++;
      clearTimeout(idleTimer);
      options
        .handle(request)
        // A failed request gets no answer: the client then checks in its own process.
        .then(
          (answer) => {
            answered++;
            reply(answer);
          },
          () => connection.destroy(),
        )
        .finally(() => {
          inFlight--;
          armIdle();
        });
    });
  });
  // Set once listening; the closures below read it later.
  const own: { inode?: number } = {};
  const stop = (): void => {
    clearTimeout(idleTimer);
    server.close(() => {
      // Another daemon may have taken the path over meanwhile: remove only our own socket.
      void stat(socket)
        .then(async (info) => {
          if (info.ino !== own.inode) return;
          await unlink(socket);
          await unlink(pidFile(socket));
        })
        .catch(() => undefined)
        .then(() => resolveClosed(true));
    });
  };
  const armIdle = (): void => {
    clearTimeout(idleTimer);
    if (options.idleMs > 0 && inFlight === 0) idleTimer = setTimeout(stop, options.idleMs);
  };
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(socket, () => resolve(true));
  });
  if (!listening) return false;
  await chmod(socket, 0o600).catch(() => undefined);
  own.inode = (await stat(socket).catch(() => undefined))?.ino;
  // Without the record a wedged daemon could not be stopped: refuse to serve without it.
  const recorded =
    own.inode !== undefined &&
    (await writePidFile(endpoint, own.inode).then(
      () => true,
      () => false,
    ));
  if (!recorded) {
    stop();
    return closed;
  }
  armIdle();
  options.onListening?.();
  return closed;
}
