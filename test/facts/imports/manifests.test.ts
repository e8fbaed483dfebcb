import { describe, expect, it } from 'vitest';
import { parseGoMod } from '../../../src/facts/manifests/go-mod.js';
import { parsePackageJson } from '../../../src/facts/manifests/package-json.js';
import {
  parsePipfile,
  parsePyproject,
  parseRequirements,
} from '../../../src/facts/manifests/python.js';
import { parseTsconfig } from '../../../src/facts/manifests/tsconfig.js';
import type { DeclaredDependency } from '../../../src/facts/manifests/types.js';

const brief = (deps: DeclaredDependency[]) =>
  deps.map((d) => [d.name, d.section, d.line, d.column, d.endColumn]);

describe('manifests', () => {
  it('package.json: dependencies with their place, scripts, workspaces, exports', () => {
    const facts = parsePackageJson(`{
  "name": "@acme/web",
  "workspaces": { "packages": ["packages/*"] },
  "exports": { ".": "./src/index.ts" },
  "scripts": { "test": "vitest run" },
  "dependencies": { "react": "^19.0.0" },
  "devDependencies": { "vitest": "^3.2.0", },
}
`);
    expect(facts.name).toBe('@acme/web');
    expect(facts.workspaces).toEqual(['packages/*']);
    expect(facts.exports).toEqual({ '.': './src/index.ts' });
    expect(facts.scripts.map((s) => [s.name, s.command, s.line])).toEqual([
      ['test', 'vitest run', 5],
    ]);
    expect(brief(facts.dependencies)).toEqual([
      ['react', 'dependencies', 6, 21, 39],
      ['vitest', 'devDependencies', 7, 24, 42],
    ]);
    expect(parsePackageJson('{ "name": ').error).toMatch(/at 1:/);
  });

  it('tsconfig: comments, trailing commas, extends lists', () => {
    expect(
      parseTsconfig(`{
  // the base
  "extends": ["./base.json", "@tsconfig/node20"],
  "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["*"], }, /* out */ "outDir": "dist" },
}`),
    ).toEqual({
      extends: ['./base.json', '@tsconfig/node20'],
      baseUrl: 'src',
      outDir: 'dist',
      paths: { '@/*': ['*'] },
    });
  });

  it('pyproject: PEP 621, optional groups, Poetry, package roots', () => {
    const facts = parsePyproject(`[project]
name = "svc"
dependencies = [
  "requests>=2.31",
  "PyYAML==6.0 ; python_version >= '3.9'",
]

[project.optional-dependencies]
llm = ["OpenAI>=1.0"]

[tool.poetry.dependencies]
python = "^3.11"
celery = { version = "^5.3", extras = ["redis"] }

[tool.setuptools.packages.find]
where = ["src"]
`);
    expect(facts.name).toBe('svc');
    expect(facts.packageRoots).toEqual(['src']);
    expect(brief(facts.dependencies)).toEqual([
      ['requests', 'project.dependencies', 4, 3, 19],
      ['pyyaml', 'project.dependencies', 5, 3, 42],
      ['openai', 'project.optional-dependencies.llm', 9, 8, 21],
      ['celery', 'tool.poetry.dependencies', 13, 1, 50],
    ]);
    expect(parsePyproject('[project\n').error).toBeDefined();
  });

  it('requirements and Pipfile', () => {
    expect(
      brief(
        parseRequirements(
          '# pinned\n-r base.txt\nDjango>=5.0  # web\n  celery[redis]==5.3\n-e ./libs/core\nhttps://x.example/pkg.whl\n',
        ).dependencies,
      ),
    ).toEqual([
      ['django', 'requirements', 3, 1, 19],
      ['celery', 'requirements', 4, 3, 21],
    ]);
    expect(
      brief(parsePipfile('[packages]\nFlask = "*"\n\n[dev-packages]\npytest = "*"\n').dependencies),
    ).toEqual([
      ['flask', 'packages', 2, 1, 12],
      ['pytest', 'dev-packages', 5, 1, 13],
    ]);
  });

  it('go.mod and go.work', () => {
    const mod = parseGoMod(
      'module example.com/shop // the shop\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\nrequire (\n\tgithub.com/c/d v0.1.0 // indirect\n)\nreplace example.com/lib => ../lib\n',
      'go.mod',
    );
    expect(mod.module).toBe('example.com/shop');
    expect(brief(mod.dependencies)).toEqual([
      ['github.com/a/b', 'require', 5, 1, 30],
      ['github.com/c/d', 'require (indirect)', 7, 2, 35],
    ]);
    expect(mod.replace).toEqual([{ from: 'example.com/lib', to: '../lib', line: 9 }]);
    expect(parseGoMod('go 1.22\nuse (\n\t./api\n\t./worker\n)\n', 'go.work').use).toEqual([
      './api',
      './worker',
    ]);
  });
});
