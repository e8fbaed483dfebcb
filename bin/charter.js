#!/usr/bin/env node
// Sets process.exitCode only. Anything that escapes, even a failed import, is exit 2: never a pass.
import { setTimeout } from 'node:timers';

const argv = process.argv.slice(2);

// A reader that went away (EPIPE: the agent or `| head` closed the pipe) is not a crash: the
// exit code stays the decision's, or 2 when there is none yet, never an uncaught 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {
    if (process.exitCode === undefined) process.exitCode = 2;
  });
}

// Bounded: an event larger than the limit is refused before it is held in memory in full.
async function readStdin() {
  const { readStdinText } = await import('../dist/cli/io.js');
  return readStdinText(process.stdin);
}

const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
};

// A crash before the hook module could answer still answers in the agent's own protocol.
function hookCrashAnswer(agent, reason) {
  const text = `Charter could not check this, so it is denied (fail-closed). charter/hook-error: ${reason}`;
  const stdout = {
    gemini: { decision: 'deny', reason: text },
    cursor: { permission: 'deny', user_message: text, agent_message: text },
    copilot: { permissionDecision: 'deny', permissionDecisionReason: text },
  }[agent] ?? {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: text,
    },
  };
  process.stdout.write(`${JSON.stringify(stdout)}\n`);
  process.stderr.write(`${text}\n`);
}

// `charter hook <agent> <event>`: the agent waits on every tool call, so load only the hook
// code, not the whole CLI.
const fastHook =
  argv[0] === 'hook' && argv.length >= 3 && !argv.some((a) => a === '-h' || a === '--help');

if (fastHook) {
  try {
    const { runHookClient } = await import('../dist/hooks/client.js');
    const result = await runHookClient(argv.slice(1), io);
    process.exitCode = result.exitCode;
    if (result.timedOut) {
      // The answer is written; whatever is still running must not keep the agent waiting
      // (an agent treats a hook that outlives its timeout as allowed).
      process.stdout.write('', () => setTimeout(() => process.exit(process.exitCode), 50).unref());
    }
  } catch (error) {
    hookCrashAnswer(argv[1], error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
} else {
  try {
    const { runCli } = await import('../dist/cli/main.js');
    process.exitCode = await runCli(argv, io);
  } catch (error) {
    process.stderr.write(
      `charter: error [charter/internal-error] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  }
}
