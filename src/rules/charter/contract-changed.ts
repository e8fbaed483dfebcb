import { defineRule } from '../../engine/rule.js';

function firstDifferentLine(before: string, after: string): number {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i + 1;
  return 1;
}

export const rule = defineRule({
  meta: {
    code: 'charter/contract-changed',
    description: 'The change edits the contract that is checking it.',
    rationale:
      'When a change is checked (--base, --staged, or a proposed edit from an agent hook), the contract is read from the trusted side, so a change cannot weaken its own gate. Editing the contract is still reported, so a human reviews it. The working-tree check (no mode flag) reads the contract as it is and does not report this.',
    remediation:
      'Leave charter.yaml as it is and fix the code instead. Contract changes go through a human: in its own change, or with a waiver for charter/contract-changed in the base contract.',
    defaultSeverity: 'error',
    locality: 'change',
  },
  check(context) {
    if (context.mode === 'worktree' || !context.change) return;
    const file = context.contract.file;
    const changed = context.change.find((c) => c.path === file || c.oldPath === file);
    if (!changed) return;
    const head = context.headContractText;
    // The commit that adds the first contract: the one being checked is the added one, so
    // there is no trusted version the change could have weakened.
    if (changed.status === 'added' && head === undefined) return;
    const line = head !== undefined ? firstDifferentLine(context.contract.text, head) : 1;
    // The line is one of the head's contract; its end column must come from the head's text too.
    const headLine = head?.split(/\r?\n/)[line - 1];
    context.report({
      message: `the change ${changed.status === 'deleted' ? 'deletes' : changed.status === 'renamed' && changed.oldPath === file ? 'renames' : 'edits'} the contract ${file}; the check used the trusted version instead`,
      data: { file, status: changed.status },
      location: {
        file: changed.status === 'renamed' ? changed.path : file,
        line,
        column: 1,
        ...(headLine !== undefined
          ? { endLine: line, endColumn: Math.max(2, headLine.length + 1) }
          : {}),
      },
    });
  },
});
