import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/facts/ast-grep.js';
import { goImportsExtractor } from '../../../src/facts/imports/go.js';
import { jsImportHead, pythonImportHead } from '../../../src/facts/imports/header.js';
import { extractPythonImports, pythonImportsExtractor } from '../../../src/facts/imports/python.js';
import { extractJsImports, jsImportsExtractor } from '../../../src/facts/imports/typescript.js';
import type { ImportRecord } from '../../../src/facts/imports/types.js';

const brief = (records: ImportRecord[]) =>
  records.map((r) => ({
    specifier: r.specifier,
    kind: r.kind,
    typeOnly: r.typeOnly,
    names: r.names,
    line: r.line,
    ...(r.level ? { level: r.level } : {}),
  }));

describe('TypeScript and JavaScript imports', () => {
  it('finds every static, type, re-export, CommonJS and literal dynamic import', async () => {
    const text = [
      "import a, { b as c, type d } from './x.js';",
      "import type { T } from 'y';",
      "import { type U } from 'types-only';",
      "import * as ns from 'z';",
      "import 'side';",
      "export { e } from './e';",
      "export * from './f';",
      "export type { Q } from './q';",
      "import h = require('h');",
      "const i = require('i');",
      "const j = await import('j');",
      'const k = import(`k`);',
      'const notLiteral = import(name);',
      "// import 'commented';",
      'const s = "import(\'in a string\')";',
    ].join('\n');
    const facts = await jsImportsExtractor.extract({ path: 'src/a.ts', text });
    expect(brief(facts.imports)).toEqual([
      {
        specifier: './x.js',
        kind: 'static',
        typeOnly: false,
        names: ['default', 'b', 'd'],
        line: 1,
      },
      { specifier: 'y', kind: 'static', typeOnly: true, names: ['T'], line: 2 },
      { specifier: 'types-only', kind: 'static', typeOnly: true, names: ['U'], line: 3 },
      { specifier: 'z', kind: 'static', typeOnly: false, names: ['*'], line: 4 },
      { specifier: 'side', kind: 'side-effect', typeOnly: false, names: [], line: 5 },
      { specifier: './e', kind: 'reexport', typeOnly: false, names: ['e'], line: 6 },
      { specifier: './f', kind: 'reexport', typeOnly: false, names: ['*'], line: 7 },
      { specifier: './q', kind: 'reexport', typeOnly: true, names: ['Q'], line: 8 },
      { specifier: 'h', kind: 'require', typeOnly: false, names: ['default'], line: 9 },
      { specifier: 'i', kind: 'require', typeOnly: false, names: ['*'], line: 10 },
      { specifier: 'j', kind: 'dynamic', typeOnly: false, names: ['*'], line: 11 },
      { specifier: 'k', kind: 'dynamic', typeOnly: false, names: ['*'], line: 12 },
    ]);
    expect(facts.imports[0]).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 44 });
  });

  it('reads JSX and CommonJS files', async () => {
    const facts = await jsImportsExtractor.extract({
      path: 'web/App.jsx',
      text: "const React = require('react');\nexport default () => <div/>;\n",
    });
    expect(brief(facts.imports)).toEqual([
      { specifier: 'react', kind: 'require', typeOnly: false, names: ['*'], line: 1 },
    ]);
  });
});

describe('Python imports', () => {
  it('finds absolute, relative, aliased, star, TYPE_CHECKING and importlib imports', async () => {
    const text = [
      'import a.b.c',
      'import d as e, f',
      'from . import g',
      'from ..h.i import j as k, l',
      'from m import *',
      'from typing import TYPE_CHECKING',
      'if TYPE_CHECKING:',
      '    from n import o',
      'else:',
      '    from p import q',
      "x = importlib.import_module('r.s')",
      "y = __import__('t')",
    ].join('\n');
    const facts = await pythonImportsExtractor.extract({ path: 'pkg/mod.py', text });
    expect(brief(facts.imports)).toEqual([
      { specifier: 'a.b.c', kind: 'static', typeOnly: false, names: [], line: 1 },
      { specifier: 'd', kind: 'static', typeOnly: false, names: [], line: 2 },
      { specifier: 'f', kind: 'static', typeOnly: false, names: [], line: 2 },
      { specifier: '', kind: 'static', typeOnly: false, names: ['g'], line: 3, level: 1 },
      { specifier: 'h.i', kind: 'static', typeOnly: false, names: ['j', 'l'], line: 4, level: 2 },
      { specifier: 'm', kind: 'static', typeOnly: false, names: ['*'], line: 5 },
      { specifier: 'typing', kind: 'static', typeOnly: false, names: ['TYPE_CHECKING'], line: 6 },
      { specifier: 'n', kind: 'static', typeOnly: true, names: ['o'], line: 8 },
      { specifier: 'p', kind: 'static', typeOnly: false, names: ['q'], line: 10 },
      { specifier: 'r.s', kind: 'dynamic', typeOnly: false, names: [], line: 11 },
      { specifier: 't', kind: 'dynamic', typeOnly: false, names: [], line: 12 },
    ]);
  });
});

