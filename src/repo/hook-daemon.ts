import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The transport of the hook daemon: a Unix socket in a folder only the user can open, named
 * after the build, so a daemon never answers for other code than the client's own. Every
 * failure here means "no daemon": the caller then checks in its own process.
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

function isAnswer(value: unknown): value is DaemonAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (
    typeof answer.stdout === 'string' &&
    typeof answer.stderr === 'string' &&
    (answer.exitCode === 0 || answer.exitCode === 2)
  );
}

/**
 * Sends one request. `absent`: no daemon listens; `failed`: one listens but gave no usable
 * answer (declined, broke off, or too slow).
 */
export function askDaemon(
  socket: string,
  request: DaemonRequest,
  timeoutMs: number,
): Promise<DaemonAnswer | 'absent' | 'failed'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let connected = false;
    const connection = net.createConnection(socket);
    const finish = (answer: DaemonAnswer | 'absent' | 'failed'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(connected ? 'failed' : 'absent'), Math.max(1, timeoutMs));
    connection.on('connect', () => {
      connected = true;
      connection.end(JSON.stringify(request));
    });
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('end', () => {
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        finish(isAnswer(parsed) ? parsed : 'failed');
      } catch {
        finish('failed');
      }
    });
    connection.on('error', () => finish(connected ? 'failed' : 'absent'));
  });
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
  socket: string;
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
 * Resolves false when another daemon already serves this socket.
 */
export async function serveDaemon(options: ServeOptions): Promise<boolean> {
  const { socket } = options;
  if (typeof (await askDaemon(socket, { kind: 'ping' }, 1000)) === 'object') return false;
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
      const request = parseRequest(Buffer.concat(chunks).toString('utf8'));
      const reply = (answer: DaemonAnswer): void => {
        connection.end(JSON.stringify(answer));
      };
      if (!request) {
        connection.destroy();
        return;
      }
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
        .then((info) => (info.ino === own.inode ? unlink(socket) : undefined))
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
  armIdle();
  options.onListening?.();
  return closed;
}
