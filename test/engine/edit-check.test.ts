import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProposedEdit, positionFree } from '../../src/engine/edit-check.js';
import type { ChangeCheckResult } from '../../src/engine/edit-check.js';
import { PartialWorktreeSnapshot, partialWorktree } from '../../src/repo/snapshot.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';

// A fake AWS key in the provider's published format (not the documented example key).
const AWS_KEY = ['AKIA', 'Z7QR4TVW2XJ5NB3K'].join('');

const CONTRACT = `version: 1
exclude: [vendor/**]
readBeforeCode: [docs/ARCHITECTURE.md]
sources:
  - { id: api, path: openapi.yaml, kind: openapi }
protect: [migrations/**]
waivers:
  - { rule: custom/no-eval, path: legacy/**, reason: old code, expires: 2020-01-01 }
rules:
  security/tls-verification-disabled: error
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-eval
          language: typescript
          rule: { pattern: eval($X) }
          message: eval of $X
`;

const BOUNDARIES_CONTRACT = `${CONTRACT}  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - { from: 'src/clean.ts', to: 'src/app.ts', because: clean code stays clean }
`;

const SPEC = `openapi: 3.0.3
info: { title: Jobs, version: '1.0.0' }
paths:
  /jobs:
    get:
      operationId: listJobs
      responses: { '200': { description: ok } }
`;

const FILES = {
  'charter.yaml': CONTRACT,
  '.gitignore': 'generated/\n',
  'docs/ARCHITECTURE.md': '# Architecture\n',
  'src/app.ts': 'export const run = (code: string) => eval(code);\n',
  'src/clean.ts': 'export const one = 1;\n',
  'generated/out.ts': 'export const x = eval("1");\n',
  'vendor/lib.ts': 'export const y = eval("2");\n',
  'migrations/001.sql': 'create table t (id int);\n',
};

type Overlay = Record<string, string | null>;

function comparable(result: ChangeCheckResult) {
  return {
    exitCode: result.exitCode,
    introduced: result.introduced.map((f) => ({
      code: f.code,
      message: f.message,
      location: f.location,
      fingerprint: f.fingerprint,
    })),
  };
}

async function both(repo: TestRepo, overlay: Overlay, cwd = repo.root) {
  const absolute = new Map(
    Object.entries(overlay).map(([file, content]) => [path.join(repo.root, file), content]),
  );
  const options = { cwd, overlay: absolute, failOn: 'error' as const, cache: true };
  const auto = await checkProposedEdit({ ...options, strategy: 'auto' });
  const full = await checkProposedEdit({ ...options, strategy: 'full' });
  return { auto, full };
}

function repoWith(files: Record<string, string> = FILES): TestRepo {
  const repo = makeRepo(files);
  repo.commit('initial');
  // Ignored and untracked: on disk, but not in the repository's file list.
  repo.write({ 'generated/out.ts': FILES['generated/out.ts'] });
  return repo;
}

