import { Command } from 'commander';
import type { CliIo } from '../io.js';

export function initCommand(_io: CliIo, setExit: (code: number) => void): Command {
  return new Command('init').description('write a starter charter.yaml').action(() => setExit(2));
}
