import type { RepoDetection } from './detection.js';
import type { GitignoreUpdate } from './gitignore.js';
import type { ContractPlan } from './plan.js';

export interface SummaryInput {
  /** How to name the contract to the user (relative to where they ran init). */
  contractDisplay: string;
  overwritten: boolean;
  /** The contract is on the protect list (it is inside the repository). */
  contractProtected: boolean;
  detection: RepoDetection;
  plan: ContractPlan;
  gitignore: GitignoreUpdate;
  /** The exact command to run next, e.g. `charter check` or `charter check -C api`. */
  checkCommand: string;
}

const LABEL_WIDTH = 16;

function row(label: string, value: string): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${value}`;
}

/** What init found and wrote, and what to do next: short, for stdout. */
export function renderSummary(input: SummaryInput): string {
  const { detection, plan } = input;
  const lines = [`${input.overwritten ? 'Overwrote' : 'Wrote'} ${input.contractDisplay}`];
  const rows: string[] = [];
  if (detection.languages.length > 0) {
    rows.push(
      row('languages', detection.languages.map((l) => `${l.language} (${l.files})`).join(', ')),
    );
  }
  const active = new Set(plan.sources.map((s) => s.path));
  const commented = new Set(plan.commentedSources.map((c) => c.source.path));
  const state = (file: string): string =>
    active.has(file) ? '' : commented.has(file) ? ' [comment]' : '';
  const requirements = detection.requirements.filter((doc) => doc.ids || doc.primary);
  if (requirements.length > 0) {
    rows.push(
      row(
        'requirements',
        requirements
          .map(
            (doc) =>
              `${doc.path}${doc.ids ? ` (${doc.ids.occurrences} IDs, idPattern ${doc.ids.pattern})` : ' (no IDs found)'}${state(doc.path)}`,
          )
          .join(', '),
      ),
    );
  }
  if (detection.openapi.length > 0) {
    rows.push(
      row(
        'openapi',
        detection.openapi
          .map(
            (s) =>
              `${s.path} (${s.flavor === 'openapi' ? 'OpenAPI' : 'Swagger'} ${s.version})${state(s.path)}`,
          )
          .join(', '),
      ),
    );
  }
  if (detection.sqlSchemas.length > 0)
    rows.push(row('sql schema', detection.sqlSchemas.map((f) => `${f}${state(f)}`).join(', ')));
  if (detection.migrationDirs.length > 0)
    rows.push(row('migrations', detection.migrationDirs.map((d) => `${d}/${state(d)}`).join(', ')));
  if (detection.adrDirs.length > 0)
    rows.push(row('adr', detection.adrDirs.map((d) => `${d}/${state(d)}`).join(', ')));
  if (detection.instructions.length > 0)
    rows.push(row('instructions', detection.instructions.map((f) => f.path).join(', ')));
  if (detection.agentSettingsDirs.length > 0)
    rows.push(row('agent settings', detection.agentSettingsDirs.map((d) => `${d}/`).join(', ')));
  if (detection.ci.length > 0) rows.push(row('ci', detection.ci.join(', ')));
  if (plan.exclude.length > 0) rows.push(row('exclude', plan.exclude.join(', ')));
  if (plan.cites.length > 0)
    rows.push(
      row('cites', plan.cites.map((c) => `${c.clause} → ${c.codes.join(', ')}`).join(', ')),
    );
  if (detection.sampleSpecs.length > 0)
    rows.push(
      row('not sources', `${detection.sampleSpecs.join(', ')} (tests, fixtures or examples)`),
    );
  if (rows.length > 0) lines.push('Detected:', ...rows);
  else
    lines.push(
      'Detected nothing to draft from (no specs, agent instructions or settings): wrote a minimal contract.',
    );
  if (input.gitignore.action === 'created')
    lines.push("Created .gitignore with .charter/ (Charter's local cache)");
  if (input.gitignore.action === 'appended')
    lines.push("Added .charter/ to .gitignore (Charter's local cache)");
  const steps = [
    `Review ${input.contractDisplay}: what init was unsure of is written there as comments.`,
  ];
  if (detection.isGit) {
    const files = `${input.contractDisplay}${input.gitignore.action === 'present' ? '' : ' and .gitignore'}`;
    steps.push(
      `Commit ${files}: checks of a change (--staged, --base, agent hooks) trust the committed contract.`,
    );
  }
  steps.push(`Run \`${input.checkCommand}\` to check the repository against it.`);
  lines.push('Next steps:', ...steps.map((step, index) => `  ${index + 1}. ${step}`));
  return `${lines.join('\n')}\n`;
}
