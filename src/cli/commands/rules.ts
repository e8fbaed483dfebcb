import { Command } from 'commander';
import { registeredRules } from '../../rules/registry.js';
import { ENGINE_CODES } from '../../engine/engine-codes.js';
import type { CliIo } from '../io.js';

export function rulesCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('rules')
    .description('list every rule with its default severity')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = registeredRules.map((rule) => ({
        code: rule.meta.code,
        defaultSeverity: rule.meta.defaultSeverity,
        description: rule.meta.description,
        options: Boolean(rule.meta.options),
      }));
      const engine = ENGINE_CODES.map((c) => ({
        code: c.code,
        defaultSeverity: 'error',
        description: c.description,
        options: false,
      }));
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ rules: rows, engineCodes: engine }, null, 2)}\n`);
      } else {
        const width = Math.max(...[...rows, ...engine].map((r) => r.code.length));
        for (const row of rows)
          io.stdout.write(
            `${row.code.padEnd(width)}  ${row.defaultSeverity.padEnd(5)}  ${row.description}\n`,
          );
        io.stdout.write('\nReported by the engine itself:\n');
        for (const row of engine)
          io.stdout.write(
            `${row.code.padEnd(width)}  ${row.defaultSeverity.padEnd(5)}  ${row.description}\n`,
          );
        io.stdout.write('\n`charter explain CODE` shows a rule’s page.\n');
      }
      setExit(0);
    });
}
