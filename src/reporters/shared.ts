import type { Finding, FindingSeverity, Report, SkippedFile } from '../engine/report-schema.js';

/** Helpers shared by the human-readable reporters (terminal and markdown). */

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function severityLabel(severity: FindingSeverity): 'error' | 'warning' {
  return severity === 'error' ? 'error' : 'warning';
}

export interface Counts {
  problems: number;
  errors: number;
  warnings: number;
  /** Findings that mean something could not be checked. */
  incomplete: number;
  waived: number;
  baselined: number;
}

/** Counted from the lists the reporters print, so the summary always matches what is shown. */
export function countsOf(report: Report): Counts {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  return {
    problems: report.findings.length,
    errors,
    warnings: report.findings.length - errors,
    incomplete: report.findings.filter((f) => f.incomplete === true).length,
    waived: report.waived.length,
    baselined: report.summary.baselined,
  };
}

/** `3 problems (2 errors, 1 warning)` or `no problems`. */
export function problemsText(counts: Counts): string {
  if (counts.problems === 0) return 'no problems';
  return `${plural(counts.problems, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')})`;
}

/** The parts after the problem count: `1 could not be checked`, `2 waived`, `1 baselined`. */
export function extraCountParts(counts: Counts): string[] {
  const parts: string[] = [];
  if (counts.incomplete > 0) parts.push(`${counts.incomplete} could not be checked`);
  if (counts.waived > 0) parts.push(`${counts.waived} waived`);
  if (counts.baselined > 0) parts.push(`${counts.baselined} baselined`);
  return parts;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}

const SKIP_REASONS: Record<SkippedFile['reason'], string> = {
  binary: 'binary',
  'too-large': 'too large',
  'not-utf8': 'not UTF-8',
  unreadable: 'unreadable',
  unmerged: 'unresolved merge conflicts',
};

export function skipReasonText(skipped: SkippedFile): string {
  const reason = SKIP_REASONS[skipped.reason];
  return skipped.size === undefined ? reason : `${reason} (${formatBytes(skipped.size)})`;
}

/** Findings grouped by file, files and findings in report order (the engine sorts them). */
export function groupByFile(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.location.file);
    if (group) group.push(finding);
    else groups.set(finding.location.file, [finding]);
  }
  return [...groups];
}

/** The first finding's remediation and clause for each code, in order of first appearance. */
export function remediationsByCode(
  findings: readonly Finding[],
): { code: string; remediation: string; clause?: string }[] {
  const seen = new Map<string, { code: string; remediation: string; clause?: string }>();
  for (const finding of findings) {
    if (seen.has(finding.code)) continue;
    seen.set(finding.code, {
      code: finding.code,
      remediation: finding.remediation,
      ...(finding.clause === undefined ? {} : { clause: finding.clause }),
    });
  }
  return [...seen.values()];
}

// C0 and C1 control characters except newline, plus the Unicode bidirectional controls that
// can make text display differently from what it is ("Trojan Source").
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Make text that may come from the checked repository (paths, matched source, messages that
 * quote it) safe to print: control and bidi characters are shown as `\u{…}` escapes, so a
 * file name cannot move the cursor, change colours or reorder what the reader sees.
 * Newlines are kept; callers decide how to lay them out.
 */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) =>
    ch === '\t' ? ' ' : `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

/** One line of safe text: like escapeUnsafe, with line breaks escaped as `\n` too. */
export function escapeUnsafeInline(text: string): string {
  return escapeUnsafe(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\\n');
}

/** Safe text split into lines (CRLF or LF). */
export function safeLines(text: string): string[] {
  return text.split(/\r?\n/).map(escapeUnsafe);
}
