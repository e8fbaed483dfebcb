#!/usr/bin/env node
// Sets process.exitCode only. Anything that escapes, even a failed import, is exit 2: never a pass.
try {
  const { runCli } = await import('../dist/cli/main.js');
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
} catch (error) {
  process.stderr.write(`charter: error [charter/internal-error] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
