import { z } from 'zod';
import { globMatcher } from '../../engine/globs.js';
import { defineRule } from '../../engine/rule.js';
import type { RealPath, WriteAction } from '../../facts/shell/types.js';
import { validateGlob } from '../../contract/validators.js';
import { excerpt } from './_command.js';

const OptionsSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .default([])
      .describe('More globs that commands must not write, besides `protect` and the contract'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.paths.forEach((glob, index) => {
      const error = validateGlob(glob);
      if (error) ctx.addIssue({ code: 'custom', path: ['paths', index], message: error });
    });
  });

function verb(action: WriteAction): string {
  if (action.deletes)
    return action.via === 'mv' || action.via === 'git mv' ? 'moves away' : 'deletes';
  if (action.via === 'chmod' || action.via === 'chown') return 'changes the permissions of';
  return 'writes';
}

/** The repository paths among those symlinks lead to. */
function inRepo(through: readonly RealPath[] | undefined): string[] {
  return (through ?? []).flatMap((real) => (real.where === 'repo' ? [real.path] : []));
}

export const rule = defineRule({
  meta: {
    code: 'agent/protected-write',
    description: 'A proposed shell command writes, moves or deletes a protected path.',
    rationale:
      'An agent that may not edit a file with its edit tool can still write it through the shell: a redirection, tee, sed -i, cp, mv, rm, ln, chmod, truncate, a python -c or node -e one-liner, or git checkout/restore. The command is parsed (quotes, heredocs, pipes, subshells, bash -c strings, cd before a relative path) and judged by the files it would touch. Paths listed under `protect`, the contract itself and the globs in this rule’s options are covered, also when the write reaches them through a symlink (on disk, or made earlier in the same command), and making a link to one is reported too; mentioning a path inside a quoted argument, a commit message or a heredoc that goes elsewhere is not a write.',
    remediation:
      'Do not change this file from the shell either. Leave it as it is and change the code instead; if the change to the protected file is really needed, ask a human owner to make it.',
    defaultSeverity: 'error',
    command: true,
    options: OptionsSchema,
  },
  check(context) {
    const command = context.command;
    if (!command) return;
    const globs = [...(context.contract.data.protect ?? []), ...context.options.paths];
    const isProtected = globMatcher([...globs, context.contract.file], false);
    const globFor = (file: string): string =>
      file === context.contract.file
        ? context.contract.file
        : (globs.find((glob) => globMatcher([glob], false)(file)) ?? file);
    for (const action of command.actions) {
      if (action.type !== 'write') continue;
      const { target } = action;
      const candidates = new Set<string>(target.matches);
      // A new file (or one only named by the command) is protected by the path it will have.
      if (target.where === 'repo' && !target.dynamic && target.path !== '.')
        candidates.add(target.path);
      // Where symlinks lead the write; deleting or replacing a link leaves its target alone.
      if (!action.deletes && action.via !== 'ln')
        for (const file of inRepo(target.through)) candidates.add(file);
      // A link to a protected file exists only to write through it later.
      const link = action.linkTo;
      const linked = (
        link
          ? [
              ...(link.where === 'repo' && !link.dynamic ? [link.path] : []),
              ...inRepo(link.through),
            ]
          : []
      ).filter(isProtected);
      const hits = [...new Set([...linked, ...[...candidates].filter(isProtected).sort()])];
      const first = hits[0];
      if (first === undefined) continue;
      const more =
        hits.length > 1
          ? ` (and ${hits.length - 1} more protected file${hits.length > 2 ? 's' : ''})`
          : '';
      const code = excerpt(command.source, action.span);
      context.report({
        message: `\`${code}\` ${linked.includes(first) ? 'creates a link to' : verb(action)} ${first}${more}, which is protected by "${globFor(first)}"`,
        data: {
          file: first,
          glob: globFor(first),
          via: action.via,
          command: code,
          files: hits.length,
          maybe: target.dynamic,
        },
        location: { file: first, line: 1, column: 1 },
      });
    }
  },
});
