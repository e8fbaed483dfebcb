import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AnyRule } from '../engine/rule.js';
import { ENGINE_CODES } from '../engine/engine-codes.js';
import { registeredRules } from '../rules/registry.js';
import { environmentProblems } from '../env/validate.js';
import { sizeProblems, textProblems } from './limits.js';
import { ContractError, formatYamlPath } from './problems.js';
import type { ContractProblem } from './problems.js';
import { ContractSchema, RuleEntrySchema } from './schema.js';
import type { Contract, Severity } from './schema.js';
import { validateGlob, validatePath, validateRegex } from './validators.js';
import { PositionedYaml } from './yaml-positions.js';
import type { Span, YamlPath } from './yaml-positions.js';

export interface ConfiguredRule {
  rule: AnyRule;
  severity: Exclude<Severity, 'off'>;
  options: unknown;
}

export interface LoadedContract {
  /** Path as given or found, relative to the repository root when inside it. */
  readonly file: string;
  readonly text: string;
  readonly digest: string;
  readonly data: Contract;
  /** Rules that are on, with validated options. */
  readonly rules: readonly ConfiguredRule[];
  /** Every code a finding may carry under this contract. */
  readonly knownCodes: ReadonlySet<string>;
  locate(path: YamlPath, key?: boolean): Span;
}

export function ruleByCode(code: string): AnyRule | undefined {
  return registeredRules.find((rule) => rule.meta.code === code);
}

function issuesToProblems(
  yaml: PositionedYaml,
  issues: readonly z.core.$ZodIssue[],
  prefix: YamlPath,
  input: unknown,
): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const issue of issues) {
    const path = [
      ...prefix,
      ...issue.path.filter((s): s is string | number => typeof s !== 'symbol'),
    ];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: formatYamlPath([...path, key]),
          message: `unknown key "${key}"`,
          span: yaml.locate([...path, key], true),
        });
      }
    } else if (issue.code === 'invalid_union') {
      // Report the branch that matches the input's shape (a severity string or an object).
      const value = valueAt(
        input,
        issue.path.filter((s): s is string | number => typeof s !== 'symbol'),
      );
      const objectBranch = issue.errors.find(
        (branch) => !branch.every((i) => i.path.length === 0 && i.code !== 'unrecognized_keys'),
      );
      if (typeof value === 'object' && value !== null && objectBranch) {
        problems.push(...issuesToProblems(yaml, objectBranch, path, value));
      } else {
        problems.push({
          path: formatYamlPath(path),
          message: 'expected error, warn, off or { severity, options }',
          span: yaml.locate(path),
        });
      }
    } else {
      problems.push({
        path: formatYamlPath(path),
        message: issue.message,
        span: yaml.locate(path),
      });
    }
  }
  return problems;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

interface LoadOptions {
  file: string;
  text: string;
}

/** Contracts loaded in this process, by path and text: a long-lived process loads each once. */
const loaded = new Map<string, LoadedContract>();
const LOADED_LIMIT = 16;

/**
 * Parses, validates and resolves a contract. Throws ContractError with every problem. The
 * result is a pure function of the path and text, and is treated as read-only by every reader.
 */
export function loadContract(options: LoadOptions): LoadedContract {
  const key = `${options.file}\0${options.text}`;
  const known = loaded.get(key);
  if (known) return known;
  const contract = parseContract(options);
  if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  loaded.set(key, contract);
  return contract;
}

