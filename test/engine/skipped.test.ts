import { describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT, parseReport } from './fixtures.js';

const contract = `${EVAL_CONTRACT}maxFileSize: 100\n`;

function repoWithUncheckableFiles() {
  const repo = makeRepo({
    'charter.yaml': contract,
    'src/binary.ts': Buffer.from([0x65, 0x76, 0x61, 0x6c, 0x00, 0x01, 0x02]),
    'src/big.ts': `export const big = '${'x'.repeat(120)}';\n`,
    'src/latin1.ts': Buffer.from([
      0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x73, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x3b, 0x0a,
    ]),
    'src/ok.ts': 'export const ok = eval(ok);\n',
    // No rule reads PNG files: a binary one is not "skipped" for anybody.
    'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
  });
  repo.commit('base');
  return repo;
}

describe('files that cannot be checked as text', () => {
  it('are listed in the JSON report with a reason, and each needed one is a finding (exit 2)', async () => {
    const repo = repoWithUncheckableFiles();
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = parseReport(run);
    expect(report.skipped).toEqual([
      { file: 'src/big.ts', reason: 'too-large' },
      { file: 'src/binary.ts', reason: 'binary' },
      { file: 'src/latin1.ts', reason: 'not-utf8' },
    ]);
    expect(report.summary.filesSkipped).toBe(3);
    expect(report.decision).toBe('deny');
    // Every rule that needed a skipped file says so; other rules may read these files too.
    expect(
      report.findings.every((f) => f.code !== 'charter/skipped-file' || f.incomplete === true),
    ).toBe(true);
    const fromCustomPattern = report.findings.filter(
      (f) => f.code.startsWith('custom/') || f.data.rule === 'custom/pattern',
    );
    expect(
      fromCustomPattern.map((f) => [f.code, f.location.file, f.message, f.data, f.incomplete]),
    ).toEqual([
      [
        'charter/skipped-file',
        'src/big.ts',
        'custom/pattern could not check src/big.ts: the file is larger than maxFileSize',
        {
          rule: 'custom/pattern',
          file: 'src/big.ts',
          reason: 'too-large',
          extractors: 'custom-patterns',
        },
        true,
      ],
      [
        'charter/skipped-file',
        'src/binary.ts',
        'custom/pattern could not check src/binary.ts: the file is binary',
        {
          rule: 'custom/pattern',
          file: 'src/binary.ts',
          reason: 'binary',
          extractors: 'custom-patterns',
        },
        true,
      ],
      [
        'charter/skipped-file',
        'src/latin1.ts',
        'custom/pattern could not check src/latin1.ts: the file is not valid UTF-8',
        {
          rule: 'custom/pattern',
          file: 'src/latin1.ts',
          reason: 'not-utf8',
          extractors: 'custom-patterns',
        },
        true,
      ],
      [
        'custom/no-eval',
        'src/ok.ts',
        'do not eval ok',
        { pattern: 'no-eval', match: 'eval(ok)', X: 'ok' },
        undefined,
      ],
    ]);
  });

  it('raising maxFileSize or excluding the files makes the run complete', async () => {
    const repo = makeRepo({
      'charter.yaml': `${EVAL_CONTRACT}exclude: ['src/binary.ts', 'src/latin1.ts']\n`,
      'src/binary.ts': Buffer.from([0x00, 0x01]),
      'src/latin1.ts': Buffer.from([0xe9, 0x0a]),
      'src/big.ts': `export const big = '${'x'.repeat(120)}';\n`,
    });
    repo.commit('base');
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(0);
    expect(parseReport(run).skipped).toEqual([]);
  });

  it('a waiver for charter/skipped-file accepts them', async () => {
    const repo = makeRepo({
      'charter.yaml': `${EVAL_CONTRACT}waivers:\n  - { rule: charter/skipped-file, path: 'vendor/**', reason: VEN-1 vendored blobs, expires: 2999-12-31 }\n`,
      'vendor/blob.ts': Buffer.from([0x00, 0x01]),
    });
    repo.commit('base');
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    expect(run.code).toBe(0);
    const report = parseReport(run);
    expect(report.decision).toBe('allow');
    expect(report.skipped).toEqual([{ file: 'vendor/blob.ts', reason: 'binary' }]);
    expect(report.waived.map((f) => [f.code, f.location.file, f.waiver])).toEqual([
      [
        'charter/skipped-file',
        'vendor/blob.ts',
        { reason: 'VEN-1 vendored blobs', expires: '2999-12-31', path: 'vendor/**' },
      ],
    ]);
  });
});
