import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/engine/check.js';
import { codeInfos } from '../../../src/engine/code-info.js';
import { reporterFor } from '../../../src/reporters/index.js';
import { makeRepo } from '../../helpers/git-repo.js';

/**
 * The examples of the secrets, security and env pages are executable: the Configuration
 * contract, the files under Invalid (each block announced by a `path`: line) and the report
 * they print, and the files under Valid, which must produce nothing.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const PAGES = [
  'secrets/hardcoded-secret',
  'env/mode-matrix',
  'security/auth-bypass-flag',
  'security/public-path-allowlist',
  'security/fake-jwt',
  'security/stub-user',
  'security/query-credentials',
  'security/tls-verification-disabled',
  'security/dynamic-code-on-input',
  'security/sql-concatenation',
  'security/http-in-migration',
  'security/production-db-in-tests',
];

interface Block {
  lang: string;
  text: string;
  file?: string;
}

export function section(page: string, title: string): Block[] {
  const start = page.indexOf(`\n## ${title}\n`);
  const end = page.indexOf('\n## ', start + 1);
  const body = page.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/(?:`([^`\n]+)`:\n\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[2] ?? '',
    text: m[3] ?? '',
    ...(m[1] ? { file: m[1] } : {}),
  }));
}

export async function runExample(code: string, contract: string, files: Block[]) {
  const repo = makeRepo({
    'charter.yaml': contract,
    ...Object.fromEntries(files.map((b) => [b.file as string, b.text])),
  });
  repo.commit('example');
  const result = await runCheck({
    cwd: repo.root,
    mode: 'worktree',
    failOn: 'error',
    cache: false,
    baselineFile: null,
    runCommands: false,
    rules: (rule) => rule.meta.code === code,
  });
  return result;
}

describe.each(PAGES)('docs/rules/%s.md', (code) => {
  const page = readFileSync(path.join(ROOT, 'docs', 'rules', `${code}.md`), 'utf8');
  const contract = section(page, 'Configuration').find((b) => b.lang === 'yaml')?.text ?? '';

  it('its Invalid files produce the report the page shows', async () => {
    const invalid = section(page, 'Invalid');
    const files = invalid.filter((b) => b.file);
    expect(files.length).toBeGreaterThan(0);
    const result = await runExample(code, contract, files);
    const text = reporterFor('terminal')(result.report, {
      color: false,
      codes: codeInfos(result.contract),
    });
    const shown = invalid.find((b) => b.lang === 'text')?.text ?? '';
    expect(`$ charter check\n${text}`.trimEnd()).toBe(shown.trimEnd());
    expect(result.report.findings.filter((f) => f.rule === code).length).toBeGreaterThan(0);
  });

  it('its Valid files produce nothing', async () => {
    const files = section(page, 'Valid').filter((b) => b.file);
    expect(files.length).toBeGreaterThan(0);
    const result = await runExample(code, contract, files);
    expect(
      result.report.findings.map(
        (f) => `${f.code} ${f.location.file}:${f.location.line} ${f.message}`,
      ),
    ).toEqual([]);
  });
});