function parseContract({ file, text }: LoadOptions): LoadedContract {
  // Size and encoding first: the YAML parser is not asked to read what no contract is.
  const problems: ContractProblem[] = textProblems(text);
  if (problems.length > 0) throw new ContractError(file, problems);
  const yaml = new PositionedYaml(text);
  for (const error of yaml.document.errors) {
    const [start, end] = error.pos;
    problems.push({
      path: '(yaml)',
      message: error.message.split('\n')[0] ?? error.message,
      span: yaml.spanOfOffsets(start, end),
    });
  }
  if (problems.length > 0) throw new ContractError(file, problems);
  let input: unknown;
  try {
    input = yaml.document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Aliases are resolved here: an unknown anchor or an alias bomb is the contract's fault.
    throw new ContractError(file, [
      { path: '(yaml)', message: (error as Error).message, span: yaml.locate([]) },
    ]);
  }
  if (input === null || input === undefined) {
    throw new ContractError(file, [
      {
        path: '(root)',
        message: 'the contract is empty; it needs at least "version: 1"',
        span: yaml.locate([]),
      },
    ]);
  }
  for (const problem of sizeProblems(input)) {
    problems.push({
      path: formatYamlPath(problem.path),
      message: problem.message,
      span: yaml.locate(problem.path, true),
    });
  }
  if (problems.length > 0) throw new ContractError(file, problems);
  // Layer 1, structure: every problem, then keep going with the sections that are sound so
  // the later layers still report theirs.
  const parsed = ContractSchema.safeParse(input);
  if (!parsed.success) problems.push(...issuesToProblems(yaml, parsed.error.issues, [], input));
  const data: Contract = parsed.success ? parsed.data : soundSections(input);

  // Layer 2, rules: known codes and per-rule options.
  const configured: ConfiguredRule[] = [];
  const knownCodes = new Set<string>(ENGINE_CODES.map((c) => c.code));
  for (const rule of registeredRules) knownCodes.add(rule.meta.code);
  const rawRules = valueAt(input, ['rules']);
  const entries: Record<string, unknown> =
    typeof rawRules === 'object' && rawRules !== null && !Array.isArray(rawRules)
      ? (rawRules as Record<string, unknown>)
      : {};
  for (const code of Object.keys(entries)) {
    if (ruleByCode(code)) continue;
    const suggestion = suggestCode(
      code,
      registeredRules.map((r) => r.meta.code),
    );
    problems.push({
      path: formatYamlPath(['rules', code]),
      message: `unknown rule "${code}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; \`charter rules\` lists them`,
      span: yaml.locate(['rules', code], true),
    });
  }
  for (const rule of registeredRules) {
    const rawEntry = entries[rule.meta.code];
    const entryResult = rawEntry === undefined ? undefined : RuleEntrySchema.safeParse(rawEntry);
    if (entryResult && !entryResult.success) continue; // already reported by layer 1
    const entry = entryResult?.data;
    const severity: Severity =
      entry === undefined
        ? rule.meta.defaultSeverity
        : typeof entry === 'string'
          ? entry
          : entry.severity;
    const rawOptions =
      entry !== undefined && typeof entry === 'object' ? (entry.options ?? {}) : {};
    let options: unknown = rawOptions;
    if (rule.meta.options) {
      const result = rule.meta.options.safeParse(rawOptions);
      if (!result.success) {
        problems.push(
          ...issuesToProblems(
            yaml,
            result.error.issues,
            ['rules', rule.meta.code, 'options'],
            rawOptions,
          ),
        );
        // Still learn the codes the options declare, so references to them do not cascade.
        try {
          for (const code of rule.meta.reportsCodes?.(rawOptions) ?? [])
            if (typeof code === 'string') knownCodes.add(code);
        } catch {
          // options too broken to name any code
        }
        continue;
      }
      options = result.data;
    } else if (entry !== undefined && typeof entry === 'object' && entry.options !== undefined) {
      problems.push({
        path: formatYamlPath(['rules', rule.meta.code, 'options']),
        message: `${rule.meta.code} takes no options`,
        span: yaml.locate(['rules', rule.meta.code, 'options'], true),
      });
      continue;
    }
    for (const code of rule.meta.reportsCodes?.(options) ?? []) knownCodes.add(code);
    if (severity !== 'off') configured.push({ rule, severity, options });
  }

  // Layer 3, semantics: globs, regexes, duplicates, references to codes.
  checkSemantics(data, yaml, problems, knownCodes);
  if (problems.length > 0) throw new ContractError(file, sortProblems(problems));

  return {
    file,
    text,
    digest: `sha256:${createHash('sha256').update(text).digest('hex')}`,
    data,
    rules: configured,
    knownCodes,
    locate: (path, key) => yaml.locate(path, key),
  };
}

/** The top-level sections that pass on their own, so semantic checks can still run on them. */
function soundSections(input: unknown): Contract {
  const sound: Record<string, unknown> = { version: 1 };
  if (typeof input !== 'object' || input === null) return sound as Contract;
  for (const [key, schema] of Object.entries(ContractSchema.shape)) {
    if (key === 'version' || key === 'rules') continue;
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const result = (schema as z.ZodType).safeParse(value);
    if (result.success) sound[key] = result.data;
  }
  return sound as Contract;
}

function sortProblems(problems: ContractProblem[]): ContractProblem[] {
  return [...problems].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
}

