import type { ReportLocation } from '../../engine/rule.js';
import type { CommandSpan } from '../../facts/shell/types.js';

/** Findings about a command (not a file) are located in this pseudo-file, at the command's text. */
export const COMMAND_FILE = '(command)';

/** 1-based line and column of a span in the command text. */
export function commandLocation(source: string, span: CommandSpan): ReportLocation {
  const at = (offset: number): { line: number; column: number } => {
    const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
    const lines = before.split('\n');
    return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
  };
  const start = at(span.start);
  const end = at(Math.max(span.end, span.start + 1));
  return {
    file: COMMAND_FILE,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: Math.max(end.column, end.line === start.line ? start.column + 1 : 1),
  };
}

/** The part of the command a finding is about, short enough for a message. */
export function excerpt(source: string, span: CommandSpan, max = 100): string {
  const text = source.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
