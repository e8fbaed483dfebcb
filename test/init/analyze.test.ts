import { describe, expect, it } from 'vitest';
import { validateRegex } from '../../src/contract/validators.js';
import {
  countLanguages,
  findAdrDirs,
  findCi,
  findExcludes,
  findMigrationDirs,
  githubSlug,
  instructionKind,
  isOpenApiCandidate,
  isSqlSchema,
  markdownHeadings,
  openApiVersion,
  requirementIds,
  requirementsCandidate,
} from '../../src/init/analyze.js';

describe('openApiVersion', () => {
  it('reads a top-level YAML key', () => {
    expect(openApiVersion('# spec\nopenapi: 3.1.0\ninfo:\n  title: x\n')).toEqual({
      flavor: 'openapi',
      version: '3.1.0',
    });
    expect(openApiVersion("swagger: '2.0'\ninfo: {}\n")).toEqual({
      flavor: 'swagger',
      version: '2.0',
    });
  });

  it('ignores a nested YAML key and a key without a version', () => {
    expect(openApiVersion('info:\n  openapi: 3.0.0\n')).toBeUndefined();
    expect(openApiVersion('openapi: true\n')).toBeUndefined();
  });

  it('reads top-level JSON keys, pretty or minified', () => {
    expect(openApiVersion('{\n  "info": {"title": "x"},\n  "openapi": "3.0.3"\n}')).toEqual({
      flavor: 'openapi',
      version: '3.0.3',
    });
    expect(openApiVersion('{"swagger":"2.0","info":{}}')).toEqual({
      flavor: 'swagger',
      version: '2.0',
    });
  });

  it('does not take a nested JSON key (a dependency called swagger) for a spec', () => {
    expect(
      openApiVersion('{\n  "name": "x",\n  "dependencies": {\n    "swagger": "2.0.1"\n  }\n}'),
    ).toBeUndefined();
    expect(openApiVersion('{"a":"{\\"openapi\\":","b":{"openapi":"3.0.0"}}')).toBeUndefined();
  });

  it('only opens YAML and JSON files that can be specs', () => {
    expect(
      [
        'api/openapi.yaml',
        'spec.json',
        'package.json',
        'tsconfig.base.json',
        '.github/workflows/ci.yml',
        'dist/openapi.yaml',
        'a.ts',
      ].filter(isOpenApiCandidate),
    ).toEqual(['api/openapi.yaml', 'spec.json']);
  });
});

describe('requirementIds', () => {
  it('proposes a pattern for prefixes seen at least twice, keeping a zero-padded width', () => {
    const text =
      'FR-001 login. FR-002 logout. NFR-001 fast. NFR-002 safe. See ADR-003, ADR-004, UTF-8, UTF-8 and OPS-7.';
    expect(requirementIds(text)).toEqual({
      pattern: '\\b(?:FR|NFR)-\\d{3}\\b',
      occurrences: 4,
      examples: ['FR-001', 'FR-002', 'NFR-001'],
    });
    expect(validateRegex(requirementIds(text)?.pattern ?? '')).toBeUndefined();
  });

  it('matches any number of digits when the widths vary', () => {
    expect(requirementIds('REQ-1, REQ-12 and REQ-1 again')).toEqual({
      pattern: '\\bREQ-\\d+\\b',
      occurrences: 3,
      examples: ['REQ-1', 'REQ-12'],
    });
  });

  it('proposes nothing for a single occurrence or lower-case ids', () => {
    expect(requirementIds('Only API-112 here; req-1 and req-2 do not count.')).toBeUndefined();
  });
});

