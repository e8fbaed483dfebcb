import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CharterError } from './errors.js';
import { readTextIfExists, writeFileAtomic } from './fs.js';
import { runGit } from './git.js';

/**
 * Writes or merges each agent's project hook configuration. Other hooks are never removed or
 * reordered; Charter's own entries are recognised by their command and replaced in place, so
 * installing twice changes nothing.
 */

export const INSTALL_TARGETS = ['claude', 'codex', 'gemini', 'cursor', 'copilot', 'git'] as const;
export type InstallTarget = (typeof INSTALL_TARGETS)[number];

/** Seconds an agent waits for the hook; Charter's own deadline (10 s) answers well before. */
export const HOOK_TIMEOUT_SECONDS = 30;

export interface AgentHookSpec {
  /** The configuration file, relative to the repository root. */
  file: string;
  /** Events and the tool matcher each is installed with (undefined: no matcher). */
  events: { event: string; matcher?: string }[];
}

export const AGENT_SPECS: Record<Exclude<InstallTarget, 'git'>, AgentHookSpec> = {
  claude: {
    file: '.claude/settings.json',
    events: [
      { event: 'PreToolUse', matcher: 'Write|Edit|MultiEdit|NotebookEdit|Bash' },
      { event: 'PostToolUse', matcher: 'Write|Edit|MultiEdit|NotebookEdit|Bash' },
      { event: 'Stop' },
      { event: 'SubagentStop' },
      { event: 'SessionStart' },
    ],
  },
  codex: {
    file: '.codex/hooks.json',
    events: [
      { event: 'PreToolUse', matcher: 'Bash|apply_patch' },
      { event: 'PostToolUse', matcher: 'Bash|apply_patch' },
      { event: 'Stop' },
      { event: 'SessionStart' },
    ],
  },
  gemini: {
    file: '.gemini/settings.json',
    events: [
      { event: 'BeforeTool', matcher: 'write_file|replace|run_shell_command' },
      { event: 'AfterTool', matcher: 'write_file|replace|run_shell_command' },
      { event: 'AfterAgent' },
      { event: 'SessionStart' },
    ],
  },
  cursor: {
    file: '.cursor/hooks.json',
    events: [{ event: 'beforeShellExecution' }, { event: 'afterFileEdit' }, { event: 'stop' }],
  },
  copilot: {
    file: '.github/hooks/charter.json',
    events: [{ event: 'preToolUse' }, { event: 'postToolUse' }, { event: 'sessionStart' }],
  },
};

export interface InstallChange {
  file: string;
  status: 'created' | 'updated' | 'unchanged';
}

export interface InstallResult {
  changes: InstallChange[];
  notes: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Is this configured command one of Charter's hooks for the agent? */
export function isCharterCommand(command: unknown, agent: string): boolean {
  return (
    typeof command === 'string' &&
    new RegExp(`charter(\\.js)?["']?\\s+hook\\s+${agent}\\b`).test(command)
  );
}

export function hookCommand(prefix: string, agent: string, event: string): string {
  return `${prefix} hook ${agent} ${event}`;
}

async function readJson(file: string): Promise<Json | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isObject(parsed)) throw new Error('not a JSON object');
    return parsed;
  } catch (error) {
    throw new CharterError(
      'hooks/unreadable-config',
      `${file} is not a JSON object Charter can merge into (${(error as Error).message})`,
      'fix or remove the file by hand (comments are not JSON), then run `charter hooks install` again',
    );
  }
}

/** Claude Code, Codex and Gemini nest hooks as event → [{ matcher, hooks: [{ type, command }] }]. */
function mergeGroups(existing: unknown, group: Json, agent: string): unknown[] {
  const groups = Array.isArray(existing) ? existing : [];
  const kept: unknown[] = [];
  let placed = false;
  for (const entry of groups) {
    if (!isObject(entry) || !Array.isArray(entry.hooks)) {
      kept.push(entry);
      continue;
    }
    const others = entry.hooks.filter(
      (hook) => !(isObject(hook) && isCharterCommand(hook.command, agent)),
    );
    if (others.length === entry.hooks.length) {
      kept.push(entry);
      continue;
    }
    // Charter's entry goes back where it was.
    if (!placed) {
      kept.push(group);
      placed = true;
    }
    if (others.length > 0) kept.push({ ...entry, hooks: others });
  }
  if (!placed) kept.push(group);
  return kept;
}

/** Cursor and Copilot list hook entries directly under the event. */
function mergeEntries(
  existing: unknown,
  entry: Json,
  agent: string,
  commandKey: string,
): unknown[] {
  const entries = Array.isArray(existing) ? existing : [];
  const index = entries.findIndex((e) => isObject(e) && isCharterCommand(e[commandKey], agent));
  if (index < 0) return [...entries, entry];
  const copy = [...entries];
  copy[index] = entry;
  return copy.filter(
    (e, i) => i === index || !(isObject(e) && isCharterCommand(e[commandKey], agent)),
  );
}

