import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
rules:
  boundaries/mandated-technology:
    severity: error
    options:
      technologies:
        - name: LiteLLM router
          packages: [litellm, openai, anthropic, '@anthropic-ai/sdk']
          only: ['services/llm/**']
          because: ADR-002 model calls go through the router in services/llm
        - name: Temporal
          packages: [temporalio, '@temporalio/*', 'go:go.temporal.io/sdk']
          alternatives: [celery, bullmq, 'go:github.com/hibiken/asynq']
          because: ADR-001 workflow orchestration is Temporal
`;

const base = {
  'services/llm/pyproject.toml':
    '[project]\nname = "llm"\ndependencies = [\n  "litellm>=1.40",\n]\n',
  'services/llm/router.py': 'import litellm\n',
  'services/api/package.json': JSON.stringify(
    { name: 'api', dependencies: { '@temporalio/client': '^1.9.0' } },
    null,
    2,
  ),
  'services/api/src/start.ts': "import { Client } from '@temporalio/client';\n",
  'go.mod': 'module example.com/jobs\n\ngo 1.22\n\nrequire go.temporal.io/sdk v1.26.0\n',
  'worker/main.go': 'package main\n\nimport "go.temporal.io/sdk/worker"\n',
};

ruleTester('boundaries/mandated-technology', {
  valid: [
    { name: 'the technologies are used where the contract says', contract, files: base },
    {
      name: 'the router may add another provider SDK',
      contract,
      files: base,
      mode: 'range',
      change: { 'services/llm/anthropic_client.py': 'from anthropic import Anthropic\n' },
    },
  ],
  invalid: [
    {
      name: 'a service calls a provider SDK directly (staged)',
      contract,
      files: base,
      mode: 'staged',
      change: { 'services/api/src/summarize.ts': "import OpenAI from 'openai';\n" },
      errors: [
        {
          code: 'boundaries/mandated-technology',
          file: 'services/api/src/summarize.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 29,
          data: {
            technology: 'LiteLLM router',
            kind: 'outside-allowed-place',
            package: 'openai',
            specifier: 'openai',
            because: 'ADR-002 model calls go through the router in services/llm',
          },
        },
      ],
    },
    {
      name: 'an alternative is imported and declared in every ecosystem (range)',
      contract,
      files: base,
      mode: 'range',
      change: {
        'services/api/package.json': JSON.stringify(
          { name: 'api', dependencies: { '@temporalio/client': '^1.9.0', bullmq: '^5.0.0' } },
          null,
          2,
        ),
        'services/api/src/queue.ts': "import { Queue } from 'bullmq';\n",
        'services/mail/requirements.txt': 'requests==2.32.0\nCelery[redis]>=5.3\n',
        'services/mail/tasks.py': 'from celery import shared_task\n',
        'go.mod':
          'module example.com/jobs\n\ngo 1.22\n\nrequire (\n\tgo.temporal.io/sdk v1.26.0\n\tgithub.com/hibiken/asynq v0.24.1\n)\n',
        'services/api/pyproject.toml':
          '[project]\nname = "api-tools"\ndependencies = ["openai>=1.0"]\n',
      },
      errors: [
        {
          code: 'boundaries/mandated-technology',
          file: 'go.mod',
          line: 7,
          column: 2,
          endLine: 7,
          endColumn: 34,
          data: {
            technology: 'Temporal',
            kind: 'alternative-dependency',
            package: 'github.com/hibiken/asynq',
            specifier: 'require',
            because: 'ADR-001 workflow orchestration is Temporal',
          },
        },
        {
          code: 'boundaries/mandated-technology',
          file: 'services/api/package.json',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 23,
          data: {
            technology: 'Temporal',
            kind: 'alternative-dependency',
            package: 'bullmq',
            specifier: 'dependencies',
            because: 'ADR-001 workflow orchestration is Temporal',
          },
        },
        {
          code: 'boundaries/mandated-technology',
          file: 'services/api/pyproject.toml',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 30,
          data: {
            technology: 'LiteLLM router',
            kind: 'dependency-outside-allowed-place',
            package: 'openai',
            specifier: 'project.dependencies',
            because: 'ADR-002 model calls go through the router in services/llm',
          },
        },
        {
          code: 'boundaries/mandated-technology',
          file: 'services/api/src/queue.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 32,
          data: {
            technology: 'Temporal',
            kind: 'alternative-import',
            package: 'bullmq',
            specifier: 'bullmq',
            because: 'ADR-001 workflow orchestration is Temporal',
          },
        },
        {
          code: 'boundaries/mandated-technology',
          file: 'services/mail/requirements.txt',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
          data: {
            technology: 'Temporal',
            kind: 'alternative-dependency',
            package: 'celery',
            specifier: 'requirements',
            because: 'ADR-001 workflow orchestration is Temporal',
          },
        },
        {
          code: 'boundaries/mandated-technology',
          file: 'services/mail/tasks.py',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 31,
          data: {
            technology: 'Temporal',
            kind: 'alternative-import',
            package: 'celery',
            specifier: 'celery',
            because: 'ADR-001 workflow orchestration is Temporal',
          },
        },
      ],
    },
  ],
});
