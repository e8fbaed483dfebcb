import { z } from 'zod';
import { globMatcher } from '../../engine/globs.js';
import { defineRule } from '../../engine/rule.js';
import type { CommandSpan } from '../../facts/shell/types.js';
import { validateGlob } from '../../contract/validators.js';
import { commandLocation, excerpt } from './_command.js';

const OptionsSchema = z
  .object({
    protectedBranches: z
      .array(z.string().min(1))
      .default(['main', 'master', 'trunk', 'develop', 'production', 'release/**'])
      .describe('Branch globs that must never be force-pushed, mirrored over or deleted'),
    pipeToShell: z
      .boolean()
      .default(true)
      .describe('Report running code fetched from the network (curl … | sh, bash <(curl …))'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.protectedBranches.forEach((glob, index) => {
      const error = validateGlob(glob);
      if (error)
        ctx.addIssue({ code: 'custom', path: ['protectedBranches', index], message: error });
    });
  });

export const rule = defineRule({
  meta: {
    code: 'agent/destructive-command',
    description:
      'A proposed shell command destroys work or runs unreviewed code: a force push to a protected branch, a download piped into a shell, rm -rf of the repository or home.',
    rationale:
      'Some commands cannot be undone from inside the repository: force-pushing, mirroring over or deleting a shared branch rewrites everyone’s history; piping a download into a shell runs code nobody reviewed; a recursive delete of the repository root, the home folder or a folder above them destroys work. The command is parsed, so a mention inside a quoted argument, a commit message or a heredoc that goes elsewhere is not reported.',
    remediation:
      'Do not run it. Push to a branch of your own without --force and open a pull request; download a script, read it and run it from a file; delete only the specific files you created.',
    defaultSeverity: 'error',
    command: true,
    options: OptionsSchema,
  },
  check(context) {
    const command = context.command;
    if (!command) return;
    const protectedBranch = globMatcher(context.options.protectedBranches, false);
    const report = (
      message: string,
      kind: string,
      span: CommandSpan,
      extra: Record<string, string> = {},
    ): void => {
      const code = excerpt(command.source, span);
      context.report({
        message: `\`${code}\` ${message}`,
        data: { kind, command: code, ...extra },
        location: commandLocation(command.source, span),
      });
    };
    for (const action of command.actions) {
      if (action.type === 'git-push' && (action.force || action.mirror || action.deletes)) {
        const what = action.mirror ? 'mirrors over' : action.deletes ? 'deletes' : 'force-pushes';
        if (action.mirror) {
          report(
            `${what} every branch of ${action.remote ?? 'the remote'}, protected ones included`,
            'force-push',
            action.span,
          );
          continue;
        }
        if (action.branches.length === 0) {
          report(
            `${what} the current branch, which could not be determined`,
            'force-push',
            action.span,
          );
          continue;
        }
        const hit = action.branches.find((branch) => protectedBranch(branch));
        if (hit !== undefined)
          report(`${what} ${hit}, a protected branch`, 'force-push', action.span, { branch: hit });
      } else if (action.type === 'pipe-to-shell' && context.options.pipeToShell) {
        report(
          `runs code downloaded with ${action.fetcher} in ${action.interpreter} without anyone reading it`,
          'pipe-to-shell',
          action.span,
        );
      } else if (action.type === 'write' && action.deletes && action.recursive) {
        const { target } = action;
        if (target.coversRoot)
          report(
            `recursively deletes ${target.text || target.path}, which is or contains the repository root`,
            'delete-root',
            action.span,
          );
        else if (target.coversHome)
          report(
            `recursively deletes ${target.text || target.path}, which is or contains the home folder`,
            'delete-home',
            action.span,
          );
      }
    }
  },
});
