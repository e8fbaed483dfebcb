import { maskSecrets } from '../facts/secrets/redact.js';
import type { HookFinding } from './types.js';
import { HOOK_ERROR } from './types.js';

/** Denial text is read by an agent: the most important first, and never longer than this. */
export const MAX_REASON = 1500;

export type ReasonKind = 'edit' | 'command' | 'after-tool' | 'stop' | 'stop-repeated';

const HEADLINES: Record<ReasonKind, (n: number) => string> = {
  edit: (n) =>
    `Charter denied this edit: it would introduce ${n === 1 ? 'a finding' : `${n} findings`} the contract forbids.`,
  command: (n) =>
    `Charter denied this command: ${n === 1 ? 'it does something' : `it does ${n} things`} the contract forbids.`,
  'after-tool': (n) =>
    `Charter: the working tree now has ${n === 1 ? 'a finding' : `${n} findings`} the contract forbids. Fix ${n === 1 ? 'it' : 'them'} before going on.`,
  stop: (n) =>
    `Charter: do not stop yet. The uncommitted change has ${n === 1 ? 'a finding' : `${n} findings`} the contract forbids; fix ${n === 1 ? 'it' : 'them'} first.`,
  'stop-repeated': (n) =>
    `Charter: the uncommitted change still has ${n === 1 ? 'a finding' : `${n} findings`} the contract forbids (reported, not blocking a second time).`,
};

function location(finding: HookFinding): string {
  if (finding.file === '(command)')
    return `in the command, line ${finding.line} column ${finding.column}`;
  return `${finding.file}:${finding.line}:${finding.column}`;
}

/** Masked before the text is cut to length: a cut must not leave half a secret unmasked. */
function entry(index: number, finding: HookFinding): string {
  const lines = [`${index}. ${finding.code}: ${finding.message}`, `   where: ${location(finding)}`];
  if (finding.clause) lines.push(`   enforces: ${finding.clause}`);
  if (finding.remediation) lines.push(`   fix: ${finding.remediation}`);
  return maskSecrets(lines.join('\n'));
}

/** The reason an agent reads, at most MAX_REASON characters, errors before warnings. */
export function findingsReason(kind: ReasonKind, findings: readonly HookFinding[]): string {
  const sorted = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  const head = HEADLINES[kind](sorted.length);
  const tail =
    kind === 'edit'
      ? 'Findings that already existed do not block you; only what this edit introduces does.'
      : '';
  let text = head;
  let shown = 0;
  for (const finding of sorted) {
    const next = `${text}\n${entry(shown + 1, finding)}`;
    const remaining = sorted.length - shown - 1;
    const reserve = (remaining > 0 ? 80 : 0) + (tail ? tail.length + 1 : 0);
    if (next.length + reserve > MAX_REASON) break;
    text = next;
    shown++;
  }
  if (shown === 0 && sorted[0]) {
    // Even one finding does not fit: cut its text, keep the code first.
    text = `${head}\n${entry(1, sorted[0])}`.slice(0, MAX_REASON - (tail.length + 2) - 1) + '…';
    shown = 1;
  }
  if (shown < sorted.length)
    text += `\n… and ${sorted.length - shown} more: run \`charter check\` to see all.`;
  if (tail) text += `\n${tail}`;
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** The reason for a fail-closed denial: Charter could not check, so the action may not happen. */
export function errorReason(message: string, hint?: string): string {
  // The message may quote the hook input (an edit's old text, a path, a command).
  const lines = [
    `Charter could not check this, so it is denied (fail-closed). ${HOOK_ERROR}: ${message}`,
    `fix: ${hint ?? 'Correct the cause above and retry; ask a human if the contract or the hook setup is broken.'}`,
  ];
  const text = maskSecrets(lines.join('\n'));
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}
