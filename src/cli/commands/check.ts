import path from 'node:path';
import { Command, Option } from 'commander';
import { runCheck } from '../../engine/check.js';
import type { CheckResult } from '../../engine/check.js';
import { codeInfos } from '../../engine/code-info.js';
import { CharterError } from '../../repo/errors.js';
import { writeFileAtomic } from '../../repo/fs.js';
import { isReportFormat, REPORT_FORMATS, reporterFor } from '../../reporters/index.js';
import type { ReportFormat } from '../../reporters/index.js';
import { reportFatal } from '../errors.js';
import { colorEnabled } from '../io.js';
import type { CliIo } from '../io.js';
import { addSelectionOptions, selectionToOptions } from '../selection.js';
import type { SelectionFlags } from '../selection.js';
import { startProgress } from '../progress.js';
import { formatTiming } from '../timing.js';

interface CheckFlags extends SelectionFlags {
  format: string[];
  output: string[];
  failOn: 'error' | 'warn';
  timing?: boolean;
  baseline?: string | false;
  runVerify?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface OutputPlan {
  format: ReportFormat;
  file?: string;
}

/** Pairs the n-th --format with the n-th --output; formats without an output go to stdout. */
export function planOutputs(formats: readonly string[], outputs: readonly string[]): OutputPlan[] {
  for (const format of formats) {
    if (!isReportFormat(format)) {
      throw new CharterError(
        'usage/unknown-format',
        `unknown format "${format}"`,
        `use one of: ${REPORT_FORMATS.join(', ')}`,
      );
    }
  }
  if (outputs.length > Math.max(formats.length, 1)) {
    throw new CharterError(
      'usage/unpaired-output',
      'more --output than --format flags',
      'give each --output its own --format, e.g. --format sarif --output charter.sarif',
    );
  }
  const list = (formats.length ? formats : ['terminal']) as ReportFormat[];
  const plans = list.map((format, index) => ({
    format,
    ...(outputs[index] ? { file: outputs[index] } : {}),
  }));
  if (plans.filter((p) => !p.file).length > 1) {
    throw new CharterError(
      'usage/unpaired-output',
      'only one format can go to stdout',
      'add an --output FILE for each extra --format',
    );
  }
  return plans;
}

export function addReportOptions(command: Command): Command {
  return command
    .option(
      '-f, --format <format>',
      `report format: ${REPORT_FORMATS.join(', ')} (repeatable)`,
      collect,
      [],
    )
    .option(
      '-o, --output <file>',
      'write the matching --format to <file> (repeatable, paired in order)',
      collect,
      [],
    )
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails the run')
        .choices(['error', 'warn'])
        .default('error'),
    )
    .option(
      '--baseline <file>',
      'baseline file (default: charter.baseline.json at the repository root)',
    )
    .option('--no-baseline', 'ignore the baseline file')
    .option('--timing', 'print time per extractor and rule on stderr');
}

export async function writeReports(
  io: CliIo,
  result: CheckResult,
  plans: readonly OutputPlan[],
  cwd: string,
): Promise<void> {
  const codes = codeInfos(result.contract);
  for (const plan of plans) {
    const color = !plan.file && plan.format === 'terminal' && colorEnabled(io, 'stdout');
    const text = reporterFor(plan.format)(result.report, { color, codes });
    if (plan.file) {
      try {
        await writeFileAtomic(path.resolve(cwd, plan.file), text);
      } catch (error) {
        throw new CharterError(
          'usage/unwritable-output',
          `cannot write ${plan.file}: ${(error as Error).message}`,
        );
      }
    } else {
      io.stdout.write(text);
    }
  }
}

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('check')
    .description('check the repository or a change against the contract')
    .addHelpText(
      'after',
      `
Exit codes: 0 allowed; 1 findings at or above --fail-on; 2 usage, contract or internal error,
or something that could not be checked.

The contract's verify commands run the repository's own tooling. With --staged and --base they
come from the trusted contract (HEAD, the base revision) and run by default; a working-tree
check reads the contract from the working tree, so it runs them only with --run-verify.

Examples:
  charter check                                   working tree, terminal report
  charter check --run-verify                      the same, and run the contract's verify commands
  charter check --staged                          what is about to be committed
  charter check --base origin/main --format sarif --output charter.sarif --format markdown --output summary.md`,
    );
  addReportOptions(addSelectionOptions(command)).option(
    '--run-verify',
    "run the contract's verify commands in a working-tree check too (--staged and --base run them from the trusted contract)",
  );
  command.action(async (flags: CheckFlags) => {
    const wantsJson = flags.format.includes('json') && !flags.output[flags.format.indexOf('json')];
    try {
      const plans = planOutputs(flags.format, flags.output);
      const selection = selectionToOptions(flags, io);
      const progress = startProgress(io, 'checking');
      let result: CheckResult;
      try {
        result = await runCheck({
          ...selection,
          failOn: flags.failOn,
          baselineFile:
            flags.baseline === false
              ? null
              : flags.baseline
                ? path.resolve(io.cwd, flags.baseline)
                : undefined,
          onProgress: progress.update,
          timing: flags.timing === true,
          ...(flags.runVerify ? { runCommands: true } : {}),
        });
      } finally {
        progress.stop();
      }
      for (const note of result.notes) io.stderr.write(`charter: note: ${note}\n`);
      await writeReports(io, result, plans, io.cwd);
      if (flags.timing) io.stderr.write(formatTiming(result.report.timing ?? []));
      setExit(result.report.exitCode);
    } catch (error) {
      setExit(reportFatal(io, error, wantsJson));
    }
  });
  return command;
}
