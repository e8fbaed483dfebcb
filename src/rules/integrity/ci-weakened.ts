import { z } from 'zod';
import type { ReportLocation } from '../../engine/rule.js';
import { defineRule } from '../../engine/rule.js';
import type { CiFacts, CiStep } from '../../facts/ci/extractor.js';
import { ciExtractor } from '../../facts/ci/extractor.js';
import { GATE_COMMAND, GATE_SCRIPT, SCRIPT_WEAKENERS } from '../../facts/ci/weakeners.js';
import type { Span } from '../../facts/imports/types.js';
import type { PackageJsonFacts, PackageScript } from '../../facts/manifests/package-json.js';
import { packageJsonExtractor } from '../../facts/manifests/package-json.js';

const KINDS = [
  'deleted-workflow',
  'removed-job',
  'removed-step',
  'removed-command',
  'removed-script',
  'continue-on-error',
  'disabled',
  'or-true',
  'set-plus-e',
  'pass-with-no-tests',
  'exit-zero',
  'if-present',
  'no-verify',
  'test-filter',
] as const;

const OptionsSchema = z
  .object({
    checks: z
      .array(z.enum(KINDS))
      .default([...KINDS])
      .describe('Which weakenings to report (default: all)'),
    packageScripts: z
      .boolean()
      .default(true)
      .describe(
        'Also compare package.json scripts named test, lint, check, typecheck, verify, ci…',
      ),
  })
  .strict();

const at = (file: string, span: Span): ReportLocation => ({
  file,
  line: span.line,
  column: span.column,
  endLine: span.endLine,
  endColumn: span.endColumn,
});

