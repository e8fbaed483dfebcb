import type {
  DetectedLanguage,
  Heading,
  InstructionKind,
  LanguageCount,
  OpenApiFile,
  RequirementIds,
} from './detection.js';

/**
 * Pure classifiers for `charter init`: from paths and file text to what they are. No file
 * system here; src/repo/detect.ts feeds them.
 */

/** Build output, vendored and generated code: excluded from checks, never a source. */
const BUILD_DIRS = ['dist', 'build', 'vendor', 'generated', '__generated__'];
/** Tests, fixtures and examples hold sample specs, not the repository's own. */
const SAMPLE_DIRS = [
  'test',
  'tests',
  '__tests__',
  'fixtures',
  '__fixtures__',
  'testdata',
  'examples',
  'example',
  'samples',
];
const ALWAYS_SKIPPED = ['node_modules', '.git', '.charter'];

function dirSegments(file: string): string[] {
  return file.split('/').slice(0, -1);
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function extension(file: string): string {
  const name = baseName(file);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** Inside build output, vendored or generated code (or a folder nothing should read). */
export function isBuildPath(file: string): boolean {
  return dirSegments(file).some(
    (segment) => BUILD_DIRS.includes(segment) || ALWAYS_SKIPPED.includes(segment),
  );
}

/** Inside tests, fixtures or examples. */
export function isSamplePath(file: string): boolean {
  return dirSegments(file).some((segment) => SAMPLE_DIRS.includes(segment.toLowerCase()));
}

/** Generated files recognised by name, with the exclude glob for each. */
const GENERATED_FILES: readonly [RegExp, string][] = [
  [/\.generated\.[^/]+$/, '**/*.generated.*'],
  [/\.pb\.go$/, '**/*.pb.go'],
  [/_pb2(_grpc)?\.pyi?$/, '**/*_pb2*.py*'],
];

const LANGUAGE_BY_EXTENSION: Record<string, DetectedLanguage> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.go': 'go',
};

export function languageOf(file: string): DetectedLanguage | undefined {
  if (/\.d\.[mc]?ts$/i.test(file)) return undefined;
  return LANGUAGE_BY_EXTENSION[extension(file)];
}

const LANGUAGE_ORDER: readonly DetectedLanguage[] = [
  'typescript',
  'tsx',
  'javascript',
  'python',
  'go',
];

/** Files per language, most first; build output and vendored code do not count. */
export function countLanguages(files: readonly string[]): LanguageCount[] {
  const counts = new Map<DetectedLanguage, number>();
  for (const file of files) {
    if (isBuildPath(file) || GENERATED_FILES.some(([pattern]) => pattern.test(file))) continue;
    const language = languageOf(file);
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts]
    .map(([language, count]) => ({ language, files: count }))
    .sort(
      (a, b) =>
        b.files - a.files ||
        LANGUAGE_ORDER.indexOf(a.language) - LANGUAGE_ORDER.indexOf(b.language),
    );
}

const NOT_SPECS = new Set([
  'package.json',
  'package-lock.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'composer.json',
  'composer.lock',
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
  'charter.yaml',
  'charter.baseline.json',
]);

/** A YAML or JSON file that may be an OpenAPI document, worth reading the start of. */
export function isOpenApiCandidate(file: string): boolean {
  if (!['.yaml', '.yml', '.json'].includes(extension(file))) return false;
  const name = baseName(file).toLowerCase();
  if (NOT_SPECS.has(name) || /^tsconfig.*\.json$/.test(name) || name.startsWith('.')) return false;
  if (file.startsWith('.github/') || isBuildPath(file)) return false;
  return true;
}

/**
 * Recognises an OpenAPI or Swagger document from its first few kilobytes: a top-level
 * `openapi:`/`swagger:` key whose value is a version. Keys nested deeper (a dependency
 * called "swagger" in a package manifest) do not count.
 */
export function openApiVersion(head: string): Pick<OpenApiFile, 'flavor' | 'version'> | undefined {
  const text = head.replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(text)) return jsonTopLevelVersion(text);
  const yaml = /^(openapi|swagger)[ \t]*:[ \t]*["']?(\d+(?:\.\d+)*)/m.exec(text);
  return yaml
    ? { flavor: yaml[1] as 'openapi' | 'swagger', version: yaml[2] as string }
    : undefined;
}

/** Scans (possibly truncated) JSON for a string key at depth one followed by a version string. */
function jsonTopLevelVersion(text: string): Pick<OpenApiFile, 'flavor' | 'version'> | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const key = text.slice(i + 1, end);
      if (depth === 1 && (key === 'openapi' || key === 'swagger')) {
        const value = /^\s*:\s*"(\d+(?:\.\d+)*)/.exec(text.slice(end + 1));
        if (value) return { flavor: key, version: value[1] as string };
      }
      i = end;
    }
  }
  return undefined;
}

