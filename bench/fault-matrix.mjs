#!/usr/bin/env node
// The fault matrix: bad inputs and adverse conditions, each run against the built CLI as real
// processes in throwaway git repositories, each with the fail-closed answer it must get.
//
//   node bench/fault-matrix.mjs [--bin PATH/bin/charter.js] [--only 72,73] [--json out.json]
//                               [--concurrency 2] [--keep]
//
// Every case gets its own temporary folder with HOME, XDG_STATE_HOME, XDG_CONFIG_HOME and
// XDG_RUNTIME_DIR inside it, and CHARTER_HOOK_DAEMON=0 except where the case is about the
// hook daemon. A case is one or more steps (a `charter check`, a `charter hook …` with its
// event on stdin); each step states what it expects: a denial (a hook denies or blocks, a check
// exits non-zero), exit 2 (could not check), a finding with a given code, or an allow. Then:
//
//   ok           every step got what it expects, and nothing below happened
//   fail-open    a violation passed: exit 0 or an allow where a denial was expected, or a hook
//                that exited 1 (agents treat exit 1 as allow)
//   hang         no answer within the hook's deadline plus a margin, or killed at the hard limit
//                (agents let a hook that times out through)
//   leak         a secret planted by the case shows up in stdout, stderr, a report file or an
//                audit log
//   stack-trace  a JavaScript stack frame, "Unhandled …", "FATAL ERROR" or exit 134 in the output
//   execution    a marker file that only a command from the checked repository (git config,
//                filter, fsmonitor, hooks, verify) would create exists
//   wrong-exit   denied, but not in the way the case requires (exit 1 where it must be exit 2,
//                a denial where an allow is required, a missing finding code)
//
// When a case shows several, the first of execution, leak, hang, stack-trace, fail-open,
// wrong-exit is its class. Prints a table and totals per class; exits 1 when any case is not ok.

import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { machineInfo, mdTable } from './common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** Deadline for hook steps that are not about time (a loaded machine must not decide them). */
const HOOK_DEADLINE_MS = 8000;
/**
 * Deadline for hook steps that are about time: the answer must come by it. Long enough for a
 * loaded machine to reach the slow part (with less, the deadline can pass while modules still
 * load, and the case would not measure what it is about).
 */
const SHORT_DEADLINE_MS = 5000;
/** How late after its deadline a hook may still answer before it counts as a hang. */
const MARGIN_MS = 5000;
/** A check (which has no deadline of its own) that runs this long is killed and is a hang. */
const CHECK_KILL_MS = 15000;
const NOBODY = 65534;

const CLASSES = ['execution', 'leak', 'hang', 'stack-trace', 'fail-open', 'wrong-exit'];

const log = (message) => process.stderr.write(`${message}\n`);

function parseArgs(argv) {
  const args = {
    bin: path.join(ROOT, 'bin', 'charter.js'),
    only: undefined,
    json: undefined,
    concurrency: 2,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bin') args.bin = path.resolve(argv[++i] ?? '');
    else if (flag === '--only')
      args.only = new Set(
        (argv[++i] ?? '')
          .split(',')
          .filter(Boolean)
          .map((s) => Number(s.replace(/^#/, ''))),
      );
    else if (flag === '--json') args.json = path.resolve(argv[++i] ?? '');
    else if (flag === '--concurrency') args.concurrency = Number(argv[++i]);
    else if (flag === '--keep') args.keep = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: node bench/fault-matrix.mjs [--bin PATH/bin/charter.js] [--only 72,73] [--json out.json] [--concurrency 2] [--keep]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  if (!existsSync(args.bin)) throw new Error(`--bin ${args.bin} does not exist (npm run build?)`);
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1)
    throw new Error('--concurrency must be an integer ≥ 1');
  return args;
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Runs a command to completion (or the kill limit); never throws for a non-zero exit. */
function runProcess(command, argv, options) {
  const { cwd, env, input, killMs = CHECK_KILL_MS, closeStdout = false, uid, gid } = options;
  return new Promise((resolve) => {
    const started = performance.now();
    let child;
    try {
      child = spawn(command, argv, {
        cwd,
        env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(uid !== undefined ? { uid, gid } : {}),
      });
    } catch (error) {
      resolve({
        code: null,
        signal: null,
        stdout: '',
        stderr: String(error),
        ms: 0,
        killed: false,
      });
      return;
    }
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    let killed = false;
    const keep = (list, chunk, bytes) => {
      // Enough to judge the answer and spot a leak; a runaway writer is not kept in memory.
      if (bytes < 8 * 1024 * 1024) list.push(chunk);
      return bytes + chunk.length;
    };
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk) => (outBytes = keep(out, chunk, outBytes)));
    child.stderr.on('data', (chunk) => (errBytes = keep(err, chunk, errBytes)));
    child.stdin.on('error', () => undefined);
    child.stdout.on('error', () => undefined);
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    const timer = setTimeout(() => {
      killed = true;
      killGroup(child.pid);
    }, killMs);
    child.on('error', (error) => err.push(Buffer.from(String(error))));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the step left running in its process group goes with it.
      killGroup(child.pid);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
        killed,
      });
    });
  });
}

function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Daemons a case started run detached; they carry the case's runtime folder in their environment. */
function killProcessesWithEnv(marker) {
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of entries) {
    if (Number(pid) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (environ.includes(marker)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // not ours, or gone
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Judging one step

const STACK_FRAME =
  /^ {4}at (?:async )?(?:[^\s()]+ )?\(?(?:node:|file:\/\/|\/)[^\s)]*:\d+(?::\d+)?\)?$|^ {4}at [^\n]*<anonymous>\)?$/m;

function stackTrace(run) {
  const text = `${run.stdout}\n${run.stderr}`;
  if (run.code === 134 || run.signal === 'SIGABRT') return `exit ${run.code ?? run.signal}`;
  if (STACK_FRAME.test(text)) return 'stack frame';
  if (/FATAL ERROR/.test(text)) return 'FATAL ERROR';
  if (/Unhandled|UnhandledPromiseRejection/.test(text)) return 'Unhandled';
  return undefined;
}

/** Whether a hook's answer denies or blocks, in any agent's protocol. */
function hookDenies(run) {
  if (run.code === 2) return true;
  for (const line of run.stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text);
      const specific = value.hookSpecificOutput ?? {};
      if (
        specific.permissionDecision === 'deny' ||
        value.permissionDecision === 'deny' ||
        value.decision === 'block' ||
        value.decision === 'deny' ||
        value.permission === 'deny' ||
        typeof value.followup_message === 'string'
      )
        return true;
    } catch {
      // not an answer
    }
  }
  return false;
}

const deadlineDenial = (run) => /did not finish within its deadline/.test(run.stderr + run.stdout);

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

function describeRun(run) {
  if (run.killed) return `killed at ${seconds(run.ms)}`;
  const exit = run.code === null ? `signal ${run.signal}` : `exit ${run.code}`;
  if (run.kind !== 'hook') return `${exit} ${seconds(run.ms)}`;
  const answer = hookDenies(run) ? (deadlineDenial(run) ? 'deadline-deny' : 'deny') : 'allow';
  return `${exit} ${answer} ${seconds(run.ms)}`;
}

/** Whether a hook answered too late: its deadline passed by more than the margin, or it was killed. */
function tooLate(run) {
  if (run.killed) return true;
  return run.kind === 'hook' && run.ms > run.deadlineMs + MARGIN_MS;
}

function findingCodes(run) {
  try {
    const report = JSON.parse(run.stdout);
    return [...(report.findings ?? [])].map((f) => f.code);
  } catch {
    return undefined;
  }
}

/**
 * The class of one step against what it expects:
 * deny | exit2 | finding:<code> | allow.
 */
function judge(run, expect, openClass = 'fail-open') {
  const verdict = judgeDecision(run, expect);
  return verdict === 'fail-open' ? openClass : verdict;
}

function judgeDecision(run, expect) {
  if (tooLate(run)) return 'hang';
  const isHook = run.kind === 'hook';
  if (expect === 'allow') {
    if (isHook) {
      if (!hookDenies(run) && run.code === 0) return 'ok';
      return deadlineDenial(run) ? 'hang' : 'wrong-exit';
    }
    return run.code === 0 ? 'ok' : 'wrong-exit';
  }
  if (isHook) {
    // Exit 1 from a hook is an allow to every agent, whatever it printed.
    if (run.code === 1) return 'fail-open';
    if (!hookDenies(run)) return run.code === 0 ? 'fail-open' : 'wrong-exit';
    if (expect === 'exit2') return run.code === 2 ? 'ok' : 'wrong-exit';
    return 'ok';
  }
  if (run.code === 0) return 'fail-open';
  if (run.code !== 1 && run.code !== 2) return 'wrong-exit';
  if (expect === 'exit2') return run.code === 2 ? 'ok' : 'wrong-exit';
  if (expect.startsWith('finding:')) {
    const code = expect.slice('finding:'.length);
    const codes = findingCodes(run);
    return codes?.includes(code) ? 'ok' : 'wrong-exit';
  }
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// A case's world: its folder, repositories, secrets and markers

const BASE_CONTRACT = `version: 1
protect: [charter.yaml, secret/**, .claude/**]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;

const EVAL = 'export function run(x: string) {\n  return eval(x);\n}\n';

const OPENAPI = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses: { '200': { description: ok } }
`;

const SERVER_TS = `import express from 'express';
const app = express();
app.get('/items', (req, res) => res.json([]));
export default app;
`;

const apiContract = (rules) => `version: 1
protect: [charter.yaml]
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
rules:
${rules}`;

const alnum = (n) => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
};

