import { describe, expect, it } from 'vitest';
import { parseGoMod } from '../../../src/facts/manifests/go-mod.js';
import { parsePackageJson } from '../../../src/facts/manifests/package-json.js';
import { parsePyproject } from '../../../src/facts/manifests/python.js';
import { parseTsconfig } from '../../../src/facts/manifests/tsconfig.js';
import { ModuleResolver, mapTargets } from '../../../src/facts/imports/resolve.js';
import type { ImportLanguage, ImportRecord } from '../../../src/facts/imports/types.js';

function record(specifier: string, extra: Partial<ImportRecord> = {}): ImportRecord {
  return {
    specifier,
    kind: 'static',
    typeOnly: false,
    names: [],
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    ...extra,
  };
}

function resolver(files: Record<string, string>): ModuleResolver {
  const paths = Object.keys(files);
  const pick = <T>(test: RegExp, parse: (text: string, file: string) => T) =>
    new Map(paths.filter((p) => test.test(p)).map((p) => [p, parse(files[p] as string, p)]));
  return new ModuleResolver({
    files: paths,
    packageJson: pick(/(^|\/)package\.json$/, parsePackageJson),
    tsconfig: pick(/(^|\/)tsconfig[^/]*\.json$/, parseTsconfig),
    goMod: pick(/(^|\/)go\.(mod|work)$/, (text, file) =>
      parseGoMod(text, file.endsWith('.work') ? 'go.work' : 'go.mod'),
    ),
    pythonManifests: pick(/(^|\/)pyproject\.toml$/, parsePyproject),
  });
}

const resolve = (
  r: ModuleResolver,
  from: string,
  language: ImportLanguage,
  specifier: string,
  extra: Partial<ImportRecord> = {},
) => r.resolve(from, language, record(specifier, extra));

describe('TypeScript resolution', () => {
  const repo = resolver({
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
    'tsconfig.base.json': `{
      // comments and trailing commas are allowed in tsconfig
      "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/app/*"], "~config": ["config/index.ts"], }, },
    }`,
    'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
    'src/app/users.ts': '',
    'src/app/util/index.ts': '',
    'src/main.ts': '',
    'src/legacy.js': '',
    'config/index.ts': '',
    'lib/helpers.ts': '',
    'packages/core/package.json': JSON.stringify({
      name: '@acme/core',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js' },
        './feature/*': './dist/feature/*.js',
      },
      imports: { '#internal/*': './src/internal/*.ts' },
    }),
    'packages/core/tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    'packages/core/src/index.ts': '',
    'packages/core/src/feature/flags.ts': '',
    'packages/core/src/internal/secret.ts': '',
    'packages/web/package.json': JSON.stringify({ name: '@acme/web', main: 'lib/main.js' }),
    'packages/web/src/main.tsx': '',
  });

  it.each([
    ['src/main.ts', './app/users.js', { kind: 'file', path: 'src/app/users.ts' }],
    ['src/main.ts', './app/util', { kind: 'file', path: 'src/app/util/index.ts' }],
    ['src/main.ts', './legacy.js', { kind: 'file', path: 'src/legacy.js' }],
    ['src/main.ts', '../lib/helpers', { kind: 'file', path: 'lib/helpers.ts' }],
    ['src/main.ts', '@app/users', { kind: 'file', path: 'src/app/users.ts' }],
    ['src/main.ts', '~config', { kind: 'file', path: 'config/index.ts' }],
    ['src/main.ts', 'lib/helpers', { kind: 'file', path: 'lib/helpers.ts' }],
    [
      'src/main.ts',
      '@acme/core',
      { kind: 'file', path: 'packages/core/src/index.ts', package: '@acme/core' },
    ],
    [
      'src/main.ts',
      '@acme/core/feature/flags',
      { kind: 'file', path: 'packages/core/src/feature/flags.ts', package: '@acme/core' },
    ],
    [
      'src/main.ts',
      '@acme/web',
      { kind: 'file', path: 'packages/web/src/main.tsx', package: '@acme/web' },
    ],
    [
      'packages/core/src/index.ts',
      '#internal/secret',
      { kind: 'file', path: 'packages/core/src/internal/secret.ts' },
    ],
    ['src/main.ts', 'node:fs', { kind: 'builtin', name: 'node:fs', ecosystem: 'npm' }],
    ['src/main.ts', 'path', { kind: 'builtin', name: 'node:path', ecosystem: 'npm' }],
    ['src/main.ts', 'react-dom/client', { kind: 'package', name: 'react-dom', ecosystem: 'npm' }],
    ['src/main.ts', '@scope/pkg/deep', { kind: 'package', name: '@scope/pkg', ecosystem: 'npm' }],
    ['src/main.ts', './missing', { kind: 'unresolved', reason: 'no file for ./missing' }],
    ['src/main.ts', '../../outside', { kind: 'unresolved', reason: 'outside the repository' }],
  ])('%s imports %s', (from, specifier, expected) => {
    expect(resolve(repo, from, 'javascript', specifier)).toEqual([expected]);
  });

  it('answers with the file alone for callers without import records', () => {
    expect(repo.resolveJsFile('src/main.ts', '@app/users')).toBe('src/app/users.ts');
    expect(repo.resolveJsFile('src/main.ts', '~config')).toBe('config/index.ts');
    expect(repo.resolveJsFile('src/main.ts', 'lib/helpers')).toBe('lib/helpers.ts');
    expect(repo.resolveJsFile('src/main.ts', 'react-dom/client')).toBeUndefined();
    expect(repo.resolveJsFile('src/main.ts', 'node:fs')).toBeUndefined();
    expect(repo.resolveJsFile('src/main.ts', '@app/missing')).toBeUndefined();
  });

  it('maps exports with conditions and patterns', () => {
    expect(mapTargets({ '.': { import: './a.js', require: './a.cjs' } }, '.')).toEqual([
      './a.js',
      './a.cjs',
    ]);
    expect(mapTargets({ './x/*.js': './src/x/*.ts' }, './x/y.js')).toEqual(['./src/x/y.ts']);
    expect(mapTargets('./main.js', './other')).toEqual([]);
  });

  it('resolves a workspace package whose entry is not in the repository to its manifest', () => {
    const r = resolver({
      'pnpm-workspace.yaml': '',
      'package.json': JSON.stringify({ workspaces: ['libs/**'] }),
      'libs/ui/package.json': JSON.stringify({ name: 'ui', main: 'build/cjs/entry.js' }),
      'app/main.ts': '',
    });
    expect(resolve(r, 'app/main.ts', 'javascript', 'ui')).toEqual([
      { kind: 'file', path: 'libs/ui/package.json', package: 'ui', approximate: true },
    ]);
  });
});