function checkSemantics(
  data: Contract,
  yaml: PositionedYaml,
  problems: ContractProblem[],
  knownCodes: ReadonlySet<string>,
): void {
  const report = (path: YamlPath, message: string, key = false): void => {
    problems.push({ path: formatYamlPath(path), message, span: yaml.locate(path, key) });
  };
  const globLists: [string, readonly string[] | undefined][] = [
    ['include', data.include],
    ['exclude', data.exclude],
    ['protect', data.protect],
  ];
  for (const [key, globs] of globLists) {
    const seen = new Set<string>();
    globs?.forEach((glob, index) => {
      const error = validateGlob(glob);
      if (error) report([key, index], error);
      if (seen.has(glob)) report([key, index], `duplicate entry "${glob}"`);
      seen.add(glob);
    });
  }
  const ids = new Set<string>();
  const paths = new Set<string>();
  data.sources?.forEach((source, index) => {
    if (ids.has(source.id)) report(['sources', index, 'id'], `duplicate source id "${source.id}"`);
    if (paths.has(source.path))
      report(['sources', index, 'path'], `duplicate source path "${source.path}"`);
    ids.add(source.id);
    paths.add(source.path);
    const pathError = validatePath(source.path);
    if (pathError) report(['sources', index, 'path'], pathError);
    if (source.idPattern !== undefined) {
      const error = validateRegex(source.idPattern);
      if (error) report(['sources', index, 'idPattern'], error);
    }
    if (source.kind === 'requirements' && source.idPattern === undefined) {
      report(
        ['sources', index],
        'a requirements source needs an idPattern (e.g. "\\\\b[A-Z]{2,5}-\\\\d{3}\\\\b")',
      );
    }
  });
  const read = new Set<string>();
  data.readBeforeCode?.forEach((file, index) => {
    const error = validatePath(file);
    if (error) report(['readBeforeCode', index], error);
    if (read.has(file)) report(['readBeforeCode', index], `duplicate entry "${file}"`);
    read.add(file);
  });
  const waiverKeys = new Set<string>();
  data.waivers?.forEach((waiver, index) => {
    if (!knownCodes.has(waiver.rule))
      report(['waivers', index, 'rule'], unknownCodeMessage(waiver.rule, knownCodes));
    if (ENGINE_CODES.some((c) => c.code === waiver.rule && !c.waivable)) {
      report(
        ['waivers', index, 'rule'],
        `${waiver.rule} cannot be waived: it means Charter itself failed`,
      );
    }
    const globError = validateGlob(waiver.path);
    if (globError) report(['waivers', index, 'path'], globError);
    if (Number.isNaN(Date.parse(`${waiver.expires}T00:00:00Z`)) || !isRealDate(waiver.expires)) {
      report(['waivers', index, 'expires'], `"${waiver.expires}" is not a calendar date`);
    }
    const key = `${waiver.rule}\0${waiver.path}`;
    if (waiverKeys.has(key))
      report(['waivers', index], `duplicate waiver for ${waiver.rule} on ${waiver.path}`);
    waiverKeys.add(key);
  });
  for (const problem of data.environments ? environmentProblems(data.environments) : [])
    report(problem.path, problem.message, problem.key);
  const citedBy = new Map<string, string>();
  for (const [clause, codes] of Object.entries(data.cites ?? {})) {
    codes.forEach((code, index) => {
      if (!knownCodes.has(code))
        report(['cites', clause, index], unknownCodeMessage(code, knownCodes));
      const previous = citedBy.get(code);
      if (previous !== undefined) {
        report(
          ['cites', clause, index],
          `${code} is already cited by "${previous}"; a finding shows one clause`,
        );
      }
      citedBy.set(code, clause);
    });
  }
}

/** The closest known code: same name in another pack, a prefix, or a small typo. */
export function suggestCode(code: string, known: Iterable<string>): string | undefined {
  const codes = [...known];
  const name = code.split('/').pop();
  const exact = codes.find(
    (c) => c.split('/').pop() === name || c.startsWith(code) || code.startsWith(c),
  );
  if (exact) return exact;
  let best: { code: string; distance: number } | undefined;
  for (const candidate of codes) {
    const distance = editDistance(code, candidate);
    if (
      distance <= Math.max(2, Math.floor(candidate.length / 5)) &&
      (!best || distance < best.distance)
    )
      best = { code: candidate, distance };
  }
  return best?.code;
}

function unknownCodeMessage(code: string, knownCodes: ReadonlySet<string>): string {
  const suggestion = suggestCode(code, knownCodes);
  return `unknown rule code "${code}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return date.toISOString().slice(0, 10) === value;
}
