import { Document, isMap, isScalar, isSeq } from 'yaml';
import { ruleByCode } from '../contract/load.js';
import type { Source } from '../contract/schema.js';
import type { ContractPlan, Suggestion } from './plan.js';

/**
 * Turns a plan into charter.yaml text: active configuration printed by the `yaml` library
 * (so quoting is always right), with hand-written comments around it.
 */

const WIDTH = 92;
const TO_STRING = { lineWidth: 0, singleQuote: true } as const;

/** The contract-level rules, listed so the draft shows what is on. Every other rule runs at its default. */
const LISTED_RULES = [
  'charter/protected-path',
  'charter/missing-source',
  'charter/expired-waiver',
  'charter/contract-changed',
];

/** Wraps prose into `# ` comment lines at an indent. */
export function comment(text: string, indent = ''): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line && indent.length + 2 + line.length + 1 + word.length > WIDTH) {
        lines.push(`${indent}# ${line}`);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line ? `${indent}# ${line}` : `${indent}#`);
  }
  return lines;
}

/** YAML text turned into comment lines, so it can be uncommented as is. */
function commentedYaml(yaml: string, indent: string): string[] {
  return yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${indent}# ${line}`);
}

function section(key: string, value: unknown, decorate?: (doc: Document) => void): string[] {
  const doc = new Document({ [key]: value });
  decorate?.(doc);
  return doc.toString(TO_STRING).replace(/\n$/, '').split('\n');
}

function flow(value: unknown): string {
  const doc = new Document();
  doc.contents = doc.createNode(value, { flow: true });
  return doc.toString(TO_STRING).replace(/\n$/, '');
}

function suggestions(items: readonly Suggestion[], indent: string): string[] {
  return items.map((item) => `${indent}# - ${flow(item.value)} # ${item.reason}`);
}

function sourcesSection(plan: ContractPlan): string[] {
  const lines = [
    '# Sources of truth, highest precedence first: when two disagree, the earlier one wins.',
    '# Every path must exist (charter/missing-source).',
    ...section('sources', plan.sources, (doc) => {
      const seq = doc.get('sources', true);
      if (!isSeq(seq)) return;
      for (const item of seq.items) {
        if (!isMap(item)) continue;
        const path = item.get('path');
        const note = typeof path === 'string' ? plan.sourceNotes.get(path) : undefined;
        const pattern = item.get('idPattern', true);
        if (isScalar(pattern)) pattern.type = 'QUOTE_SINGLE';
        const target = isScalar(pattern) ? pattern : item.get('kind', true);
        if (note && isScalar(target)) target.comment = ` ${note}`;
      }
    }),
  ];
  const byReason = new Map<string, Source[]>();
  for (const { source, reason } of plan.commentedSources)
    byReason.set(reason, [...(byReason.get(reason) ?? []), source]);
  for (const [reason, sources] of byReason) {
    lines.push(...comment(`Found, not listed: ${reason}.`, '  '));
    for (const source of sources) lines.push(`  # - ${flow(source)}`);
  }
  return lines;
}

function readSection(plan: ContractPlan): string[] {
  return [
    '# Files an agent must read before writing code: its instructions and the main specs.',
    ...section('readBeforeCode', plan.readBeforeCode),
    ...suggestions(plan.readSuggestions, '  '),
  ];
}

function excludeSection(plan: ContractPlan): string[] {
  const lines = comment(
    plan.exclude.length > 0
      ? 'Files never checked: build output, vendored and generated code found in the repository.'
      : 'Files never checked. No build output, vendored or generated code was found in the repository listing; add globs such as dist/** if some appears.',
  );
  return [...lines, ...section('exclude', plan.exclude)];
}

function protectSection(plan: ContractPlan): string[] {
  const lines = comment(
    'Paths a change must not touch (charter/protected-path): the contract itself, agent settings and hooks, CI. Lockfiles are not protected: they change with every dependency update, so protecting them would block routine work; review dependency changes in the manifest (package.json, pyproject.toml, go.mod) instead, or uncomment a lockfile below if dependency changes must go through a human.',
  );
  return [
    ...lines,
    ...section('protect', plan.protect),
    ...suggestions(plan.protectSuggestions, '  '),
  ];
}

function rulesSection(plan: ContractPlan): string[] {
  const listed: Record<string, string> = {};
  for (const code of LISTED_RULES) {
    const rule = ruleByCode(code);
    if (rule) listed[code] = rule.meta.defaultSeverity;
  }
  const example = new Document({
    'custom/pattern': { severity: 'error', options: { patterns: [plan.patternExample] } },
  }).toString(TO_STRING);
  return [
    ...comment(
      'Rules and their severity: error, warn or off. A rule not listed runs at its default severity; `charter rules` lists them all and `charter explain CODE` explains one.',
    ),
    ...section('rules', listed),
    ...comment(
      `The team's own structural rules go under custom/pattern, in ast-grep's rule format; each pattern reports as custom/<id>. An example ${plan.languageDetected ? `in this repository's main language (${plan.patternExample.language})` : `in ${plan.patternExample.language} (no code was found to choose a language from)`} to adapt and uncomment:`,
      '  ',
    ),
    ...commentedYaml(example, '  '),
  ];
}

function addDays(date: Date, days: number): string {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

function waiversSection(today: Date): string[] {
  const example = new Document({
    waivers: [
      {
        rule: 'charter/protected-path',
        path: '.github/workflows/release.yml',
        reason: 'OPS-42 moves releases to the new runners',
        expires: addDays(today, 90),
      },
    ],
  }).toString(TO_STRING);
  return [
    ...comment(
      'Accepted findings, each with a reason and an expiry date; an expired waiver is itself a finding (charter/expired-waiver). For example:',
    ),
    ...commentedYaml(example, ''),
    'waivers: []',
  ];
}

function citesSection(plan: ContractPlan): string[] {
  const cites: Record<string, string[]> = {};
  for (const cite of plan.cites) cites[cite.clause] = cite.codes;
  const lines = [
    ...comment(
      'Which clause of the prose contract each rule enforces; a finding shows its clause. Only headings that clearly name what a rule checks are mapped.',
    ),
    ...section('cites', cites),
  ];
  if (plan.uncited.length > 0) {
    lines.push(
      ...comment(
        'Other sections, with no rule mapped (write a custom/pattern rule for one, then cite it here):',
        '  ',
      ),
    );
    for (const clause of plan.uncited) lines.push(`  #   ${flow(clause)}`);
    for (const [file, count] of plan.uncitedOmitted)
      lines.push(`  #   … and ${count} more in ${file}`);
  }
  return lines;
}

export interface RenderOptions {
  /** The `$schema` reference for editors: a relative path to the installed schema, or its URL. */
  schemaUrl: string;
  /** The waiver example expires 90 days after this. */
  today: Date;
}

export function renderContract(plan: ContractPlan, options: RenderOptions): string {
  const blocks: string[][] = [
    [
      `# yaml-language-server: $schema=${options.schemaUrl}`,
      '#',
      ...comment(
        "Charter contract: the rules coding agents work under in this repository, as data that `charter check` enforces in agent hooks, git hooks and CI. `charter init` drafted it from what it found; review every section. Whatever init could not be sure of is a comment, not configuration. `charter schema` prints the contract's JSON Schema.",
      ),
      'version: 1',
    ],
    sourcesSection(plan),
    readSection(plan),
    excludeSection(plan),
    protectSection(plan),
    rulesSection(plan),
    waiversSection(options.today),
    citesSection(plan),
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}