describe('checkProposedEdit from the edited files alone', () => {
  // A new file changes the file list that rules reading other files (routes against the
  // OpenAPI source, import cycles) resolve against, so it needs the listing; edits do not.
  const cases: { name: string; overlay: Overlay; codes: string[]; listed?: boolean }[] = [
    {
      name: 'an edit that adds a violation and a secret to a tracked file',
      overlay: {
        'src/clean.ts': `export const one = eval("1");\nexport const key = "${AWS_KEY}";\n`,
      },
      codes: ['custom/no-eval', 'secrets/hardcoded-secret'],
    },
    {
      name: 'an edit of a file whose violation already existed',
      overlay: { 'src/app.ts': '// runs code\nexport const run = (code: string) => eval(code);\n' },
      codes: [],
    },
    {
      name: 'a new file written with a violation',
      overlay: { 'src/new/feature.ts': 'https.request({ rejectUnauthorized: false });\n' },
      codes: ['security/tls-verification-disabled'],
      listed: true,
    },
    {
      name: 'an ignored untracked file: not in the repository before, so everything in it is new',
      overlay: { 'generated/out.ts': 'export const x = eval("1");\n// edited\n' },
      codes: ['custom/no-eval'],
      listed: true,
    },
    {
      name: 'an excluded file',
      overlay: { 'vendor/lib.ts': 'export const y = eval("3");\n' },
      codes: [],
    },
    {
      name: 'a protected path',
      overlay: { 'migrations/002.sql': 'drop table t;\n' },
      codes: ['charter/protected-path'],
      listed: true,
    },
    {
      name: 'writing the missing source of truth',
      overlay: { 'openapi.yaml': SPEC },
      // The spec now exists; its operation has no route yet (a warning).
      codes: ['api/unimplemented-operation'],
      listed: true,
    },
  ];

  for (const { name, overlay, codes, listed } of cases) {
    it(`gives the answer of a full check: ${name}`, async () => {
      const repo = repoWith();
      const { auto, full } = await both(repo, overlay);
      expect(auto.strategy).toBe(listed ? 'repository' : 'edited-files');
      expect(full.strategy).toBe('repository');
      expect(comparable(auto)).toEqual(comparable(full));
      expect(auto.introduced.map((f) => f.code).sort()).toEqual(codes);
    });
  }

  it('judges a new file alone when no rule that reads other files applies to it', async () => {
    // Import cycles and query tokens read other files (the import graph, mounted routes),
    // which a new file can change: off here.
    const repo = repoWith({
      ...FILES,
      'charter.yaml':
        'version: 1\nprotect: [migrations/**]\nrules:\n  boundaries/cycle: off\n  api/query-token-auth: off\n',
    });
    const { auto, full } = await both(repo, {
      'docs/setup.md': `Use the key ${AWS_KEY} to log in.\n`,
    });
    expect(auto.strategy).toBe('edited-files');
    expect(comparable(auto)).toEqual(comparable(full));
    expect(auto.introduced.map((f) => [f.code, f.location.file])).toEqual([
      ['secrets/hardcoded-secret', 'docs/setup.md'],
    ]);
  });

  it('works below a nested contract, with paths relative to its folder', async () => {
    const repo = makeRepo({
      'packages/api/charter.yaml': CONTRACT,
      'packages/api/docs/ARCHITECTURE.md': '# A\n',
      'packages/api/src/clean.ts': 'export const one = 1;\n',
      'README.md': '# monorepo\n',
    });
    repo.commit('initial');
    const cwd = path.join(repo.root, 'packages/api');
    const { auto, full } = await both(
      repo,
      { 'packages/api/src/clean.ts': 'export const one = eval("1");\n' },
      cwd,
    );
    expect(auto.strategy).toBe('edited-files');
    expect(comparable(auto)).toEqual(comparable(full));
    expect(auto.introduced.map((f) => f.location.file)).toEqual(['src/clean.ts']);
  });

  const fullOnly: { name: string; overlay: Overlay; contract?: string }[] = [
    { name: 'a deletion changes the file list', overlay: { 'src/app.ts': null } },
    {
      name: 'an edit of the contract itself',
      overlay: { 'charter.yaml': `${CONTRACT}\n# edited\n` },
    },
    {
      name: 'a rule that reads other files (import boundaries) is affected',
      overlay: { 'src/clean.ts': "import { run } from './app.js';\nexport const one = run;\n" },
      contract: BOUNDARIES_CONTRACT,
    },
  ];
  for (const { name, overlay, contract } of fullOnly) {
    it(`lists the repository when ${name}`, async () => {
      const repo = repoWith(contract ? { ...FILES, 'charter.yaml': contract } : FILES);
      const { auto, full } = await both(repo, overlay);
      expect(auto.strategy).toBe('repository');
      expect(comparable(auto)).toEqual(comparable(full));
    });
  }

  it('leaves out a rule that reads other files when the edit keeps its facts of the edited file', async () => {
    const repo = repoWith({ ...FILES, 'charter.yaml': BOUNDARIES_CONTRACT });
    const { auto, full } = await both(repo, {
      'src/app.ts': 'export const run = (code: string) => eval(code);\nexport const two = 2;\n',
    });
    expect(auto.strategy).toBe('edited-files');
    expect(comparable(auto)).toEqual(comparable(full));
    expect(auto.introduced).toEqual([]);
  });

  it('a new file that an existing import now resolves to: listed, and the finding is new', async () => {
    const repo = repoWith({
      ...FILES,
      'charter.yaml': `${CONTRACT}  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - { from: 'src/ui/**', to: 'src/secrets/**', because: the UI never sees secrets }
`,
      'src/ui/page.ts': "import keys from '../secrets/keys';\nexport const page = keys;\n",
    });
    const { auto, full } = await both(repo, { 'src/secrets/keys.json': '{ "k": 1 }\n' });
    expect(auto.strategy).toBe('repository');
    expect(comparable(auto)).toEqual(comparable(full));
    expect(auto.introduced.map((f) => [f.code, f.location.file])).toEqual([
      ['boundaries/forbidden-import', 'src/ui/page.ts'],
    ]);
  });

  it('lines added above a finding of a rule that reads other files only move it: not new', async () => {
    const repo = repoWith({
      ...FILES,
      'charter.yaml': BOUNDARIES_CONTRACT,
      'src/clean.ts': "import { run } from './app.js';\nexport const one = run;\n",
    });
    const { auto, full } = await both(repo, {
      'src/clean.ts':
        "// The clean module.\n\nimport { run } from './app.js';\nexport const one = run;\n",
    });
    expect(auto.strategy).toBe('edited-files');
    expect(comparable(auto)).toEqual(comparable(full));
    expect(full.introduced).toEqual([]);
  });

  it('the import-boundary case above is a real finding, found by the full listing', async () => {
    const repo = repoWith({ ...FILES, 'charter.yaml': BOUNDARIES_CONTRACT });
    const { auto } = await both(repo, {
      'src/clean.ts': "import { run } from './app.js';\nexport const one = run;\n",
    });
    expect(auto.introduced.map((f) => f.code)).toEqual(['boundaries/forbidden-import']);
  });
});