describe('markdownHeadings', () => {
  it('gives GitHub anchors and skips code fences and front matter', () => {
    const markdown = [
      '---',
      'title: x',
      '---',
      '# Agent Rules',
      '## 5. Hard Guardrails',
      '```bash',
      '# not a heading',
      '```',
      '## Protected Files & Paths ##',
      '### `charter.yaml` (do [not](x.md) edit)',
      'Environment Contract — Agenticverz',
      '---',
      '## Hard Guardrails',
      '## Hard Guardrails',
    ].join('\n');
    expect(markdownHeadings(markdown)).toEqual([
      { level: 1, text: 'Agent Rules', anchor: 'agent-rules' },
      { level: 2, text: '5. Hard Guardrails', anchor: '5-hard-guardrails' },
      { level: 2, text: 'Protected Files & Paths', anchor: 'protected-files--paths' },
      { level: 3, text: 'charter.yaml (do not edit)', anchor: 'charteryaml-do-not-edit' },
      {
        level: 2,
        text: 'Environment Contract — Agenticverz',
        anchor: 'environment-contract--agenticverz',
      },
      { level: 2, text: 'Hard Guardrails', anchor: 'hard-guardrails' },
      { level: 2, text: 'Hard Guardrails', anchor: 'hard-guardrails-1' },
    ]);
  });

  it('numbers repeats like github-slugger, including a heading that looks like a numbered repeat', () => {
    const seen = new Map<string, number>();
    expect(['Setup', 'Setup', 'Setup 1', 'Setup'].map((text) => githubSlug(text, seen))).toEqual([
      'setup',
      'setup-1',
      'setup-1-1',
      'setup-2',
    ]);
  });
});

describe('path classifiers', () => {
  const files = [
    'src/app.ts',
    'src/view.tsx',
    'src/types.d.ts',
    'dist/app.js',
    'scripts/x.py',
    'db/schema.sql',
    'db/seed.sql',
    'db/migrations/001_init.sql',
    'prisma/migrations/20240101_init/migration.sql',
    'prisma/migrations/migration_lock.toml',
    'alembic/versions/abc_init.py',
    'api/db/migrate/20240101_create.rb',
    'docs/migrations/upgrading-to-v2.md',
    'test/fixtures/migrations/001.sql',
    'docs/adr/0001-use-postgres.md',
    'docs/decisions/0002-queue.md',
    'notes/decisions/meeting.md',
    'pkg/a/vendor/lib.go',
    'pkg/b/vendor/lib.go',
    'web/generated/client.ts',
    'api/users.pb.go',
    '.github/workflows/ci.yml',
    '.gitlab-ci.yml',
  ];

  it('finds migration folders, outermost, not docs or fixtures', () => {
    expect(findMigrationDirs(files)).toEqual([
      'alembic/versions',
      'db/migrations',
      'prisma/migrations',
      'api/db/migrate',
    ]);
  });

  it('finds SQL schemas outside migrations', () => {
    const migrations = findMigrationDirs(files);
    expect(files.filter((file) => isSqlSchema(file, migrations))).toEqual([
      'db/schema.sql',
      'db/seed.sql',
    ]);
  });

  it('finds ADR folders', () => {
    expect(findAdrDirs(files)).toEqual(['docs/adr', 'docs/decisions']);
  });

  it('counts languages by extension, without declarations, build output, vendored or generated code', () => {
    expect(countLanguages(files)).toEqual([
      { language: 'python', files: 2 },
      { language: 'typescript', files: 1 },
      { language: 'tsx', files: 1 },
    ]);
  });

  it('excludes build, vendored and generated code that exists', () => {
    expect(findExcludes(files)).toEqual([
      'dist/**',
      'pkg/a/vendor/**',
      'pkg/b/vendor/**',
      'web/generated/**',
      '**/*.pb.go',
    ]);
    expect(findExcludes(['a/dist/x.js', 'b/dist/x.js', 'c/dist/x.js', 'd/dist/x.js'])).toEqual([
      '**/dist/**',
    ]);
  });

  it('finds CI configuration', () => {
    expect(findCi(files)).toEqual(['.github/workflows/**', '.gitlab-ci.yml']);
  });

  it('recognises requirement documents and agent instruction files', () => {
    expect(requirementsCandidate('docs/PRD-payments.md')).toEqual({ primary: true });
    expect(requirementsCandidate('docs/requirements/auth.md')).toEqual({ primary: true });
    expect(requirementsCandidate('notes/system-requirements.md')).toEqual({ primary: false });
    expect(requirementsCandidate('requirements.txt')).toBeUndefined();
    expect(requirementsCandidate('docs/production.md')).toBeUndefined();
    expect(
      [
        'AGENTS.md',
        'CLAUDE.md',
        '.claude/CLAUDE.md',
        'GEMINI.md',
        '.github/copilot-instructions.md',
        '.cursor/rules/api.mdc',
        'docs/AGENTS.md',
      ].map(instructionKind),
    ).toEqual(['agents', 'claude', 'claude', 'gemini', 'copilot', 'cursor', undefined]);
  });
});
