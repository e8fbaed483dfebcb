import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { parseReport } from '../engine/fixtures.js';
import { token } from '../rules/secrets/fake.js';

/**
 * Output quotes what it checks and what it was given. A secret in it is masked in every
 * format: the raw value is never printed, while fingerprints (and so baselines) are those of
 * the unmasked text.
 */

const GITHUB = token('ghp_', 36);
const MASKED = 'ghp_… (40 chars)';
const FORMATS = ['terminal', 'json', 'sarif', 'markdown'] as const;

/** A custom pattern whose message interpolates what its metavariables captured. */
const CAPTURE_CONTRACT = `version: 1
rules:
  secrets/hardcoded-secret: off
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-constant
          language: typescript
          rule: { pattern: const $NAME = $VAL }
          message: constant $NAME is $VAL
`;

function captureRepo() {
  const repo = makeRepo({
    'charter.yaml': CAPTURE_CONTRACT,
    'src/config.ts': `export const deployToken = "${GITHUB}";\n`,
  });
  repo.commit('base');
  return repo;
}

describe('a captured metavariable holding a token (#95)', () => {
  it('is masked in the terminal, JSON, SARIF and Markdown reports', async () => {
    const repo = captureRepo();
    for (const format of FORMATS) {
      const run = await runCharter(['check', '--no-cache', '--format', format], repo.root);
      expect(run.code, format).toBe(1);
      expect(`${run.stdout}${run.stderr}`, format).not.toContain(GITHUB);
    }
    const terminal = await runCharter(['check', '--no-cache'], repo.root);
    expect(terminal.stdout).toContain(`constant deployToken is "${MASKED}"`);
  });

  it('keeps the fingerprint of the unmasked line, so a baseline still matches', async () => {
    const repo = captureRepo();
    const report = parseReport(
      await runCharter(['check', '--no-cache', '--format', 'json'], repo.root),
    );
    expect(report.findings.map((f) => [f.code, f.message, f.location, f.fingerprint])).toEqual([
      [
        'custom/no-constant',
        `constant deployToken is "${MASKED}"`,
        { file: 'src/config.ts', line: 1, column: 8, endLine: 1, endColumn: 71 },
        fingerprintOf(
          'custom/no-constant',
          'src/config.ts',
          `export const deployToken = "${GITHUB}";`,
          0,
        ),
      ],
    ]);
    expect((await runCharter(['baseline', '--no-cache'], repo.root)).code).toBe(0);
    const again = parseReport(
      await runCharter(['check', '--no-cache', '--format', 'json'], repo.root),
    );
    expect([again.exitCode, again.summary.baselined, again.findings]).toEqual([0, 1, []]);
  });
});

describe('a token given as a contract key or a revision (#97)', () => {
  it('a contract key: masked in the error on stderr and in the JSON error', async () => {
    const repo = makeRepo({ 'charter.yaml': `version: 1\nrules:\n  ${GITHUB}: error\n` });
    repo.commit('base');
    const terminal = await runCharter(['check'], repo.root);
    expect(terminal.code).toBe(2);
    expect(terminal.stderr).toContain(`rules.${MASKED}: unknown rule "${MASKED}"`);
    const json = await runCharter(['check', '--format', 'json'], repo.root);
    expect(json.code).toBe(2);
    for (const text of [terminal.stdout, terminal.stderr, json.stdout, json.stderr])
      expect(text).not.toContain(GITHUB);
    const error = (JSON.parse(json.stdout) as { error: { problems: { path: string }[] } }).error;
    expect(error.problems.map((p) => p.path)).toEqual([`rules.${MASKED}`]);
  });

  it('a --base revision: masked in the error and its hint', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n', 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    for (const format of ['terminal', 'json']) {
      const run = await runCharter(['check', '--base', GITHUB, '--format', format], repo.root);
      expect(run.code).toBe(2);
      expect(`${run.stdout}${run.stderr}`).not.toContain(GITHUB);
      expect(run.stderr).toContain(`git revision "${MASKED}" does not exist in this repository`);
    }
  });
});

describe('a token in a file name (#96)', () => {
  it('is masked in the location of every format', async () => {
    const repo = makeRepo({
      'charter.yaml': `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: eval($$$A) }, message: eval is forbidden }
`,
      [`src/${GITHUB}.ts`]: 'eval(x);\n',
    });
    repo.commit('base');
    for (const format of FORMATS) {
      const run = await runCharter(['check', '--no-cache', '--format', format], repo.root);
      expect(run.code, format).toBe(1);
      expect(`${run.stdout}${run.stderr}`, format).not.toContain(GITHUB);
    }
    const report = parseReport(
      await runCharter(['check', '--no-cache', '--format', 'json'], repo.root),
    );
    expect(report.findings.map((f) => [f.code, f.location.file, f.fingerprint])).toEqual([
      [
        'custom/no-eval',
        `src/${MASKED}.ts`,
        fingerprintOf('custom/no-eval', `src/${GITHUB}.ts`, 'eval(x);', 0),
      ],
    ]);
  });
});