describe('Python resolution', () => {
  const repo = resolver({
    'services/worker/pyproject.toml': '[project]\nname = "worker"\n',
    'services/worker/worker/__init__.py': '',
    'services/worker/worker/tasks/__init__.py': '',
    'services/worker/worker/tasks/dispatch.py': '',
    'services/worker/worker/models.py': '',
    'services/api/src/api/__init__.py': '',
    'services/api/src/api/routes.py': '',
    'services/api/pyproject.toml': '[project]\nname = "api"\n',
    'scripts/tool.py': '',
    'scripts/helpers.py': '',
  });

  it.each([
    [
      'services/worker/worker/models.py',
      'worker.tasks.dispatch',
      {},
      [{ kind: 'file', path: 'services/worker/worker/tasks/dispatch.py' }],
    ],
    [
      'services/worker/worker/models.py',
      'worker.tasks',
      { names: ['dispatch'] },
      [{ kind: 'file', path: 'services/worker/worker/tasks/dispatch.py' }],
    ],
    [
      'services/worker/worker/models.py',
      'worker.tasks.dispatch',
      { names: ['run'] },
      [{ kind: 'file', path: 'services/worker/worker/tasks/dispatch.py' }],
    ],
    [
      'services/worker/worker/tasks/dispatch.py',
      'models',
      { level: 2, names: ['Job'] },
      [{ kind: 'file', path: 'services/worker/worker/models.py' }],
    ],
    [
      'services/worker/worker/tasks/dispatch.py',
      '',
      { level: 1, names: ['dispatch'] },
      [{ kind: 'file', path: 'services/worker/worker/tasks/dispatch.py' }],
    ],
    [
      'services/worker/worker/models.py',
      'api.routes',
      {},
      [{ kind: 'file', path: 'services/api/src/api/routes.py' }],
    ],
    ['scripts/tool.py', 'helpers', {}, [{ kind: 'file', path: 'scripts/helpers.py' }]],
    ['scripts/tool.py', 'os.path', {}, [{ kind: 'builtin', name: 'os', ecosystem: 'pypi' }]],
    [
      'scripts/tool.py',
      'requests.adapters',
      {},
      [{ kind: 'package', name: 'requests', ecosystem: 'pypi' }],
    ],
  ])('%s imports %s %j', (from, specifier, extra, expected) => {
    expect(resolve(repo, from, 'python', specifier, extra)).toEqual(expected);
  });
});

describe('Go resolution', () => {
  const repo = resolver({
    'go.mod':
      'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/stretchr/testify v1.9.0\n)\n\nreplace example.com/tools => ./tools\n',
    'internal/db/db.go': '',
    'internal/db/db_test.go': '',
    'cmd/api/main.go': '',
    'tools/go.mod': 'module example.com/tools\n',
    'tools/lint/lint.go': '',
  });

  it.each([
    [
      'example.com/shop/internal/db',
      {
        kind: 'file',
        path: 'internal/db',
        files: ['internal/db/db.go'],
        package: 'example.com/shop',
      },
    ],
    [
      'example.com/tools/lint',
      {
        kind: 'file',
        path: 'tools/lint',
        files: ['tools/lint/lint.go'],
        package: 'example.com/tools',
      },
    ],
    ['net/http', { kind: 'builtin', name: 'net/http', ecosystem: 'go' }],
    [
      'github.com/stretchr/testify/assert',
      { kind: 'package', name: 'github.com/stretchr/testify', ecosystem: 'go' },
    ],
    [
      'example.com/shop/internal/nothing',
      { kind: 'unresolved', reason: 'no Go files in internal/nothing' },
    ],
  ])('cmd/api/main.go imports %s', (specifier, expected) => {
    expect(resolve(repo, 'cmd/api/main.go', 'go', specifier)).toEqual([expected]);
  });
});
