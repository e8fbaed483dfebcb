import { Command } from 'commander';
import { renderContractJsonSchema } from '../../contract/json-schema.js';
import type { CliIo } from '../io.js';

export function schemaCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('schema').description('print the JSON Schema of charter.yaml').action(() => {
    io.stdout.write(renderContractJsonSchema());
    setExit(0);
  });
}
