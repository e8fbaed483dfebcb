import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../engine/version.js';
import { maskSecrets } from '../facts/secrets/redact.js';
import { reportFatal } from './errors.js';
import type { CliIo } from './io.js';

type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

/**
 * Every command, loaded only when it is the one asked for: `charter hook`, `--version` and
 * `--help` must not pay for the rules, parsers and reporters of the others.
 */
const COMMANDS: readonly { name: string; summary: string; load: () => Promise<CommandFactory> }[] =
  [
    {
      name: 'check',
      summary: 'check the repository or a change against the contract',
      load: async () => (await import('./commands/check.js')).checkCommand,
    },
    {
      name: 'init',
      summary: 'write a starter charter.yaml from what the repository holds',
      load: async () => (await import('./commands/init.js')).initCommand,
    },
    {
      name: 'explain',
      summary: 'show the documentation page of a rule or finding code',
      load: async () => (await import('./commands/explain.js')).explainCommand,
    },
    {
      name: 'rules',
      summary: 'list every rule with its default severity',
      load: async () => (await import('./commands/rules.js')).rulesCommand,
    },
    {
      name: 'baseline',
      summary: 'record the current findings so later runs report only new ones',
      load: async () => (await import('./commands/baseline.js')).baselineCommand,
    },
    {
      name: 'facts',
      summary: 'print the facts extractors learn from the repository, as JSON',
      load: async () => (await import('./commands/facts.js')).factsCommand,
    },
    {
      name: 'schema',
      summary: 'print the JSON Schema of charter.yaml',
      load: async () => (await import('./commands/schema.js')).schemaCommand,
    },
    {
      name: 'hook',
      summary: "answer an agent's hook event on stdin, in that agent's protocol",
      load: async () => (await import('./commands/hook.js')).hookCommand,
    },
    {
      name: 'hooks',
      summary: 'install Charter as an agent hook or a git hook',
      load: async () => (await import('./commands/hooks.js')).hooksCommand,
    },
    {
      name: 'daemon',
      summary: 'the background process that answers agent hooks without start-up time',
      load: async () => (await import('./commands/daemon.js')).daemonCommand,
    },
    {
      name: 'doctor',
      summary: 'check that every installed hook runs and answers correctly',
      load: async () => (await import('./commands/doctor.js')).doctorCommand,
    },
    {
      name: 'env',
      summary: "check environment variables against the contract's modes",
      load: async () => (await import('./commands/env.js')).envCommand,
    },
    {
      name: 'test',
      summary: 'run rules against fixture folders and compare with the expected findings',
      load: async () => (await import('./commands/test.js')).testCommand,
    },
  ];

/** A usage error as printed: it may quote an argument, so secrets in it are masked. */
function usageError(text: string): string {
  return maskSecrets(text.replace(/^error:/, 'charter: error [usage]:'));
}

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
      outputError: (text, write) => write(usageError(text)),
    });
  const wanted = argv.find((arg) => !arg.startsWith('-'));
  for (const entry of COMMANDS) {
    // Commands not asked for are listed (for help and "did you mean") but never loaded.
    const command =
      entry.name === wanted
        ? (await entry.load())(io, setExit)
        : new Command(entry.name)
            .description(entry.summary)
            .allowUnknownOption()
            .allowExcessArguments();
    // Settings are copied to subcommands only when created through program.command(), so
    // apply them here, to nested commands too (`charter daemon serve`): usage errors must
    // come back as exceptions with the same output.
    const applyUsageSettings = (target: Command, name: string): void => {
      target
        .exitOverride()
        .showSuggestionAfterError(true)
        .showHelpAfterError(`(run "charter ${name} --help" for usage)`)
        .configureOutput({
          writeOut: (text) => io.stdout.write(text),
          writeErr: (text) => io.stderr.write(text),
          outputError: (text, write) => write(usageError(text)),
        });
      for (const sub of target.commands) applyUsageSettings(sub, `${name} ${sub.name()}`);
    };
    applyUsageSettings(command, command.name());
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
