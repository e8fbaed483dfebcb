import path from 'node:path';
import { Command } from 'commander';
import { buildBaseline, DEFAULT_BASELINE } from '../../engine/baseline.js';
import { runCheck } from '../../engine/check.js';
import { writeBaseline } from '../../repo/baseline-file.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';
import { addSelectionOptions, selectionToOptions } from '../selection.js';
import type { SelectionFlags } from '../selection.js';

interface BaselineFlags extends SelectionFlags {
  output?: string;
}

export function baselineCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('baseline').description(
    'record the current findings so later runs report only new ones (writes charter.baseline.json)',
  );
  addSelectionOptions(command)
    .option(
      '-o, --output <file>',
      `baseline file (default: ${DEFAULT_BASELINE} at the repository root)`,
    )
    .action(async (flags: BaselineFlags) => {
      try {
        const result = await runCheck({
          ...selectionToOptions(flags, io),
          failOn: 'error',
          baselineFile: null,
        });
        for (const note of result.notes) io.stderr.write(`charter: note: ${note}\n`);
        const incomplete = result.report.findings.filter((f) => f.incomplete);
        const baseline = buildBaseline(result.report.findings);
        const file = flags.output
          ? path.resolve(io.cwd, flags.output)
          : path.join(result.snapshot.root, DEFAULT_BASELINE);
        await writeBaseline(file, baseline);
        io.stdout.write(
          `charter: recorded ${baseline.findings.length} finding(s) in ${path.relative(io.cwd, file) || file}\n`,
        );
        if (incomplete.length > 0) {
          io.stderr.write(
            `charter: ${incomplete.length} finding(s) mean something could not be checked; they are never baselined\n`,
          );
          setExit(2);
          return;
        }
        setExit(0);
      } catch (error) {
        setExit(reportFatal(io, error, false));
      }
    });
  return command;
}
