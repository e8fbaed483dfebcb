/**
 * What `charter init` learned about a repository. src/repo/detect.ts fills it in (the only
 * part that reads the file system); everything under src/init/ turns it into text.
 * Paths are repository-relative with forward slashes.
 */

export type DetectedLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go';

export interface LanguageCount {
  language: DetectedLanguage;
  files: number;
}

export interface OpenApiFile {
  path: string;
  /** `openapi` for 3.x, `swagger` for 2.0. */
  flavor: 'openapi' | 'swagger';
  version: string;
}

export interface RequirementIds {
  /** A JavaScript regular expression matching the IDs found. */
  pattern: string;
  /** How many times an ID matching the pattern occurs. */
  occurrences: number;
  /** A few distinct IDs, in order of first occurrence. */
  examples: string[];
}

export interface RequirementsDoc {
  path: string;
  /** Named like a requirements document (PRD*, docs/requirements*), not just mentioning the word. */
  primary: boolean;
  ids?: RequirementIds;
}

export interface Heading {
  level: number;
  text: string;
  /** The anchor GitHub gives the heading (`## Hard Guardrails` → `hard-guardrails`). */
  anchor: string;
}

export type InstructionKind = 'agents' | 'claude' | 'gemini' | 'copilot' | 'cursor';

export interface InstructionFile {
  path: string;
  kind: InstructionKind;
  /** Headings of Markdown instruction files, in document order. */
  headings: Heading[];
}

export interface RepoDetection {
  root: string;
  isGit: boolean;
  /** How many files the listing holds (tracked and untracked, not ignored). */
  fileCount: number;
  /** Most files first; only languages with at least one file. */
  languages: LanguageCount[];
  openapi: OpenApiFile[];
  sqlSchemas: string[];
  /** Folders of migrations (a source path names a file, so these are offered as comments). */
  migrationDirs: string[];
  requirements: RequirementsDoc[];
  adrDirs: string[];
  /** Agent instruction files at the repository root (and .github/, .cursor/rules/). */
  instructions: InstructionFile[];
  /** Instruction files in sub-folders, which apply to their folder only. */
  nestedInstructions: string[];
  /** Agent settings folders that exist (`.claude`, `.codex`, `.gemini`, `.cursor`). */
  agentSettingsDirs: string[];
  /** CI configuration as globs (`.github/workflows/**`, `.gitlab-ci.yml`). */
  ci: string[];
  /** Git hook configuration as globs (`.husky/**`, `lefthook.yml`). */
  gitHooks: string[];
  /** Build output, vendored and generated code that exists, as exclude globs. */
  exclude: string[];
  /** Dependency lockfiles at the root. */
  lockfiles: string[];
  /** Specs found in tests, fixtures or examples: mentioned, never listed as sources. */
  sampleSpecs: string[];
  /** Absolute path of node_modules/agent-charter/schema/charter.schema.json when installed. */
  localSchema?: string;
}
