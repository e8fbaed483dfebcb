import path from 'node:path';
import { Command } from 'commander';
import { repositoryRoot } from '../../repo/hook-config-io.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';

export function doctorCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('doctor')
    .description(
      'check every installed hook: it resolves, runs, answers correctly in time, and matches the contract',
    )
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every hook is sound; 1 problems (each with a code); 2 doctor itself failed.',
    )
    .action(async (flags: { cwd?: string; json?: boolean }) => {
      try {
        const cwd = path.resolve(io.cwd, flags.cwd ?? '.');
        const root = (await repositoryRoot(cwd)) ?? cwd;
        const { runDoctor } = await import('../../hooks/doctor.js');
        const report = await runDoctor(root, { ...io.env });
        if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          io.stdout.write(`charter doctor: ${report.root}\n`);
          for (const check of report.checks) {
            io.stdout.write(`${check.target}  ${check.file}\n`);
            for (const ok of check.ok) io.stdout.write(`  ok       ${ok}\n`);
            for (const p of check.problems)
              io.stdout.write(`  problem  [${p.code}] ${p.message}\n           fix: ${p.hint}\n`);
          }
          for (const p of report.problems.filter(
            (p) => !report.checks.some((c) => c.problems.includes(p)),
          ))
            io.stdout.write(`problem  [${p.code}] ${p.message}\n         fix: ${p.hint}\n`);
          const n = report.problems.length;
          io.stdout.write(
            n === 0 ? '✔ every installed hook is sound\n' : `✖ ${n} problem${n === 1 ? '' : 's'}\n`,
          );
        }
        setExit(report.problems.length === 0 ? 0 : 1);
      } catch (error) {
        setExit(reportFatal(io, error, flags.json === true));
      }
    });
}
