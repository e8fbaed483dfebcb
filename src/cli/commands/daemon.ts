import { Command, InvalidArgumentError, Option } from 'commander';
import { DAEMON_IDLE_MS, runHookDaemon } from '../../hooks/daemon.js';
import {
  allDaemonSockets,
  askDaemon,
  daemonEndpoint,
  daemonKey,
  retireDaemon,
} from '../../repo/hook-daemon.js';
import type { DaemonEndpoint } from '../../repo/hook-daemon.js';
import type { CliIo } from '../io.js';

async function endpointOrFail(
  io: CliIo,
  setExit: (code: number) => void,
): Promise<DaemonEndpoint | undefined> {
  const endpoint = await daemonEndpoint(io.env);
  if (!endpoint) {
    io.stderr.write(
      'charter: error [daemon/unavailable] no daemon socket: it needs a user id, a folder only this user can open (set XDG_RUNTIME_DIR), a state folder for its key (HOME or XDG_STATE_HOME) and a build with dist/build-id (npm run build)\n',
    );
    setExit(2);
  }
  return endpoint;
}

/**
 * Stops one daemon: asked first; one that does not answer (wedged by a check) is killed, and
 * a listener that cannot prove it is a Charter daemon loses the socket path.
 */
async function stopOne(endpoint: DaemonEndpoint): Promise<string> {
  const answer = await askDaemon(endpoint, { kind: 'stop' }, 2000);
  if (typeof answer === 'object') return `stopped: ${endpoint.socket}`;
  if (answer === 'absent') return `not running: ${endpoint.socket}`;
  const killed = await retireDaemon(endpoint);
  if (killed !== undefined)
    return `stopped: ${endpoint.socket} (it did not answer; process ${killed} was killed)`;
  return `removed: ${endpoint.socket} (what listened there did not answer as a Charter daemon of this user)`;
}

/** `charter daemon serve|status|stop`: the long-lived process that answers agent hooks. */
export function daemonCommand(io: CliIo, setExit: (code: number) => void): Command {
  const daemon = new Command('daemon').description(
    'the background process that answers agent hooks without start-up time',
  );
  daemon.addHelpText(
    'after',
    `
\`charter hook\` starts a daemon by itself after its first in-process check and asks it from
then on; the daemon exits after 15 minutes without a request. There is one daemon per user,
build and environment (PATH, HOME, XDG_CONFIG_HOME and GIT_* variables): status and stop act
on the one of the current environment, \`stop --all\` on every one. Each answer is computed from
the repository as it is at that moment, exactly as in a fresh process. Set
CHARTER_HOOK_DAEMON=0 to always check in the hook's own process. Hooks and daemon prove to
each other that they hold the user's daemon key (a file only the user can read in the
user's state folder); a daemon that misses a hook's deadline is killed and replaced.`,
  );
  daemon
    .command('serve')
    .description('serve hook requests in the foreground until idle')
    .addOption(
      new Option('--idle-minutes <n>', 'exit after this many minutes without a request (0: never)')
        .default(String(DAEMON_IDLE_MS / 60_000))
        .argParser((value) => {
          if (!/^\d+$/.test(value)) throw new InvalidArgumentError('it needs a whole number');
          return value;
        }),
    )
    .action(async (flags: { idleMinutes: string }) => {
      const endpoint = await endpointOrFail(io, setExit);
      if (!endpoint) return;
      const { socket } = endpoint;
      const served = await runHookDaemon(endpoint, Number(flags.idleMinutes) * 60_000, () =>
        io.stderr.write(`charter: daemon listening on ${socket}\n`),
      );
      if (!served) io.stderr.write(`charter: a daemon already serves ${socket}\n`);
      setExit(0);
    });
  daemon
    .command('status')
    .description('say whether a daemon serves this build and environment (exit 0) or not (exit 1)')
    .action(async () => {
      const endpoint = await endpointOrFail(io, setExit);
      if (!endpoint) return;
      const pong = await askDaemon(endpoint, { kind: 'ping' }, 2000);
      io.stdout.write(
        typeof pong === 'object'
          ? `running: ${endpoint.socket} (${pong.stdout} hook requests answered)\n`
          : pong === 'absent'
            ? `not running: ${endpoint.socket}\n`
            : `not answering: ${endpoint.socket} (wedged, or not a Charter daemon of this user; \`charter daemon stop\` ends it)\n`,
      );
      setExit(typeof pong === 'object' ? 0 : 1);
    });
  daemon
    .command('stop')
    .description('stop the daemon of this build and environment, if one runs')
    .option('--all', 'stop every daemon of this user (any build or environment)')
    .action(async (flags: { all?: boolean }) => {
      const own = flags.all ? undefined : await endpointOrFail(io, setExit);
      if (!flags.all && !own) return;
      // Daemons of every build and environment share the user's key.
      const key = own?.key ?? (await daemonKey(io.env));
      if (!key) {
        await endpointOrFail(io, setExit);
        return;
      }
      const sockets = own ? [own.socket] : await allDaemonSockets(io.env);
      for (const socket of sockets) io.stdout.write(`${await stopOne({ socket, key })}\n`);
      setExit(0);
    });
  return daemon;
}
