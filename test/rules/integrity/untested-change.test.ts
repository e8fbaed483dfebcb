import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
rules:
  integrity/untested-change: error
`;

const files = {
  'src/billing/invoice.ts': 'export const total = (a: number[]) => a.reduce((x, y) => x + y, 0);\n',
  'src/billing/index.ts': "export * from './invoice.js';\n",
  'src/users.ts': 'export const name = "a";\n',
  'test/totals.test.ts':
    "import { total } from '../src/billing/index.js';\nimport { it, expect } from 'vitest';\nit('adds', () => { expect(total([1, 2])).toBe(3); });\n",
  'test/users.test.ts':
    "import { it, expect } from 'vitest';\nit('names', () => { expect(1).toBe(1); });\n",
  'app/models.py': 'class User: ...\n',
  'tests/test_models.py': 'def test_user():\n    assert True\n',
  'pkg/orders/orders.go': 'package orders\n',
  'pkg/orders/store.go': 'package orders\n',
  'pkg/orders/orders_test.go': 'package orders\n\nfunc TestOrders(t *testing.T) {}\n',
};

ruleTester('integrity/untested-change', {
  valid: [
    {
      name: 'a source change with a test of the same name (range)',
      contract,
      files,
      mode: 'range',
      change: {
        'src/users.ts': 'export const name = "b";\n',
        'test/users.test.ts':
          "import { it, expect } from 'vitest';\nit('names', () => { expect(2).toBe(2); });\n",
        'app/models.py': 'class User:\n    name = ""\n',
        'tests/test_models.py': 'def test_user():\n    assert User().name == ""\n',
      },
    },
    {
      name: 'a test that imports the module through a barrel, and a Go test in the package folder',
      contract,
      files,
      change: {
        'src/billing/invoice.ts': 'export const total = (a: number[]) => a.length;\n',
        'test/totals.test.ts':
          "import { total } from '../src/billing/index.js';\nimport { it, expect } from 'vitest';\nit('counts', () => { expect(total([1, 2])).toBe(2); });\n",
        'pkg/orders/store.go': 'package orders\n\nvar x = 1\n',
        'pkg/orders/orders_test.go': 'package orders\n\nfunc TestOrders(t *testing.T) { _ = x }\n',
      },
    },
    {
      name: 'renames, type declarations and configuration need no test',
      contract,
      files: { ...files, 'vite.config.ts': 'export default {};\n' },
      mode: 'staged',
      change: {
        'src/users.ts': null,
        'src/people.ts': 'export const name = "a";\n',
        'src/types.d.ts': 'declare const x: number;\n',
        'vite.config.ts': 'export default { base: "/" };\n',
      },
    },
    {
      name: 'off unless the contract turns it on',
      contract: 'version: 1\n',
      files,
      change: { 'src/users.ts': 'export const name = "c";\n' },
    },
  ],
  invalid: [
    {
      name: 'source files changed, only an unrelated test changed (staged)',
      contract,
      files,
      mode: 'staged',
      change: {
        'src/billing/invoice.ts': 'export const total = (a: number[]) => a.length;\n',
        'app/payments.py': 'def charge(): ...\n',
        'test/users.test.ts':
          "import { it, expect } from 'vitest';\nit('names', () => { expect(3).toBe(3); });\n",
      },
      errors: [
        {
          code: 'integrity/untested-change',
          file: 'app/payments.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 18,
          data: { file: 'app/payments.py', status: 'added', tests: 1 },
        },
        {
          code: 'integrity/untested-change',
          file: 'src/billing/invoice.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 48,
          data: { file: 'src/billing/invoice.ts', status: 'modified', tests: 1 },
        },
      ],
    },
    {
      name: 'only same-name tests count when the contract says so (range)',
      contract: `version: 1
rules:
  integrity/untested-change:
    severity: error
    options:
      mapping: [same-name]
      sources: ['pkg/**']
`,
      files,
      mode: 'range',
      change: {
        'pkg/orders/store.go': 'package orders\n\nvar x = 2\n',
        'pkg/orders/orders_test.go': 'package orders\n\nfunc TestOrders(t *testing.T) { _ = 2 }\n',
        'src/users.ts': 'export const name = "d";\n',
      },
      errors: [
        {
          code: 'integrity/untested-change',
          file: 'pkg/orders/store.go',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 15,
          data: { file: 'pkg/orders/store.go', status: 'modified', tests: 1 },
        },
      ],
    },
  ],
});