const SCHEMA_FILE_NAMES = ['schema.sql', 'structure.sql'];
const SCHEMA_DIRS = ['db', 'database', 'sql', 'schema', 'schemas'];

/** A SQL schema: schema.sql/structure.sql anywhere, or a .sql file directly in db/, sql/, schema/…, outside migrations. */
export function isSqlSchema(file: string, migrationDirs: readonly string[]): boolean {
  if (extension(file) !== '.sql' || isBuildPath(file) || isSamplePath(file)) return false;
  if (migrationDirs.some((dir) => file.startsWith(`${dir}/`))) return false;
  if (SCHEMA_FILE_NAMES.includes(baseName(file).toLowerCase())) return true;
  const parent = dirSegments(file).pop();
  return parent !== undefined && SCHEMA_DIRS.includes(parent.toLowerCase());
}

const MIGRATION_FILE_EXTENSIONS = [
  '.sql',
  '.py',
  '.rb',
  '.ts',
  '.js',
  '.mjs',
  '.cjs',
  '.go',
  '.toml',
];

function isMigrationDir(segments: readonly string[]): boolean {
  const name = segments[segments.length - 1]?.toLowerCase();
  const parent = segments[segments.length - 2]?.toLowerCase();
  if (name === 'migrations') return true;
  if (name === 'migrate' && parent === 'db') return true;
  return name === 'versions' && parent === 'alembic';
}

/** Migration folders (migrations/, db/migrate, alembic/versions, prisma/migrations…), outermost only. */
export function findMigrationDirs(files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    if (
      isBuildPath(file) ||
      isSamplePath(file) ||
      !MIGRATION_FILE_EXTENSIONS.includes(extension(file))
    )
      continue;
    const segments = dirSegments(file);
    for (let end = 1; end <= segments.length; end++) {
      if (isMigrationDir(segments.slice(0, end))) {
        found.add(segments.slice(0, end).join('/'));
        break;
      }
    }
  }
  return [...found].sort(byDepthThenName);
}

const MARKDOWN = ['.md', '.markdown', '.mdx'];

/**
 * Requirement documents: PRD*.md and docs/requirements* (primary), or any *requirements*.md.
 * Returns undefined for other files.
 */
export function requirementsCandidate(file: string): { primary: boolean } | undefined {
  if (!MARKDOWN.includes(extension(file)) || isBuildPath(file) || isSamplePath(file))
    return undefined;
  const name = baseName(file).toLowerCase();
  const lower = file.toLowerCase();
  if (name.startsWith('prd') || lower.startsWith('docs/requirements')) return { primary: true };
  if (name.includes('requirements')) return { primary: false };
  return undefined;
}

/** Upper-case prefixes that look like IDs but are standards, algorithms or decision records. */
const NOT_REQUIREMENT_PREFIXES = new Set([
  'ADR',
  'AES',
  'CVE',
  'ECMA',
  'ES',
  'GPT',
  'HTTP',
  'HTTPS',
  'IEC',
  'IEEE',
  'ISO',
  'MD',
  'PEP',
  'RFC',
  'RSA',
  'SHA',
  'SSL',
  'TLS',
  'UTF',
  'WCAG',
]);

/**
 * Proposes an idPattern from the IDs in a document: prefixes of two to ten capital letters,
 * a dash and digits (`FR-001`), each prefix seen at least twice. Zero-padded or uniformly
 * long numbers keep their width; others match any number of digits.
 */
