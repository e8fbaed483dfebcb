import { ruleTester } from '../../helpers/rule-tester.js';

const contract = 'version: 1\n';

const base = {
  'src/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
  'src/b.ts': "import { c } from './c.js';\nexport const b = 2;\n",
  'src/c.ts': 'export const c = 3;\n',
};

ruleTester('boundaries/cycle', {
  valid: [
    { name: 'a chain without a loop', contract, files: base },
    {
      name: 'a loop through a type-only import does not count',
      contract,
      files: base,
      change: { 'src/c.ts': "import type { A } from './a.js';\nexport const c = 3;\n" },
    },
    {
      name: 'off when the contract turns it off',
      contract: 'version: 1\nrules:\n  boundaries/cycle: off\n',
      files: base,
      change: { 'src/c.ts': "import { a } from './a.js';\nexport const c = a;\n" },
    },
  ],
  invalid: [
    {
      name: 'a three-module loop, reported once at its first import, as a warning (range)',
      contract,
      files: base,
      mode: 'range',
      change: { 'src/c.ts': "import { a } from './a.js';\nexport const c = a;\n" },
      errors: [
        {
          code: 'boundaries/cycle',
          file: 'src/a.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 28,
          severity: 'warn',
          data: { cycle: 'src/a.ts → src/b.ts → src/c.ts → src/a.ts', length: 3, modules: 3 },
        },
      ],
    },
    {
      name: 'Python modules importing each other',
      contract,
      files: {
        'app/__init__.py': '',
        'app/models.py': 'from app import services\n',
        'app/services.py': 'x = 1\n',
      },
      change: { 'app/services.py': 'from .models import User\n' },
      errors: [
        {
          code: 'boundaries/cycle',
          file: 'app/models.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 25,
          severity: 'warn',
          data: { cycle: 'app/models.py → app/services.py → app/models.py', length: 2, modules: 2 },
        },
      ],
    },
    {
      name: 'Go packages importing each other (staged)',
      contract: 'version: 1\nrules:\n  boundaries/cycle: error\n',
      mode: 'staged',
      files: {
        'go.mod': 'module example.com/m\n',
        'pkg/a/a.go': 'package a\n\nimport "example.com/m/pkg/b"\n',
        'pkg/b/b.go': 'package b\n',
      },
      change: { 'pkg/b/b.go': 'package b\n\nimport "example.com/m/pkg/a"\n' },
      errors: [
        {
          code: 'boundaries/cycle',
          file: 'pkg/a/a.go',
          line: 3,
          column: 8,
          endLine: 3,
          endColumn: 29,
          severity: 'error',
          data: { cycle: 'pkg/a → pkg/b → pkg/a', length: 2, modules: 2 },
        },
      ],
    },
  ],
});