function render(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function writeIfChanged(
  root: string,
  relative: string,
  content: string,
  before: string | undefined,
): Promise<InstallChange> {
  if (before === content) return { file: relative, status: 'unchanged' };
  await writeFileAtomic(path.join(root, relative), content);
  return { file: relative, status: before === undefined ? 'created' : 'updated' };
}

async function installAgent(
  root: string,
  agent: Exclude<InstallTarget, 'git'>,
  prefix: string,
): Promise<InstallResult> {
  const spec = AGENT_SPECS[agent];
  const file = path.join(root, spec.file);
  const before = await readTextIfExists(file);
  const config = (await readJson(file)) ?? {};
  const notes: string[] = [];
  if (agent === 'cursor' || agent === 'copilot') {
    config.version = typeof config.version === 'number' ? config.version : 1;
    const hooks = isObject(config.hooks) ? { ...config.hooks } : {};
    for (const { event } of spec.events) {
      const command = hookCommand(prefix, agent, event);
      const entry: Json =
        agent === 'cursor'
          ? {
              command,
              timeout: HOOK_TIMEOUT_SECONDS,
              ...(event === 'beforeShellExecution' ? { failClosed: true } : {}),
            }
          : { type: 'command', bash: command, cwd: '.', timeoutSec: HOOK_TIMEOUT_SECONDS };
      hooks[event] = mergeEntries(
        hooks[event],
        entry,
        agent,
        agent === 'cursor' ? 'command' : 'bash',
      );
    }
    config.hooks = hooks;
    if (agent === 'cursor')
      notes.push(
        'Cursor has no hook for its file edit tool before the edit lands: edits are checked after the fact (afterFileEdit) and at stop.',
      );
    if (agent === 'copilot')
      notes.push(
        'The Copilot coding agent reads .github/hooks/*.json from the default branch: commit this file there.',
      );
  } else {
    const hooks = isObject(config.hooks) ? { ...config.hooks } : {};
    for (const { event, matcher } of spec.events) {
      const hook: Json = {
        ...(agent === 'gemini' ? { name: `charter-${event}` } : {}),
        type: 'command',
        command: hookCommand(prefix, agent, event),
        // Gemini CLI counts milliseconds, Claude Code and Codex seconds.
        timeout: agent === 'gemini' ? HOOK_TIMEOUT_SECONDS * 1000 : HOOK_TIMEOUT_SECONDS,
      };
      hooks[event] = mergeGroups(
        hooks[event],
        { ...(matcher ? { matcher } : {}), hooks: [hook] },
        agent,
      );
    }
    config.hooks = hooks;
    if (agent === 'gemini') {
      const tools = isObject(config.tools) ? config.tools : {};
      if (tools.enableHooks !== true) {
        config.tools = { ...tools, enableHooks: true };
        notes.push(
          'Enabled Gemini CLI hooks (tools.enableHooks: true); a running session picks them up after a restart.',
        );
      }
    }
    if (agent === 'codex')
      notes.push(
        'Codex runs a new or changed hook only after it is trusted: open /hooks in Codex once and trust Charter’s hooks.',
      );
  }
  const change = await writeIfChanged(root, spec.file, render(config), before);
  return { changes: [change], notes };
}

const BLOCK_START = '# >>> charter >>>';
const BLOCK_END = '# <<< charter <<<';

function gitHookBlock(hook: 'pre-commit' | 'pre-push', prefix: string): string {
  if (hook === 'pre-commit') {
    return [BLOCK_START, `${prefix} check --staged || exit $?`, BLOCK_END].join('\n');
  }
  return [
    BLOCK_START,
    '# Checks every pushed range; stdin is saved and handed on to the rest of this hook.',
    'charter_refs=$(mktemp)',
    'cat > "$charter_refs"',
    'charter_zero=0000000000000000000000000000000000000000',
    'while read -r charter_local_ref charter_local_sha charter_remote_ref charter_remote_sha; do',
    '  [ "$charter_local_sha" = "$charter_zero" ] && continue',
    '  if [ "$charter_remote_sha" = "$charter_zero" ]; then',
    '    charter_default=$(git symbolic-ref -q --short refs/remotes/origin/HEAD 2>/dev/null || echo origin/main)',
    '    charter_base=$(git merge-base "$charter_local_sha" "$charter_default" 2>/dev/null || true)',
    '  else',
    '    charter_base=$charter_remote_sha',
    '  fi',
    '  if [ -n "$charter_base" ]; then',
    `    ${prefix} check --base "$charter_base" --head "$charter_local_sha" || { rm -f "$charter_refs"; exit 1; }`,
    '  else',
    `    ${prefix} check || { rm -f "$charter_refs"; exit 1; }`,
    '  fi',
    'done < "$charter_refs"',
    'exec < "$charter_refs"',
    'rm -f "$charter_refs"',
    BLOCK_END,
  ].join('\n');
}

/** Adds or replaces Charter's block in a hook script, keeping everything else. */
export function mergeHookScript(existing: string | undefined, block: string): string {
  if (existing === undefined || existing.trim() === '') return `#!/bin/sh\n${block}\n`;
  const start = existing.indexOf(BLOCK_START);
  const end = existing.indexOf(BLOCK_END);
  if (start >= 0 && end > start)
    return `${existing.slice(0, start)}${block}${existing.slice(end + BLOCK_END.length)}`;
  // Charter goes first (after the shebang) so a later `exit 0` in the hook cannot skip it.
  const lines = existing.split('\n');
  if (lines[0]?.startsWith('#!')) return [lines[0], block, ...lines.slice(1)].join('\n');
  return `${block}\n${existing}`;
}

export interface GitHooksLocation {
  /** Absolute folder the hook scripts go into. */
  dir: string;
  /** Who owns the folder: git itself, husky, or a core.hooksPath set by someone else. */
  owner: 'git' | 'husky' | 'hooksPath';
  hooksPath: string | undefined;
}

export async function gitHooksLocation(root: string): Promise<GitHooksLocation> {
  const configured = await runGit(root, ['config', '--get', 'core.hooksPath'], undefined, {
    configuredHooksPath: true,
  });
  const hooksPath =
    configured.code === 0 ? configured.stdout.toString('utf8').trim() || undefined : undefined;
  if (hooksPath) {
    const absolute = path.resolve(root, hooksPath);
    // husky 9 points core.hooksPath at .husky/_ (generated); the scripts it runs live in .husky/.
    const huskyGenerated =
      path.basename(absolute) === '_' && path.basename(path.dirname(absolute)) === '.husky';
    if (huskyGenerated) return { dir: path.dirname(absolute), owner: 'husky', hooksPath };
    const isHusky = path.basename(absolute) === '.husky';
    return { dir: absolute, owner: isHusky ? 'husky' : 'hooksPath', hooksPath };
  }
  const gitPath = await runGit(root, ['rev-parse', '--git-path', 'hooks'], undefined, {
    configuredHooksPath: true,
  });
  if (gitPath.code !== 0)
    throw new CharterError(
      'hooks/not-a-git-repository',
      `${root} is not a git repository`,
      'run `git init` first',
    );
  return {
    dir: path.resolve(root, gitPath.stdout.toString('utf8').trim()),
    owner: 'git',
    hooksPath: undefined,
  };
}

async function installGit(root: string, prefix: string): Promise<InstallResult> {
  const location = await gitHooksLocation(root);
  const notes: string[] = [];
  if (location.owner === 'husky')
    notes.push(
      `husky manages the hooks: Charter's checks are added to its scripts in ${path.relative(root, location.dir) || '.'}.`,
    );
  if (location.owner === 'hooksPath')
    notes.push(
      `core.hooksPath is ${location.hooksPath}: Charter's checks are added to the scripts there.`,
    );
  for (const config of ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml']) {
    if (await stat(path.join(root, config)).catch(() => undefined))
      notes.push(
        `${config} exists: lefthook rewrites .git/hooks on install, so also add \`${prefix} check --staged\` to its pre-commit commands.`,
      );
  }
  const changes: InstallChange[] = [];
  await mkdir(location.dir, { recursive: true });
  for (const hook of ['pre-commit', 'pre-push'] as const) {
    const file = path.join(location.dir, hook);
    const before = await readTextIfExists(file);
    const after = mergeHookScript(before, gitHookBlock(hook, prefix));
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (before !== after) await writeFileAtomic(file, after);
    await chmod(file, 0o755);
    changes.push({
      file: relative,
      status: before === after ? 'unchanged' : before === undefined ? 'created' : 'updated',
    });
  }
  return { changes, notes };
}

export async function installHooks(
  root: string,
  target: InstallTarget,
  prefix: string,
): Promise<InstallResult> {
  return target === 'git' ? installGit(root, prefix) : installAgent(root, target, prefix);
}

/** How an agent's hook should start Charter from the repository, unless told otherwise. */
export async function defaultCommandPrefix(
  root: string,
  agent: InstallTarget,
  runningBinary: string | undefined,
): Promise<string> {
  const local = path.join(root, 'node_modules', '.bin', 'charter');
  if (await stat(local).catch(() => undefined)) {
    if (agent === 'claude') return '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/charter';
    if (agent === 'gemini') return '"$GEMINI_PROJECT_DIR"/node_modules/.bin/charter';
    return 'node_modules/.bin/charter';
  }
  if (runningBinary) {
    const relative = path.relative(root, runningBinary).split(path.sep).join('/');
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
    if (inside && agent === 'claude') return `node "$CLAUDE_PROJECT_DIR"/${relative}`;
    if (inside && agent === 'gemini') return `node "$GEMINI_PROJECT_DIR"/${relative}`;
    return `node ${inside ? relative : JSON.stringify(runningBinary)}`;
  }
  return 'npx --no-install charter';
}

/** Reads an installed agent configuration for `charter doctor`. */
export async function readAgentConfig(
  root: string,
  agent: Exclude<InstallTarget, 'git'>,
): Promise<Json | undefined> {
  return readJson(path.join(root, AGENT_SPECS[agent].file));
}

export async function readHookScript(
  file: string,
): Promise<{ text: string; executable: boolean } | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const info = await stat(file);
  return { text, executable: (info.mode & 0o111) !== 0 };
}

export { BLOCK_START as GIT_BLOCK_START };
