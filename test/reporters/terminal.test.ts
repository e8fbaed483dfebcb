/* eslint-disable no-control-regex -- these tests look for terminal control characters */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report-schema.js';
import { terminalReporter } from '../../src/reporters/terminal.js';
import { expectGolden } from '../helpers/golden.js';
import { allowReport, context, denyReport, manyWarningsReport } from './sample-reports.js';

const ANSI = /\u001b\[/;

describe('terminal reporter', () => {
  it('matches the golden output without colour', () => {
    expectGolden('terminal-deny.txt', terminalReporter(denyReport, context(false)));
    expectGolden('terminal-allow.txt', terminalReporter(allowReport, context(false)));
    expectGolden('terminal-many.txt', terminalReporter(manyWarningsReport, context(false)));
  });

  it('matches the golden output with colour', () => {
    expectGolden('terminal-deny.color.txt', terminalReporter(denyReport, context(true)));
    expectGolden('terminal-allow.color.txt', terminalReporter(allowReport, context(true)));
  });

  it('uses ANSI escapes only when colour is allowed', () => {
    expect(terminalReporter(denyReport, context(false))).not.toMatch(ANSI);
    expect(terminalReporter(denyReport, context(true))).toMatch(ANSI);
  });

  it('prints the same text with colour as without, once escapes are removed', () => {
    const stripped = terminalReporter(denyReport, context(true)).replace(/\u001b\[\d+m/g, '');
    expect(stripped).toBe(terminalReporter(denyReport, context(false)));
  });

  it('ends with one summary line', () => {
    const lines = terminalReporter(denyReport, context(false)).trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      '✖ 5 problems (3 errors, 2 warnings) · 1 could not be checked · 1 waived · 2 baselined · decision: deny',
    );
    expect(terminalReporter(allowReport, context(false))).toBe('✔ no problems · decision: allow\n');
    expect(terminalReporter(manyWarningsReport, context(false)).trimEnd().split('\n').at(-1)).toBe(
      '⚠ 55 problems (0 errors, 55 warnings) · decision: allow',
    );
  });

  it('says when a finding means something could not be checked', () => {
    const out = terminalReporter(denyReport, context(false));
    const block = out.slice(out.indexOf('src/generated/big schema.ts\n'));
    expect(block).toMatch(/incomplete: something could not be checked/);
  });

  it('neutralises control and bidi characters from the checked repository', () => {
    const first = denyReport.findings[0]!;
    const hostile: Report = {
      ...denyReport,
      findings: [
        {
          ...first,
          message: 'evil \u001b[2J\u202eroute',
          location: { ...first.location, file: 'src/\u001b]0;owned\u0007.ts' },
        },
      ],
    };
    const out = terminalReporter(hostile, context(false));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('src/\\u{1b}]0;owned\\u{7}.ts');
    expect(out).toContain('evil \\u{1b}[2J\\u{202e}route');
  });
});
