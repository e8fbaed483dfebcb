import type { Timing } from '../engine/report-schema.js';

export function formatTiming(timing: readonly Timing[]): string {
  const rows = [...timing].sort((a, b) => b.ms - a.ms);
  const width = Math.max(10, ...rows.map((r) => r.id.length));
  const lines = ['kind       id'.padEnd(11 + width) + '        ms  files'];
  for (const row of rows) {
    lines.push(
      `${row.kind.padEnd(10)} ${row.id.padEnd(width)} ${row.ms.toFixed(1).padStart(9)}  ${row.files ?? ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
