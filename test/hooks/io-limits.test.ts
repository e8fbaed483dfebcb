import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { readStdinText, STDIN_MAX_BYTES, StdinTooLargeError } from '../../src/cli/io.js';
import { runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/git-repo.js';
import { expectNoStack } from '../engine/fixtures.js';

const CONTRACT = `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;

function repo(): ReturnType<typeof makeRepo> {
  const created = makeRepo({ 'charter.yaml': CONTRACT, 'src/a.ts': 'export const a = 1;\n' });
  created.commit('base');
  return created;
}

function writeEvent(root: string, content: string): string {
  return JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: `${root}/src/e.ts`, content },
    tool_use_id: 'u',
  });
}

describe('stdin has a limit', () => {
  it('an event over 64 MiB is denied with hook/input-too-large, exit 2, in the agent protocol', async () => {
    const root = repo().root;
    const input = writeEvent(root, 'x'.repeat(STDIN_MAX_BYTES));
    const run = await runBin(['hook', 'claude', 'PreToolUse'], root, { input });
    expect(run.code).toBe(2);
    const reason =
      'Charter could not check this, so it is denied (fail-closed). charter/hook-error: hook/input-too-large: ' +
      `stdin holds more than ${STDIN_MAX_BYTES} bytes; the rest of it was not read\n` +
      'fix: Split the change into smaller edits; an agent event on stdin may hold at most 64 MiB.';
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: reason,
      },
    });
    expect(run.stderr).toBe(`${reason}\n`);
  }, 60_000);

  it('reading stops at the limit: what is past it is never read', async () => {
    const stream = new PassThrough();
    const read = readStdinText(stream, 10);
    stream.write(Buffer.from('0123456789'));
    stream.write(Buffer.from('abc'));
    await expect(read).rejects.toBeInstanceOf(StdinTooLargeError);
    expect(stream.destroyed).toBe(true);
  });

  it('an event at the limit is read in full', async () => {
    const stream = new PassThrough();
    const read = readStdinText(stream, 10);
    stream.end(Buffer.from('0123456789'));
    await expect(read).resolves.toBe('0123456789');
  });
});

describe('#105: a closed stdout or stderr (EPIPE)', () => {
  it('a denying hook still exits 2, with no stack trace (bd73598: exit 1, which agents take as allow)', async () => {
    const root = repo().root;
    const run = await runBin(['hook', 'claude', 'PreToolUse'], root, {
      input: writeEvent(root, 'eval(x);\n'),
      closeStdout: true,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1. custom/no-eval: eval is forbidden');
    expect(run.stderr).not.toContain('EPIPE');
    expectNoStack(run.stderr);
  }, 60_000);

  it('both closed: the denial is still exit 2', async () => {
    const root = repo().root;
    const run = await runBin(['hook', 'claude', 'PreToolUse'], root, {
      input: writeEvent(root, 'eval(x);\n'),
      closeStdout: true,
      closeStderr: true,
    });
    expect(run.code).toBe(2);
  }, 60_000);

  it('check exits with its decision: 0 for a clean tree, 1 for a finding', async () => {
    const clean = repo();
    const allowed = await runBin(['check'], clean.root, { closeStdout: true });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).not.toContain('EPIPE');
    clean.write({ 'src/e.ts': 'eval(x);\n' });
    const denied = await runBin(['check'], clean.root, { closeStdout: true });
    expect(denied.code).toBe(1);
    expect(denied.stderr).not.toContain('EPIPE');
  }, 60_000);
});
