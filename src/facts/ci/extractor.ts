import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import type { Extractor } from '../extractor.js';
import type { Span } from '../imports/types.js';
import { SCRIPT_WEAKENERS } from './weakeners.js';

export interface CiCommand extends Span {
  /** One line of a script, trimmed. */
  text: string;
}

export interface CiStep extends Span {
  /** Identity within the file: `jobs.test.steps[Run tests]`. */
  id: string;
  /** The job it belongs to ('' when the file has no jobs). */
  job: string;
  uses?: string;
  commands: CiCommand[];
}

export interface CiJob extends Span {
  id: string;
}

export interface CiWeakener extends Span {
  kind: string;
  description: string;
  /** The text that weakens: `|| true`, `continue-on-error: true`, … */
  text: string;
  /** The step or job it is in. */
  scope: string;
}

export interface CiFacts {
  system: 'github-actions' | 'gitlab-ci' | 'other';
  jobs: CiJob[];
  steps: CiStep[];
  weakeners: CiWeakener[];
  error?: string;
}

const CI_FILE =
  /^\.github\/workflows\/[^/]+\.ya?ml$|(^|\/)\.gitlab-ci\.ya?ml$|^\.gitlab\/ci\/.+\.ya?ml$|^\.circleci\/config\.ya?ml$|(^|\/)azure-pipelines[^/]*\.ya?ml$|(^|\/)bitbucket-pipelines\.ya?ml$|^\.buildkite\/.+\.ya?ml$|(^|\/)\.travis\.ya?ml$|(^|\/)\.drone\.ya?ml$|(^|\/)\.woodpecker(\/[^/]+)?\.ya?ml$|^\.github\/actions\/.+\/action\.ya?ml$/;

export function isCiFile(path: string): boolean {
  return CI_FILE.test(path);
}

const SCRIPT_KEYS = new Set([
  'run',
  'script',
  'scripts',
  'command',
  'commands',
  'before_script',
  'after_script',
  'before_install',
  'install',
  'bash',
  'pwsh',
  'powershell',
  'sh',
  'cmd',
]);
const TOLERANCE_KEYS = new Set([
  'continue-on-error',
  'continueOnError',
  'allow_failure',
  'ignore_failure',
  'soft_fail',
  'allow-failure',
]);
const GITLAB_RESERVED = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
  'pages',
]);

function isFalsy(value: unknown): boolean {
  if (value === false || value === null || value === undefined || value === 0) return true;
  if (typeof value === 'string') return /^\s*(false|no|off|0|)\s*$/i.test(value);
  return false;
}

