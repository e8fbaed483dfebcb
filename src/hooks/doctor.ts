import path from 'node:path';
import type { LoadedContract } from '../contract/load.js';
import { globMatcher } from '../engine/globs.js';
import {
  AGENT_SPECS,
  GIT_BLOCK_START,
  HOOK_TIMEOUT_SECONDS,
  gitHooksLocation,
  isCharterCommand,
  readAgentConfig,
  readHookScript,
} from '../repo/hook-config.js';
import type { InstallTarget } from '../repo/hook-config.js';
import { commandResolves, runHookCommand } from '../repo/hook-config-doctor.js';
import { repositoryState } from '../rules/charter/_state.js';
import { rule as protectedState } from '../rules/charter/protected-state.js';
import { committedContract } from './contract.js';
import { DEFAULT_DEADLINE_MS } from './args.js';

/**
 * `charter doctor`: for each installed hook, does its command resolve and run, does it answer
 * a synthetic event correctly within its timeout, and does its configuration match the
 * contract? Every problem has a code.
 */

export interface DoctorProblem {
  code: string;
  target: InstallTarget;
  message: string;
  hint: string;
}

export interface DoctorCheck {
  target: InstallTarget;
  file: string;
  ok: string[];
  problems: DoctorProblem[];
}

export interface DoctorReport {
  root: string;
  checks: DoctorCheck[];
  problems: DoctorProblem[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface InstalledHook {
  event: string;
  command: string;
  /** Seconds, as the agent counts them. */
  timeout: number | undefined;
  matcher: string | undefined;
}

function installedHooks(agent: Exclude<InstallTarget, 'git'>, config: Json): InstalledHook[] {
  const hooks = isObject(config.hooks) ? config.hooks : {};
  const found: InstalledHook[] = [];
  for (const [event, entries] of Object.entries(hooks)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isObject(entry)) continue;
      if (agent === 'cursor' || agent === 'copilot') {
        const command = agent === 'cursor' ? entry.command : entry.bash;
        if (!isCharterCommand(command, agent)) continue;
        const timeout = agent === 'cursor' ? entry.timeout : entry.timeoutSec;
        found.push({
          event,
          command: command as string,
          timeout: typeof timeout === 'number' ? timeout : undefined,
          matcher: undefined,
        });
        continue;
      }
      if (!Array.isArray(entry.hooks)) continue;
      for (const hook of entry.hooks) {
        if (!isObject(hook) || !isCharterCommand(hook.command, agent)) continue;
        const raw = typeof hook.timeout === 'number' ? hook.timeout : undefined;
        found.push({
          event,
          command: hook.command as string,
          timeout: raw === undefined ? undefined : agent === 'gemini' ? raw / 1000 : raw,
          matcher: typeof entry.matcher === 'string' ? entry.matcher : undefined,
        });
      }
    }
  }
  return found;
}

/** Tools each agent edits or runs commands with: the pre-tool matcher must cover them. */
const TOOLS: Partial<Record<InstallTarget, { event: string; tools: string[] }>> = {
  claude: { event: 'PreToolUse', tools: ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Bash'] },
  codex: { event: 'PreToolUse', tools: ['Bash', 'apply_patch'] },
  gemini: { event: 'BeforeTool', tools: ['write_file', 'replace', 'run_shell_command'] },
};

/** A synthetic pre-tool event with a shell command, in the agent's shape. */
function shellEvent(
  agent: Exclude<InstallTarget, 'git'>,
  root: string,
  command: string,
): { event: string; input: Json } {
  const session = 'charter-doctor';
  switch (agent) {
    case 'claude':
    case 'codex':
      return {
        event: 'PreToolUse',
        input: {
          session_id: session,
          transcript_path: null,
          cwd: root,
          hook_event_name: 'PreToolUse',
          permission_mode: 'default',
          ...(agent === 'codex' ? { model: 'doctor', turn_id: 'doctor' } : {}),
          tool_name: 'Bash',
          tool_input: { command },
          tool_use_id: 'charter-doctor',
        },
      };
    case 'gemini':
      return {
        event: 'BeforeTool',
        input: {
          session_id: session,
          cwd: root,
          hook_event_name: 'BeforeTool',
          timestamp: new Date().toISOString(),
          tool_name: 'run_shell_command',
          tool_input: { command },
        },
      };
    case 'cursor':
      return {
        event: 'beforeShellExecution',
        input: {
          conversation_id: session,
          generation_id: 'charter-doctor',
          hook_event_name: 'beforeShellExecution',
          workspace_roots: [root],
          command,
          cwd: root,
        },
      };
    case 'copilot':
      return {
        event: 'preToolUse',
        input: {
          timestamp: Date.now(),
          cwd: root,
          toolName: 'bash',
          toolArgs: JSON.stringify({ command }),
        },
      };
  }
}

function denied(agent: Exclude<InstallTarget, 'git'>, stdout: string): boolean {
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    return false;
  }
  if (!isObject(answer)) return false;
  switch (agent) {
    case 'claude':
    case 'codex':
      return (
        isObject(answer.hookSpecificOutput) &&
        answer.hookSpecificOutput.permissionDecision === 'deny'
      );
    case 'gemini':
      return answer.decision === 'deny';
    case 'cursor':
      return answer.permission === 'deny';
    case 'copilot':
      return answer.permissionDecision === 'deny';
  }
}

