import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
rules:
  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - from: 'sdk/**'
          to: 'src/**'
          because: the SDK never imports backend code
        - fromNot: 'core/llm/**'
          toPackage: [openai, anthropic, '@anthropic-ai/sdk']
          because: ADR-002 model calls go through core/llm
        - name: features stay apart
          from: 'src/features/<feature>/**'
          to: 'src/features/**'
          toNot: ['src/features/<feature>/**', 'src/features/*/index.ts']
          because: a feature imports other features only through their index
`;

const tsconfig = JSON.stringify({
  compilerOptions: { baseUrl: '.', paths: { '@features/*': ['src/features/*'] } },
});

const base = {
  'tsconfig.json': tsconfig,
  'src/db.ts': 'export const db = {};\n',
  'src/features/billing/index.ts': "export * from './internal/invoice.js';\n",
  'src/features/billing/internal/invoice.ts': 'export const invoice = 1;\n',
  'src/features/users/index.ts': 'export const users = 1;\n',
  'src/features/users/internal/profile.ts': "import { invoice } from '../../billing/index.js';\n",
  'sdk/client.ts': "import { helper } from './helper.js';\n",
  'sdk/helper.ts': 'export const helper = 1;\n',
  'core/llm/client.py': 'import openai\n',
};

ruleTester('boundaries/forbidden-import', {
  valid: [
    { name: 'every import stays inside its boundary', contract, files: base },
    {
      name: 'a feature imports its own internals and another feature’s index',
      contract,
      files: base,
      change: {
        'src/features/users/service.ts':
          "import { profile } from './internal/profile.js';\nimport { invoice } from '@features/billing/index.js';\n",
      },
    },
    {
      name: 'the only module allowed to use the provider SDK uses it',
      contract,
      files: base,
      mode: 'range',
      change: { 'core/llm/anthropic.ts': "import Anthropic from '@anthropic-ai/sdk';\n" },
    },
    {
      name: 'a type-only import is allowed when the boundary says so',
      contract: `version: 1
rules:
  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - { from: 'sdk/**', to: 'src/**', because: runtime only, allowTypeOnly: true }
`,
      files: base,
      change: { 'sdk/types.ts': "import type { Db } from '../src/db.js';\n" },
    },
    {
      name: 'an import that resolves nowhere is not guessed at',
      contract,
      files: base,
      change: { 'sdk/broken.ts': "import { x } from '../src/missing.js';\n" },
    },
  ],
  invalid: [
    {
      name: 'the SDK imports backend code (range)',
      contract,
      files: base,
      mode: 'range',
      change: {
        'sdk/client.ts':
          "import { helper } from './helper.js';\nimport { db } from '../src/db.js';\n",
      },
      errors: [
        {
          code: 'boundaries/forbidden-import',
          file: 'sdk/client.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 35,
          data: {
            from: 'sdk/client.ts',
            to: 'src/db.ts',
            specifier: '../src/db.js',
            boundary: 'sdk/** → src/**',
            because: 'the SDK never imports backend code',
          },
        },
      ],
    },
    {
      name: 'a provider SDK imported outside core/llm, in Python and through require (staged)',
      contract,
      files: base,
      mode: 'staged',
      change: {
        'services/chat.py': 'from openai import OpenAI\n',
        'web/summary.js': "const Anthropic = require('@anthropic-ai/sdk');\n",
      },
      errors: [
        {
          code: 'boundaries/forbidden-import',
          file: 'services/chat.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 26,
          data: {
            from: 'services/chat.py',
            to: 'openai',
            specifier: 'openai',
            boundary: 'not core/llm/** → openai, anthropic, @anthropic-ai/sdk',
            because: 'ADR-002 model calls go through core/llm',
          },
        },
        {
          code: 'boundaries/forbidden-import',
          file: 'web/summary.js',
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 47,
          data: {
            from: 'web/summary.js',
            to: '@anthropic-ai/sdk',
            specifier: '@anthropic-ai/sdk',
            boundary: 'not core/llm/** → openai, anthropic, @anthropic-ai/sdk',
            because: 'ADR-002 model calls go through core/llm',
          },
        },
      ],
    },
    {
      name: 'a feature reaches into another feature’s internals through a tsconfig path',
      contract,
      files: base,
      change: {
        'src/features/users/service.ts':
          "export async function load() {\n  return import('@features/billing/internal/invoice');\n}\n",
      },
      errors: [
        {
          code: 'boundaries/forbidden-import',
          file: 'src/features/users/service.ts',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 54,
          data: {
            from: 'src/features/users/service.ts',
            to: 'src/features/billing/internal/invoice.ts',
            specifier: '@features/billing/internal/invoice',
            boundary: 'features stay apart',
            because: 'a feature imports other features only through their index',
          },
        },
      ],
    },
    {
      name: 'a Go package imports a forbidden module-relative package',
      contract: `version: 1
rules:
  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - { from: 'internal/domain/**', to: 'internal/db/**', because: the domain does not know storage }
`,
      files: {
        'go.mod': 'module example.com/shop\n\ngo 1.22\n',
        'internal/db/db.go': 'package db\n',
        'internal/domain/order.go': 'package domain\n',
      },
      mode: 'range',
      change: {
        'internal/domain/order.go':
          'package domain\n\nimport (\n\t"fmt"\n\t"example.com/shop/internal/db"\n)\n',
      },
      errors: [
        {
          code: 'boundaries/forbidden-import',
          file: 'internal/domain/order.go',
          line: 5,
          column: 2,
          endLine: 5,
          endColumn: 32,
          data: {
            from: 'internal/domain/order.go',
            to: 'internal/db',
            specifier: 'example.com/shop/internal/db',
            boundary: 'internal/domain/** → internal/db/**',
            because: 'the domain does not know storage',
          },
        },
      ],
    },
  ],
});
