import path from 'node:path';
import { Command, Option } from 'commander';
import { loadContract } from '../../contract/load.js';
import { TOOL_VERSION } from '../../engine/version.js';
import { discoverContract, readContractText } from '../../repo/contract-file.js';
import { CharterError } from '../../repo/errors.js';
import { readFixtureSuites } from '../../repo/fixtures.js';
import { findGitRoot } from '../../repo/git.js';
import { formatTestReport } from '../../testing/format.js';
import { runFixtureTests } from '../../testing/runner.js';
import { reportFatal } from '../errors.js';
import { colorEnabled } from '../io.js';
import type { CliIo } from '../io.js';

interface TestFlags {
  cwd?: string;
  contract?: string;
  dir?: string;
  rule: string[];
  strict?: boolean;
  format: 'terminal' | 'json';
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export const DEFAULT_FIXTURES_DIR = 'charter-tests';

/** `charter test`: runs rules against valid/invalid fixture folders, like `conftest verify`. */
export function testCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('test')
    .description(
      'run rules against fixture folders (charter-tests/<rule>/valid and invalid) and report mismatches',
    )
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('-c, --contract <file>', 'contract file (default: the nearest charter.yaml)')
    .option(
      '--dir <dir>',
      `fixtures folder (default: ${DEFAULT_FIXTURES_DIR} next to the contract)`,
    )
    .option('--rule <code>', 'only this rule (repeatable)', collect, [])
    .option(
      '--strict',
      "require 1 valid and 2 invalid fixtures for each of the contract's custom patterns",
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['terminal', 'json'])
        .default('terminal'),
    )
    .addHelpText(
      'after',
      `
Layout:
  charter-tests/<pack>/<rule>/valid/<case>          must produce no finding of the rule
  charter-tests/<pack>/<rule>/invalid/<case>        must produce the expected findings
  charter-tests/<pack>/<rule>/invalid/<case>.expected.yaml
                                                    [{ line, column?, message?, data?, file?, code? }]
  charter-tests/<pack>/<rule>/charter.yaml          optional contract for these cases

A case is a file, or a folder laid out like the repository. Instead of a .expected.yaml, a
"charter-expect" comment marks the line (or, alone on a line, the next line) that must be
reported. Shipped rules (secrets/hardcoded-secret) and the contract's own patterns
(custom/<id>) are tested the same way.

Exit codes: 0 every case passed; 1 a case did not match; 2 no fixtures, an unknown rule,
an invalid contract or expectation file, or a case that could not be checked.`,
    )
    .action(async (flags: TestFlags) => {
      const json = flags.format === 'json';
      try {
        const cwd = path.resolve(io.cwd, flags.cwd ?? '.');
        const root = (await findGitRoot(cwd)) ?? cwd;
        const contractPath = flags.contract
          ? path.resolve(io.cwd, flags.contract)
          : await discoverContract(root, cwd).then((found) =>
              found ? path.join(root, found) : undefined,
            );
        const source = await readContractText({
          root,
          cwd,
          ...(contractPath ? { contractPath } : {}),
        });
        const contract = loadContract({ file: source.file, text: source.text });
        const contractDir = path.dirname(path.resolve(root, source.file));
        const fixtures = flags.dir
          ? path.resolve(io.cwd, flags.dir)
          : path.join(contractDir, DEFAULT_FIXTURES_DIR);
        const suites = await readFixtureSuites(contractDir, fixtures);
        if (suites.length === 0)
          throw new CharterError(
            'usage/no-fixtures',
            `no fixtures under ${path.relative(io.cwd, fixtures) || '.'}`,
            'add charter-tests/<pack>/<rule>/valid/<file> and invalid/<file> (see "charter test --help")',
          );
        const unknownFilter = flags.rule.filter((code) => !suites.some((s) => s.code === code));
        if (unknownFilter.length)
          throw new CharterError(
            'usage/no-fixtures',
            `no fixtures for ${unknownFilter.join(', ')}`,
            `fixtures exist for: ${suites.map((s) => s.code).join(', ')}`,
          );
        const report = await runFixtureTests({
          suites,
          contract,
          root: contractDir,
          only: flags.rule,
          strict: flags.strict === true,
        });
        if (json)
          io.stdout.write(
            `${JSON.stringify({ ...report, tool: { name: 'charter', version: TOOL_VERSION } }, null, 2)}\n`,
          );
        else io.stdout.write(formatTestReport(report, colorEnabled(io, 'stdout')));
        setExit(report.exitCode);
      } catch (error) {
        setExit(reportFatal(io, error, json));
      }
    });
}
