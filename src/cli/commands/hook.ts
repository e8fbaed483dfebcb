import { Command } from 'commander';
import type { CliIo } from '../io.js';

export function hookCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('hook')
    .description(
      'answer an agent hook: read its event JSON on stdin, check it, reply in its protocol',
    )
    .argument('<agent>', 'claude, codex, gemini, cursor or copilot')
    .argument(
      '<event>',
      'the agent’s event, e.g. PreToolUse, BeforeTool, beforeShellExecution, preToolUse',
    )
    .option(
      '--deadline <ms>',
      'answer with a fail-closed denial after this many milliseconds (default 10000)',
    )
    .option('--no-cache', 'do not read or write .charter/cache')
    .addHelpText(
      'after',
      `
Exit codes: 0 allowed (or feedback the agent reads on stdout); 2 denied, or Charter could not
check (charter/hook-error). Never 1: agents treat it as "allow".

Installed by \`charter hooks install --agent <agent>\`; see docs/hooks.md.`,
    )
    .action(async (agent: string, event: string, flags: { deadline?: string; cache: boolean }) => {
      const { runHookCli } = await import('../../hooks/cli.js');
      const args = [
        agent,
        event,
        ...(flags.deadline !== undefined ? ['--deadline', flags.deadline] : []),
        ...(flags.cache ? [] : ['--no-cache']),
      ];
      const result = await runHookCli(args, io);
      setExit(result.exitCode);
    });
}