/** Scans a CI configuration: its jobs, steps, script lines and the weakeners in them. */
export function parseCi(text: string, path: string): CiFacts {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
  const system = path.startsWith('.github/')
    ? 'github-actions'
    : /gitlab/.test(path)
      ? 'gitlab-ci'
      : 'other';
  const facts: CiFacts = { system, jobs: [], steps: [], weakeners: [] };
  if (doc.errors.length > 0) {
    facts.error = doc.errors[0]?.message.split('\n')[0] ?? 'invalid YAML';
    return facts;
  }
  const lines = text.split('\n');
  const span = (node: { range?: [number, number, number] | null } | null | undefined): Span => {
    const range = node?.range ?? [0, 0, 0];
    const start = counter.linePos(range[0]);
    const end = counter.linePos(range[1]);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  /** The first line of a node: where a step or job starts, as one line. */
  const firstLine = (
    node: { range?: [number, number, number] | null } | null | undefined,
  ): Span => {
    const start = counter.linePos(node?.range?.[0] ?? 0);
    const text = (lines[start.line - 1] ?? '').replace(/\r$/, '');
    return { line: start.line, column: start.col, endLine: start.line, endColumn: text.length + 1 };
  };
  const root = doc.contents;
  if (!isMap(root)) return facts;

  // Jobs: GitHub/CircleCI `jobs:` map; GitLab top-level job maps.
  const jobsNode = root.get('jobs', true);
  const jobEntries: { id: string; key: Node; value: Node }[] = [];
  if (isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      if (!isScalar(pair.key) || !pair.value) continue;
      jobEntries.push({
        id: `jobs.${String(pair.key.value)}`,
        key: pair.key as Node,
        value: pair.value as Node,
      });
    }
  } else if (system === 'gitlab-ci') {
    for (const pair of root.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const name = String(pair.key.value);
      if (GITLAB_RESERVED.has(name)) continue;
      jobEntries.push({ id: name, key: pair.key as Node, value: pair.value as Node });
    }
  }
  for (const job of jobEntries) facts.jobs.push({ id: job.id, ...firstLine(job.key as never) });

  const commandsOf = (node: Node | null | undefined): CiCommand[] => {
    if (!node) return [];
    if (isSeq(node)) return node.items.flatMap((item) => commandsOf(item as Node));
    if (isMap(node))
      return commandsOf(
        (node.get('command', true) ?? node.get('script', true)) as Node | undefined,
      );
    if (!isScalar(node) || typeof node.value !== 'string') return [];
    const scalar = node as Scalar;
    const range = scalar.range ?? [0, 0, 0];
    const startLine = counter.linePos(range[0]).line;
    const endLine = counter.linePos(Math.max(range[0], range[1] - 1)).line;
    const block = scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED';
    const out: CiCommand[] = [];
    for (let line = block ? startLine + 1 : startLine; line <= endLine; line++) {
      let raw = lines[line - 1] ?? '';
      let offset = 0;
      if (line === startLine) {
        offset = counter.linePos(range[0]).col - 1;
        raw = raw.slice(offset);
      }
      if (!block && (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE')) {
        raw = raw.replace(/^["']/, ' ').replace(/["']\s*$/, '');
      }
      const content = raw.replace(/\r$/, '');
      const trimmed = content.trim();
      if (!trimmed || trimmed.startsWith('#')) continue;
      const indent = content.length - content.trimStart().length;
      out.push({
        text: trimmed,
        line,
        column: offset + indent + 1,
        endLine: line,
        endColumn: offset + indent + trimmed.length + 1,
      });
    }
    return out;
  };

  const weakenCommands = (commands: readonly CiCommand[], scope: string): void => {
    for (const command of commands) {
      for (const weakener of SCRIPT_WEAKENERS) {
        if (weakener.when && !weakener.when.test(command.text)) continue;
        for (const match of command.text.matchAll(weakener.pattern)) {
          const matched = match[0].trim();
          const column =
            command.column + (match.index ?? 0) + (match[0].length - match[0].trimStart().length);
          facts.weakeners.push({
            kind: weakener.kind,
            description: weakener.description,
            text: matched,
            scope,
            line: command.line,
            column,
            endLine: command.line,
            endColumn: column + matched.length,
          });
        }
      }
    }
  };

  const tolerance = (map: Node, scope: string): void => {
    if (!isMap(map)) return;
    for (const pair of map.items as Pair<Node, Node>[]) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const value = isScalar(pair.value) ? pair.value.value : pair.value ? true : undefined;
      const where = {
        ...span(pair.key as never),
        endLine: span(pair.value as never).endLine,
        endColumn: span(pair.value as never).endColumn,
      };
      if (TOLERANCE_KEYS.has(key) && !isFalsy(value)) {
        facts.weakeners.push({
          kind: 'continue-on-error',
          description: 'lets the job pass when it fails',
          text: `${key}: ${isScalar(pair.value) ? String(pair.value.value) : '…'}`,
          scope,
          ...where,
        });
      } else if (
        key === 'if' &&
        typeof value !== 'object' &&
        /^\s*(\$\{\{\s*)?(false|0)(\s*\}\})?\s*$/.test(String(value))
      ) {
        facts.weakeners.push({
          kind: 'disabled',
          description: 'never runs',
          text: `if: ${String(value)}`,
          scope,
          ...where,
        });
      } else if (key === 'when' && /^(never|manual)$/.test(String(value))) {
        facts.weakeners.push({
          kind: 'disabled',
          description: 'does not run on its own',
          text: `when: ${String(value)}`,
          scope,
          ...where,
        });
      }
    }
  };

  const seen = new Map<string, number>();
  const unique = (id: string): string => {
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}#${count}`;
  };
  const labelOf = (step: Node, index: number): string => {
    if (!isMap(step)) return String(index);
    for (const key of ['id', 'name', 'uses']) {
      const value = step.get(key);
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
    for (const key of SCRIPT_KEYS) {
      const first = commandsOf(step.get(key, true) as Node | undefined)[0];
      if (first) return first.text;
    }
    return String(index);
  };

  const visitJob = (jobId: string, job: Node): void => {
    tolerance(job, jobId);
    if (!isMap(job)) return;
    const steps = job.get('steps', true);
    if (isSeq(steps)) {
      steps.items.forEach((item, index) => {
        const step = item as Node;
        const id = unique(`${jobId}.steps[${labelOf(step, index)}]`);
        const commands: CiCommand[] = [];
        if (isMap(step)) {
          for (const pair of step.items as Pair<Node, Node>[]) {
            if (isScalar(pair.key) && SCRIPT_KEYS.has(String(pair.key.value)))
              commands.push(...commandsOf(pair.value));
          }
          tolerance(step, id);
        } else commands.push(...commandsOf(step));
        const uses = isMap(step) ? step.get('uses') : undefined;
        facts.steps.push({
          id,
          job: jobId,
          ...(typeof uses === 'string' ? { uses } : {}),
          commands,
          ...firstLine(step as never),
        });
        weakenCommands(commands, id);
      });
    }
    for (const pair of job.items as Pair<Node, Node>[]) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (!SCRIPT_KEYS.has(key) && key !== 'uses') continue;
      const id = unique(`${jobId}.${key}`);
      const commands = key === 'uses' ? [] : commandsOf(pair.value);
      const uses = key === 'uses' && isScalar(pair.value) ? String(pair.value.value) : undefined;
      facts.steps.push({
        id,
        job: jobId,
        ...(uses ? { uses } : {}),
        commands,
        ...firstLine(pair.key as never),
      });
      weakenCommands(commands, id);
    }
  };

  if (jobEntries.length > 0) {
    for (const job of jobEntries) visitJob(job.id, job.value);
  } else {
    // Other systems: every script anywhere is a step, identified by its path.
    const walk = (node: Node | null | undefined, path: string): void => {
      if (isMap(node)) {
        tolerance(node, path || '(root)');
        for (const pair of node.items as Pair<Node, Node>[]) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          const childPath = path ? `${path}.${key}` : key;
          if (SCRIPT_KEYS.has(key) && !isMap(pair.value)) {
            const commands = commandsOf(pair.value);
            if (commands.length) {
              const id = unique(childPath);
              facts.steps.push({ id, job: '', commands, ...firstLine(pair.key as never) });
              weakenCommands(commands, id);
            }
            continue;
          }
          walk(pair.value, childPath);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) =>
          walk(item as Node, `${path}[${labelOf(item as Node, index)}]`),
        );
      }
    };
    walk(root as Node, '');
  }
  return facts;
}

export const ciExtractor: Extractor<CiFacts> = {
  id: 'ci',
  version: 1,
  appliesTo: isCiFile,
  extract: (file) => parseCi(file.text, file.path),
};
