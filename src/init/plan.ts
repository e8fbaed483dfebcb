import picomatch from 'picomatch';
import type { Source } from '../contract/schema.js';
import type { PatternRule } from '../facts/patterns/compile.js';
import type { DetectedLanguage, Heading, RepoDetection } from './detection.js';

/**
 * Decides what a drafted contract holds: what is active configuration and what is only
 * offered as a comment. Conservative on purpose: a guess never becomes an active rule.
 */

export interface CommentedSource {
  source: Source;
  reason: string;
}

export interface Cite {
  clause: string;
  codes: string[];
}

export interface Suggestion {
  value: string;
  reason: string;
}

export interface ContractPlan {
  sources: Source[];
  /** Found, but not active: folders (a source path names a file), documents without IDs, overflow. */
  commentedSources: CommentedSource[];
  /** Short notes shown next to an active source (the OpenAPI version, the IDs found). */
  sourceNotes: Map<string, string>;
  readBeforeCode: string[];
  /** Files an agent could read but that init did not put on the list, with why. */
  readSuggestions: Suggestion[];
  exclude: string[];
  protect: string[];
  /** Paths that could be protected, left to the team to decide. */
  protectSuggestions: Suggestion[];
  /** The commented `custom/pattern` example, in the main language of the repository. */
  patternExample: PatternRule;
  /** Whether the example's language came from the repository's code (else a default). */
  languageDetected: boolean;
  cites: Cite[];
  /** `file#anchor` of second-level headings no rule maps to, for the team to map. */
  uncited: string[];
  /** Per file, how many more unmapped headings there are than `uncited` lists. */
  uncitedOmitted: Map<string, number>;
}

/** More than this many sources of one kind and the rest are listed as comments. */
const MAX_SOURCES_PER_KIND = 5;
const MAX_CURSOR_RULES_TO_READ = 3;
const MAX_UNCITED_PER_FILE = 10;

const BASE_IDS: Record<Source['kind'], string> = {
  requirements: 'requirements',
  openapi: 'api',
  'sql-schema': 'db',
  migrations: 'migrations',
  adr: 'adr',
  doc: 'doc',
};

/** A placeholder shown in comments for documents without IDs; the shape the design uses. */
export const PLACEHOLDER_ID_PATTERN = '\\b[A-Z]{2,5}-\\d{3}\\b';

