import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** Running an installed hook command the way an agent does, for `charter doctor`. */

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs `command` through the shell with `input` on stdin, like an agent runs a hook. */
export function runHookCommand(
  command: string,
  input: string,
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<HookRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        code: null,
        stdout,
        stderr: `${stderr}${error.message}`,
        ms: performance.now() - started,
        timedOut,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The program a hook command starts, with the agent's project variables expanded. */
export function commandProgram(command: string, env: Record<string, string | undefined>): string {
  const expanded = command.replace(
    /"?\$\{?([A-Z_][A-Z0-9_]*)\}?"?/g,
    (_, name: string) => env[name] ?? '',
  );
  const match = /^\s*(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(expanded);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? '';
}

/** Does the program exist and run: a path that is executable, or a name found on PATH? */
export async function programResolves(
  program: string,
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<boolean> {
  if (program === '') return false;
  const executable = async (file: string): Promise<boolean> =>
    access(file, constants.X_OK).then(
      () => true,
      () => false,
    );
  if (program.includes('/')) return executable(path.resolve(cwd, program));
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await executable(path.join(dir, program)))) return true;
  }
  return false;
}

/** Does the hook command start: its program resolves, and a script run by node exists. */
export async function commandResolves(
  command: string,
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<boolean> {
  const program = commandProgram(command, env);
  if (!(await programResolves(program, cwd, env))) return false;
  if (path.basename(program) !== 'node') return true;
  const script = commandProgram(command.replace(/^\s*\S+\s+/, ''), env);
  return access(path.resolve(cwd, script), constants.R_OK).then(
    () => true,
    () => false,
  );
}