describe('partialWorktree', () => {
  it('lists tracked and untracked files that exist and are not ignored, and folders by their files', async () => {
    const repo = repoWith();
    repo.write({ 'src/untracked.ts': 'x\n' });
    repo.remove('src/clean.ts');
    const snapshot = await partialWorktree(
      repo.root,
      ['src/app.ts', 'src/clean.ts', 'src/untracked.ts', 'generated/out.ts', 'src/new.ts'],
      ['docs', 'openapi.yaml', 'migrations/001.sql'],
    );
    expect(snapshot.files).toEqual(['src/app.ts', 'src/untracked.ts']);
    expect(snapshot.has('docs')).toBe(true);
    expect(snapshot.has('migrations/001.sql')).toBe(true);
    expect(snapshot.has('openapi.yaml')).toBe(false);
    expect(snapshot.has('src/clean.ts')).toBe(false);
    expect(snapshot.has('generated/out.ts')).toBe(false);
  });

  it('refuses to answer about a path it was not asked to list', () => {
    const snapshot = new PartialWorktreeSnapshot('/repo', ['a.ts'], [], new Set(['a.ts']));
    expect(snapshot.has('a.ts')).toBe(true);
    expect(() => snapshot.has('b.ts')).toThrow('b.ts is outside the files this check listed');
  });
});

describe('positionFree', () => {
  const facts = (use: number, route: number, line: number) => ({
    uses: [{ name: 'auth', order: use, loc: { line, endLine: line } }],
    routes: [{ path: '/jobs', order: route, loc: { line: line + 2, endLine: line + 4 } }],
  });

  it('lines and offsets that only shift compare equal', () => {
    expect(positionFree(facts(10, 40, 3))).toBe(positionFree(facts(31, 61, 5)));
  });

  it('a middleware moved below a route does not', () => {
    expect(positionFree(facts(10, 40, 3))).not.toBe(positionFree(facts(70, 40, 3)));
  });

  it('any other change does not either', () => {
    const moved = facts(10, 40, 3);
    (moved.routes[0] as { path: string }).path = '/jobs/{id}';
    expect(positionFree(facts(10, 40, 3))).not.toBe(positionFree(moved));
  });
});