function slugOf(file: string): string {
  return file
    .replace(/\.[^./]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Source ids are unique: `api`, then `api-<path>` for the next ones. */
function makeIdAllocator(): (base: string, file: string) => string {
  const taken = new Set<string>();
  return (base, file) => {
    const slug = slugOf(file).slice(0, 40).replace(/-+$/, '');
    const candidates = [base, slug && `${base}-${slug}`].filter(
      (c): c is string => Boolean(c) && /^[a-z][a-z0-9-]*$/.test(c as string),
    );
    let id = candidates.find((c) => !taken.has(c));
    for (let n = 2; id === undefined; n++) if (!taken.has(`${base}-${n}`)) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
}

/** Headings whose wording clearly names what a rule enforces. Everything else stays a comment. */
const CITE_MATCHERS: readonly { code: string; test: RegExp }[] = [
  {
    code: 'charter/protected-path',
    test: new RegExp(
      [
        String.raw`\bprotected (files?|paths?|folders?|directories|areas?)\b`,
        String.raw`\b(do not|don['’]?t|never) (edit|modify|touch|change)( these| the following)? (files?|paths?|folders?|directories)\b`,
        String.raw`\b(files?|paths?|folders?|directories) (you|agents?) (must|may|should) not (edit|touch|modify|change)\b`,
        String.raw`^off[- ]limits( (files?|paths?|folders?|directories|areas?))?$`,
      ].join('|'),
      'i',
    ),
  },
  {
    code: 'charter/missing-source',
    test: /\b(read[- ]before[- ](code|coding|writing|you code)|sources?[- ]of[- ]truth|required reading)\b/i,
  },
];

function planCites(
  detection: RepoDetection,
): Pick<ContractPlan, 'cites' | 'uncited' | 'uncitedOmitted'> {
  const cites: Cite[] = [];
  const uncited: string[] = [];
  const uncitedOmitted = new Map<string, number>();
  const cited = new Set<string>();
  for (const file of detection.instructions) {
    if (file.kind === 'cursor') continue;
    let unmapped = 0;
    for (const heading of file.headings) {
      const clause = `${file.path}#${heading.anchor}`;
      const codes = CITE_MATCHERS.filter(
        ({ code, test }) => !cited.has(code) && test.test(heading.text),
      ).map(({ code }) => code);
      if (codes.length > 0) {
        for (const code of codes) cited.add(code);
        cites.push({ clause, codes });
      } else if (heading.level === 2 && !isMappedElsewhere(heading)) {
        if (unmapped < MAX_UNCITED_PER_FILE) uncited.push(clause);
        else uncitedOmitted.set(file.path, (uncitedOmitted.get(file.path) ?? 0) + 1);
        unmapped++;
      }
    }
  }
  return { cites, uncited, uncitedOmitted };
}

/** A heading that a matcher recognises but whose rule is already cited elsewhere is not listed again. */
function isMappedElsewhere(heading: Heading): boolean {
  return CITE_MATCHERS.some(({ test }) => test.test(heading.text));
}

/** The language most files are written in, among those custom/pattern supports. */
export function mainLanguage(detection: RepoDetection): DetectedLanguage | undefined {
  return detection.languages[0]?.language;
}

const BYPASS_MESSAGE = 'SKIP_AUTH switches authentication off; the contract allows no auth bypass';
const BYPASS_REMEDIATION = 'Remove the bypass; tests authenticate with a test credential instead.';

/** A real `custom/pattern` rule for the language: no authentication bypass through an environment variable. */
export function patternExampleFor(language: DetectedLanguage | undefined): PatternRule {
  const base = { id: 'no-auth-bypass', message: BYPASS_MESSAGE, remediation: BYPASS_REMEDIATION };
  switch (language) {
    case 'python':
      return {
        id: base.id,
        language: 'python',
        rule: {
          any: [
            { pattern: 'os.environ[$NAME]' },
            { pattern: 'os.environ.get($NAME)' },
            { pattern: 'os.environ.get($NAME, $$$)' },
            { pattern: 'os.getenv($NAME)' },
            { pattern: 'os.getenv($NAME, $$$)' },
          ],
        },
        constraints: { NAME: { regex: `^['"]SKIP_AUTH['"]$` } },
        message: base.message,
        remediation: base.remediation,
      };
    case 'go':
      return {
        id: base.id,
        language: 'go',
        // Go needs the call in context to parse it as an expression.
        rule: {
          pattern: { context: 'func f() { os.Getenv("SKIP_AUTH") }', selector: 'call_expression' },
        },
        message: base.message,
        remediation: base.remediation,
      };
    default:
      return {
        id: base.id,
        language: language ?? 'typescript',
        rule: { pattern: 'process.env.SKIP_AUTH' },
        message: base.message,
        remediation: base.remediation,
      };
  }
}

export interface PlanOptions {
  /** The contract's path relative to the repository root; undefined when written outside it. */
  contractPath: string | undefined;
}

export function planContract(detection: RepoDetection, options: PlanOptions): ContractPlan {
  const allocate = makeIdAllocator();
  const sources: Source[] = [];
  const commentedSources: CommentedSource[] = [];
  const sourceNotes = new Map<string, string>();
  const readBeforeCode: string[] = [];
  const readSuggestions: Suggestion[] = [];

  const addActive = (kindCount: { n: number }, source: Source, note?: string): void => {
    if (kindCount.n >= MAX_SOURCES_PER_KIND) {
      commentedSources.push({
        source,
        reason: `more than ${MAX_SOURCES_PER_KIND} sources of this kind were found; list the ones that matter`,
      });
      return;
    }
    kindCount.n++;
    sources.push(source);
    if (note) sourceNotes.set(source.path, note);
  };

  const requirementsCount = { n: 0 };
  for (const doc of detection.requirements) {
    const base = /^prd/i.test(doc.path.slice(doc.path.lastIndexOf('/') + 1))
      ? 'prd'
      : BASE_IDS.requirements;
    if (doc.ids) {
      const examples = doc.ids.examples.join(', ');
      addActive(
        requirementsCount,
        {
          id: allocate(base, doc.path),
          path: doc.path,
          kind: 'requirements',
          idPattern: doc.ids.pattern,
        },
        `${doc.ids.occurrences} IDs such as ${examples}`,
      );
    } else if (doc.primary) {
      commentedSources.push({
        source: {
          id: allocate(base, doc.path),
          path: doc.path,
          kind: 'requirements',
          idPattern: PLACEHOLDER_ID_PATTERN,
        },
        reason:
          'no requirement IDs (like ABC-123, each prefix seen twice) were found; a requirements source needs an idPattern',
      });
      readBeforeCode.push(doc.path);
    }
  }
  const openapiCount = { n: 0 };
  for (const spec of detection.openapi) {
    addActive(
      openapiCount,
      { id: allocate(BASE_IDS.openapi, spec.path), path: spec.path, kind: 'openapi' },
      `${spec.flavor === 'openapi' ? 'OpenAPI' : 'Swagger'} ${spec.version}`,
    );
  }
  const sqlCount = { n: 0 };
  for (const file of detection.sqlSchemas)
    addActive(sqlCount, {
      id: allocate(BASE_IDS['sql-schema'], file),
      path: file,
      kind: 'sql-schema',
    });
  const folderCount = { n: 0 };
  for (const dir of detection.migrationDirs)
    addActive(folderCount, {
      id: allocate(BASE_IDS.migrations, dir),
      path: dir,
      kind: 'migrations',
    });
  for (const dir of detection.adrDirs)
    addActive(folderCount, { id: allocate(BASE_IDS.adr, dir), path: dir, kind: 'adr' });

  const cursorRules = detection.instructions.filter((file) => file.kind === 'cursor');
  const instructionReads = detection.instructions
    .filter((file) => file.kind !== 'cursor' || cursorRules.length <= MAX_CURSOR_RULES_TO_READ)
    .map((file) => file.path);
  if (cursorRules.length > MAX_CURSOR_RULES_TO_READ) {
    for (const file of cursorRules) {
      readSuggestions.push({
        value: file.path,
        reason: 'a Cursor rule: list it if every agent must read it',
      });
    }
  }
  for (const file of detection.nestedInstructions)
    readSuggestions.push({ value: file, reason: 'applies to its folder only' });
  // Folders of migrations or ADRs are history to consult, not a file to read before coding.
  const specReads = sources
    .filter((source) => source.kind !== 'migrations' && source.kind !== 'adr')
    .map((source) => source.path);
  const reads = [...new Set([...instructionReads, ...specReads, ...readBeforeCode])];

  const protect: string[] = [];
  if (options.contractPath) protect.push(options.contractPath);
  protect.push(...detection.agentSettingsDirs.map((dir) => `${dir}/**`), ...detection.ci);
  const isProtected = picomatch(protect.length > 0 ? protect : ['\0'], { dot: true });
  const protectSuggestions: Suggestion[] = [
    ...detection.instructions.map((file) => ({
      value: file.path,
      reason: 'the prose contract: protect it if agents must not rewrite their own instructions',
    })),
    ...detection.gitHooks.map((glob) => ({
      value: glob,
      reason: 'git hooks: an agent could switch a check off here',
    })),
    ...detection.lockfiles.map((file) => ({ value: file, reason: 'lockfile' })),
  ].filter((suggestion) => !protect.includes(suggestion.value) && !isProtected(suggestion.value));

  const { cites, uncited, uncitedOmitted } = planCites(detection);
  return {
    sources,
    commentedSources,
    sourceNotes,
    readBeforeCode: reads,
    readSuggestions,
    exclude: detection.exclude,
    protect: [...new Set(protect)],
    protectSuggestions,
    patternExample: patternExampleFor(mainLanguage(detection)),
    languageDetected: mainLanguage(detection) !== undefined,
    cites,
    uncited,
    uncitedOmitted,
  };
}