const sha1 = (text) => createHash('sha1').update(text).digest('hex');

class Case {
  constructor(def, root, bin) {
    this.bin = bin;
    this.dir = path.join(root, `case-${def.id}`);
    mkdirSync(this.dir, { recursive: true });
    this.home = path.join(this.dir, 'home');
    this.runtime = path.join(this.dir, 'run');
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.runtime, { recursive: true, mode: 0o700 });
    chmodSync(this.runtime, 0o700);
    this.steps = [];
    this.secrets = [];
    this.markers = [];
    this.scanFiles = [];
  }

  /** The environment every process of the case gets (nothing of the caller's but PATH). */
  env(extra = {}) {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: this.home,
      XDG_STATE_HOME: path.join(this.home, '.local', 'state'),
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      XDG_RUNTIME_DIR: this.runtime,
      TMPDIR: os.tmpdir(),
      NO_COLOR: '1',
      CHARTER_HOOK_DAEMON: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
      ...extra,
    };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    return env;
  }

  path(...parts) {
    return path.join(this.dir, ...parts);
  }

  /** A token the secret scanner recognises; it must never be printed or logged. */
  secret(kind = 'github') {
    const token = kind === 'aws-secret' ? alnum(40) : `ghp_${alnum(36)}`;
    this.secrets.push(token);
    return token;
  }

  /** A file only a command from the checked repository would create. */
  marker(name) {
    const file = this.path(`EXECUTED-${name}`);
    this.markers.push(file);
    return file;
  }

  /** Text with every planted secret replaced, for labels and tables. */
  mask(text) {
    return this.secrets.reduce((acc, token) => acc.split(token).join('<secret>'), String(text));
  }

  /** Removes markers the case's own setup may have created (git runs hooks for the harness too). */
  armMarkers() {
    for (const file of this.markers) rmSync(file, { force: true });
  }

  async git(cwd, args, { allowFail = false } = {}) {
    const run = await runProcess('git', args, { cwd, env: this.env(), killMs: 30000 });
    if (run.code !== 0 && !allowFail)
      throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${run.stderr.trim()}`);
    return run.stdout;
  }

  write(base, rel, content) {
    const file = path.join(base, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  /** A git repository like the reproductions' `mkrepo`: a contract, src/a.ts, one commit. */
  async repo({
    name = 'repo',
    contract = BASE_CONTRACT,
    files = {},
    commit = true,
    git = true,
  } = {}) {
    const dir = this.path(name);
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    if (git) await this.git(dir, ['init', '-q', '-b', 'main']);
    if (contract !== null) this.write(dir, 'charter.yaml', contract);
    this.write(dir, '.gitignore', '.charter/\n');
    this.write(dir, 'src/a.ts', 'export const a = 1;\n');
    for (const [rel, content] of Object.entries(files)) this.write(dir, rel, content);
    if (git && commit) await this.commitAll(dir, 'init');
    return dir;
  }

  async commitAll(dir, message) {
    await this.git(dir, ['add', '-A']);
    await this.git(dir, ['commit', '-q', '--no-verify', '-m', message]);
  }

  /** `charter …` as a process. */
  async cli(args, { cwd, env = {}, input, killMs = CHECK_KILL_MS, closeStdout, uid, gid, label }) {
    const run = await runProcess(process.execPath, [this.bin, ...args], {
      cwd,
      env: this.env(env),
      input,
      killMs,
      closeStdout,
      uid,
      gid,
    });
    run.kind = 'cli';
    run.label = this.mask(label ?? `charter ${args.join(' ')}`)
      .split(`${this.dir}/`)
      .join('')
      .slice(0, 80);
    return run;
  }

  check(cwd, args = [], options = {}) {
    return this.cli(['check', ...args], { cwd, ...options });
  }

  /** `charter hook AGENT EVENT --deadline D` with the event on stdin (an object, or raw text). */
  async hook(agent, event, payload, options = {}) {
    const {
      cwd,
      deadline = HOOK_DEADLINE_MS,
      daemon = false,
      env = {},
      closeStdout,
      label,
    } = options;
    const input =
      typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    const run = await runProcess(
      process.execPath,
      [this.bin, 'hook', agent, event, '--deadline', String(deadline)],
      {
        cwd,
        env: this.env({ ...(daemon ? { CHARTER_HOOK_DAEMON: undefined } : {}), ...env }),
        input,
        killMs: options.killMs ?? deadline + MARGIN_MS + 2000,
        closeStdout,
      },
    );
    run.kind = 'hook';
    run.deadlineMs = deadline;
    run.label = this.mask(label ?? `hook ${agent} ${event}`);
    return run;
  }

  /** Claude Code's PreToolUse for a tool. */
  pre(cwd, tool, toolInput, options = {}) {
    return this.hook('claude', 'PreToolUse', claudeEvent(cwd, 'PreToolUse', tool, toolInput), {
      cwd,
      label: `Pre ${tool} ${summarize(this.mask(JSON.stringify(toolInput)), cwd)}`,
      ...options,
    });
  }

  /** `check` flags for a report in every format: files (scanned for leaks) and the terminal. */
  everyFormat() {
    const out = this.path('reports');
    mkdirSync(out, { recursive: true });
    const args = [];
    for (const format of ['json', 'sarif', 'markdown']) {
      const file = path.join(out, `report.${format}`);
      this.scanFiles.push(file);
      args.push('--format', format, '--output', file);
    }
    return [...args, '--format', 'terminal'];
  }

  /** Claude Code's PreToolUse for a Write of `rel` in `repo`. */
  preWrite(repo, rel, content, options = {}) {
    // Joined as text, not normalised: a path like src/../charter.yaml must reach the hook as is.
    return this.pre(repo, 'Write', { file_path: `${repo}/${rel}`, content }, options);
  }

  preBash(repo, command, options = {}) {
    return this.pre(repo, 'Bash', { command }, options);
  }

  stop(cwd, options = {}) {
    return this.hook('claude', 'Stop', stopEvent(cwd), { cwd, label: 'Stop', ...options });
  }

  post(cwd, tool = 'Bash', options = {}) {
    return this.hook('claude', 'PostToolUse', claudeEvent(cwd, 'PostToolUse', tool, {}), {
      cwd,
      label: `Post ${tool}`,
      ...options,
    });
  }

  /** Records a judged step. */
  expect(run, expected, openClass) {
    const verdict = judge(run, expected, openClass);
    this.steps.push({ label: run.label, expected, got: describeRun(run), class: verdict, run });
    return run;
  }

  expectDeny(run) {
    return this.expect(run, 'deny');
  }

  /** `openClass`: what an allow is when nothing harmful can pass (the edit cannot land anyway). */
  expectExit2(run, openClass) {
    return this.expect(run, 'exit2', openClass);
  }

  expectFinding(run, code) {
    return this.expect(run, `finding:${code}`);
  }

  expectAllow(run) {
    return this.expect(run, 'allow');
  }

  /** A step whose verdict the case decides itself (e.g. a file must not exist). */
  expectThat(label, expected, ok, got, failClass = 'fail-open') {
    this.steps.push({ label, expected, got, class: ok ? 'ok' : failClass });
  }

  /** Runs a step whose outcome is not judged (setup through the CLI); its output is still scanned. */
  unjudged(run) {
    this.steps.push({ label: run.label, expected: '-', got: describeRun(run), class: 'ok', run });
    return run;
  }
}

/** What a tool call is about, short: its command or file (from the masked JSON of its input). */
function summarize(maskedJson, cwd) {
  const masked = JSON.parse(maskedJson);
  const value = masked.command ?? masked.file_path ?? masked.notebook_path ?? masked.path ?? '';
  const text = String(value).split(`${cwd}/`).join('').replace(/\s+/g, ' ');
  return text.length > 48 ? `${text.slice(0, 45)}…` : text;
}

function claudeEvent(cwd, event, tool, toolInput) {
  return {
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd,
    hook_event_name: event,
    tool_name: tool,
    tool_input: toolInput,
    tool_response: {},
    tool_use_id: 'u',
  };
}

function stopEvent(cwd) {
  return {
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd,
    hook_event_name: 'Stop',
    stop_hook_active: false,
  };
}

/**
 * Rewrites every fact pack so `file`'s blob id maps to "no facts", with the pack's checksum
 * recomputed the way an attacker would (an unkeyed sha1). A pack in a format this does not
 * know is overwritten in that same forged format: a tool that authenticates its packs must
 * reject it either way.
 */
async function forgePacks(t, repo, file) {
  const cacheDir = path.join(repo, '.charter', 'cache');
  const oid = (await t.git(repo, ['hash-object', '--no-filters', file])).trim();
  mkdirSync(cacheDir, { recursive: true });
  const packs = readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
  for (const name of packs) {
    const pack = path.join(cacheDir, name);
    let rows = [];
    try {
      const text = readFileSync(pack, 'utf8');
      rows = JSON.parse(text.slice(text.indexOf('\n') + 1));
      if (!Array.isArray(rows)) rows = [];
    } catch {
      rows = [];
    }
    // Another file's facts stand in for "nothing here" (null stays null: some packs use it).
    const empty = name.includes('secrets-')
      ? { secrets: [], allows: [] }
      : rows.length > 0
        ? rows[0][2]
        : [];
    const body = JSON.stringify([...rows.filter((row) => row[0] !== file), [file, oid, empty]]);
    writeFileSync(pack, `charter-cache 2 ${sha1(body)}\n${body}`);
  }
}

/** Files under `dir` named `name` (audit logs), skipping .git. */
function findFiles(dir, name, depth = 6) {
  const found = [];
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.git' && depth > 0)
      found.push(...findFiles(full, name, depth - 1));
    else if (entry.isFile() && entry.name === name) found.push(full);
  }
  return found;
}

function chownTree(dir, uid, gid) {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

/** A Unix socket server that answers every hook request "allow" in the daemon's wire format. */
function fakeDaemon(socket) {
  const answer = JSON.stringify({ stdout: '', stderr: '', exitCode: 0 });
  const server = net.createServer({ allowHalfOpen: true }, (connection) => {
    let answered = false;
    const reply = () => {
      if (answered) return;
      answered = true;
      connection.end(answer);
    };
    connection.on('data', () => setTimeout(reply, 200).unref());
    connection.on('end', reply);
    connection.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve(server));
  });
}

/** Sockets under the case's own runtime and home folders (wherever a daemon puts its socket). */
function daemonSockets(t, dirs = [t.runtime, t.home], depth = 4) {
  const found = [];
  for (const dir of dirs) {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isSocket()) found.push(full);
      else if (entry.isDirectory() && depth > 0) found.push(...daemonSockets(t, [full], depth - 1));
    }
  }
  return found;
}

async function waitFor(predicate, timeoutMs) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await predicate()) return true;
    await sleep(100);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The cases. Numbers 6 10 11 12 17 26 32 33 37 38 46 47 48 51 52 54 59 64 72 73 74 75 77 79 88
// 89 93–99 102 103 105 are the reproductions of the December 2026 report; the others complete
// the matrix with the same classes of adverse input.

const CASES = [];
const defineCase = (id, title, expected, run) => CASES.push({ id, title, expected, run });

// Contract ------------------------------------------------------------------------------------

defineCase(1, 'contract missing', 'check exit 2; hook denies', async (t) => {
  const repo = await t.repo({ contract: null, files: { 'src/e.ts': EVAL } });
  t.expectExit2(await t.check(repo));
  t.expectDeny(await t.preWrite(repo, 'src/x.ts', EVAL));
});

defineCase(2, 'contract is an empty file', 'check exit 2', async (t) => {
  const repo = await t.repo({ contract: '', files: { 'src/e.ts': EVAL } });
  t.expectExit2(await t.check(repo));
});

defineCase(3, 'contract is invalid YAML', 'check exit 2; hook denies', async (t) => {
  const repo = await t.repo({ contract: 'version: 1\nprotect: [charter.yaml\n' });
  t.expectExit2(await t.check(repo));
  t.expectDeny(await t.preWrite(repo, 'src/x.ts', 'x\n'));
});

defineCase(4, 'contract has version: 2', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: BASE_CONTRACT.replace('version: 1', 'version: 2'),
  });
  t.expectExit2(await t.check(repo));
});

defineCase(5, 'contract names an unknown rule', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: `${BASE_CONTRACT}  custom/no-such-rule: error\n`,
  });
  t.expectExit2(await t.check(repo));
});

defineCase(6, '300,000 protect globs', 'exit 2 (size limit), no crash', async (t) => {
  const globs = Array.from({ length: 300000 }, (_, i) => `  - g/${i}/**`).join('\n');
  const repo = await t.repo({ contract: `version: 1\nprotect:\n${globs}\n` });
  t.expectExit2(await t.check(repo));
});

defineCase(7, 'protect glob that matches nothing (leading slash)', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: BASE_CONTRACT.replace('protect: [charter.yaml,', "protect: ['/charter.yaml',"),
  });
  t.expectExit2(await t.check(repo));
});

defineCase(8, 'waiver with an impossible date (2026-02-30)', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: `${BASE_CONTRACT}waivers:\n  - { rule: custom/no-eval, path: 'src/**', reason: SEC-12 accepted, expires: 2026-02-30 }\n`,
    files: { 'src/e.ts': EVAL },
  });
  t.expectExit2(await t.check(repo));
});

defineCase(9, 'duplicate key: a second empty protect list', 'check exit 2', async (t) => {
  const repo = await t.repo({ contract: `${BASE_CONTRACT}protect: []\n` });
  t.expectExit2(await t.check(repo));
});

const EVIL = `${'a'.repeat(40)}!`;

defineCase(
  10,
  'api/operation-id pattern that backtracks',
  'hook denies within deadline',
  async (t) => {
    const repo = await t.repo({
      contract: apiContract(
        "  api/operation-id: { severity: warn, options: { pattern: '^(a+)+$' } }\n",
      ),
      files: { 'api/openapi.yaml': OPENAPI },
    });
    const spec = OPENAPI.replace('operationId: listItems', `operationId: '${EVIL}'`);
    t.expectDeny(await t.preWrite(repo, 'api/openapi.yaml', spec, { deadline: SHORT_DEADLINE_MS }));
  },
);

const QUERY_REDOS = "  api/query-token-auth: { severity: error, options: { names: ['(a+)+$'] } }\n";

defineCase(
  11,
  'api/query-token-auth names regex that backtracks',
  'hook denies within deadline',
  async (t) => {
    const repo = await t.repo({
      contract: apiContract(QUERY_REDOS),
      files: { 'api/openapi.yaml': OPENAPI },
    });
    const spec = OPENAPI.replace('name: limit', `name: '${EVIL}'`);
    t.expectDeny(await t.preWrite(repo, 'api/openapi.yaml', spec, { deadline: SHORT_DEADLINE_MS }));
  },
);

defineCase(
  12,
  'secrets allow regex with overlapping alternation',
  'check answers (exit 2 or finding)',
  async (t) => {
    const repo = await t.repo({
      contract: `${BASE_CONTRACT}  secrets/hardcoded-secret:\n    severity: error\n    options: { allow: ['^([a-zA-Z0-9]|[a-zA-Z0-9])*$'] }\n`,
      files: {
        'src/fetch.sh': `curl -u admin:${alnum(34)}! https://api.example.com/\n`,
        'src/db.ts': `export const url = 'postgres://app:${alnum(34)}!@db.example.com/app';\n`,
      },
    });
    t.expectDeny(await t.check(repo, [], { killMs: 12000 }));
  },
);

defineCase(13, 'invalid regular expression in idPattern', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: `${BASE_CONTRACT}sources:\n  - { id: prd, path: docs/PRD.md, kind: requirements, idPattern: '([A-Z' }\n`,
    files: { 'docs/PRD.md': '# PRD\nREQ-001 a requirement\n' },
  });
  t.expectExit2(await t.check(repo));
});

defineCase(14, 'contract of 8 MiB', 'exit 2 (size limit) within time', async (t) => {
  const padding = `# ${'x'.repeat(1021)}\n`.repeat(8 * 1024);
  const repo = await t.repo({
    contract: `${BASE_CONTRACT}${padding}`,
    files: { 'src/e.ts': EVAL },
  });
  t.expectExit2(await t.check(repo));
});

defineCase(15, 'contract is binary (NUL bytes)', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: Buffer.concat([Buffer.from('version: 1\n'), randomBytes(4096), Buffer.alloc(64)]),
  });
  t.expectExit2(await t.check(repo));
});

defineCase(16, 'YAML alias bomb (9 levels of 9 aliases)', 'check exit 2 within time', async (t) => {
  const lines = ['version: 1', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++)
    lines.push(`x${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  lines.push('protect: *a8');
  const repo = await t.repo({ contract: `${lines.join('\n')}\n` });
  t.expectExit2(await t.check(repo));
});

defineCase(
  17,
  'contract encoded as Latin-1',
  'check exit 2 (not UTF-8); Stop blocks',
  async (t) => {
    const text = BASE_CONTRACT.replace(
      'protect: [charter.yaml,',
      'protect: [charter.yaml, "données/**",',
    );
    const repo = await t.repo({
      contract: Buffer.from(text, 'latin1'),
      files: { 'données/x.txt': 'x\n' },
    });
    t.write(repo, 'données/x.txt', 'changed\n');
    t.expectExit2(await t.check(repo));
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(18, 'contract encoded as UTF-16 with a BOM', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE_CONTRACT, 'utf16le')]),
  });
  t.expectExit2(await t.check(repo));
});

defineCase(19, 'charter.yaml is a folder', 'check exit 2; hook denies', async (t) => {
  const repo = await t.repo({ contract: null });
  t.write(repo, 'charter.yaml/inner.yaml', BASE_CONTRACT);
  t.expectExit2(await t.check(repo));
  t.expectDeny(await t.preWrite(repo, 'src/x.ts', EVAL));
});

defineCase(20, 'misspelt top-level key (protekt)', 'check exit 2', async (t) => {
  const repo = await t.repo({ contract: 'version: 1\nprotekt: [charter.yaml]\n' });
  t.expectExit2(await t.check(repo));
});

defineCase(21, 'rule options of the wrong type (patterns: 5)', 'check exit 2', async (t) => {
  const repo = await t.repo({
    contract:
      'version: 1\nrules:\n  custom/pattern: { severity: error, options: { patterns: 5 } }\n',
  });
  t.expectExit2(await t.check(repo));
});

defineCase(22, 'contract nested 50,000 levels deep', 'check exit 2, no crash', async (t) => {
  const depth = 50000;
  const repo = await t.repo({
    contract: `version: 1\nprotect: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
  });
  t.expectExit2(await t.check(repo));
});

// CLI -----------------------------------------------------------------------------------------

defineCase(
  23,
  'bad flags: unknown flag, --format, --fail-on, --head alone',
  'exit 2 each',
  async (t) => {
    const repo = await t.repo({ files: { 'src/e.ts': EVAL } });
    t.expectExit2(await t.check(repo, ['--bogus']));
    t.expectExit2(await t.check(repo, ['--format', 'bogus']));
    t.expectExit2(await t.check(repo, ['--fail-on', 'never']));
    t.expectExit2(await t.check(repo, ['--head', 'HEAD']));
  },
);

// Repository ----------------------------------------------------------------------------------

defineCase(24, 'not a git repository', 'check finds the violation', async (t) => {
  const dir = await t.repo({ name: 'plain', git: false, files: { 'src/e.ts': EVAL } });
  t.expectFinding(await t.check(dir, ['--format', 'json']), 'custom/no-eval');
});

defineCase(
  25,
  'repository with no commits',
  'check finds; hook denies a protected write',
  async (t) => {
    const repo = await t.repo({ commit: false, files: { 'src/e.ts': EVAL } });
    t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
    t.expectDeny(await t.preWrite(repo, 'charter.yaml', 'version: 1\n'));
  },
);

defineCase(26, 'unresolved merge conflict', 'check and Stop deny', async (t) => {
  const repo = await t.repo();
  t.write(repo, 'src/c.ts', 'export const c = 0;\n');
  await t.commitAll(repo, 'c');
  await t.git(repo, ['checkout', '-q', '-b', 'other']);
  t.write(repo, 'src/c.ts', 'export const c = eval("1");\n');
  await t.commitAll(repo, 'other');
  await t.git(repo, ['checkout', '-q', 'main']);
  t.write(repo, 'src/c.ts', 'export const c = 2;\n');
  await t.commitAll(repo, 'main');
  await t.git(repo, ['merge', '-q', 'other'], { allowFail: true });
  t.expectDeny(await t.check(repo));
  t.expectDeny(await t.stop(repo));
});

defineCase(27, 'detached HEAD', 'check finds; hook denies a protected write', async (t) => {
  const repo = await t.repo();
  await t.git(repo, ['checkout', '-q', '--detach']);
  t.write(repo, 'src/e.ts', EVAL);
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
  t.expectDeny(await t.preWrite(repo, 'charter.yaml', 'version: 1\n'));
});

defineCase(28, 'shallow clone: --base revision is not there', 'check exit 2', async (t) => {
  const origin = await t.repo({ name: 'origin' });
  t.write(origin, 'src/b.ts', 'export const b = 1;\n');
  await t.commitAll(origin, 'second');
  const clone = t.path('clone');
  await t.git(t.dir, ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
  t.write(clone, 'src/e.ts', EVAL);
  await t.commitAll(clone, 'pr');
  t.expectExit2(await t.check(clone, ['--base', 'HEAD~2']));
});

defineCase(29, 'bare repository', 'check exit 2', async (t) => {
  const repo = await t.repo();
  const bare = t.path('bare.git');
  await t.git(t.dir, ['clone', '-q', '--bare', repo, bare]);
  t.expectExit2(await t.check(bare));
});

defineCase(30, 'submodule next to a violation', 'check finds the violation', async (t) => {
  const sub = await t.repo({ name: 'sub', contract: null });
  const repo = await t.repo();
  await t.git(repo, [
    '-c',
    'protocol.file.allow=always',
    'submodule',
    'add',
    '-q',
    sub,
    'vendor/sub',
  ]);
  await t.commitAll(repo, 'submodule');
  t.write(repo, 'src/e.ts', EVAL);
  t.write(repo, 'vendor/sub/src/e.ts', EVAL);
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
});

defineCase(31, 'linked worktree', 'check finds; hook denies a protected write', async (t) => {
  const repo = await t.repo();
  const linked = t.path('linked');
  await t.git(repo, ['worktree', 'add', '-q', '-b', 'feature', linked]);
  t.write(linked, 'src/e.ts', EVAL);
  t.expectFinding(await t.check(linked, ['--format', 'json']), 'custom/no-eval');
  t.expectDeny(await t.preWrite(linked, 'charter.yaml', 'version: 1\n'));
});

defineCase(32, 'unreadable untracked folder', 'check exit 2 (could not check)', async (t) => {
  const repo = await t.repo();
  t.write(repo, 'src/locked/x.ts', EVAL);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Root reads everything: the check runs as nobody, who owns the repository but not the folder's contents.
    chmodSync(t.dir, 0o755);
    chmodSync(path.dirname(t.dir), 0o755);
    chownTree(t.dir, NOBODY, NOBODY);
  }
  chmodSync(path.join(repo, 'src', 'locked'), 0o000);
  const run = await t.check(repo, [], asRoot ? { uid: NOBODY, gid: NOBODY } : {});
  chmodSync(path.join(repo, 'src', 'locked'), 0o755);
  t.expectExit2(run);
});

defineCase(
  33,
  'untracked symlink to a file outside the repository',
  'what it points to is checked (deny)',
  async (t) => {
    const repo = await t.repo();
    const outside = t.write(t.dir, 'outside/evil.ts', EVAL);
    symlinkSync(outside, path.join(repo, 'src', 'linked.ts'));
    // Decision: the build reads what the link points to, so the check must too (or say it could not).
    t.expectDeny(await t.check(repo));
  },
);

defineCase(34, 'sparse checkout', 'check finds; hook denies a protected write', async (t) => {
  const repo = await t.repo({
    files: { 'docs/x.md': '# x\n', 'lib/l.ts': 'export const l = 1;\n' },
  });
  await t.git(repo, ['sparse-checkout', 'set', 'src']);
  t.write(repo, 'src/e.ts', EVAL);
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
  t.expectDeny(await t.preWrite(repo, 'charter.yaml', 'version: 1\n'));
});

defineCase(
  35,
  'file names with a newline and non-ASCII characters',
  'both files found',
  async (t) => {
    const repo = await t.repo();
    t.write(repo, 'src/new\nline.ts', EVAL);
    t.write(repo, 'src/ünï cödé ☃.ts', EVAL);
    const run = await t.check(repo, ['--format', 'json']);
    const files = new Set();
    try {
      for (const f of JSON.parse(run.stdout).findings ?? [])
        if (f.code === 'custom/no-eval') files.add(f.location.file);
    } catch {
      // not a report: judged below
    }
    t.expectDeny(run);
    t.expectThat('both files reported', '2 files', files.size === 2, `${files.size} files`);
  },
);

defineCase(36, 'TypeScript file with NUL bytes', 'check denies (skipped-file)', async (t) => {
  const repo = await t.repo();
  t.write(
    repo,
    'src/bin.ts',
    Buffer.concat([Buffer.from(EVAL), Buffer.alloc(16), Buffer.from(EVAL)]),
  );
  t.expectDeny(await t.check(repo));
});

defineCase(37, 'contract is a FIFO: check', 'exit 2 within time', async (t) => {
  const repo = await t.repo({ contract: null });
  await runProcess('mkfifo', [path.join(repo, 'charter.yaml')], { cwd: repo, env: t.env() });
  t.expectExit2(await t.check(repo, [], { killMs: 12000 }));
});

defineCase(38, 'contract is a FIFO: hook', 'denial within deadline, process exits', async (t) => {
  const repo = await t.repo({ contract: null });
  await runProcess('mkfifo', [path.join(repo, 'charter.yaml')], { cwd: repo, env: t.env() });
  t.expectDeny(await t.preWrite(repo, 'src/x.ts', EVAL, { deadline: SHORT_DEADLINE_MS }));
});

defineCase(39, 'source file over maxFileSize (2 MiB)', 'check denies (skipped-file)', async (t) => {
  const repo = await t.repo();
  t.write(repo, 'src/big.ts', `${'// filler line\n'.repeat(140000)}${EVAL}`);
  t.expectDeny(await t.check(repo));
});

defineCase(
  40,
  'untracked FIFO named like a source file',
  'check and Stop answer, deny',
  async (t) => {
    const repo = await t.repo();
    await runProcess('mkfifo', [path.join(repo, 'src', 'pipe.ts')], { cwd: repo, env: t.env() });
    t.write(repo, 'src/e.ts', EVAL);
    t.expectDeny(await t.check(repo, [], { killMs: 12000 }));
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(41, 'untracked symlink loop', 'check answers, denies', async (t) => {
  const repo = await t.repo();
  symlinkSync('l2.ts', path.join(repo, 'src', 'l1.ts'));
  symlinkSync('l1.ts', path.join(repo, 'src', 'l2.ts'));
  t.write(repo, 'src/e.ts', EVAL);
  t.expectDeny(await t.check(repo, [], { killMs: 12000 }));
});

defineCase(42, 'unwritable --output (under a file; a folder)', 'exit 2 each', async (t) => {
  const repo = await t.repo();
  const file = t.write(t.dir, 'not-a-folder', 'x\n');
  t.expectExit2(await t.check(repo, ['--format', 'json', '--output', path.join(file, 'r.json')]));
  t.expectExit2(await t.check(repo, ['--format', 'json', '--output', t.dir]));
});

defineCase(43, 'git not on PATH', 'check denies; hook denies a protected write', async (t) => {
  const repo = await t.repo({ files: {} });
  t.write(repo, 'src/e.ts', EVAL);
  const bin = t.path('nogit-bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env = { PATH: bin };
  t.expectDeny(await t.check(repo, [], { env }));
  t.expectDeny(await t.preWrite(repo, 'charter.yaml', 'version: 1\n', { env }));
});

defineCase(
  44,
  '.git file pointing at a missing folder',
  'check denies; hook denies a protected write',
  async (t) => {
    const dir = await t.repo({ name: 'broken', git: false, files: { 'src/e.ts': EVAL } });
    t.write(dir, '.git', `gitdir: ${t.path('nowhere')}\n`);
    t.expectDeny(await t.check(dir));
    t.expectDeny(await t.preWrite(dir, 'charter.yaml', 'version: 1\n'));
  },
);

defineCase(45, 'protected path spelt src/../charter.yaml and relative', 'hooks deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preWrite(repo, 'src/../charter.yaml', 'version: 1\n'));
  t.expectDeny(
    await t.hook(
      'claude',
      'PreToolUse',
      claudeEvent(path.join(repo, 'src'), 'PreToolUse', 'Edit', {
        file_path: '../charter.yaml',
        old_string: 'version: 1',
        new_string: 'version: 1 # edited',
      }),
      { cwd: path.join(repo, 'src'), label: 'Pre Edit ../charter.yaml from src/' },
    ),
  );
});

// Cache ---------------------------------------------------------------------------------------

defineCase(46, 'forged fact pack in the working tree', 'check finds; Stop blocks', async (t) => {
  const repo = await t.repo();
  t.unjudged(await t.check(repo));
  t.write(repo, 'src/evil.ts', 'eval(poisoned);\n');
  await forgePacks(t, repo, 'src/evil.ts');
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
  t.expectDeny(await t.stop(repo));
});

defineCase(
  47,
  'CI: the change commits .charter as a symlink to forged packs',
  'check --base finds',
  async (t) => {
    const repo = await t.repo();
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/evil.ts', 'eval(poisoned);\n');
    t.unjudged(await t.check(repo));
    await forgePacks(t, repo, 'src/evil.ts');
    mkdirSync(path.join(repo, 'ci-packs'));
    renameSync(path.join(repo, '.charter', 'cache'), path.join(repo, 'ci-packs', 'cache'));
    rmSync(path.join(repo, '.charter'), { recursive: true, force: true });
    symlinkSync('ci-packs', path.join(repo, '.charter'));
    await t.git(repo, ['add', '-f', 'ci-packs', '.charter', 'src/evil.ts']);
    await t.git(repo, ['commit', '-q', '--no-verify', '-m', 'pr']);
    t.expectFinding(await t.check(repo, ['--base', 'main', '--format', 'json']), 'custom/no-eval');
  },
);

defineCase(48, 'agent writes .charter/cache and the audit log', 'hooks deny', async (t) => {
  const repo = await t.repo();
  t.unjudged(await t.check(repo));
  t.expectDeny(await t.preWrite(repo, '.charter/cache/custom-pattern.json', '[]\n'));
  t.expectDeny(await t.pre(repo, 'Bash', { command: 'echo "{}" > .charter/audit.jsonl' }));
});

defineCase(49, 'fact packs overwritten with garbage', 'check finds', async (t) => {
  const repo = await t.repo();
  t.unjudged(await t.check(repo));
  const cache = path.join(repo, '.charter', 'cache');
  for (const name of readdirSync(cache)) writeFileSync(path.join(cache, name), randomBytes(512));
  t.write(repo, 'src/e.ts', EVAL);
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
});

defineCase(50, '.charter is a regular file (cache cannot be written)', 'check finds', async (t) => {
  const repo = await t.repo();
  t.write(repo, '.charter', 'not a folder\n');
  t.write(repo, 'src/e.ts', EVAL);
  t.expectFinding(await t.check(repo, ['--format', 'json']), 'custom/no-eval');
});

// Changes in CI -------------------------------------------------------------------------------

defineCase(
  51,
  'monorepo: the change deletes the package contract',
  'check --base denies',
  async (t) => {
    const repo = await t.repo({
      contract: 'version: 1\n',
      files: {
        'packages/app/charter.yaml': BASE_CONTRACT,
        'packages/app/src/a.ts': 'export const a = 1;\n',
      },
    });
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    await t.git(repo, ['rm', '-q', 'packages/app/charter.yaml']);
    t.write(repo, 'packages/app/src/e.ts', EVAL);
    await t.commitAll(repo, 'pr');
    t.expectDeny(await t.check(path.join(repo, 'packages', 'app'), ['--base', 'main']));
  },
);

defineCase(
  52,
  'CI: the change commits a baseline covering its own finding',
  'check --base denies',
  async (t) => {
    const repo = await t.repo();
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/e.ts', EVAL);
    t.unjudged(await t.cli(['baseline'], { cwd: repo }));
    await t.commitAll(repo, 'pr');
    t.expectDeny(await t.check(repo, ['--base', 'main']));
  },
);

defineCase(
  53,
  'CI: the change commits a .charter folder of forged packs',
  'check --base finds',
  async (t) => {
    const repo = await t.repo();
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/evil.ts', 'eval(poisoned);\n');
    t.unjudged(await t.check(repo));
    await forgePacks(t, repo, 'src/evil.ts');
    await t.git(repo, ['add', '-f', '.charter/cache', 'src/evil.ts']);
    await t.git(repo, ['commit', '-q', '--no-verify', '-m', 'pr']);
    t.expectFinding(await t.check(repo, ['--base', 'main', '--format', 'json']), 'custom/no-eval');
  },
);

defineCase(
  54,
  'spec missing and charter/missing-source off',
  'check exit 2 (could not check)',
  async (t) => {
    const repo = await t.repo({
      contract: apiContract('  charter/missing-source: off\n'),
      files: { 'src/server.ts': SERVER_TS.replace("'/items'", "'/undocumented'") },
    });
    t.expectExit2(await t.check(repo));
  },
);

defineCase(55, 'baseline file is not JSON', 'check denies', async (t) => {
  const repo = await t.repo({ files: { 'charter.baseline.json': '{ not json' } });
  t.write(repo, 'src/e.ts', EVAL);
  t.expectDeny(await t.check(repo));
});

defineCase(
  56,
  '--staged: contract emptied in the working tree only',
  'check --staged finds',
  async (t) => {
    const repo = await t.repo();
    t.write(repo, 'src/e.ts', EVAL);
    await t.git(repo, ['add', 'src/e.ts']);
    t.write(repo, 'charter.yaml', 'version: 1\n');
    t.expectFinding(await t.check(repo, ['--staged', '--format', 'json']), 'custom/no-eval');
  },
);

defineCase(57, 'CI: the change deletes the root contract', 'check --base denies', async (t) => {
  const repo = await t.repo();
  await t.git(repo, ['checkout', '-q', '-b', 'pr']);
  await t.git(repo, ['rm', '-q', 'charter.yaml']);
  t.write(repo, 'src/e.ts', EVAL);
  await t.commitAll(repo, 'pr');
  t.expectDeny(await t.check(repo, ['--base', 'main']));
});

defineCase(
  58,
  'agent writes a baseline covering its finding, then stops',
  'Stop blocks',
  async (t) => {
    const repo = await t.repo();
    t.write(repo, 'src/e.ts', EVAL);
    t.unjudged(await t.cli(['baseline'], { cwd: repo }));
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  59,
  '$ref fan-out bomb (30 levels × 10)',
  'hook denies within deadline; check exit 2',
  async (t) => {
    const schemas = [];
    for (let level = 0; level < 30; level++) {
      const props = Array.from(
        { length: 10 },
        (_, i) => `        p${i}: { $ref: '#/components/schemas/L${level + 1}' }`,
      ).join('\n');
      schemas.push(`    L${level}:\n      type: object\n      properties:\n${props}`);
    }
    schemas.push('    L30: { type: string }');
    const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/L0' }
components:
  schemas:
${schemas.join('\n')}
`;
    const repo = await t.repo({
      contract: apiContract('  api/operation-id: warn\n'),
      files: { 'api/openapi.yaml': OPENAPI, 'src/server.ts': SERVER_TS },
    });
    t.expectDeny(await t.preWrite(repo, 'api/openapi.yaml', spec, { deadline: SHORT_DEADLINE_MS }));
    // The check has no deadline of its own (the report measured 21.5 s, then an ordinary exit 1).
    t.write(repo, 'api/openapi.yaml', spec);
    t.expectExit2(await t.check(repo));
  },
);

defineCase(60, 'OpenAPI source is invalid YAML', 'check denies', async (t) => {
  const repo = await t.repo({
    contract: apiContract('  api/undocumented-route: error\n'),
    files: { 'api/openapi.yaml': 'openapi: 3.0.3\npaths: [\n', 'src/server.ts': SERVER_TS },
  });
  t.expectDeny(await t.check(repo));
});

defineCase(61, '$ref to a file outside the repository and to a URL', 'check denies', async (t) => {
  t.write(t.dir, 'outside.yaml', 'Item: { type: object }\n');
  const spec = OPENAPI.replace(
    "responses: { '200': { description: ok } }",
    `responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '../../outside.yaml#/Item' }
        '201':
          description: ok
          content:
            application/json:
              schema: { $ref: 'http://127.0.0.1:9/x.yaml#/Item' }`,
  );
  const repo = await t.repo({
    contract: apiContract('  api/undocumented-route: error\n'),
    files: { 'api/openapi.yaml': spec, 'src/server.ts': SERVER_TS },
  });
  t.expectDeny(await t.check(repo, [], { killMs: 12000 }));
});

defineCase(
  62,
  'hardcoded secret reported in every format',
  'denied, value never printed',
  async (t) => {
    const token = t.secret();
    const repo = await t.repo();
    t.write(repo, 'src/k.ts', `export const token = "${token}";\n`);
    t.expectDeny(await t.check(repo, t.everyFormat()));
    t.expectDeny(await t.preWrite(repo, 'src/k2.ts', `export const t = "${token}";\n`));
  },
);

// Hook input ----------------------------------------------------------------------------------

defineCase(63, 'hook stdin is empty', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.hook('claude', 'PreToolUse', '', { cwd: repo, label: 'Pre (empty stdin)' }));
});

defineCase(
  64,
  'write by a tool Charter cannot parse (MCP file write)',
  'Stop blocks once it lands',
  async (t) => {
    const repo = await t.repo();
    t.unjudged(
      await t.pre(repo, 'mcp__filesystem__write_file', {
        path: `${repo}/secret/token.txt`,
        content: 'x\n',
      }),
    );
    t.write(repo, 'secret/token.txt', 'x\n');
    t.write(repo, 'src/e.ts', EVAL);
    // Decision: a tool no matcher knows is judged after the fact, from what git sees.
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(65, 'hook stdin is not JSON', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(
    await t.hook('claude', 'PreToolUse', 'tool_name=Write', { cwd: repo, label: 'Pre (not JSON)' }),
  );
});

defineCase(66, 'hook stdin is a JSON array', 'deny', async (t) => {
  const repo = await t.repo();
  const event = claudeEvent(repo, 'PreToolUse', 'Write', {
    file_path: `${repo}/charter.yaml`,
    content: '',
  });
  t.expectDeny(
    await t.hook('claude', 'PreToolUse', JSON.stringify([event]), {
      cwd: repo,
      label: 'Pre (array)',
    }),
  );
});

defineCase(67, 'hook event without tool_input', 'deny', async (t) => {
  const repo = await t.repo();
  const event = claudeEvent(repo, 'PreToolUse', 'Write', {});
  delete event.tool_input;
  t.expectDeny(
    await t.hook('claude', 'PreToolUse', event, { cwd: repo, label: 'Pre (no tool_input)' }),
  );
});

defineCase(68, 'unknown agent', 'deny, exit 2', async (t) => {
  const repo = await t.repo();
  const event = claudeEvent(repo, 'PreToolUse', 'Write', {
    file_path: `${repo}/charter.yaml`,
    content: '',
  });
  t.expectExit2(await t.hook('clawd', 'PreToolUse', event, { cwd: repo }));
});

defineCase(69, 'unknown event', 'deny, exit 2', async (t) => {
  const repo = await t.repo();
  const event = claudeEvent(repo, 'PreToolUse', 'Write', {
    file_path: `${repo}/charter.yaml`,
    content: '',
  });
  t.expectExit2(await t.hook('claude', 'PreToolUseX', event, { cwd: repo }));
});

defineCase(70, 'hook stdin of 64 MiB', 'deny (input limit) within deadline', async (t) => {
  const repo = await t.repo();
  const event = claudeEvent(repo, 'PreToolUse', 'Write', {
    file_path: `${repo}/src/ok.ts`,
    content: 'export const ok = 1;\n',
  });
  event.padding = 'A'.repeat(64 * 1024 * 1024);
  t.expectDeny(
    await t.hook('claude', 'PreToolUse', event, { cwd: repo, label: 'Pre (64 MiB stdin)' }),
  );
});

defineCase(71, 'tool_input field of the wrong type (file_path: 5)', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.pre(repo, 'Write', { file_path: 5, content: 'x' }));
});

// The trust boundary --------------------------------------------------------------------------

defineCase(
  72,
  'agent empties the contract through a symlink (Bash)',
  'hook denies the write',
  async (t) => {
    const repo = await t.repo();
    t.unjudged(await t.preBash(repo, 'ln -s ../charter.yaml src/notes.yaml'));
    symlinkSync('../charter.yaml', path.join(repo, 'src', 'notes.yaml'));
    t.expectDeny(await t.preBash(repo, `printf 'version: 1\\n' > src/notes.yaml`));
  },
);

defineCase(
  73,
  'contract emptied in the working tree: hooks judge by HEAD',
  'Pre denies; Post and Stop block',
  async (t) => {
    const repo = await t.repo();
    symlinkSync('../charter.yaml', path.join(repo, 'src', 'notes.yaml'));
    writeFileSync(path.join(repo, 'src', 'notes.yaml'), 'version: 1\n');
    t.expectDeny(await t.preWrite(repo, 'src/e.ts', EVAL));
    t.write(repo, 'src/e.ts', EVAL);
    t.expectDeny(await t.post(repo, 'Write'));
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  74,
  'agent writes a nested src/charter.yaml',
  'write denied; later edits still judged',
  async (t) => {
    const repo = await t.repo();
    t.expectDeny(await t.preWrite(repo, 'src/charter.yaml', 'version: 1\n'));
    t.write(repo, 'src/charter.yaml', 'version: 1\n');
    t.expectDeny(await t.preWrite(repo, 'src/e.ts', EVAL));
  },
);

defineCase(75, 'writes into .git (hooks, config, git config)', 'hooks deny', async (t) => {
  const repo = await t.repo();
  const mark = t.marker('git-write');
  t.expectDeny(await t.preWrite(repo, '.git/hooks/pre-commit', `#!/bin/sh\ntouch ${mark}\n`));
  const config = readFileSync(path.join(repo, '.git', 'config'), 'utf8');
  t.expectDeny(
    await t.preWrite(repo, '.git/config', `${config}[core]\n\tfsmonitor = touch ${mark}\n`),
  );
  t.expectDeny(await t.preBash(repo, `git config core.fsmonitor 'touch ${mark}'`));
});

defineCase(76, 'Edit through a committed symlink to the contract', 'deny', async (t) => {
  const repo = await t.repo();
  symlinkSync('../charter.yaml', path.join(repo, 'src', 'link.yaml'));
  await t.commitAll(repo, 'link');
  t.expectDeny(
    await t.pre(repo, 'Edit', {
      file_path: `${repo}/src/link.yaml`,
      old_string: 'version: 1',
      new_string: 'version: 1 # edited',
    }),
  );
});

defineCase(
  77,
  'brace expansion of 2^23 words before rm charter.yaml',
  'hook denies within deadline',
  async (t) => {
    const repo = await t.repo();
    t.expectDeny(
      await t.pre(
        repo,
        'Bash',
        { command: `: ${'{a,b}'.repeat(23)} ; rm charter.yaml` },
        { deadline: SHORT_DEADLINE_MS },
      ),
    );
  },
);

defineCase(78, 'cp over the contract', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, 'cp /dev/null charter.yaml'));
});

defineCase(79, 'Write with file_path naming an existing folder', 'deny, exit 2', async (t) => {
  const repo = await t.repo();
  // Writing over a folder cannot land, so an allow lets nothing through: a wrong exit, not fail-open.
  t.expectExit2(await t.preWrite(repo, 'src', 'x\n'), 'wrong-exit');
});

defineCase(80, 'mv the contract away', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, 'mv charter.yaml /tmp/charter.yaml.bak'));
});

defineCase(81, 'tee into the contract', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, "echo 'version: 1' | tee charter.yaml"));
});

defineCase(82, 'sed -i on the contract', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, "sed -i 's/error/off/' charter.yaml"));
});

defineCase(83, 'MultiEdit of .claude/settings.json', 'deny', async (t) => {
  const repo = await t.repo({ files: { '.claude/settings.json': '{"hooks": {}}\n' } });
  t.expectDeny(
    await t.pre(repo, 'MultiEdit', {
      file_path: `${repo}/.claude/settings.json`,
      edits: [{ old_string: '"hooks": {}', new_string: '"hooks": {"x": 1}' }],
    }),
  );
});

defineCase(84, 'NotebookEdit under a protected folder', 'deny', async (t) => {
  const notebook = JSON.stringify({
    cells: [
      {
        cell_type: 'code',
        id: 'c1',
        metadata: {},
        source: ['x = 1\n'],
        outputs: [],
        execution_count: null,
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
  const repo = await t.repo({ files: { 'secret/n.ipynb': notebook } });
  t.expectDeny(
    await t.pre(repo, 'NotebookEdit', {
      notebook_path: `${repo}/secret/n.ipynb`,
      cell_id: 'c1',
      new_source: 'x = 2\n',
    }),
  );
});

defineCase(85, 'git commit --no-verify', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, 'git commit --no-verify -am wip'));
});

defineCase(86, 'git -c core.hooksPath=/dev/null commit', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(await t.preBash(repo, 'git -c core.hooksPath=/dev/null commit -am wip'));
});

defineCase(87, 'Codex apply_patch that updates the contract', 'deny', async (t) => {
  const repo = await t.repo();
  const patch = [
    '*** Begin Patch',
    '*** Update File: charter.yaml',
    '@@',
    '-version: 1',
    '+version: 1 # edited',
    '*** End Patch',
    '',
  ].join('\n');
  t.expectDeny(
    await t.hook(
      'codex',
      'PreToolUse',
      claudeEvent(repo, 'PreToolUse', 'apply_patch', { command: patch }),
      {
        cwd: repo,
        label: 'codex Pre apply_patch charter.yaml',
      },
    ),
  );
});

// The hook daemon -----------------------------------------------------------------------------

defineCase(88, 'a fake daemon on the socket answers allow', 'hook still denies', async (t) => {
  const repo = await t.repo();
  try {
    t.unjudged(await t.preWrite(repo, 'src/ok.ts', 'export const ok = 1;\n', { daemon: true }));
    await waitFor(async () => daemonSockets(t).length > 0, 8000);
    const sockets = daemonSockets(t);
    // Without a daemon socket there is nothing to impersonate: the case cannot say anything.
    if (sockets.length === 0) throw new Error('the first hook started no daemon (no socket found)');
    // What a same-user process (an agent's shell) can do: stop the daemon, serve its socket.
    t.unjudged(
      await t.cli(['daemon', 'stop'], { cwd: repo, env: { CHARTER_HOOK_DAEMON: undefined } }),
    );
    await waitFor(async () => !existsSync(sockets[0]), 3000);
    for (const socket of sockets) rmSync(socket, { force: true });
    const servers = await Promise.all(sockets.map((socket) => fakeDaemon(socket)));
    try {
      t.expectDeny(await t.preWrite(repo, 'charter.yaml', 'version: 1\n', { daemon: true }));
    } finally {
      for (const server of servers) server.close();
    }
  } finally {
    killProcessesWithEnv(`XDG_RUNTIME_DIR=${t.runtime}\0`);
  }
});

defineCase(
  89,
  'a daemon wedged by one repository',
  'another repository is still judged in time',
  async (t) => {
    const wedge = await t.repo({
      name: 'wedge',
      contract: apiContract(QUERY_REDOS),
      files: { 'api/openapi.yaml': OPENAPI },
    });
    const other = await t.repo({ name: 'other' });
    const daemon = { daemon: true, deadline: SHORT_DEADLINE_MS };
    try {
      t.unjudged(await t.preWrite(other, 'src/ok.ts', 'export const ok = 1;\n', { daemon: true }));
      await waitFor(async () => daemonSockets(t).length > 0, 8000);
      const spec = OPENAPI.replace('name: limit', `name: '${EVIL}'`);
      t.unjudged(await t.preWrite(wedge, 'api/openapi.yaml', spec, { ...daemon, killMs: 9000 }));
      t.expectAllow(await t.preWrite(other, 'src/ok2.ts', 'export const ok2 = 2;\n', daemon));
    } finally {
      killProcessesWithEnv(`XDG_RUNTIME_DIR=${t.runtime}\0`);
    }
  },
);

// Other agents --------------------------------------------------------------------------------

defineCase(90, 'Gemini write_file and run_shell_command on the contract', 'deny', async (t) => {
  const repo = await t.repo();
  const event = (tool, input) => ({
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd: repo,
    hook_event_name: 'BeforeTool',
    timestamp: new Date().toISOString(),
    tool_name: tool,
    tool_input: input,
  });
  t.expectDeny(
    await t.hook(
      'gemini',
      'BeforeTool',
      event('write_file', { file_path: `${repo}/charter.yaml`, content: 'version: 1\n' }),
      {
        cwd: repo,
        label: 'gemini write_file charter.yaml',
      },
    ),
  );
  t.expectDeny(
    await t.hook(
      'gemini',
      'BeforeTool',
      event('run_shell_command', { command: 'rm charter.yaml' }),
      {
        cwd: repo,
        label: 'gemini run_shell_command rm',
      },
    ),
  );
});

defineCase(91, 'Cursor beforeShellExecution removing the contract', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(
    await t.hook(
      'cursor',
      'beforeShellExecution',
      {
        conversation_id: 'c',
        generation_id: 'g',
        hook_event_name: 'beforeShellExecution',
        command: 'rm -f charter.yaml',
        cwd: repo,
        workspace_roots: [repo],
      },
      { cwd: repo, label: 'cursor rm charter.yaml' },
    ),
  );
});

defineCase(92, 'Copilot edit of the contract (toolArgs as a JSON string)', 'deny', async (t) => {
  const repo = await t.repo();
  t.expectDeny(
    await t.hook(
      'copilot',
      'preToolUse',
      {
        timestamp: Date.now(),
        cwd: repo,
        toolName: 'edit',
        toolArgs: JSON.stringify({
          path: `${repo}/charter.yaml`,
          old_str: 'version: 1',
          new_str: 'version: 1 # x',
        }),
      },
      { cwd: repo, label: 'copilot edit charter.yaml' },
    ),
  );
});

// Secrets -------------------------------------------------------------------------------------

defineCase(
  93,
  'denied Bash command carrying AWS_SECRET_ACCESS_KEY',
  'deny; key never echoed',
  async (t) => {
    const key = t.secret('aws-secret');
    const repo = await t.repo();
    t.expectDeny(await t.preBash(repo, `AWS_SECRET_ACCESS_KEY=${key} rm charter.yaml`));
  },
);

defineCase(
  94,
  'Edit whose old_string (holding a token) is not in the file',
  'deny; token never echoed',
  async (t) => {
    const token = t.secret();
    const repo = await t.repo();
    t.expectDeny(
      await t.pre(repo, 'Edit', {
        file_path: `${repo}/src/a.ts`,
        old_string: `const k = "${token}";`,
        new_string: 'const k = "";',
      }),
    );
  },
);

defineCase(
  95,
  'custom pattern message interpolating a captured token',
  'deny; token masked in every format',
  async (t) => {
    const token = t.secret();
    const contract = `${BASE_CONTRACT}        - { id: no-literal-key, language: typescript, rule: { pattern: 'const key = $V' }, message: 'literal key $V' }\n`;
    const repo = await t.repo({ contract });
    t.write(repo, 'src/k.ts', `const key = "${token}";\n`);
    t.expectDeny(await t.check(repo, t.everyFormat()));
  },
);

defineCase(
  96,
  'token in a file name reaches the audit log',
  'deny; token never logged',
  async (t) => {
    const token = t.secret();
    const repo = await t.repo();
    t.expectDeny(await t.preWrite(repo, `secret/${token}.ts`, 'x\n'));
  },
);

defineCase(
  97,
  'token as a contract key and as a --base value',
  'exit 2; token never echoed',
  async (t) => {
    const token = t.secret();
    const repo = await t.repo({ contract: `${BASE_CONTRACT}  ${token}: error\n` });
    t.expectExit2(await t.check(repo));
    const clean = await t.repo({ name: 'clean' });
    t.expectExit2(await t.check(clean, ['--base', token]));
  },
);

// Code from the checked repository ------------------------------------------------------------

defineCase(98, 'core.fsmonitor in .git/config', 'no execution; checks still deny', async (t) => {
  const repo = await t.repo();
  const mark = t.marker('fsmonitor');
  await t.git(repo, ['config', 'core.fsmonitor', `touch ${mark}; false`]);
  t.write(repo, 'src/e.ts', EVAL);
  await t.git(repo, ['add', 'src/e.ts'], { allowFail: true });
  t.armMarkers();
  t.expectDeny(await t.check(repo));
  t.expectDeny(await t.check(repo, ['--staged']));
  t.expectDeny(await t.stop(repo));
});

defineCase(
  99,
  'clean/process filter driver with .gitattributes',
  'no execution; checks still deny',
  async (t) => {
    const repo = await t.repo({ files: { '.gitattributes': '*.ts filter=x\n' } });
    const mark = t.marker('filter');
    await t.git(repo, ['config', 'filter.x.clean', `sh -c 'touch ${mark}; cat'`]);
    await t.git(repo, ['config', 'filter.x.smudge', 'cat']);
    t.write(repo, 'src/a.ts', 'export const a = eval("2");\n');
    t.expectDeny(await t.check(repo));
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  100,
  'textconv diff driver with .gitattributes',
  'no execution; checks still deny',
  async (t) => {
    const repo = await t.repo({ files: { '.gitattributes': '*.ts diff=x\n' } });
    const mark = t.marker('textconv');
    await t.git(repo, ['config', 'diff.x.textconv', `sh -c 'touch ${mark}; cat "$0"'`]);
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/a.ts', 'export const a = eval("2");\n');
    await t.commitAll(repo, 'pr');
    t.expectDeny(await t.check(repo, ['--base', 'main']));
    t.write(repo, 'src/a.ts', 'export const a = eval("3");\n');
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  101,
  'diff.external and core.pager in .git/config',
  'no execution; checks still deny',
  async (t) => {
    const repo = await t.repo();
    const mark = t.marker('diff-external');
    const pager = t.marker('pager');
    await t.git(repo, ['config', 'diff.external', `sh -c 'touch ${mark}'`]);
    await t.git(repo, ['config', 'core.pager', `sh -c 'touch ${pager}; cat'`]);
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/a.ts', 'export const a = eval("2");\n');
    await t.commitAll(repo, 'pr');
    t.expectDeny(await t.check(repo, ['--base', 'main']));
    t.write(repo, 'src/a.ts', 'export const a = eval("3");\n');
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  102,
  'plain check runs the working tree contract verify',
  'no execution without an explicit opt-in',
  async (t) => {
    const mark = t.marker('verify');
    const contract = `${BASE_CONTRACT}verify:\n  - { when: 'src/**', run: 'touch ${mark}', shell: true }\n`;
    const repo = await t.repo({ contract });
    t.write(repo, 'src/a.ts', 'export const a = 2;\n');
    t.unjudged(await t.check(repo));
  },
);

defineCase(
  103,
  'Stop runs verify from an uncommitted charter.yaml',
  'no execution; Stop blocks',
  async (t) => {
    const repo = await t.repo();
    const mark = t.marker('verify-stop');
    t.write(
      repo,
      'charter.yaml',
      `${BASE_CONTRACT}verify:\n  - { when: 'src/**', run: 'touch ${mark}', shell: true }\n`,
    );
    t.write(repo, 'src/a.ts', 'export const a = 2;\n');
    t.expectDeny(await t.stop(repo));
  },
);

defineCase(
  104,
  'core.hooksPath hooks and core.sshCommand',
  'no execution; checks still deny',
  async (t) => {
    const repo = await t.repo();
    const mark = t.marker('git-hook');
    const ssh = t.marker('ssh');
    const hooks = t.path('evil-hooks');
    mkdirSync(hooks);
    for (const name of [
      'pre-commit',
      'post-checkout',
      'post-index-change',
      'reference-transaction',
      'post-merge',
      'pre-auto-gc',
      'post-rewrite',
      'fsmonitor-watchman',
    ]) {
      writeFileSync(path.join(hooks, name), `#!/bin/sh\ntouch ${mark}\n`, { mode: 0o755 });
    }
    await t.git(repo, ['config', 'core.sshCommand', `sh -c 'touch ${ssh}'`]);
    await t.git(repo, ['remote', 'add', 'origin', 'ssh://git@127.0.0.1:9/x.git']);
    await t.git(repo, ['checkout', '-q', '-b', 'pr']);
    t.write(repo, 'src/a.ts', 'export const a = eval("2");\n');
    await t.commitAll(repo, 'pr');
    t.write(repo, 'src/a.ts', 'export const a = eval("3");\n');
    await t.git(repo, ['add', 'src/a.ts']);
    await t.git(repo, ['config', 'core.hooksPath', hooks]);
    t.armMarkers();
    t.expectDeny(await t.check(repo, ['--base', 'main']));
    t.expectDeny(await t.check(repo, ['--staged']));
    t.expectDeny(await t.stop(repo));
  },
);

// Output channels -----------------------------------------------------------------------------

defineCase(105, 'hook stdout is a closed pipe (EPIPE)', 'deny with exit 2, no crash', async (t) => {
  const repo = await t.repo();
  t.expectExit2(await t.preWrite(repo, 'charter.yaml', 'version: 1\n', { closeStdout: true }));
});

defineCase(106, 'check stdout is a closed pipe (EPIPE)', 'non-zero exit, no crash', async (t) => {
  const repo = await t.repo();
  t.write(repo, 'src/e.ts', EVAL);
  t.expectDeny(await t.check(repo, [], { closeStdout: true }));
});

// ---------------------------------------------------------------------------------------------
// Running

/** The class of a finished case: the worst of its steps and of what it left behind. */
function classify(t) {
  const found = new Map();
  const add = (cls, why) => {
    if (!found.has(cls)) found.set(cls, why);
  };
  for (const file of t.markers) if (existsSync(file)) add('execution', path.basename(file));
  const texts = [];
  for (const step of t.steps) {
    if (!step.run) continue;
    texts.push([`stdout of ${step.label}`, step.run.stdout]);
    texts.push([`stderr of ${step.label}`, step.run.stderr]);
  }
  for (const file of [...t.scanFiles, ...findFiles(t.dir, 'audit.jsonl')]) {
    try {
      texts.push([path.relative(t.dir, file), readFileSync(file, 'utf8')]);
    } catch {
      // not written
    }
  }
  const leaks = [];
  for (const token of t.secrets)
    for (const [where, text] of texts) if (text.includes(token)) leaks.push(where);
  if (leaks.length) add('leak', `secret in: ${[...new Set(leaks)].join('; ')}`);
  for (const step of t.steps) {
    if (step.class === 'hang') add('hang', `${step.label}: ${step.got}`);
    const trace = step.run ? stackTrace(step.run) : undefined;
    if (trace) add('stack-trace', `${step.label}: ${trace}`);
  }
  for (const step of t.steps)
    if (step.class !== 'ok' && step.class !== 'hang')
      add(step.class, `${step.label}: ${step.got} (expected ${step.expected})`);
  const primary = CLASSES.find((cls) => found.has(cls)) ?? 'ok';
  return { primary, all: [...found.keys()], why: found.get(primary) };
}

const head = (text) => (text.length > 600 ? `${text.slice(0, 600)}…` : text);

/** A step as the JSON output keeps it: the verdict and the start of what the process printed. */
function stepRecord({ label, expected, got, class: cls, run }, masked) {
  return {
    label: masked(label),
    expected,
    got,
    class: cls,
    ...(run ? { stdout: masked(head(run.stdout)), stderr: masked(head(run.stderr)) } : {}),
  };
}

async function runCase(def, root, bin) {
  const started = performance.now();
  let t;
  try {
    t = new Case(def, root, bin);
    await def.run(t);
    const verdict = classify(t);
    // The table must not print the secrets it plants either.
    const masked = (text) => t.mask(text);
    const judged = t.steps.filter((s) => s.expected !== '-');
    const shown = judged.find((s) => s.class !== 'ok') ?? judged[judged.length - 1];
    return {
      id: def.id,
      title: def.title,
      expected: def.expected,
      got: masked(verdict.why ?? (shown ? `${shown.label}: ${shown.got}` : 'no step')),
      class: verdict.primary,
      classes: verdict.all,
      ms: Math.round(performance.now() - started),
      steps: t.steps.map((step) => stepRecord(step, masked)),
    };
  } catch (error) {
    return {
      id: def.id,
      title: def.title,
      expected: def.expected,
      got: `the case could not be set up: ${error instanceof Error ? error.message : String(error)}`,
      class: 'setup-error',
      classes: ['setup-error'],
      ms: Math.round(performance.now() - started),
      steps: t?.steps.map((step) => stepRecord(step, (text) => text)) ?? [],
    };
  } finally {
    if (t) killProcessesWithEnv(`XDG_RUNTIME_DIR=${t.runtime}\0`);
  }
}

async function runAll(defs, root, bin, concurrency) {
  const results = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < defs.length) {
      const def = defs[next++];
      const result = await runCase(def, root, bin);
      results.push(result);
      done++;
      log(
        `[${String(done).padStart(3)}/${defs.length}] #${def.id} ${result.class} (${seconds(result.ms)}) ${result.class === 'ok' ? '' : result.got}`,
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.sort((a, b) => a.id - b.id);
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ids = new Set(CASES.map((c) => c.id));
  if (ids.size !== CASES.length) throw new Error('two cases share a number');
  const defs = args.only ? CASES.filter((c) => args.only.has(c.id)) : CASES;
  if (defs.length === 0) throw new Error('--only selects no case');
  const root = mkdtempSync(path.join(os.tmpdir(), 'charter-fault-matrix-'));
  log(`fault matrix: ${defs.length} cases, concurrency ${args.concurrency}, ${args.bin}`);
  const started = performance.now();
  let results;
  try {
    results = await runAll(defs, root, args.bin, args.concurrency);
  } finally {
    if (args.keep) log(`cases kept in ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }
  const totals = Object.fromEntries(['ok', ...CLASSES, 'setup-error'].map((cls) => [cls, 0]));
  for (const r of results) totals[r.class]++;
  const elapsed = performance.now() - started;
  const table = mdTable(
    ['#', 'case', 'expected', 'got', 'class'],
    results.map((r) => [r.id, cell(r.title), cell(r.expected), cell(r.got), r.class]),
    ['r'],
  );
  const summary = `${results.length} cases, ${totals['fail-open']} fail-open, ${totals.hang} hangs, ${totals.leak} leaks, ${totals['stack-trace']} stack traces, ${totals.execution} executions, ${totals['wrong-exit']} wrong exits${totals['setup-error'] ? `, ${totals['setup-error']} could not be set up` : ''} (${totals.ok} ok; ${seconds(elapsed)})`;
  process.stdout.write(
    `${table}\n\n${mdTable(
      ['class', 'cases'],
      Object.entries(totals).map(([cls, n]) => [cls, n]),
      [undefined, 'r'],
    )}\n\n${summary}\n`,
  );
  if (args.json) {
    writeFileSync(
      args.json,
      `${JSON.stringify({ machine: machineInfo(), bin: args.bin, elapsedMs: Math.round(elapsed), totals, summary, cases: results }, null, 2)}\n`,
    );
  }
  process.exitCode = results.every((r) => r.class === 'ok') ? 0 : 1;
}

await main();