async function checkAgent(
  agent: Exclude<InstallTarget, 'git'>,
  root: string,
  contract: LoadedContract | undefined,
  env: Record<string, string | undefined>,
): Promise<DoctorCheck | undefined> {
  const spec = AGENT_SPECS[agent];
  const check: DoctorCheck = { target: agent, file: spec.file, ok: [], problems: [] };
  const problem = (code: string, message: string, hint: string): void => {
    check.problems.push({ code, target: agent, message, hint });
  };
  let config: Json | undefined;
  try {
    config = await readAgentConfig(root, agent);
  } catch (error) {
    problem(
      'doctor/unreadable-config',
      (error as Error).message,
      `fix ${spec.file}, then run \`charter hooks install --agent ${agent}\``,
    );
    return check;
  }
  if (!config) return undefined;
  const hooks = installedHooks(agent, config);
  if (hooks.length === 0) return undefined;
  const reinstall = `run \`charter hooks install --agent ${agent}\``;
  const missing = spec.events
    .filter(({ event }) => !hooks.some((h) => h.event === event))
    .map((e) => e.event);
  if (missing.length)
    problem('doctor/missing-hook', `no Charter hook for ${missing.join(', ')}`, reinstall);
  else check.ok.push(`hooks for ${spec.events.map((e) => e.event).join(', ')}`);
  const minimum = Math.ceil(DEFAULT_DEADLINE_MS / 1000) + 5;
  for (const hook of hooks) {
    if (hook.timeout === undefined)
      problem('doctor/no-timeout', `${hook.event} has no explicit timeout`, reinstall);
    else if (hook.timeout < minimum)
      problem(
        'doctor/timeout-too-short',
        `${hook.event} times out after ${hook.timeout} s, before Charter's own ${DEFAULT_DEADLINE_MS / 1000} s deadline can answer (an agent lets a timed-out hook through)`,
        `set it to ${HOOK_TIMEOUT_SECONDS} s or more`,
      );
  }
  const tools = TOOLS[agent];
  if (tools) {
    const pre = hooks.find((h) => h.event === tools.event);
    if (pre) {
      let matches: (tool: string) => boolean = () => true;
      if (pre.matcher && pre.matcher !== '*') {
        try {
          const regex = new RegExp(`^(?:${pre.matcher})$`);
          matches = (tool) => regex.test(tool);
        } catch {
          matches = () => false;
        }
      }
      const uncovered = tools.tools.filter((tool) => !matches(tool));
      if (uncovered.length)
        problem(
          'doctor/matcher-misses-tools',
          `the ${tools.event} matcher "${pre.matcher}" does not cover ${uncovered.join(', ')}`,
          reinstall,
        );
      else check.ok.push(`${tools.event} covers ${tools.tools.join(', ')}`);
    }
  }
  // The command must resolve and answer like Charter, in the agent's protocol.
  const probeEnv = { ...env, CLAUDE_PROJECT_DIR: root, GEMINI_PROJECT_DIR: root };
  const sample = hooks.find((h) => h.event === shellEvent(agent, root, 'true').event) ?? hooks[0];
  if (sample) {
    if (!(await commandResolves(sample.command, root, probeEnv))) {
      problem(
        'doctor/command-not-found',
        `${sample.command} does not resolve to a program that runs`,
        'install agent-charter in the project (npm i -D agent-charter) or reinstall with --command',
      );
      return check;
    }
    check.ok.push(`command resolves: ${sample.command}`);
    const timeoutMs = (sample.timeout ?? HOOK_TIMEOUT_SECONDS) * 1000;
    const command = sample.command.replace(/\s+\S+$/, ` ${shellEvent(agent, root, 'true').event}`);
    const harmless = shellEvent(agent, root, 'git status --short');
    const allowed = await runHookCommand(command, JSON.stringify(harmless.input), {
      cwd: root,
      env: probeEnv,
      timeoutMs,
    });
    if (allowed.timedOut)
      problem(
        'doctor/slow',
        `the hook did not answer within its ${timeoutMs / 1000} s timeout`,
        'see `charter check --timing`',
      );
    else if (allowed.code !== 0)
      problem(
        'doctor/wrong-answer',
        `a harmless command (git status) was not allowed: exit ${allowed.code}; ${allowed.stderr.trim().split('\n')[0] ?? ''}`,
        'run the hook by hand with the event on stdin to see why',
      );
    else check.ok.push(`allows a harmless command (exit 0, ${Math.round(allowed.ms)} ms)`);
    if (contract) {
      const target = contract.file;
      const forbidden = shellEvent(agent, root, `echo doctor >> ${target}`);
      const denial = await runHookCommand(command, JSON.stringify(forbidden.input), {
        cwd: root,
        env: probeEnv,
        timeoutMs,
      });
      if (denial.timedOut)
        problem(
          'doctor/slow',
          `the hook did not answer within its ${timeoutMs / 1000} s timeout`,
          'see `charter check --timing`',
        );
      else if (denial.code !== 2 || !denied(agent, denial.stdout))
        problem(
          'doctor/wrong-answer',
          `a write to ${target} from the shell was not denied (exit ${denial.code})`,
          'enable agent/protected-write in the contract and reinstall the hook',
        );
      else check.ok.push(`denies a write to ${target} (exit 2, ${Math.round(denial.ms)} ms)`);
    }
  }
  if (contract) {
    const relative = path.relative(root, path.join(root, spec.file)).split(path.sep).join('/');
    const isProtected = globMatcher([...(contract.data.protect ?? [])], false);
    const byDefault =
      contract.rules.some(({ rule }) => rule.meta.code === protectedState.meta.code) &&
      repositoryState(relative, contract.file) === 'hook-config';
    if (byDefault && !isProtected(relative))
      check.ok.push(
        `${relative} is protected as Charter's own state (${protectedState.meta.code})`,
      );
    else if (!isProtected(relative))
      problem(
        'doctor/config-not-protected',
        `${relative} is not under \`protect\` in ${contract.file}: an agent could switch its own hooks off`,
        `add "${relative}" (or "${path.posix.dirname(relative)}/**") to protect`,
      );
    else check.ok.push(`${relative} is protected by the contract`);
  }
  return check;
}

