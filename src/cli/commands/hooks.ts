import path from 'node:path';
import { Command } from 'commander';
import { CharterError } from '../../repo/errors.js';
import { defaultCommandPrefix, INSTALL_TARGETS, installHooks } from '../../repo/hook-config.js';
import type { InstallTarget } from '../../repo/hook-config.js';
import { repositoryRoot } from '../../repo/hook-config-io.js';
import { reportFatal } from '../errors.js';
import type { CliIo } from '../io.js';

const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export function hooksCommand(io: CliIo, setExit: (code: number) => void): Command {
  const hooks = new Command('hooks').description('install Charter as an agent hook or a git hook');
  hooks
    .command('install')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, 'charter: error [usage]:')),
    })
    .description('write or merge the hook configuration of an agent (or git) in this repository')
    .requiredOption(
      '-a, --agent <agent>',
      `${INSTALL_TARGETS.join(', ')} (repeatable, or comma-separated)`,
      collect,
      [],
    )
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option(
      '--command <prefix>',
      'how the hook starts Charter (default: the project’s node_modules/.bin/charter)',
    )
    .addHelpText(
      'after',
      `
Files written (other hooks in them are kept; running it again changes nothing):
  claude   .claude/settings.json       PreToolUse, PostToolUse, Stop, SubagentStop, SessionStart
  codex    .codex/hooks.json           PreToolUse, PostToolUse, Stop, SessionStart
  gemini   .gemini/settings.json       BeforeTool, AfterTool, AfterAgent, SessionStart
  cursor   .cursor/hooks.json          beforeShellExecution, afterFileEdit, stop
  copilot  .github/hooks/charter.json  preToolUse, postToolUse, sessionStart
  git      pre-commit (charter check --staged) and pre-push (charter check --base …), in
           .git/hooks, or where husky or core.hooksPath keep them`,
    )
    .action(async (flags: { agent: string[]; cwd?: string; command?: string }) => {
      try {
        const cwd = path.resolve(io.cwd, flags.cwd ?? '.');
        const root = (await repositoryRoot(cwd)) ?? cwd;
        for (const agent of flags.agent) {
          if (!(INSTALL_TARGETS as readonly string[]).includes(agent))
            throw new CharterError(
              'usage/unknown-agent',
              `unknown agent "${agent}"`,
              `use one of: ${INSTALL_TARGETS.join(', ')}`,
            );
        }
        for (const agent of flags.agent as InstallTarget[]) {
          const prefix =
            flags.command ?? (await defaultCommandPrefix(root, agent, process.argv[1]));
          const result = await installHooks(root, agent, prefix);
          for (const change of result.changes)
            io.stdout.write(`${change.status.padEnd(9)} ${change.file} (${agent})\n`);
          for (const note of result.notes) io.stderr.write(`charter: note: ${note}\n`);
        }
        io.stderr.write('charter: run `charter doctor` to check the installed hooks.\n');
        setExit(0);
      } catch (error) {
        setExit(reportFatal(io, error, false));
      }
    });
  return hooks;
}
