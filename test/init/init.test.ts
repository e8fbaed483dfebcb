import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEMA_ID } from '../../src/contract/json-schema.js';
import { loadContract } from '../../src/contract/load.js';
import type { Contract } from '../../src/contract/schema.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { runCharter } from '../helpers/cli.js';

const CORE_RULES = {
  'charter/protected-path': 'error',
  'charter/missing-source': 'error',
  'charter/expired-waiver': 'error',
  'charter/contract-changed': 'error',
};

function read(repo: TestRepo, file: string): string {
  return readFileSync(path.join(repo.root, file), 'utf8');
}

/** The written contract, validated exactly as `charter check` would load it. */
function loaded(repo: TestRepo, file = 'charter.yaml'): Contract {
  return loadContract({ file, text: read(repo, file) }).data;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('charter init on an empty repository', () => {
  it('writes a minimal contract that validates, and creates .gitignore', async () => {
    const repo = makeRepo();
    const run = await runCharter(['init'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Wrote charter.yaml',
        'Detected nothing to draft from (no specs, agent instructions or settings): wrote a minimal contract.',
        "Created .gitignore with .charter/ (Charter's local cache)",
        'Next steps:',
        '  1. Review charter.yaml: what init was unsure of is written there as comments.',
        '  2. Commit charter.yaml and .gitignore: checks of a change (--staged, --base, agent hooks) trust the committed contract.',
        '  3. Run `charter check` to check the repository against it.',
        '',
      ].join('\n'),
    );
    expect(read(repo, '.gitignore')).toBe('.charter/\n');
    expect(loaded(repo)).toEqual({
      version: 1,
      sources: [],
      readBeforeCode: [],
      exclude: [],
      protect: ['charter.yaml'],
      rules: CORE_RULES,
      waivers: [],
      cites: {},
    });
    expect(read(repo, 'charter.yaml')).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}
#
# Charter contract: the rules coding agents work under in this repository, as data that
# \`charter check\` enforces in agent hooks, git hooks and CI. \`charter init\` drafted it from
# what it found; review every section. Whatever init could not be sure of is a comment, not
# configuration. \`charter schema\` prints the contract's JSON Schema.
version: 1

# Sources of truth, highest precedence first: when two disagree, the earlier one wins.
# Every path must exist (charter/missing-source).
sources: []

# Files an agent must read before writing code: its instructions and the main specs.
readBeforeCode: []

# Files never checked. No build output, vendored or generated code was found in the
# repository listing; add globs such as dist/** if some appears.
exclude: []

# Paths a change must not touch (charter/protected-path): the contract itself, agent
# settings and hooks, CI. Lockfiles are not protected: they change with every dependency
# update, so protecting them would block routine work; review dependency changes in the
# manifest (package.json, pyproject.toml, go.mod) instead, or uncomment a lockfile below if
# dependency changes must go through a human.
protect:
  - charter.yaml

# Rules and their severity: error, warn or off. A rule not listed runs at its default
# severity; \`charter rules\` lists them all and \`charter explain CODE\` explains one.
rules:
  charter/protected-path: error
  charter/missing-source: error
  charter/expired-waiver: error
  charter/contract-changed: error
  # The team's own structural rules go under custom/pattern, in ast-grep's rule format; each
  # pattern reports as custom/<id>. An example in typescript (no code was found to choose a
  # language from) to adapt and uncomment:
  # custom/pattern:
  #   severity: error
  #   options:
  #     patterns:
  #       - id: no-auth-bypass
  #         language: typescript
  #         rule:
  #           pattern: process.env.SKIP_AUTH
  #         message: SKIP_AUTH switches authentication off; the contract allows no auth bypass
  #         remediation: Remove the bypass; tests authenticate with a test credential instead.

# Accepted findings, each with a reason and an expiry date; an expired waiver is itself a
# finding (charter/expired-waiver). For example:
# waivers:
#   - rule: charter/protected-path
#     path: .github/workflows/release.yml
#     reason: OPS-42 moves releases to the new runners
#     expires: 2026-05-30
waivers: []

# Which clause of the prose contract each rule enforces; a finding shows its clause. Only
# headings that clearly name what a rule checks are mapped.
cites: {}
`);
  });

  it('leaves a repository that passes `charter check` once committed', async () => {
    const repo = makeRepo();
    expect((await runCharter(['init'], repo.root)).code).toBe(0);
    repo.commit('add contract');
    expect(await runCharter(['check'], repo.root)).toMatchObject({ code: 0, stderr: '' });
  });
});

const AGENTS_MD = `# Agent guide

## Read Before Code
Read api/openapi.yaml before touching a route.

## Hard Guardrails
- Never invent an endpoint that is not in the spec.

\`\`\`bash
## Protected Files (inside a code block: not a heading)
\`\`\`

## Protected Files
Do not edit charter.yaml, .claude/ or .github/workflows/.

## Secrets
No hardcoded secrets.
`;

function tsApiRepo(): TestRepo {
  const repo = makeRepo({
    'package.json': '{ "name": "api", "version": "1.0.0" }\n',
    'package-lock.json': '{ "lockfileVersion": 3 }\n',
    'tsconfig.json': '{}\n',
    'src/server.ts': "import { users } from './routes/users.js';\nexport const routes = [users];\n",
    'src/routes/users.ts': "export const users = '/users';\n",
    'src/routes/users.test.ts': "import { users } from './users.js';\nvoid users;\n",
    'web/app.tsx': 'export const App = () => null;\n',
    'dist/server.js': 'export const routes = [];\n',
    'api/openapi.yaml':
      "openapi: 3.1.0\ninfo:\n  title: Users\n  version: '1'\npaths:\n  /users:\n    get:\n      responses:\n        '200':\n          description: ok\n",
    'test/fixtures/petstore.json': '{\n  "swagger": "2.0",\n  "info": { "title": "Petstore" }\n}\n',
    'AGENTS.md': AGENTS_MD,
    '.claude/settings.json': '{ "hooks": {} }\n',
    '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    '.gitignore': 'node_modules/',
  });
  repo.commit('initial');
  return repo;
}

describe('charter init on a TypeScript API repository', () => {
  it('lists the OpenAPI spec, reads AGENTS.md headings into cites and protects agent settings and CI', async () => {
    const repo = tsApiRepo();
    const run = await runCharter(['init'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Wrote charter.yaml',
        'Detected:',
        '  languages       typescript (3), tsx (1)',
        '  openapi         api/openapi.yaml (OpenAPI 3.1.0)',
        '  instructions    AGENTS.md',
        '  agent settings  .claude/',
        '  ci              .github/workflows/**',
        '  exclude         dist/**',
        '  cites           AGENTS.md#read-before-code → charter/missing-source, AGENTS.md#protected-files → charter/protected-path',
        '  not sources     test/fixtures/petstore.json (tests, fixtures or examples)',
        "Added .charter/ to .gitignore (Charter's local cache)",
        'Next steps:',
        '  1. Review charter.yaml: what init was unsure of is written there as comments.',
        '  2. Commit charter.yaml and .gitignore: checks of a change (--staged, --base, agent hooks) trust the committed contract.',
        '  3. Run `charter check` to check the repository against it.',
        '',
      ].join('\n'),
    );
    expect(loaded(repo)).toEqual({
      version: 1,
      sources: [{ id: 'api', path: 'api/openapi.yaml', kind: 'openapi' }],
      readBeforeCode: ['AGENTS.md', 'api/openapi.yaml'],
      exclude: ['dist/**'],
      protect: ['charter.yaml', '.claude/**', '.github/workflows/**'],
      rules: CORE_RULES,
      waivers: [],
      cites: {
        'AGENTS.md#read-before-code': ['charter/missing-source'],
        'AGENTS.md#protected-files': ['charter/protected-path'],
      },
    });
    const text = read(repo, 'charter.yaml');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}`);
    expect(lines).toContain('    kind: openapi # OpenAPI 3.1.0');
    const protect = lines.slice(lines.indexOf('protect:'), lines.indexOf('protect:') + 6);
    expect(protect).toEqual([
      'protect:',
      '  - charter.yaml',
      '  - .claude/**',
      '  - .github/workflows/**',
      '  # - AGENTS.md # the prose contract: protect it if agents must not rewrite their own instructions',
      '  # - package-lock.json # lockfile',
    ]);
    expect(lines).toContain('  #         language: typescript');
    expect(text.slice(text.indexOf('cites:'))).toBe(
      [
        'cites:',
        '  AGENTS.md#read-before-code:',
        '    - charter/missing-source',
        '  AGENTS.md#protected-files:',
        '    - charter/protected-path',
        '  # Other sections, with no rule mapped (write a custom/pattern rule for one, then cite it',
        '  # here):',
        '  #   AGENTS.md#hard-guardrails',
        '  #   AGENTS.md#secrets',
        '',
      ].join('\n'),
    );
    expect(read(repo, '.gitignore')).toBe('node_modules/\n.charter/\n');
  });

  it('passes `charter check` once the contract is committed, and still guards the protected paths', async () => {
    const repo = tsApiRepo();
    expect((await runCharter(['init'], repo.root)).code).toBe(0);
    repo.commit('add contract');
    expect(await runCharter(['check'], repo.root)).toMatchObject({ code: 0, stderr: '' });
    repo.write({ '.claude/settings.json': '{ "hooks": { "PreToolUse": [] } }\n' });
    const run = await runCharter(['check', '--format', 'json'], repo.root);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      findings: { code: string; severity: string; location: { file: string } }[];
    };
    // Warnings from the API rules on the fixture's spec do not fail the run; the edit does.
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.location.file])).toEqual([
      ['charter/protected-path', '.claude/settings.json'],
    ]);
  });
});

function pythonRepo(): TestRepo {
  return makeRepo({
    'pyproject.toml': '[project]\nname = "payments"\n',
    'app/__init__.py': '',
    'app/main.py': 'from app import auth\n',
    'app/auth.py': 'import os\n',
    'db/schema.sql': 'CREATE TABLE payments (id INT PRIMARY KEY);\n',
    'db/migrations/001_init.sql': 'CREATE TABLE payments (id INT);\n',
    'db/migrations/002_amount.sql': 'ALTER TABLE payments ADD amount INT;\n',
    'docs/PRD.md':
      '# Payments PRD\n\n- PAY-001 Refunds within 30 days.\n- PAY-002 Amounts in cents (UTF-8 receipts).\n- PAY-003 Idempotent captures; see PAY-001 and ADR-001.\n',
    'docs/adr/0001-use-postgres.md': '# 1. Use Postgres\n',
    'CLAUDE.md':
      '# Payments\n\n## Sources of Truth\ndocs/PRD.md wins, then db/schema.sql.\n\n## Do not edit these files\ncharter.yaml\n\n## Testing\npytest\n',
    '.codex/config.toml': 'model = "x"\n',
  });
}

describe('charter init on a Python repository with a SQL schema, migrations and a PRD', () => {
  it('lists the PRD with its ID pattern and the schema; lists the migration and ADR folders', async () => {
    const repo = pythonRepo();
    const run = await runCharter(['init'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Wrote charter.yaml',
        'Detected:',
        '  languages       python (3)',
        '  requirements    docs/PRD.md (4 IDs, idPattern \\bPAY-\\d{3}\\b)',
        '  sql schema      db/schema.sql',
        '  migrations      db/migrations/',
        '  adr             docs/adr/',
        '  instructions    CLAUDE.md',
        '  agent settings  .codex/',
        '  cites           CLAUDE.md#sources-of-truth → charter/missing-source, CLAUDE.md#do-not-edit-these-files → charter/protected-path',
        "Created .gitignore with .charter/ (Charter's local cache)",
        'Next steps:',
        '  1. Review charter.yaml: what init was unsure of is written there as comments.',
        '  2. Commit charter.yaml and .gitignore: checks of a change (--staged, --base, agent hooks) trust the committed contract.',
        '  3. Run `charter check` to check the repository against it.',
        '',
      ].join('\n'),
    );
    expect(loaded(repo)).toEqual({
      version: 1,
      sources: [
        { id: 'prd', path: 'docs/PRD.md', kind: 'requirements', idPattern: '\\bPAY-\\d{3}\\b' },
        { id: 'db', path: 'db/schema.sql', kind: 'sql-schema' },
        { id: 'migrations', path: 'db/migrations', kind: 'migrations' },
        { id: 'adr', path: 'docs/adr', kind: 'adr' },
      ],
      readBeforeCode: ['CLAUDE.md', 'docs/PRD.md', 'db/schema.sql'],
      exclude: [],
      protect: ['charter.yaml', '.codex/**'],
      rules: CORE_RULES,
      waivers: [],
      cites: {
        'CLAUDE.md#sources-of-truth': ['charter/missing-source'],
        'CLAUDE.md#do-not-edit-these-files': ['charter/protected-path'],
      },
    });
    const text = read(repo, 'charter.yaml');
    const sources = text.slice(
      text.indexOf('sources:'),
      text.indexOf('\n\n', text.indexOf('sources:')),
    );
    expect(sources).toBe(
      [
        'sources:',
        '  - id: prd',
        '    path: docs/PRD.md',
        '    kind: requirements',
        "    idPattern: '\\bPAY-\\d{3}\\b' # 4 IDs such as PAY-001, PAY-002, PAY-003",
        '  - id: db',
        '    path: db/schema.sql',
        '    kind: sql-schema',
        '  - id: migrations',
        '    path: db/migrations',
        '    kind: migrations',
        '  - id: adr',
        '    path: docs/adr',
        '    kind: adr',
      ].join('\n'),
    );
    expect(text.split('\n')).toContain('  #         language: python');
    repo.commit('add contract');
    expect(await runCharter(['check'], repo.root)).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('an existing contract', () => {
  it('is not overwritten without --force', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const run = await runCharter(['init'], repo.root);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'charter: error [init/exists] charter.yaml already exists; init does not overwrite a contract\n' +
        '  hint: pass --force to replace it with a fresh draft (nothing is merged), or --contract PATH to write the draft elsewhere\n',
    });
    expect(read(repo, 'charter.yaml')).toBe('version: 1\n');
  });

  it('is replaced with --force', async () => {
    const repo = makeRepo({ 'charter.yaml': 'version: 1\n', '.gitignore': '.charter/\n' });
    const run = await runCharter(['init', '--force'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Overwrote charter.yaml',
      'Detected nothing to draft from (no specs, agent instructions or settings): wrote a minimal contract.',
    ]);
    expect(run.stdout).toContain(
      '  2. Commit charter.yaml: checks of a change (--staged, --base, agent hooks) trust the committed contract.\n',
    );
    expect(read(repo, 'charter.yaml').split('\n')[0]).toBe(
      `# yaml-language-server: $schema=${SCHEMA_ID}`,
    );
    expect(loaded(repo).protect).toEqual(['charter.yaml']);
    expect(read(repo, '.gitignore')).toBe('.charter/\n');
  });
});

describe('.gitignore', () => {
  it('gets .charter/ appended on a line of its own', async () => {
    const repo = makeRepo({ '.gitignore': 'node_modules\n# build\ndist' });
    const run = await runCharter(['init'], repo.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\nAdded .charter/ to .gitignore (Charter's local cache)\n");
    expect(read(repo, '.gitignore')).toBe('node_modules\n# build\ndist\n.charter/\n');
  });

  it('is left alone when it already ignores .charter/', async () => {
    const repo = makeRepo({ '.gitignore': '/.charter\n' });
    const run = await runCharter(['init'], repo.root);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('.gitignore');
    expect(read(repo, '.gitignore')).toBe('/.charter\n');
  });
});

describe('where the contract goes', () => {
  it('refuses -C to a directory that does not exist', async () => {
    const repo = makeRepo();
    const run = await runCharter(['init', '-C', 'missing'], repo.root);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `charter: error [usage/not-a-directory] "${path.join(repo.root, 'missing')}" does not exist\n  hint: pass -C an existing directory inside the repository\n`,
    });
  });

  it('refuses -C to a file', async () => {
    const repo = makeRepo({ 'README.md': '# x\n' });
    const run = await runCharter(['init', '-C', 'README.md'], repo.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `charter: error [usage/not-a-directory] "${path.join(repo.root, 'README.md')}" is not a directory\n  hint: pass -C an existing directory inside the repository\n`,
    );
  });

  it('writes at the repository root when started in a sub-folder', async () => {
    const repo = makeRepo({ 'services/api/main.go': 'package main\n' });
    const run = await runCharter(['init'], path.join(repo.root, 'services/api'));
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Wrote ../../charter.yaml');
    expect(loaded(repo).protect).toEqual(['charter.yaml']);
    expect(read(repo, 'charter.yaml').split('\n')).toContain('  #         language: go');
  });

  it('follows -C and --contract, pointing the schema comment at the installed schema', async () => {
    const repo = makeRepo({
      '.gitignore': 'node_modules/\n',
      'node_modules/agent-charter/schema/charter.schema.json': '{}\n',
      'app/index.js': 'export {};\n',
    });
    const run = await runCharter(
      ['init', '-C', 'app', '--contract', 'app/config/charter.yaml'],
      repo.root,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Wrote app/config/charter.yaml');
    expect(run.stdout).toContain(
      '  3. Run `charter check -C app --contract app/config/charter.yaml` to check the repository against it.\n',
    );
    expect(read(repo, 'app/config/charter.yaml').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../node_modules/agent-charter/schema/charter.schema.json',
    );
    expect(loaded(repo, 'app/config/charter.yaml').protect).toEqual(['app/config/charter.yaml']);
    expect(read(repo, '.gitignore')).toBe('node_modules/\n.charter/\n');
  });

  it('uses the installed schema next to a contract at the root', async () => {
    const repo = makeRepo({
      '.gitignore': 'node_modules/\n.charter/\n',
      'node_modules/agent-charter/schema/charter.schema.json': '{}\n',
    });
    expect((await runCharter(['init'], repo.root)).code).toBe(0);
    expect(read(repo, 'charter.yaml').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=node_modules/agent-charter/schema/charter.schema.json',
    );
  });

  it('works outside git, where there is nothing to commit', async () => {
    const repo = makeRepo(
      {
        'openapi.json':
          '{\n  "openapi": "3.0.3",\n  "info": { "title": "T", "version": "1" },\n  "paths": {}\n}\n',
        'GEMINI.md': '# Rules\n',
      },
      { git: false },
    );
    const run = await runCharter(['init'], repo.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(-4)).toEqual([
      'Next steps:',
      '  1. Review charter.yaml: what init was unsure of is written there as comments.',
      '  2. Run `charter check` to check the repository against it.',
      '',
    ]);
    expect(loaded(repo)).toMatchObject({
      sources: [{ id: 'api', path: 'openapi.json', kind: 'openapi' }],
      readBeforeCode: ['GEMINI.md', 'openapi.json'],
    });
    expect(await runCharter(['check'], repo.root)).toMatchObject({ code: 0, stderr: '' });
  });
});