async function checkGit(root: string): Promise<DoctorCheck | undefined> {
  const location = await gitHooksLocation(root).catch(() => undefined);
  if (!location) return undefined;
  const check: DoctorCheck = {
    target: 'git',
    file: path.relative(root, location.dir) || '.',
    ok: [],
    problems: [],
  };
  let installed = 0;
  for (const hook of ['pre-commit', 'pre-push']) {
    const file = path.join(location.dir, hook);
    const script = await readHookScript(file);
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (!script?.text.includes(GIT_BLOCK_START)) {
      check.problems.push({
        code: 'doctor/git-hook-missing',
        target: 'git',
        message: `${relative} does not run Charter`,
        hint: 'run `charter hooks install --agent git`',
      });
      continue;
    }
    installed++;
    if (!script.executable)
      check.problems.push({
        code: 'doctor/git-hook-not-executable',
        target: 'git',
        message: `${relative} is not executable, so git skips it`,
        hint: `chmod +x ${relative}`,
      });
    else check.ok.push(`${relative} runs Charter`);
  }
  return installed === 0 ? undefined : check;
}

export async function runDoctor(
  root: string,
  env: Record<string, string | undefined>,
): Promise<DoctorReport> {
  let contract: LoadedContract | undefined;
  const problems: DoctorProblem[] = [];
  try {
    contract = (await committedContract(root)).contract;
  } catch (error) {
    problems.push({
      code: 'doctor/contract-unreadable',
      target: 'git',
      message: (error as Error).message,
      hint: 'run `charter check` to see the contract problems',
    });
  }
  const checks: DoctorCheck[] = [];
  for (const agent of ['claude', 'codex', 'gemini', 'cursor', 'copilot'] as const) {
    const check = await checkAgent(agent, root, contract, env);
    if (check) checks.push(check);
  }
  const git = await checkGit(root);
  if (git) checks.push(git);
  if (contract) {
    const on = new Set(contract.rules.map((r) => r.rule.meta.code));
    const off = [
      'agent/protected-write',
      'agent/bypass-verification',
      'agent/destructive-command',
    ].filter((code) => !on.has(code));
    if (off.length && checks.some((c) => c.target !== 'git'))
      problems.push({
        code: 'doctor/rule-off',
        target: 'git',
        message: `${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off in ${contract.file}: commands are not judged for ${off.length === 1 ? 'it' : 'them'}`,
        hint: 'turn the rules on, or accept the gap knowingly',
      });
  }
  if (checks.length === 0)
    problems.push({
      code: 'doctor/no-hooks',
      target: 'git',
      message: 'no Charter hook is installed for any agent or for git',
      hint: 'run `charter hooks install --agent claude` (or codex, gemini, cursor, copilot, git)',
    });
  for (const check of checks) problems.push(...check.problems);
  return { root, checks, problems };
}
