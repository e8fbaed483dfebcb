import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { makeRepo } from '../helpers/git-repo.js';
import { expectNoStack } from '../engine/fixtures.js';

/**
 * A FIFO or a device where Charter expects a file is refused or skipped, never read: a read
 * of a FIFO with no writer never ends (#37, #38). Each case runs the built binary and is
 * killed after 30 s, so a hang fails the test instead of stalling it.
 */

/**
 * Answers within these are no hang: a refusal comes before any check (about a second, a few
 * on a loaded machine); a skipped file comes after a whole check.
 */
const ANSWER_MS = 10_000;
const CHECK_MS = 15_000;
const KILL_MS = 30_000;

const CONTRACT = `version: 1
protect: [charter.yaml, secret/**]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;

function repoWith(files: Record<string, string> = {}): ReturnType<typeof makeRepo> {
  const repo = makeRepo({
    'charter.yaml': CONTRACT,
    'src/a.ts': 'export const a = 1;\n',
    ...files,
  });
  repo.commit('base');
  return repo;
}

function mkfifo(repo: ReturnType<typeof makeRepo>, file: string): string {
  const full = path.join(repo.root, file);
  repo.remove(file);
  execFileSync('mkfifo', [full]);
  return full;
}

/**
 * A process blocked opening the FIFO for writing: it stays blocked until some process opens the
 * FIFO for reading (even without blocking), so while it waits, nothing has opened the FIFO.
 */
const writers: ChildProcess[] = [];
function blockedWriter(fifo: string): ChildProcess {
  const writer = spawn('sh', ['-c', 'echo written > "$1"', 'sh', fifo], { stdio: 'ignore' });
  writers.push(writer);
  return writer;
}
afterEach(() => {
  for (const writer of writers.splice(0)) writer.kill('SIGKILL');
});

describe('a FIFO or a device is never opened', { timeout: 45_000 }, () => {
  it('#37: charter.yaml is a FIFO: check answers contract/unreadable at once (bd73598: blocked forever)', async () => {
    const repo = repoWith();
    const fifo = mkfifo(repo, 'charter.yaml');
    const run = await runBin(['check'], repo.root, { killAfterMs: KILL_MS });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(ANSWER_MS);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `charter: error [contract/unreadable] cannot read ${fifo}: it is a FIFO (named pipe), not a regular file\n` +
        '  hint: the contract must be a regular file; Charter never reads a pipe or a device, since the read may never end\n',
    );
  });

  it('#38: charter.yaml is a FIFO: the hook denies within its deadline and exits', async () => {
    const repo = repoWith();
    mkfifo(repo, 'charter.yaml');
    const event = JSON.stringify({
      session_id: 's',
      transcript_path: '/tmp/t',
      cwd: repo.root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: path.join(repo.root, 'src/e.ts'), content: 'eval(x);\n' },
      tool_use_id: 'u',
    });
    const run = await runBin(['hook', 'claude', 'PreToolUse'], repo.root, {
      input: event,
      killAfterMs: KILL_MS,
      env: { CHARTER_HOOK_DEADLINE_MS: '5000' },
    });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(ANSWER_MS);
    const answer = JSON.parse(run.stdout) as {
      hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
    };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expectNoStack(run.stderr);
  });

  it('--contract names a character device: contract/unreadable, nothing read', async () => {
    const repo = repoWith();
    const run = await runBin(['check', '--contract', '/dev/zero'], repo.root, {
      killAfterMs: KILL_MS,
    });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(ANSWER_MS);
    expect(run.stderr).toBe(
      'charter: error [contract/unreadable] cannot read /dev/zero: it is a character device, not a regular file\n' +
        '  hint: the contract must be a regular file; Charter never reads a pipe or a device, since the read may never end\n',
    );
  });

  it('the baseline file is a FIFO: baseline/unreadable (bd73598: blocked forever)', async () => {
    const repo = repoWith();
    const fifo = path.join(repo.root, 'charter.baseline.json');
    execFileSync('mkfifo', [fifo]);
    const run = await runBin(['check'], repo.root, { killAfterMs: KILL_MS });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(ANSWER_MS);
    expect(run.stderr).toBe(
      `charter: error [baseline/unreadable] ${fifo} is a FIFO (named pipe), not a regular file; Charter does not read it\n` +
        '  hint: the baseline must be a regular file; regenerate it with "charter baseline"\n',
    );
  });

  it('a checked file that is a FIFO is skipped with a finding, and never opened', async () => {
    const repo = repoWith({ 'src/b.ts': 'export const b = 2;\n' });
    const fifo = mkfifo(repo, 'src/b.ts');
    const writer = blockedWriter(fifo);
    const run = await runBin(['check', '--format', 'json', '--no-cache'], repo.root, {
      killAfterMs: KILL_MS,
    });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(CHECK_MS);
    const report = JSON.parse(run.stdout) as {
      findings: { code: string; incomplete?: boolean; location: { file: string } }[];
      skipped: { file: string; reason: string }[];
    };
    expect(report.skipped).toEqual([{ file: 'src/b.ts', reason: 'unreadable' }]);
    expect(
      new Set(report.findings.map((f) => `${f.code} ${f.location.file} ${f.incomplete}`)),
    ).toEqual(new Set(['charter/skipped-file src/b.ts true']));
    // bd73598 opened it (without blocking), which let the writer through.
    expect([writer.exitCode, writer.signalCode]).toEqual([null, null]);
  });

  it('an OpenAPI source that is a FIFO: every api rule says it could not check it', async () => {
    const spec = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n";
    const repo = makeRepo({
      'charter.yaml': `version: 1\nsources:\n  - { id: api, path: api/openapi.yaml, kind: openapi }\n`,
      'api/openapi.yaml': spec,
    });
    repo.commit('base');
    mkfifo(repo, 'api/openapi.yaml');
    const run = await runBin(['check', '--format', 'json', '--no-cache'], repo.root, {
      killAfterMs: KILL_MS,
    });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(CHECK_MS);
    const report = JSON.parse(run.stdout) as {
      findings: { code: string; data: { rule: string }; incomplete?: boolean }[];
    };
    const apiRules = report.findings.filter((f) => f.data.rule.startsWith('api/'));
    expect(apiRules.length).toBeGreaterThan(0);
    expect(new Set(apiRules.map((f) => `${f.code} ${f.incomplete}`))).toEqual(
      new Set(['charter/skipped-file true']),
    );
  });
});
