import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import type { CommandSpan } from '../../facts/shell/types.js';
import { commandLocation, excerpt } from './_command.js';

const VariableSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/, 'a variable name, or NAME=value for one value');

const OptionsSchema = z
  .object({
    variables: z
      .array(VariableSchema)
      .default([
        'HUSKY=0',
        'HUSKY_SKIP_HOOKS',
        'LEFTHOOK=0',
        'LEFTHOOK=false',
        'LEFTHOOK_EXCLUDE',
        'OVERCOMMIT_DISABLE',
      ])
      .describe(
        'Environment variables that switch hooks off: NAME (any non-empty value) or NAME=value',
      ),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'agent/bypass-verification',
    description: 'A proposed shell command skips or disables the git hooks that verify changes.',
    rationale:
      'Git hooks (pre-commit, pre-push, commit-msg, husky, lefthook) are where a team runs its checks before a change leaves the machine. An agent that fails them can make them go away instead of fixing the code: `git commit --no-verify` or `-n`, `git push --no-verify`, `--no-verify` on merge, pull, rebase and am, changing or unsetting `core.hooksPath` (also with `git -c`), environment variables such as `HUSKY=0`, or editing `.git/hooks`. A commit message or a quoted argument that only mentions these is not a bypass.',
    remediation:
      'Run the command without skipping the hooks and fix what they report. If a hook itself is broken, say so and ask a human to fix or skip it.',
    defaultSeverity: 'error',
    command: true,
    options: OptionsSchema,
  },
  check(context) {
    const command = context.command;
    if (!command) return;
    const variables = context.options.variables.map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0
        ? { name: entry, value: undefined }
        : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
    });
    const report = (message: string, kind: string, span: CommandSpan): void => {
      const code = excerpt(command.source, span);
      context.report({
        message: `\`${code}\` ${message}`,
        data: { kind, command: code },
        location: commandLocation(command.source, span),
      });
    };
    for (const action of command.actions) {
      switch (action.type) {
        case 'git-commit':
          if (action.noVerify)
            report(
              'skips the pre-commit and commit-msg hooks (--no-verify)',
              'no-verify',
              action.span,
            );
          break;
        case 'git-no-verify':
          report(
            `skips the git hooks of ${action.subcommand} (--no-verify)`,
            'no-verify',
            action.span,
          );
          break;
        case 'git-push':
          if (action.noVerify)
            report('skips the pre-push hook (--no-verify)', 'no-verify', action.span);
          break;
        case 'git-config':
          if (action.key === 'core.hookspath')
            report(
              action.operation === 'unset'
                ? 'unsets core.hooksPath, which switches the configured hooks off'
                : `points core.hooksPath at ${action.value ?? 'another folder'}, away from the configured hooks`,
              'hooks-path',
              action.span,
            );
          break;
        case 'env': {
          const match = variables.find(
            (v) =>
              v.name === action.name &&
              (v.value === undefined
                ? action.value !== ''
                : action.value === undefined || action.value === v.value),
          );
          if (match)
            report(
              `sets ${action.name}${action.value !== undefined ? `=${action.value}` : ''}, which switches git hooks off`,
              'environment',
              action.span,
            );
          break;
        }
        case 'write':
          if (
            action.target.where === 'repo' &&
            (action.target.path === '.git/hooks' || action.target.path.startsWith('.git/hooks/'))
          )
            report(`changes the git hooks in ${action.target.path}`, 'hooks-folder', action.span);
          break;
        default:
          break;
      }
    }
  },
});
