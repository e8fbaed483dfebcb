import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a non-TTY without colour. */
export async function runCharter(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    // Hooks that doctor runs check in their own process: no daemon outlives a test.
    env: { NO_COLOR: '1', CHARTER_HOOK_DAEMON: '0', ...env },
    stdout: { write: (text: string) => void (stdout += text), isTTY: false },
    stderr: { write: (text: string) => void (stderr += text), isTTY: false },
  });
  return { code, stdout, stderr };
}
