import { defineRule } from '../../engine/rule.js';
import type { RuleContext } from '../../engine/rule.js';
import { globMatcher } from '../../engine/globs.js';

type ChangedFile = NonNullable<RuleContext<unknown>['change']>[number];

/** Every file with this name is a contract: the nearest one above a folder governs it. */
const CONTRACT_NAME = 'charter.yaml';

const isContract = (file: string | undefined): boolean =>
  file !== undefined && (file === CONTRACT_NAME || file.endsWith(`/${CONTRACT_NAME}`));

function firstDifferentLine(before: string, after: string): number {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i + 1;
  return 1;
}

/** What the change does to the checking contract. */
function verb(changed: ChangedFile): string {
  if (changed.status === 'deleted') return 'deletes';
  if (changed.status === 'renamed') return 'renames';
  return 'edits';
}

/** What the change does to another contract, and which path names it. */
function otherChange(changed: ChangedFile): { verb: string; file: string } {
  const from = isContract(changed.oldPath);
  const to = isContract(changed.path);
  if (changed.status === 'renamed' && from && !to)
    return { verb: 'deletes', file: changed.oldPath as string };
  if (changed.status === 'renamed') return { verb: from ? 'moves' : 'adds', file: changed.path };
  const verbs = { added: 'adds', deleted: 'deletes', modified: 'edits' } as const;
  return { verb: verbs[changed.status], file: changed.path };
}

export const rule = defineRule({
  meta: {
    code: 'charter/contract-changed',
    description:
      'The change edits the contract that is checking it, or adds, edits or deletes another contract.',
    rationale:
      'When a change is checked (--base, --staged, an agent hook), every contract is read from the trusted side: the base revision, or HEAD. So a change cannot weaken its own gate, neither by editing the contract nor by adding a package contract nearer to its files or deleting one. A contract change is still reported, so a human reviews it; it takes effect once committed. The working-tree check (no mode flag) reads the contract as it is and does not report this.',
    remediation:
      'Leave charter.yaml as it is and fix the code instead. Contract changes go through a human: in its own change, or with a waiver for charter/contract-changed in the base contract.',
    defaultSeverity: 'error',
    locality: 'change',
  },
  check(context) {
    if (!context.change) return;
    // A plain working-tree check reads the contract from the state it checks, and the commit
    // that adds the first contract has no trusted one: there is nothing the change could bypass.
    // A proposed edit is judged by the contract before it, trusted or not.
    if (!context.trustedContract && context.mode !== 'overlay') return;
    const file = context.contract.file;
    const include = globMatcher(context.contract.data.include, true);
    const exclude = globMatcher(context.contract.data.exclude, false);
    const checked = (path: string | undefined): boolean =>
      isContract(path) && include(path as string) && !exclude(path as string);
    for (const changed of context.change) {
      if (changed.path === file || changed.oldPath === file) {
        const head = context.headContractText;
        // The commit that adds the first contract: the one being checked is the added one, so
        // there is no trusted version the change could have weakened.
        if (changed.status === 'added' && head === undefined) continue;
        const line = head !== undefined ? firstDifferentLine(context.contract.text, head) : 1;
        // The line is one of the head's contract; its end column must come from the head's text too.
        const headLine = head?.split(/\r?\n/)[line - 1];
        context.report({
          message: `the change ${verb(changed)} the contract ${file}; the check used the trusted version instead`,
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
        continue;
      }
      if (!checked(changed.path) && !checked(changed.oldPath)) continue;
      // Another contract (a package's): it governs the files below it, but only once committed.
      const other = otherChange(changed);
      context.report({
        message: `the change ${other.verb} the contract ${other.file}; contracts take effect only from the trusted side, so the check used ${file}`,
        data: { file: other.file, status: changed.status },
        location: { file: other.file, line: 1, column: 1 },
      });
    }
  },
});
