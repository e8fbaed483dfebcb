import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE64, random, token } from '../rules/secrets/fake.js';
import { fixture, hookRepo, runHook } from './harness.js';
import type { HookRepo } from './harness.js';

/**
 * A hook answer quotes what the agent sent: a command, an edit's old text, a file name. A
 * secret in it is masked in the answer of every agent and in .charter/audit.jsonl.
 */

const AWS_SECRET = random(40, BASE64);
const GITHUB = token('ghp_', 36);
const MASKED_GITHUB = 'ghp_… (40 chars)';

function auditLog(repo: HookRepo): string {
  return readFileSync(path.join(repo.real, '.charter/audit.jsonl'), 'utf8');
}

describe('a Bash denial quoting a command with a secret (#93)', () => {
  const command = `AWS_SECRET_ACCESS_KEY=${AWS_SECRET} rm -rf charter.yaml`;
  const masked = `AWS_SECRET_ACCESS_KEY=${AWS_SECRET.slice(0, 4)}… (40 chars) rm -rf charter.yaml`;
  const agents: [string, string, string][] = [
    ['claude', 'PreToolUse', 'claude/PreToolUse.Bash.json'],
    ['codex', 'PreToolUse', 'codex/PreToolUse.Bash.json'],
    ['gemini', 'BeforeTool', 'gemini/BeforeTool.run_shell_command.json'],
    ['cursor', 'beforeShellExecution', 'cursor/beforeShellExecution.json'],
    ['copilot', 'preToolUse', 'copilot/preToolUse.bash.json'],
  ];

  for (const [agent, event, file] of agents) {
    it(`${agent}: the denial masks the secret, and so does the audit log`, async () => {
      const repo = hookRepo();
      const run = await runHook(
        ['hook', agent, event],
        fixture(file, { ROOT: repo.real, COMMAND: command }),
        repo.real,
      );
      expect(run.code).toBe(2);
      const answer = `${run.stdout}${run.stderr}`;
      expect(answer).toContain(`agent/protected-write: \`${masked}\` deletes charter.yaml`);
      expect(answer).not.toContain(AWS_SECRET);
      expect(auditLog(repo)).not.toContain(AWS_SECRET);
    });
  }
});

describe('an edit whose old text holds a token and is not in the file (#94)', () => {
  const oldString = `const token = "${GITHUB}";`;

  it('claude Edit: the fail-closed denial quotes the old text masked', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('claude/PreToolUse.Edit.json', { ROOT: repo.real })) as {
      tool_input: { old_string: string };
    };
    input.tool_input.old_string = oldString;
    const run = await runHook(['hook', 'claude', 'PreToolUse'], JSON.stringify(input), repo.real);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `replaces ("const token = "${MASKED_GITHUB}";") is not in the file`,
    );
    expect(`${run.stdout}${run.stderr}${auditLog(repo)}`).not.toContain(GITHUB);
  });

  it('gemini replace: the same', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('gemini/BeforeTool.replace.json', { ROOT: repo.real })) as {
      tool_input: { old_string: string };
    };
    input.tool_input.old_string = oldString;
    const run = await runHook(['hook', 'gemini', 'BeforeTool'], JSON.stringify(input), repo.real);
    expect(run.code).toBe(2);
    expect(`${run.stdout}${run.stderr}`).toContain(MASKED_GITHUB);
    expect(`${run.stdout}${run.stderr}${auditLog(repo)}`).not.toContain(GITHUB);
  });
});

describe('a token in the name of an edited file (#96)', () => {
  it('is masked in the denial and in .charter/audit.jsonl', async () => {
    const repo = hookRepo();
    const input = JSON.parse(fixture('claude/PreToolUse.Write.json', { ROOT: repo.real })) as {
      tool_input: { file_path: string; content: string };
    };
    input.tool_input.file_path = `${repo.real}/src/${GITHUB}.ts`;
    input.tool_input.content = 'export const skip = process.env.SKIP_AUTH;\n';
    const run = await runHook(['hook', 'claude', 'PreToolUse'], JSON.stringify(input), repo.real);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`where: src/${MASKED_GITHUB}.ts:1:21`);
    const audit = auditLog(repo);
    expect(audit).toContain(`src/${MASKED_GITHUB}.ts`);
    expect(`${run.stdout}${run.stderr}${audit}`).not.toContain(GITHUB);
  });
});