function counts(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

/** Steps of the head side matched to the base side: by identity, then by what they run. */
const stepContent = (s: CiStep): string =>
  `${s.uses ?? ''}\0${s.commands.map((c) => c.text).join('\n')}`;

/**
 * Jobs renamed by the change: a job that is gone and a new job with the same steps. A renamed
 * job keeps its steps, so it is compared, not reported as removed.
 */
function renamedJobs(before: CiFacts | undefined, after: CiFacts): Map<string, string> {
  const renamed = new Map<string, string>();
  if (!before) return renamed;
  const afterIds = new Set(after.jobs.map((j) => j.id));
  const beforeIds = new Set(before.jobs.map((j) => j.id));
  const signature = (facts: CiFacts, job: string): string =>
    facts.steps
      .filter((s) => s.job === job)
      .map(stepContent)
      .sort()
      .join('\0\0');
  const added = after.jobs.filter((j) => !beforeIds.has(j.id));
  for (const job of before.jobs) {
    if (afterIds.has(job.id)) continue;
    const wanted = signature(before, job.id);
    const twin = added.find(
      (a) => ![...renamed.values()].includes(a.id) && signature(after, a.id) === wanted,
    );
    if (twin) renamed.set(job.id, twin.id);
  }
  return renamed;
}

/** Steps of the head side matched to the base side: by identity, then by what they run. */
function matchSteps(
  before: readonly CiStep[],
  after: readonly CiStep[],
  renamed: ReadonlyMap<string, string>,
): Map<CiStep, CiStep> {
  const matched = new Map<CiStep, CiStep>();
  const taken = new Set<CiStep>();
  const jobOf = (step: CiStep): string => renamed.get(step.job) ?? step.job;
  const idIn = (step: CiStep): string =>
    renamed.has(step.job) ? `${jobOf(step)}${step.id.slice(step.job.length)}` : step.id;
  for (const b of before) {
    const a = after.find((x) => !taken.has(x) && x.id === idIn(b));
    if (a) {
      matched.set(b, a);
      taken.add(a);
    }
  }
  for (const b of before) {
    if (matched.has(b)) continue;
    const a = after.find(
      (x) => !taken.has(x) && x.job === jobOf(b) && stepContent(x) === stepContent(b),
    );
    if (a) {
      matched.set(b, a);
      taken.add(a);
    }
  }
  return matched;
}

/** `tsc && vitest run || true` → its commands. */
function segments(command: string): string[] {
  return command
    .split(/&&|\|\||;|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const rule = defineRule({
  meta: {
    code: 'integrity/ci-weakened',
    description:
      'The change weakens CI: removes a workflow, job, step or check command, or makes failures pass (continue-on-error, || true, --passWithNoTests, …).',
    rationale:
      'CI is the last gate, and loosening it is the quiet way to get a red change merged: a deleted test step, `continue-on-error: true`, `allow_failure: true`, `|| true` after the test command, `--passWithNoTests`, `--exit-zero`, `set +e`, a step disabled with `if: false`, or a test script in package.json that no longer runs the type check. The configuration is compared with the base side of the change; only what the change adds or removes is reported, at its line. GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket, Buildkite, Travis, Drone and package.json scripts are read.',
    remediation:
      'Restore the step or command and fix what fails instead. If the CI change is intended, a human makes it (these files are usually protected too) or adds a waiver with a reason.',
    defaultSeverity: 'error',
    locality: 'change',
    options: OptionsSchema,
    factsOfChange: [ciExtractor, packageJsonExtractor],
    factsBefore: [ciExtractor, packageJsonExtractor],
  },
  check(context) {
    const change = context.change;
    if (!change) return;
    const enabled = new Set<string>(context.options.checks);
    const after = context.facts(ciExtractor);
    const before = context.factsBefore(ciExtractor);
    const report = (
      kind: string,
      message: string,
      location: ReportLocation,
      data: Record<string, string>,
    ): void => {
      if (!enabled.has(kind)) return;
      context.report({ message, location, data: { kind, ...data } });
    };
    for (const changed of change) {
      const beforePath = changed.status === 'added' ? undefined : (changed.oldPath ?? changed.path);
      const was: CiFacts | undefined = beforePath ? before.get(beforePath) : undefined;
      if (changed.status === 'deleted') {
        if (was) {
          report(
            'deleted-workflow',
            `the change deletes the CI configuration ${changed.path}`,
            { file: changed.path, line: 1, column: 1 },
            { file: changed.path, scope: '', text: '' },
          );
        }
        continue;
      }
      const now = after.get(changed.path);
      if (!now) continue;
      if (now.error && !was?.error) {
        context.report({
          message: `${changed.path} is not valid YAML any more (${now.error}); CI will not run it`,
          location: { file: changed.path, line: 1, column: 1 },
          data: { kind: 'deleted-workflow', file: changed.path, scope: '', text: now.error },
        });
        continue;
      }
      const file = changed.path;
      // Jobs and steps that are gone.
      const jobIds = new Set(now.jobs.map((j) => j.id));
      const renamed = renamedJobs(was, now);
      const matched = matchSteps(was?.steps ?? [], now.steps, renamed);
      const removedJobs = new Set<string>();
      for (const job of was?.jobs ?? []) {
        if (jobIds.has(job.id) || renamed.has(job.id)) continue;
        removedJobs.add(job.id);
        report(
          'removed-job',
          `the change removes the CI job ${job.id} from ${file}`,
          { file, line: 1, column: 1 },
          { file, scope: job.id, text: job.id },
        );
      }
      for (const step of was?.steps ?? []) {
        if (removedJobs.has(step.job)) continue;
        const kept = matched.get(step);
        if (!kept) {
          const where =
            nextKept(step, was?.steps ?? [], matched) ?? now.jobs.find((j) => j.id === step.job);
          report(
            'removed-step',
            `the change removes the CI step ${step.id}${step.commands[0] ? ` (\`${step.commands[0].text}\`)` : step.uses ? ` (${step.uses})` : ''}`,
            where ? at(file, where) : { file, line: 1, column: 1 },
            { file, scope: step.id, text: step.commands[0]?.text ?? step.uses ?? '' },
          );
          continue;
        }
        const remaining = counts(kept.commands.map((c) => c.text));
        const previousTexts = new Set(step.commands.map((c) => c.text));
        const addedTexts = kept.commands.map((c) => c.text).filter((t) => !previousTexts.has(t));
        for (const command of step.commands) {
          const left = remaining.get(command.text) ?? 0;
          if (left > 0) {
            remaining.set(command.text, left - 1);
            continue;
          }
          if (!GATE_COMMAND.test(command.text) || stillRuns(command.text, addedTexts)) continue;
          report(
            'removed-command',
            `the change removes \`${command.text}\` from the CI step ${kept.id}`,
            at(file, kept),
            { file, scope: kept.id, text: command.text },
          );
        }
      }
      // Weakeners that were not there before, per step or job.
      const scopeBefore = new Map<string, string>();
      for (const [b, a] of matched) scopeBefore.set(a.id, b.id);
      for (const [b, a] of renamed) scopeBefore.set(a, b);
      const previous = counts((was?.weakeners ?? []).map((w) => `${w.scope}\0${w.kind}`));
      for (const weakener of now.weakeners) {
        const key = `${scopeBefore.get(weakener.scope) ?? weakener.scope}\0${weakener.kind}`;
        const left = previous.get(key) ?? 0;
        if (left > 0) {
          previous.set(key, left - 1);
          continue;
        }
        report(
          weakener.kind,
          `\`${weakener.text}\` in ${weakener.scope} ${weakener.description}`,
          at(file, weakener),
          { file, scope: weakener.scope, text: weakener.text },
        );
      }
    }
    if (!context.options.packageScripts) return;
    const manifests = context.facts(packageJsonExtractor);
    const manifestsBefore = context.factsBefore(packageJsonExtractor);
    for (const changed of change) {
      if (changed.status === 'added' || changed.status === 'deleted') continue;
      const was: PackageJsonFacts | undefined = manifestsBefore.get(
        changed.oldPath ?? changed.path,
      );
      const now = manifests.get(changed.path);
      if (!was || !now) continue;
      const file = changed.path;
      const nowByName = new Map(now.scripts.map((s) => [s.name, s]));
      for (const script of was.scripts) {
        if (!GATE_SCRIPT.test(script.name)) continue;
        const kept = nowByName.get(script.name);
        if (!kept) {
          report(
            'removed-script',
            `the change removes the "${script.name}" script from ${file}`,
            { file, line: 1, column: 1 },
            { file, scope: `scripts.${script.name}`, text: script.command },
          );
          continue;
        }
        const remaining = counts(segments(kept.command));
        for (const segment of segments(script.command)) {
          const left = remaining.get(segment) ?? 0;
          if (left > 0) {
            remaining.set(segment, left - 1);
            continue;
          }
          if (GATE_COMMAND.test(segment) && !stillRuns(segment, segments(kept.command)))
            report(
              'removed-command',
              `the change removes \`${segment}\` from the "${script.name}" script`,
              at(file, kept),
              { file, scope: `scripts.${script.name}`, text: segment },
            );
        }
      }
      for (const script of now.scripts) {
        const old = was.scripts.find((s) => s.name === script.name);
        const previous = counts(scriptWeakeners(old).map((w) => w.kind));
        for (const weakener of scriptWeakeners(script)) {
          const left = previous.get(weakener.kind) ?? 0;
          if (left > 0) {
            previous.set(weakener.kind, left - 1);
            continue;
          }
          report(
            weakener.kind,
            `\`${weakener.text}\` in the "${script.name}" script ${weakener.description}`,
            at(file, script),
            { file, scope: `scripts.${script.name}`, text: weakener.text },
          );
        }
      }
    }
  },
});

/** A gate command edited rather than removed: an added command runs the same tool. */
function stillRuns(command: string, added: readonly string[]): boolean {
  const tool = GATE_COMMAND.exec(command)?.[0];
  return tool !== undefined && added.some((other) => GATE_COMMAND.exec(other)?.[0] === tool);
}

function scriptWeakeners(
  script: PackageScript | undefined,
): { kind: string; text: string; description: string }[] {
  if (!script) return [];
  const out: { kind: string; text: string; description: string }[] = [];
  for (const weakener of SCRIPT_WEAKENERS) {
    if (weakener.when && !weakener.when.test(script.command)) continue;
    for (const match of script.command.matchAll(weakener.pattern))
      out.push({ kind: weakener.kind, text: match[0].trim(), description: weakener.description });
  }
  return out;
}

/** The first step after a removed one that is still there: where the removed one was. */
function nextKept(
  step: CiStep,
  steps: readonly CiStep[],
  matched: ReadonlyMap<CiStep, CiStep>,
): CiStep | undefined {
  const index = steps.indexOf(step);
  for (let i = index + 1; i < steps.length; i++) {
    const candidate = steps[i] as CiStep;
    if (candidate.job !== step.job) continue;
    const kept = matched.get(candidate);
    if (kept) return kept;
  }
  return undefined;
}
