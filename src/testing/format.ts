import type { TestReport } from './runner.js';

const paint = (color: boolean, code: number, text: string): string =>
  color ? `\u001b[${code}m${text}\u001b[0m` : text;

/** The terminal output of `charter test`: a line per rule, the problems of failing cases. */
export function formatTestReport(report: TestReport, color = false): string {
  const lines: string[] = [];
  const width = Math.max(0, ...report.suites.map((s) => s.code.length));
  for (const suite of report.suites) {
    const failing = suite.cases.filter((c) => c.status !== 'passed');
    const ok = !suite.error && failing.length === 0;
    const mark = ok ? paint(color, 32, '✓') : paint(color, 31, '✗');
    const count = `${suite.cases.length} case${suite.cases.length === 1 ? '' : 's'}`;
    const summary = suite.error
      ? suite.error
      : failing.length
        ? `${suite.cases.length - failing.length} of ${count} passed`
        : count;
    lines.push(`${mark} ${suite.code.padEnd(width)}  ${summary}`);
    for (const testCase of failing) {
      lines.push(`    ${testCase.location}${testCase.status === 'error' ? ' (error)' : ''}`);
      for (const problem of testCase.problems) lines.push(`      ${problem}`);
    }
    const loose = suite.cases.filter((c) => c.loose && c.status === 'passed');
    for (const testCase of loose)
      lines.push(
        `    note: ${testCase.location} pins no expected findings (add ${testCase.name}.expected.yaml or charter-expect comments)`,
      );
  }
  for (const problem of report.missing) lines.push(`${paint(color, 31, '✗')} ${problem}`);
  const total = report.passed + report.failed;
  const tail =
    report.exitCode === 0
      ? paint(color, 32, `✔ ${total} case${total === 1 ? '' : 's'} passed`)
      : paint(
          color,
          31,
          `✖ ${report.failed} failed, ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.passed} passed${report.missing.length ? `, ${report.missing.length} rule${report.missing.length === 1 ? '' : 's'} without enough fixtures` : ''}`,
        );
  lines.push(tail);
  return `${lines.join('\n')}\n`;
}
