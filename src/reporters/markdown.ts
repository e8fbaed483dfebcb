import type { Finding, Report } from '../engine/report-schema.js';
import {
  countsOf,
  escapeUnsafe,
  extraCountParts,
  plural,
  problemsText,
  remediationsByCode,
  severityLabel,
  skipReasonText,
} from './shared.js';
import type { Reporter } from './types.js';

/** More findings than this and the table is folded into a <details> block. */
export const COLLAPSE_AFTER = 50;
/** Rows shown at most: with typical messages this keeps a PR comment under GitHub's 65,536 characters. */
export const MAX_ROWS = 200;

/**
 * Text as inline GitHub-flavoured markdown that renders literally, also inside a table cell:
 * markdown and HTML syntax is backslash-escaped and line breaks become `<br>`.
 */
export function inline(text: string): string {
  return escapeUnsafe(text.replace(/\r\n/g, '\n'))
    .replace(/[\\`*_[\]<>|~&#]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, '<br>');
}

/** A CommonMark code span: a backtick run, content, and a closing run of the same length. */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;

/**
 * Like inline, but code spans already in the text (rule messages and remediations quote code
 * in backticks) are kept as code spans. Nothing inside a code span renders, so this is as safe.
 */
export function prose(text: string, inTable: boolean): string {
  const clean = escapeUnsafe(text.replace(/\r\n/g, '\n'));
  let out = '';
  let last = 0;
  for (const match of clean.matchAll(CODE_SPAN)) {
    const [span, fence = '', content = ''] = match;
    const kept = content.replace(/\n/g, ' ');
    out += inline(clean.slice(last, match.index));
    out += `${fence}${inTable ? kept.replace(/\|/g, '\\|') : kept}${fence}`;
    last = match.index + span.length;
  }
  return out + inline(clean.slice(last));
}

/** A code span that survives backticks in the text; `|` is escaped for use in a table cell. */
function code(text: string, inTable: boolean): string {
  const clean = escapeUnsafe(text.replace(/\r\n/g, '\n')).replace(/\n/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean;
  return `${fence}${inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableOf(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(headers), row(headers.map(() => '---')), ...rows.map(row)];
}

function heading(report: Report): string {
  const counts = countsOf(report);
  if (report.decision === 'deny') return '## ❌ Charter: change denied';
  if (counts.problems > 0) return '## ⚠️ Charter: change allowed, with warnings';
  return '## ✅ Charter: change allowed';
}

function summary(report: Report): string {
  const counts = countsOf(report);
  const problems = problemsText(counts);
  const parts = [
    counts.problems === 0 ? 'No problems' : `**${problems}**`,
    ...extraCountParts(counts),
    `${plural(report.summary.filesChecked, 'file')} checked`,
  ];
  return parts.join(' · ');
}

function findingsTable(findings: readonly Finding[]): string[] {
  const shown = findings.slice(0, MAX_ROWS);
  const lines = tableOf(
    ['Location', 'Code', 'Severity', 'Message'],
    shown.map((f) => [
      inline(`${f.location.file}:${f.location.line}:${f.location.column}`),
      code(f.code, true),
      f.incomplete ? `${severityLabel(f.severity)}, not checked` : severityLabel(f.severity),
      prose(f.message, true),
    ]),
  );
  if (findings.length > shown.length) {
    lines.push(
      '',
      `${plural(findings.length - shown.length, 'more finding')} not shown; the JSON or SARIF report has them all.`,
    );
  }
  return lines;
}

function findingsSection(report: Report): string[][] {
  const blocks: string[][] = [];
  const counts = countsOf(report);
  if (counts.incomplete > 0) {
    blocks.push([
      `> **${plural(counts.incomplete, 'finding')} ${counts.incomplete === 1 ? 'means' : 'mean'} something could not be checked.** The change cannot be allowed until it can be.`,
    ]);
  }
  const table = findingsTable(report.findings);
  if (report.findings.length > COLLAPSE_AFTER) {
    blocks.push([
      '<details>',
      `<summary>${plural(report.findings.length, 'finding')}</summary>`,
      '',
      ...table,
      '',
      '</details>',
    ]);
  } else {
    blocks.push(table);
  }
  blocks.push([
    '### How to fix',
    '',
    ...remediationsByCode(report.findings).map(({ code: c, remediation, clause }) => {
      const extra = clause === undefined ? '' : ` (enforces ${inline(clause)})`;
      return `- ${code(c, false)}${extra}: ${prose(remediation, false)}`;
    }),
  ]);
  return blocks;
}

function waivedSection(report: Report): string[] {
  return [
    `### Waived (${report.waived.length})`,
    '',
    ...tableOf(
      ['Location', 'Code', 'Reason', 'Waiver', 'Expires'],
      report.waived.map((w) => [
        inline(`${w.location.file}:${w.location.line}:${w.location.column}`),
        code(w.code, true),
        prose(w.waiver.reason, true),
        code(w.waiver.path, true),
        inline(w.waiver.expires),
      ]),
    ),
  ];
}

function staleSection(report: Report): string[] {
  return [
    `### Stale baseline entries (${report.staleBaseline.length})`,
    '',
    'No finding matches these entries any more; update the baseline.',
    '',
    ...tableOf(
      ['File', 'Code', 'Fingerprint'],
      report.staleBaseline.map((s) => [
        inline(s.file),
        code(s.code, true),
        code(s.fingerprint, true),
      ]),
    ),
  ];
}

function skippedSection(report: Report): string[] {
  return [
    `### Skipped files (${report.skipped.length})`,
    '',
    ...tableOf(
      ['File', 'Reason'],
      report.skipped.map((s) => [inline(s.file), inline(skipReasonText(s))]),
    ),
  ];
}

function footer(report: Report): string {
  const { mode } = report;
  const range =
    mode.kind === 'range'
      ? `${mode.kind} ${mode.base ?? ''}..${mode.head ?? ''}`
      : mode.base !== undefined
        ? `${mode.kind} against ${mode.base}`
        : mode.kind;
  return `<sub>charter ${inline(report.tool.version)} · contract ${inline(report.contract.path)} · ${inline(range)}</sub>`;
}

/**
 * Markdown for a pull request comment or a GitHub Actions step summary: a heading with the
 * decision, a summary line, a table of findings (folded when long), how to fix each code,
 * then waived, stale baseline and skipped sections when there is anything to list.
 */
export const markdownReporter: Reporter = (report) => {
  const blocks: string[][] = [[heading(report)], [summary(report)]];
  if (report.findings.length > 0) blocks.push(...findingsSection(report));
  if (report.waived.length > 0) blocks.push(waivedSection(report));
  if (report.staleBaseline.length > 0) blocks.push(staleSection(report));
  if (report.skipped.length > 0) blocks.push(skippedSection(report));
  blocks.push([footer(report)]);
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
};
