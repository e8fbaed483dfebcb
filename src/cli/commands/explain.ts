import { Command } from 'commander';
import { codeInfos } from '../../engine/code-info.js';
import { CharterError } from '../../repo/errors.js';
import { readDocsPage } from '../../repo/docs.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';

export function explainCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('explain')
    .description('show the documentation page of a rule or finding code')
    .argument('<code>', 'e.g. charter/protected-path')
    .action(async (code: string) => {
      try {
        const infos = codeInfos();
        const info =
          infos.find((i) => i.code === code) ??
          (code.startsWith('custom/') ? infos.find((i) => i.code === 'custom/pattern') : undefined);
        if (!info) {
          const near = infos
            .map((i) => i.code)
            .filter((c) => c.split('/').pop() === code.split('/').pop() || c.includes(code));
          throw new CharterError(
            'usage/unknown-code',
            `unknown code "${code}"`,
            near.length
              ? `did you mean ${near.join(', ')}?`
              : 'run "charter rules" to list the codes',
          );
        }
        const page = await readDocsPage(info.docsPath);
        if (page === undefined)
          throw new CharterError(
            'charter/internal-error',
            `the docs page ${info.docsPath} is missing from this installation`,
          );
        io.stdout.write(page.endsWith('\n') ? page : `${page}\n`);
        setExit(0);
      } catch (error) {
        setExit(reportFatal(io, error, false));
      }
    });
}
