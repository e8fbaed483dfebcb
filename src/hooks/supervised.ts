/**
 * The entry point of the process that checks a hook event for a hook process watching it
 * (src/repo/hook-child.ts). Reads the event on stdin and writes the answer as one JSON line on
 * stdout as soon as it is known; the watching process answers the agent, and kills this one
 * if it has not answered by the deadline.
 */
import { Buffer } from 'node:buffer';
import type { CliIo } from '../cli/io.js';
import { runHookCli } from './cli.js';
import type { HookAnswer } from './types.js';

interface Request {
  args: string[];
  elapsedMs: number;
}

function parseRequest(text: string | undefined): Request | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    if (typeof value !== 'object' || value === null) return undefined;
    const { args, elapsedMs } = value as Record<string, unknown>;
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) return undefined;
    if (typeof elapsedMs !== 'number' || !Number.isFinite(elapsedMs)) return undefined;
    return { args: args as string[], elapsedMs };
  } catch {
    return undefined;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main(): Promise<void> {
  const request = parseRequest(process.argv[2]);
  // No answer line: the watching process reports a check that ended without answering.
  if (!request) {
    process.exitCode = 2;
    return;
  }
  const stdin = await readStdin();
  const discard = { write: (): void => undefined };
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    // The answer travels whole in the line below; nothing else goes to the agent.
    stdout: discard,
    stderr: discard,
    readStdin: async () => stdin,
  };
  const answered = (answer: HookAnswer, timedOut: boolean): void => {
    process.stdout.write(`${JSON.stringify({ ...answer, timedOut })}\n`);
  };
  // The deadline counts from the start of the watching process, which began earlier.
  const result = await runHookCli(request.args, io, -request.elapsedMs, answered);
  process.exitCode = result.exitCode;
}

main().catch(() => {
  process.exitCode = 2;
});
