import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report-schema.js';
import {
  COLLAPSE_AFTER,
  inline,
  markdownReporter,
  MAX_ROWS,
  prose,
} from '../../src/reporters/markdown.js';
import { expectGolden } from '../helpers/golden.js';
import { allowReport, context, denyReport, manyWarningsReport } from './sample-reports.js';

describe('markdown reporter', () => {
  it('matches the golden output', () => {
    expectGolden('markdown-deny.md', markdownReporter(denyReport, context()));
    expectGolden('markdown-allow.md', markdownReporter(allowReport, context()));
    expectGolden('markdown-many.md', markdownReporter(manyWarningsReport, context()));
  });

  it('starts with a heading that carries the decision', () => {
    expect(markdownReporter(denyReport, context()).split('\n')[0]).toBe(
      '## ❌ Charter: change denied',
    );
    expect(markdownReporter(allowReport, context()).split('\n')[0]).toBe(
      '## ✅ Charter: change allowed',
    );
    expect(markdownReporter(manyWarningsReport, context()).split('\n')[0]).toBe(
      '## ⚠️ Charter: change allowed, with warnings',
    );
  });

  it('keeps every table row on one line with the right number of cells', () => {
    const out = markdownReporter(denyReport, context());
    const rows = out.split('\n').filter((line) => line.startsWith('| '));
    for (const row of rows) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect([2, 3, 4, 5]).toContain(cells);
    }
    const message = rows.find((row) => row.includes('imports openai'));
    expect(message).toContain('openai<br>ADR-002');
    expect(message).toContain('\\<model\\>');
    expect(out).toContain('API-112: legacy routes \\| documented');
  });

  it('folds the findings table into <details> above the threshold only', () => {
    expect(manyWarningsReport.findings.length).toBeGreaterThan(COLLAPSE_AFTER);
    expect(markdownReporter(manyWarningsReport, context())).toContain(
      '<details>\n<summary>55 findings</summary>',
    );
    expect(markdownReporter(denyReport, context())).not.toContain('<details>');
  });

  it('lists the remediation once per code', () => {
    const out = markdownReporter(manyWarningsReport, context());
    expect(out.split('Finish the work or open an issue').length - 1).toBe(1);
  });

  it('caps the number of rows', () => {
    const many: Report = {
      ...manyWarningsReport,
      findings: Array.from({ length: MAX_ROWS + 3 }, () => manyWarningsReport.findings[0]!),
    };
    const out = markdownReporter(many, context());
    expect(out.split('\n').filter((line) => line.startsWith('| src/')).length).toBe(MAX_ROWS);
    expect(out).toContain('3 more findings not shown');
  });

  it('escapes markdown and HTML in cells', () => {
    expect(inline('a|b')).toBe('a\\|b');
    expect(inline('line 1\nline 2\r\nline 3')).toBe('line 1<br>line 2<br>line 3');
    expect(inline('<script>*x*_y_ [l](u)')).toBe('\\<script\\>\\*x\\*\\_y\\_ \\[l\\](u)');
    expect(inline('a\u001bb')).toBe('a\\\\u{1b}b');
    expect(inline('#12 ~x~ a&amp;')).toBe('\\#12 \\~x\\~ a\\&amp;');
  });

  it('keeps code spans in messages and remediations, escaping only around them', () => {
    expect(prose('Pattern `TODO|FIXME` matched in a_b', true)).toBe(
      'Pattern `TODO\\|FIXME` matched in a\\_b',
    );
    expect(prose('Pattern `TODO|FIXME` matched', false)).toBe('Pattern `TODO|FIXME` matched');
    expect(prose('``a ` b`` and `<x>`', false)).toBe('``a ` b`` and `<x>`');
    expect(prose('an ` unbalanced <b>', false)).toBe('an \\` unbalanced \\<b\\>');
    expect(prose('`a\nb`\nc', true)).toBe('`a b`<br>c');
  });
});
