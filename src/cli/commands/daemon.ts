import { Command, InvalidArgumentError, Option } from 'commander';
import { DAEMON_IDLE_MS, runHookDaemon } from '../../hooks/daemon.js';
import { allDaemonSockets, askDaemon, hookDaemonSocket } from '../../repo/hook-daemon.js';
import type { CliIo } from '../io.js';

async function socketOrFail(io: CliIo, setExit: (code: number) => void) {
  const socket = await hookDaemonSocket(io.env);
  if (!socket) {
    io.stderr.write(
      'charter: error [daemon/unavailable] no daemon socket: it needs a user id, a folder only this user can open (set XDG_RUNTIME_DIR) and a build with dist/build-id (npm run build)\n',
    );
    setExit(2);
  }
  return socket;
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
CHARTER_HOOK_DAEMON=0 to always check in the hook's own process.`,
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
      const socket = await socketOrFail(io, setExit);
      if (!socket) return;
      const served = await runHookDaemon(socket, Number(flags.idleMinutes) * 60_000, () =>
        io.stderr.write(`charter: daemon listening on ${socket}\n`),
      );
      if (!served) io.stderr.write(`charter: a daemon already serves ${socket}\n`);
      setExit(0);
    });
  daemon
    .command('status')
    .description('say whether a daemon serves this build and environment (exit 0) or not (exit 1)')
    .action(async () => {
      const socket = await socketOrFail(io, setExit);
      if (!socket) return;
      const pong = await askDaemon(socket, { kind: 'ping' }, 2000);
      io.stdout.write(
        typeof pong === 'object'
          ? `running: ${socket} (${pong.stdout} hook requests answered)\n`
          : `not running: ${socket}\n`,
      );
      setExit(typeof pong === 'object' ? 0 : 1);
    });
  daemon
    .command('stop')
    .description('stop the daemon of this build and environment, if one runs')
    .option('--all', 'stop every daemon of this user (any build or environment)')
    .action(async (flags: { all?: boolean }) => {
      const sockets = flags.all
        ? await allDaemonSockets(io.env)
        : [await socketOrFail(io, setExit)].filter((s): s is string => s !== undefined);
      if (!flags.all && sockets.length === 0) return;
      for (const socket of sockets) {
        const stopped = typeof (await askDaemon(socket, { kind: 'stop' }, 2000)) === 'object';
        io.stdout.write(`${stopped ? 'stopped' : 'not running'}: ${socket}\n`);
      }
      setExit(0);
    });
  return daemon;
}
