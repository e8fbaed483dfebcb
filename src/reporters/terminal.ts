import type { Finding, Report } from '../engine/report-schema.js';
import {
  countsOf,
  escapeUnsafeInline,
  extraCountParts,
  groupByFile,
  plural,
  problemsText,
  safeLines,
  severityLabel,
  skipReasonText,
} from './shared.js';
import type { Reporter } from './types.js';

type Paint = (text: string) => string;

interface Palette {
  file: Paint;
  position: Paint;
  error: Paint;
  warning: Paint;
  code: Paint;
  label: Paint;
  incomplete: Paint;
  heading: Paint;
  deny: Paint;
  warn: Paint;
  allow: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const bold = sgr(1, 22);
const identity: Paint = (text) => text;

const COLOURS: Palette = {
  file: sgr(4, 24),
  position: sgr(2, 22),
  error: sgr(31, 39),
  warning: sgr(33, 39),
  code: sgr(2, 22),
  label: sgr(2, 22),
  incomplete: sgr(35, 39),
  heading: bold,
  deny: (text) => bold(sgr(31, 39)(text)),
  warn: (text) => bold(sgr(33, 39)(text)),
  allow: (text) => bold(sgr(32, 39)(text)),
};

const PLAIN: Palette = {
  file: identity,
  position: identity,
  error: identity,
  warning: identity,
  code: identity,
  label: identity,
  incomplete: identity,
  heading: identity,
  deny: identity,
  warn: identity,
  allow: identity,
};

/** Pads every cell but the last of each row to its column's width, two spaces apart. */
function table(rows: readonly (readonly string[])[], paints: readonly Paint[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map(
    (row) =>
      '  ' +
      row
        .map((cell, i) => {
          const paint = paints[i] ?? identity;
          return i === row.length - 1 ? paint(cell) : paint(cell.padEnd(widths[i] ?? 0));
        })
        .join('  '),
  );
}

function fileBlock(file: string, findings: readonly Finding[], paint: Palette): string[] {
  const rows = findings.map((f) => ({
    position: `${f.location.line}:${f.location.column}`,
    severity: severityLabel(f.severity),
    message: safeLines(f.message),
    finding: f,
  }));
  const positionWidth = Math.max(...rows.map((r) => r.position.length));
  const severityWidth = Math.max(...rows.map((r) => r.severity.length));
  const messageWidth = Math.max(...rows.map((r) => r.message[0]?.length ?? 0));
  const detailIndent = ' '.repeat(2 + positionWidth + 2);
  const messageIndent = ' '.repeat(2 + positionWidth + 2 + severityWidth + 2);

  const lines = [paint.file(escapeUnsafeInline(file))];
  for (const row of rows) {
    const [first = '', ...rest] = row.message;
    const severity = row.severity === 'error' ? paint.error : paint.warning;
    lines.push(
      '  ' +
        paint.position(row.position.padEnd(positionWidth)) +
        '  ' +
        severity(row.severity.padEnd(severityWidth)) +
        '  ' +
        first.padEnd(messageWidth) +
        '  ' +
        paint.code(escapeUnsafeInline(row.finding.code)),
    );
    for (const line of rest) lines.push(`${messageIndent}${line}`.trimEnd());
    if (row.finding.incomplete) {
      lines.push(
        `${detailIndent}${paint.incomplete('incomplete:')} something could not be checked, so this change cannot be allowed`,
      );
    }
    if (row.finding.remediation !== '') {
      const [fix = '', ...more] = safeLines(row.finding.remediation);
      lines.push(`${detailIndent}${paint.label('fix:')} ${fix}`);
      for (const line of more) lines.push(`${detailIndent}     ${line}`.trimEnd());
    }
    if (row.finding.clause !== undefined) {
      lines.push(
        `${detailIndent}${paint.label('clause:')} ${escapeUnsafeInline(row.finding.clause)}`,
      );
    }
  }
  return lines;
}

function sections(report: Report, paint: Palette): string[][] {
  const blocks: string[][] = [];
  if (report.waived.length > 0) {
    blocks.push([
      paint.heading(plural(report.waived.length, 'waived finding')),
      ...table(
        report.waived.map((w) => [
          escapeUnsafeInline(`${w.location.file}:${w.location.line}:${w.location.column}`),
          escapeUnsafeInline(w.code),
          escapeUnsafeInline(
            `${w.waiver.reason} (waiver for ${w.waiver.path}, expires ${w.waiver.expires})`,
          ),
        ]),
        [identity, paint.code],
      ),
    ]);
  }
  if (report.summary.baselined > 0) {
    blocks.push([
      paint.heading(
        `${plural(report.summary.baselined, 'finding')} matched the baseline and ${report.summary.baselined === 1 ? 'is' : 'are'} not shown`,
      ),
    ]);
  }
  if (report.staleBaseline.length > 0) {
    blocks.push([
      paint.heading(
        `${plural(report.staleBaseline.length, 'stale baseline entry', 'stale baseline entries')} (no finding matches; update the baseline)`,
      ),
      ...table(
        report.staleBaseline.map((s) => [
          escapeUnsafeInline(s.file),
          escapeUnsafeInline(s.code),
          escapeUnsafeInline(s.fingerprint),
        ]),
        [identity, paint.code, paint.label],
      ),
    ]);
  }
  if (report.skipped.length > 0) {
    blocks.push([
      paint.heading(`${plural(report.skipped.length, 'file')} skipped`),
      ...table(
        report.skipped.map((s) => [escapeUnsafeInline(s.file), skipReasonText(s)]),
        [identity, paint.label],
      ),
    ]);
  }
  return blocks;
}

function summaryLine(report: Report, paint: Palette): string {
  const counts = countsOf(report);
  const [symbol, colour] =
    report.decision === 'deny'
      ? ['✖', paint.deny]
      : counts.problems > 0
        ? ['⚠', paint.warn]
        : ['✔', paint.allow];
  const parts = [
    `${symbol} ${problemsText(counts)}`,
    ...extraCountParts(counts),
    `decision: ${report.decision}`,
  ];
  return colour(parts.join(' · '));
}

/**
 * Human-readable output for a terminal, in the spirit of ESLint's "stylish" format: findings
 * grouped by file, then waived, baselined, stale baseline and skipped sections, then one
 * summary line. ANSI colour only when the caller allows it.
 */
export const terminalReporter: Reporter = (report, context) => {
  const paint = context.color ? COLOURS : PLAIN;
  const blocks: string[][] = groupByFile(report.findings).map(([file, findings]) =>
    fileBlock(file, findings, paint),
  );
  blocks.push(...sections(report, paint));
  blocks.push([summaryLine(report, paint)]);
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
};