export function requirementIds(text: string): RequirementIds | undefined {
  const byPrefix = new Map<
    string,
    { count: number; widths: Set<number>; padded: boolean; firstAt: number }
  >();
  const order: string[] = [];
  for (const match of text.matchAll(/\b([A-Z]{2,10})-(\d{1,6})\b/g)) {
    const prefix = match[1] as string;
    const digits = match[2] as string;
    if (NOT_REQUIREMENT_PREFIXES.has(prefix)) continue;
    const entry = byPrefix.get(prefix) ?? {
      count: 0,
      widths: new Set<number>(),
      padded: false,
      firstAt: match.index,
    };
    entry.count++;
    entry.widths.add(digits.length);
    if (digits.length > 1 && digits.startsWith('0')) entry.padded = true;
    byPrefix.set(prefix, entry);
    order.push(match[0]);
  }
  const prefixes = [...byPrefix]
    .filter(([, entry]) => entry.count >= 2)
    .sort((a, b) => a[1].firstAt - b[1].firstAt);
  if (prefixes.length === 0) return undefined;
  const widths = new Set(prefixes.flatMap(([, entry]) => [...entry.widths]));
  const width = widths.size === 1 ? ([...widths][0] as number) : undefined;
  const fixed = width !== undefined && (width >= 3 || prefixes.some(([, entry]) => entry.padded));
  const digits = fixed ? `\\d{${width}}` : '\\d+';
  const names = prefixes.map(([prefix]) => prefix);
  const alternation = names.length === 1 ? (names[0] as string) : `(?:${names.join('|')})`;
  const chosen = new Set(names);
  const ids = order.filter((id) => chosen.has(id.slice(0, id.indexOf('-'))));
  return {
    pattern: `\\b${alternation}-${digits}\\b`,
    occurrences: ids.length,
    examples: [...new Set(ids)].slice(0, 3),
  };
}

const ADR_DIR_NAMES = ['adr', 'adrs', 'architecture-decisions', 'decision-records'];

/** Folders of architecture decision records: docs/adr, adr/, docs/decisions with numbered files… */
export function findAdrDirs(files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    if (!MARKDOWN.includes(extension(file)) || isBuildPath(file) || isSamplePath(file)) continue;
    const segments = dirSegments(file);
    const name = segments[segments.length - 1]?.toLowerCase();
    if (name === undefined) continue;
    const numbered = /^(\d{3,4}|adr)[-_]/i.test(baseName(file));
    if (ADR_DIR_NAMES.includes(name) || (name === 'decisions' && numbered))
      found.add(segments.join('/'));
  }
  return [...found].sort(byDepthThenName);
}

/** What kind of agent instruction file this is, for files at their conventional place. */
export function instructionKind(file: string): InstructionKind | undefined {
  const lower = file.toLowerCase();
  if (lower === 'agents.md') return 'agents';
  if (lower === 'claude.md' || lower === '.claude/claude.md') return 'claude';
  if (lower === 'gemini.md') return 'gemini';
  if (lower === '.github/copilot-instructions.md') return 'copilot';
  if (lower === '.cursorrules' || (lower.startsWith('.cursor/rules/') && /\.mdc?$/.test(lower)))
    return 'cursor';
  return undefined;
}

/** AGENTS.md, CLAUDE.md or GEMINI.md in a sub-folder: instructions for that folder only. */
export function isNestedInstruction(file: string): boolean {
  const name = baseName(file).toLowerCase();
  return (
    file.includes('/') &&
    !file.startsWith('.claude/') &&
    ['agents.md', 'claude.md', 'gemini.md'].includes(name) &&
    !isBuildPath(file) &&
    !isSamplePath(file)
  );
}

/**
 * GitHub's heading anchors (as github-slugger makes them): lower case, punctuation and
 * symbols dropped, spaces to dashes; repeats get -1, -2…
 */
export function githubSlug(text: string, seen: Map<string, number>): string {
  const base = text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
  let slug = base;
  while (seen.has(slug)) {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    slug = `${base}-${count}`;
  }
  seen.set(slug, 0);
  return slug;
}

