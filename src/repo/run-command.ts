import { spawn } from 'node:child_process';

/** A command the engine runs on a rule's behalf (the contract's `verify` list). */
export interface CommandRequest {
  /** How the rule finds the result again. */
  id: string;
  /** The command as the contract writes it. */
  run: string;
  /** Run through the platform shell (`/bin/sh -c`); otherwise split into argv, no shell. */
  shell?: boolean;
  timeoutMs: number;
}

export interface CommandResult {
  id: string;
  command: string;
  /** What was executed (the shell and its script with `shell: true`). */
  argv: string[];
  /** Null when the command did not exit on its own (timeout, signal, failed to start). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The command could not start or could not be split into arguments. */
  error?: string;
  durationMs: number;
  /** The end of what it printed, stdout and stderr as they came. */
  outputTail: string;
}

const TAIL_BYTES = 64 * 1024;
const KILL_GRACE_MS = 5_000;
const SHELL_SYNTAX = new Set(['|', '&', ';', '<', '>', '(', ')', '`', '$']);

/**
 * Splits a command line into argv like a POSIX shell would, without running one: quotes and
 * backslashes work, leading NAME=value words set environment variables, and shell syntax
 * (pipes, redirections, `&&`, `$VAR`, globbing by the shell) is refused so that it can never
 * be half-understood: such a command needs `shell: true`.
 */
export function splitCommand(command: string): { argv: string[]; env: Record<string, string> } {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      current += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        const c = command[j] as string;
        if (c === '\\' && j + 1 < command.length && '"\\$`\n'.includes(command[j + 1] as string)) {
          current += command[++j];
        } else if (c === '$' || c === '`') {
          throw new Error(`"${c}" expansion needs a shell`);
        } else current += c;
      }
      if (j >= command.length) throw new Error('unterminated double quote');
      i = j;
    } else if (ch === '\\') {
      if (i + 1 < command.length) {
        const next = command[++i] as string;
        if (next !== '\n') current += next;
        inWord = true;
      }
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (SHELL_SYNTAX.has(ch)) {
      throw new Error(`"${ch}" is shell syntax`);
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  const env: Record<string, string> = {};
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string)) {
    const assignment = words.shift() as string;
    const eq = assignment.indexOf('=');
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  if (words.length === 0) throw new Error('empty command');
  return { argv: words, env };
}

/** Keeps the last bytes written to it. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= TAIL_BYTES && this.chunks.length > 1) {
      this.size -= (this.chunks.shift() as Buffer).length;
    }
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString('utf8');
  }
}

/**
 * Runs one command in `cwd`: argv without a shell unless the request asks for one, its own
 * process group so a timeout stops everything it started, output tail kept. Never throws:
 * what went wrong is in the result.
 */
export function runCommand(request: CommandRequest, cwd: string): Promise<CommandResult> {
  const started = performance.now();
  const base = { id: request.id, command: request.run };
  let argv: string[];
  let extraEnv: Record<string, string> = {};
  if (request.shell) {
    argv =
      process.platform === 'win32'
        ? [process.env.ComSpec ?? 'cmd.exe', '/d', '/s', '/c', request.run]
        : ['/bin/sh', '-c', request.run];
  } else {
    try {
      const split = splitCommand(request.run);
      argv = split.argv;
      extraEnv = split.env;
    } catch (error) {
      return Promise.resolve({
        ...base,
        argv: [],
        exitCode: null,
        signal: null,
        timedOut: false,
        error: `cannot run without a shell: ${(error as Error).message} (set shell: true to use shell syntax)`,
        durationMs: 0,
        outputTail: '',
      });
    }
  }
  return new Promise((resolve) => {
    const tail = new Tail();
    let timedOut = false;
    let settled = false;
    const detached = process.platform !== 'win32';
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
      windowsHide: true,
    });
    const kill = (signal: NodeJS.Signals): void => {
      try {
        if (detached && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      graceTimer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    }, request.timeoutMs);
    const finish = (
      result: Omit<
        CommandResult,
        'id' | 'command' | 'argv' | 'durationMs' | 'outputTail' | 'timedOut'
      >,
    ): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      // Whatever the command left running in its group goes with it.
      if (detached) kill('SIGKILL');
      resolve({
        ...base,
        argv,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        outputTail: tail.text(),
        ...result,
      });
    };
    child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({
        exitCode: null,
        signal: null,
        error:
          error.code === 'ENOENT'
            ? `command not found: ${argv[0]}`
            : error.code === 'EACCES'
              ? `not executable: ${argv[0]}`
              : error.message,
      });
    });
    child.on('close', (code, signal) => finish({ exitCode: code, signal }));
  });
}
