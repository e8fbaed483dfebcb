import { defineRule } from '../../engine/rule.js';
import { globMatcher } from '../../engine/globs.js';

export const rule = defineRule({
  meta: {
    code: 'charter/protected-path',
    description: 'The change touches a path the contract lists under `protect`.',
    rationale:
      'Some files are not the agent’s to edit: the contract itself, agent settings and hooks, CI workflows, generated clients. A change that adds, edits, renames or deletes one of them is reported, whatever tool made it.',
    remediation:
      'Revert the change to this file. If the change is really needed, ask a human owner to make it, or to add a waiver with a reason and an expiry.',
    defaultSeverity: 'error',
    locality: 'change',
  },
  check(context) {
    const protect = context.contract.data.protect;
    if (!protect?.length || !context.change) return;
    const isProtected = globMatcher(protect, false);
    for (const changed of context.change) {
      const hit = isProtected(changed.path)
        ? changed.path
        : changed.oldPath && isProtected(changed.oldPath)
          ? changed.oldPath
          : undefined;
      if (!hit) continue;
      // The commit that creates the contract has no trusted version to protect yet.
      if (changed.status === 'added' && changed.path === context.contract.file) continue;
      const glob = protect.find((g) => globMatcher([g], false)(hit)) ?? '';
      context.report({
        // A rename names the protected side: the file moved away from, or onto, a protected path.
        message: `${hit} is protected by "${glob}" and the change ${changed.status === 'renamed' ? (hit === changed.path ? `renames ${changed.oldPath} to it` : `renames it to ${changed.path}`) : changed.status === 'added' ? 'adds it' : changed.status === 'deleted' ? 'deletes it' : 'modifies it'}`,
        data: { file: hit, status: changed.status, glob },
        location: { file: changed.path, line: 1, column: 1 },
      });
    }
  },
});