/** The text GitHub shows for a heading's inline Markdown: link text, no code ticks or emphasis. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/(\*\*|__|\*)(?=\S)([^*]*?\S)\1/g, '$2')
    .trim();
}

/** ATX and setext headings outside code fences, in document order, with GitHub anchors. */
export function markdownHeadings(markdown: string): Heading[] {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headings: Heading[] = [];
  const seen = new Map<string, number>();
  let fence: string | undefined;
  let frontMatter = lines[0] === '---';
  let previous: string | undefined;
  for (let i = frontMatter ? 1 : 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (frontMatter) {
      if (line === '---' || line === '...') frontMatter = false;
      continue;
    }
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (
        fenceMatch &&
        (fenceMatch[1] as string)[0] === fence[0] &&
        (fenceMatch[1] as string).length >= fence.length &&
        /^ {0,3}(`+|~+)\s*$/.test(line)
      )
        fence = undefined;
      previous = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1] as string;
      previous = undefined;
      continue;
    }
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) {
      const text = headingText(atx[2] ?? '');
      if (text)
        headings.push({ level: (atx[1] as string).length, text, anchor: githubSlug(text, seen) });
      previous = undefined;
      continue;
    }
    const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
    if (setext && previous !== undefined && previous.trim() !== '' && !/^ {4}/.test(previous)) {
      const text = headingText(previous);
      if (text)
        headings.push({
          level: (setext[1] as string)[0] === '=' ? 1 : 2,
          text,
          anchor: githubSlug(text, seen),
        });
      previous = undefined;
      continue;
    }
    previous = line;
  }
  return headings;
}

const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'pdm.lock',
  'go.sum',
  'Cargo.lock',
  'Gemfile.lock',
  'composer.lock',
];

export function findLockfiles(files: readonly string[]): string[] {
  return files.filter((file) => LOCKFILES.includes(file));
}

function hasUnder(files: readonly string[], dir: string): boolean {
  return files.some((file) => file.startsWith(`${dir}/`));
}

/** CI configuration that exists, as protect globs. */
export function findCi(files: readonly string[]): string[] {
  const out: string[] = [];
  if (hasUnder(files, '.github/workflows')) out.push('.github/workflows/**');
  for (const file of [
    '.gitlab-ci.yml',
    'azure-pipelines.yml',
    'Jenkinsfile',
    'bitbucket-pipelines.yml',
  ])
    if (files.includes(file)) out.push(file);
  for (const dir of ['.circleci', '.buildkite']) if (hasUnder(files, dir)) out.push(`${dir}/**`);
  return out;
}

/** Git hook configuration that exists, as globs. */
export function findGitHooks(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of ['.husky', '.githooks']) if (hasUnder(files, dir)) out.push(`${dir}/**`);
  for (const file of ['lefthook.yml', 'lefthook.yaml', '.pre-commit-config.yaml'])
    if (files.includes(file)) out.push(file);
  return out;
}

/**
 * Exclude globs for build output, vendored and generated code that is in the listing: a
 * folder found in one place is excluded there, a name found in several places everywhere.
 */
export function findExcludes(files: readonly string[]): string[] {
  const byName = new Map<string, Set<string>>();
  for (const file of files) {
    const segments = dirSegments(file);
    const index = segments.findIndex((segment) => BUILD_DIRS.includes(segment));
    if (index < 0) continue;
    const name = segments[index] as string;
    const places = byName.get(name) ?? new Set<string>();
    places.add(segments.slice(0, index + 1).join('/'));
    byName.set(name, places);
  }
  const globs: string[] = [];
  for (const name of BUILD_DIRS) {
    const places = byName.get(name);
    if (!places) continue;
    if (places.size > 3) globs.push(`**/${name}/**`);
    else globs.push(...[...places].sort(byDepthThenName).map((place) => `${place}/**`));
  }
  for (const [pattern, glob] of GENERATED_FILES) {
    if (files.some((file) => pattern.test(file) && !isBuildPath(file))) globs.push(glob);
  }
  return globs;
}

export function byDepthThenName(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0);
}
