import { Command } from 'commander';
import { dumpFacts } from '../../engine/facts-dump.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';
import { addSelectionOptions, selectionToOptions } from '../selection.js';
import type { SelectionFlags } from '../selection.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function factsCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('facts').description(
    'print the facts extractors learn from the repository, as JSON',
  );
  addSelectionOptions(command)
    .option('--json', 'print JSON (the only format; accepted for clarity)')
    .option('--kind <id>', 'only this fact kind (repeatable)', collect, [])
    .action(async (flags: SelectionFlags & { kind: string[] }) => {
      try {
        const dump = await dumpFacts(selectionToOptions(flags, io), flags.kind);
        io.stdout.write(`${JSON.stringify(dump, null, 2)}\n`);
        setExit(dump.failures.length > 0 ? 2 : 0);
      } catch (error) {
        setExit(reportFatal(io, error, true));
      }
    });
  return command;
}