describe('Go imports', () => {
  it('finds single and grouped imports with aliases', async () => {
    const text = [
      'package main',
      'import "fmt"',
      'import (',
      '  f "net/http"',
      '  _ "github.com/lib/pq"',
      '  . "example.com/m/x"',
      ')',
    ].join('\n');
    const facts = await goImportsExtractor.extract({ path: 'cmd/main.go', text });
    expect(facts.package).toBe('main');
    expect(brief(facts.imports)).toEqual([
      { specifier: 'fmt', kind: 'static', typeOnly: false, names: [], line: 2 },
      { specifier: 'net/http', kind: 'static', typeOnly: false, names: ['f'], line: 4 },
      {
        specifier: 'github.com/lib/pq',
        kind: 'side-effect',
        typeOnly: false,
        names: ['_'],
        line: 5,
      },
      { specifier: 'example.com/m/x', kind: 'static', typeOnly: false, names: ['.'], line: 6 },
    ]);
  });
});

describe('parsing only the head of a file', () => {
  const body = (n: number, line: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => line(i)).join('\n');
  const full = async (path: string, text: string) =>
    path.endsWith('.py')
      ? extractPythonImports((await parseSource('python', text)).root())
      : extractJsImports((await parseSource('typescript', text)).root());
  const viaExtractor = async (path: string, text: string) =>
    (path.endsWith('.py') ? pythonImportsExtractor : jsImportsExtractor).extract({ path, text });

  it.each([
    [
      'imports at the top, code below',
      'a.ts',
      `import { a } from './a.js';\nimport type { B } from 'b';\n${body(200, (i) => `export const v${i} = ${i};`)}\n`,
    ],
    [
      'a dynamic import deep in the file',
      'b.ts',
      `import { a } from './a.js';\n${body(150, (i) => `const v${i} = ${i};`)}\nconst lazy = () => import('./lazy.js');\n${body(100, (i) => `const w${i} = ${i};`)}\n`,
    ],
    [
      'import text inside a template literal after the imports',
      'c.ts',
      `import { a } from './a.js';\nconst tpl = \`\n${body(30, () => 'line')}\nimport fake from 'fake';\n\`;\n${body(200, (i) => `const v${i} = ${i};`)}\n`,
    ],
    [
      'a multi-line import',
      'd.ts',
      `import {\n  a,\n  b,\n} from './ab.js';\n${body(200, (i) => `const v${i} = ${i};`)}\n`,
    ],
    [
      'Python lazy imports in functions and TYPE_CHECKING',
      'e.py',
      `import os\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.models import User\n${body(100, (i) => `x${i} = ${i}`)}\ndef f():\n    import json\n    return json\n${body(100, (i) => `y${i} = ${i}`)}\n`,
    ],
    [
      'Python docstring holding import lines',
      'f.py',
      `"""Module.\n\nimport nothing\n${body(60, () => 'text')}\n"""\nimport os\n${body(200, (i) => `x${i} = ${i}`)}\n`,
    ],
  ])('%s: the same imports as a full parse', async (_name, path, text) => {
    expect((await viaExtractor(path, text)).imports).toEqual(await full(path, text));
  });

  it('parses less than the whole file when it can', () => {
    const text = `import { a } from './a.js';\n${body(200, (i) => `export const v${i} = ${i};`)}\n`;
    expect(jsImportHead(text).split('\n').length).toBeLessThan(20);
    expect(
      pythonImportHead(`import os\n${body(200, (i) => `x${i} = ${i}`)}\n`).split('\n').length,
    ).toBeLessThan(20);
  });
});
