import path from 'node:path';
import { Command } from 'commander';
import { SCHEMA_ID } from '../../contract/json-schema.js';
import { loadContract } from '../../contract/load.js';
import { ContractError } from '../../contract/problems.js';
import { ensureCharterIgnored } from '../../init/gitignore.js';
import { planContract } from '../../init/plan.js';
import { renderContract } from '../../init/render.js';
import { renderSummary } from '../../init/summary.js';
import { DEFAULT_CONTRACT } from '../../repo/contract-file.js';
import { detectRepository, resolveInitTarget } from '../../repo/detect.js';
import { CharterError } from '../../repo/errors.js';
import { fileExists, readTextIfExists, writeFileAtomic } from '../../repo/fs.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';

interface InitFlags {
  cwd?: string;
  contract?: string;
  force?: boolean;
}

function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

async function write(file: string, text: string, display: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    throw new CharterError(
      'init/unwritable',
      `cannot write ${display}: ${(error as Error).message}`,
      'check that the directory is writable',
    );
  }
}

export function initCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('init')
    .description('detect specs, agent instructions and settings, and write a starter charter.yaml')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option(
      '-c, --contract <file>',
      'where to write the contract (default: charter.yaml at the repository root)',
    )
    .option('--force', 'overwrite an existing contract with a fresh draft')
    .addHelpText(
      'after',
      `
Detects OpenAPI/Swagger files, SQL schemas, migration and ADR folders, requirement documents
(and their ID pattern), agent instruction files (AGENTS.md, CLAUDE.md, GEMINI.md,
.github/copilot-instructions.md, .cursor/rules), agent settings folders, CI configuration and
the main language, then writes a commented charter.yaml that validates. Anything uncertain
is written as a comment. Also adds .charter/ (the local cache) to .gitignore.

Exit codes: 0 written; 2 usage error, or a contract already exists (use --force).`,
    )
    .action(async (flags: InitFlags) => {
      try {
        const target = await resolveInitTarget(path.resolve(io.cwd, flags.cwd ?? '.'));
        const contractFile = flags.contract
          ? path.resolve(io.cwd, flags.contract)
          : path.join(target.root, DEFAULT_CONTRACT);
        const display = toPosix(path.relative(io.cwd, contractFile)) || contractFile;
        const relative = path.relative(target.root, contractFile);
        const contractPath =
          relative.startsWith('..') || path.isAbsolute(relative) ? undefined : toPosix(relative);
        const exists = await fileExists(contractFile);
        if (exists && !flags.force) {
          throw new CharterError(
            'init/exists',
            `${display} already exists; init does not overwrite a contract`,
            'pass --force to replace it with a fresh draft (nothing is merged), or --contract PATH to write the draft elsewhere',
          );
        }

        const detection = await detectRepository(target);
        const plan = planContract(detection, { contractPath });
        const schemaUrl = detection.localSchema
          ? toPosix(path.relative(path.dirname(contractFile), detection.localSchema))
          : SCHEMA_ID;
        const text = renderContract(plan, { schemaUrl, today: new Date() });
        try {
          loadContract({ file: contractPath ?? contractFile, text });
        } catch (error) {
          if (!(error instanceof ContractError)) throw error;
          throw new CharterError(
            'init/invalid-draft',
            'the drafted contract does not validate, so nothing was written',
            'this is a bug in Charter; please report it with these details',
            error.details,
          );
        }
        await write(contractFile, text, display);

        const gitignoreFile = path.join(target.root, '.gitignore');
        const gitignore = ensureCharterIgnored(await readTextIfExists(gitignoreFile));
        if (gitignore.text !== undefined) await write(gitignoreFile, gitignore.text, '.gitignore');

        const checkCommand = [
          'charter check',
          ...(flags.cwd ? ['-C', shellWord(flags.cwd)] : []),
          ...(flags.contract ? ['--contract', shellWord(flags.contract)] : []),
        ].join(' ');
        io.stdout.write(
          renderSummary({
            contractDisplay: display,
            overwritten: exists,
            contractProtected: contractPath !== undefined && plan.protect.includes(contractPath),
            detection,
            plan,
            gitignore,
            checkCommand,
          }),
        );
        setExit(0);
      } catch (error) {
        setExit(reportFatal(io, error, false));
      }
    });
}
