import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../engine/version.js';
import { baselineCommand } from './commands/baseline.js';
import { checkCommand } from './commands/check.js';
import { doctorCommand } from './commands/doctor.js';
import { envCommand } from './commands/env.js';
import { explainCommand } from './commands/explain.js';
import { factsCommand } from './commands/facts.js';
import { hookCommand } from './commands/hook.js';
import { hooksCommand } from './commands/hooks.js';
import { initCommand } from './commands/init.js';
import { rulesCommand } from './commands/rules.js';
import { schemaCommand } from './commands/schema.js';
import { testCommand } from './commands/test.js';
import { reportFatal } from './errors.js';
import type { CliIo } from './io.js';

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number | undefined;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('charter')
    .description(
      'Machine-enforced operating contracts for AI coding agents: one fail-closed engine for agent hooks, git hooks and CI.',
    )
    .version(TOOL_VERSION, '-v, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "charter --help" for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, 'charter: error [usage]:')),
    });
  for (const make of [
    checkCommand,
    initCommand,
    explainCommand,
    rulesCommand,
    baselineCommand,
    factsCommand,
    schemaCommand,
    hookCommand,
    hooksCommand,
    doctorCommand,
    envCommand,
    testCommand,
  ]) {
    const command = make(io, setExit);
    // Settings are copied to subcommands only when created through program.command(), so
    // apply them here: usage errors must come back as exceptions with the same output.
    command
      .exitOverride()
      .showSuggestionAfterError(true)
      .showHelpAfterError(`(run "charter ${command.name()} --help" for usage)`)
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        outputError: (text, write) => write(text.replace(/^error:/, 'charter: error [usage]:')),
      });
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      if (benign.includes(error.code) && error.exitCode === 0) return 0;
      // `charter` alone: commander prints the help to stderr and reports exit 1; no command
      // ran, so nothing was checked.
      if (error.code === 'commander.help')
        io.stderr.write(
          'charter: error [usage]: no command given\n(run "charter --help" for usage)\n',
        );
      // commander.executeSubCommandAsync and missing command: usage errors.
      return 2;
    }
    return reportFatal(io, error, false);
  }
  if (exitCode === undefined) {
    // No command ran (e.g. `charter` alone): show help, but do not pretend something passed.
    io.stderr.write(program.helpInformation());
    return 2;
  }
  return exitCode;
}
