import path from 'node:path';
import { Command, Option } from 'commander';
import { loadContract } from '../../contract/load.js';
import { checkEnvironment, EnvironmentError } from '../../env/assert.js';
import type { EnvironmentViolation } from '../../env/assert.js';
import { TOOL_VERSION } from '../../engine/version.js';
import { discoverContract, readContractText } from '../../repo/contract-file.js';
import { CharterError } from '../../repo/errors.js';
import { findGitRoot } from '../../repo/git.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';

interface EnvCheckFlags {
  cwd?: string;
  contract?: string;
  format: 'terminal' | 'json';
  expectMode?: string;
}

async function readContract(io: CliIo, flags: EnvCheckFlags) {
  const cwd = path.resolve(io.cwd, flags.cwd ?? '.');
  const root = (await findGitRoot(cwd)) ?? cwd;
  const contractPath = flags.contract
    ? path.resolve(io.cwd, flags.contract)
    : await discoverContract(root, cwd).then((found) =>
        found ? path.join(root, found) : undefined,
      );
  const source = await readContractText({ root, cwd, ...(contractPath ? { contractPath } : {}) });
  return loadContract({ file: source.file, text: source.text });
}

function describe(v: EnvironmentViolation): string {
  return `${v.message} [${v.clause}${v.location ? ` at ${v.location.file}:${v.location.line}:${v.location.column}` : ''}]`;
}

/** `charter env check`: validates the current process environment against the contract. */
export function envCommand(io: CliIo, setExit: (code: number) => void): Command {
  const env = new Command('env').description("the contract's environment modes");
  const check = new Command('check')
    .description(
      'check the current environment variables against the contract’s environments; exit 2 when the combination is not allowed',
    )
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('-c, --contract <file>', 'contract file (default: the nearest charter.yaml)')
    .option(
      '--expect-mode <mode>',
      'also require this mode (e.g. prod in a production start script)',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['terminal', 'json'])
        .default('terminal'),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 the environment is a valid combination; 2 it is not (or the contract is
invalid or has no environments): fail-stop, do not start.

Example, in a container entrypoint:
  charter env check --contract /app/charter.yaml && exec node server.js`,
    )
    .action(async (flags: EnvCheckFlags) => {
      const json = flags.format === 'json';
      try {
        const contract = await readContract(io, flags);
        const result = checkEnvironment(contract, io.env);
        const violations = [...result.violations];
        if (
          flags.expectMode !== undefined &&
          result.mode !== undefined &&
          result.mode !== flags.expectMode
        ) {
          violations.push({
            kind: 'unknown-mode',
            variable: result.variable,
            mode: result.mode,
            clause: 'environments.variable',
            message: `${result.variable}=${result.mode}, but --expect-mode ${flags.expectMode} was asked for`,
          });
        }
        const ok = violations.length === 0 && result.mode !== undefined;
        if (json) {
          io.stdout.write(
            `${JSON.stringify(
              {
                schemaVersion: 1,
                tool: { name: 'charter', version: TOOL_VERSION },
                decision: ok ? 'allow' : 'deny',
                exitCode: ok ? 0 : 2,
                contract: contract.file,
                variable: result.variable,
                ...(result.mode !== undefined
                  ? { mode: result.mode, production: result.production }
                  : {}),
                violations,
              },
              null,
              2,
            )}\n`,
          );
        }
        if (ok) {
          if (!json)
            io.stdout.write(
              `charter: environment ok: ${result.variable}=${result.mode}${result.production ? ' (production)' : ''}\n`,
            );
          setExit(0);
          return;
        }
        const error = new EnvironmentError(violations, result.variable);
        if (json) {
          io.stderr.write(`charter: error [${error.code}] ${error.message}\n`);
          for (const v of violations) io.stderr.write(`  ${describe(v)}\n`);
          setExit(2);
        } else {
          setExit(reportFatal(io, error, false));
        }
      } catch (error) {
        setExit(reportFatal(io, error, json));
      }
    });
  for (const command of [env, check])
    command
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        outputError: (text, write) => write(text.replace(/^error:/, 'charter: error [usage]:')),
      });
  check.showHelpAfterError('(run "charter env check --help" for usage)');
  env.addCommand(check);
  env.action(() => {
    throw new CharterError(
      'usage/missing-command',
      'charter env needs a subcommand',
      'run "charter env check"',
    );
  });
  return env;
}
