import { realpathSync } from 'node:fs';
import { runCheck } from '../../../src/engine/check.js';
import type { Finding } from '../../../src/engine/report-schema.js';
import { makeRepo } from '../../helpers/git-repo.js';

export interface CommandCase {
  contract: string;
  files?: Record<string, string>;
  command: string;
  /** Directory the command runs in, relative to the repository root. */
  cwd?: string;
  branch?: string;
}

/** Checks a proposed command against a real repository with the command rules only. */
export async function commandFindings(testCase: CommandCase, code: string): Promise<Finding[]> {
  const repo = makeRepo({ 'charter.yaml': testCase.contract, ...testCase.files });
  repo.commit('base');
  const root = realpathSync(repo.root);
  const result = await runCheck({
    cwd: root,
    mode: 'worktree',
    failOn: 'error',
    cache: false,
    baselineFile: null,
    rules: (rule) => rule.meta.command === true || rule.meta.judgesCommands === true,
    command: {
      source: testCase.command,
      cwd: testCase.cwd ? `${root}/${testCase.cwd}` : root,
      home: '/home/dev',
      ...(testCase.branch ? { branch: testCase.branch } : {}),
    },
    now: new Date('2026-06-01T12:00:00Z'),
  });
  return result.report.findings.filter(
    (f) => f.code === code || f.code === 'charter/internal-error',
  );
}

export function located(findings: readonly Finding[]): unknown[] {
  return findings.map((f) => ({
    code: f.code,
    file: f.location.file,
    line: f.location.line,
    column: f.location.column,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
    data: f.data,
  }));
}
