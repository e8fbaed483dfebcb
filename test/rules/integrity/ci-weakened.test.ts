import { ruleTester } from '../../helpers/rule-tester.js';

const contract = 'version: 1\n';

const workflow = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: npm ci
      - name: Type check
        run: npx tsc --noEmit
      - name: Tests
        run: |
          npm run build
          npx vitest run
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: npx eslint .
`;

const gitlab = `stages: [test]
unit:
  stage: test
  script:
    - pip install -r requirements.txt
    - pytest -q
`;

const packageJson = `{
  "name": "app",
  "scripts": {
    "build": "tsc",
    "test": "tsc --noEmit && vitest run",
    "lint": "eslint ."
  }
}
`;

const files = {
  '.github/workflows/ci.yml': workflow,
  '.gitlab-ci.yml': gitlab,
  'package.json': packageJson,
};

ruleTester('integrity/ci-weakened', {
  valid: [
    {
      name: 'renaming steps, adding steps, moving the workflow (range)',
      contract,
      files,
      mode: 'range',
      change: {
        '.github/workflows/ci.yml': null,
        '.github/workflows/main.yml': workflow
          .replace('name: Type check', 'name: Types')
          .replace('  lint:', '  static-checks:')
          .replace(
            '      - name: Install',
            '      - uses: actions/setup-node@v4\n      - name: Install',
          ),
        'package.json': packageJson.replace(
          '"lint": "eslint ."',
          '"lint": "eslint . --max-warnings 0"',
        ),
      },
    },
    {
      name: 'a build script may change; weakeners that were already there are not new',
      contract,
      files: {
        ...files,
        '.gitlab-ci.yml': gitlab.replace('pytest -q', 'pytest -q || true'),
        'package.json': packageJson.replace('"build": "tsc"', '"build": "tsc || true"'),
      },
      change: {
        '.gitlab-ci.yml': gitlab.replace('pytest -q', 'pytest -q -x || true'),
        'package.json': packageJson
          .replace('"build": "tsc"', '"build": "tsc -b || true"')
          .replace('vitest run"', 'vitest run --coverage"'),
      },
    },
  ],
  invalid: [
    {
      name: 'swallowing the test exit code and tolerating failure (range)',
      contract,
      files,
      mode: 'range',
      change: {
        '.github/workflows/ci.yml': workflow
          .replace('npx vitest run', 'npx vitest run || true')
          .replace(
            '      - name: Type check\n',
            '      - name: Type check\n        continue-on-error: true\n',
          ),
      },
      errors: [
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 32,
          data: {
            kind: 'continue-on-error',
            file: '.github/workflows/ci.yml',
            scope: 'jobs.test.steps[Type check]',
            text: 'continue-on-error: true',
          },
        },
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 16,
          column: 26,
          endLine: 16,
          endColumn: 33,
          data: {
            kind: 'or-true',
            file: '.github/workflows/ci.yml',
            scope: 'jobs.test.steps[Tests]',
            text: '|| true',
          },
        },
      ],
    },
    {
      name: 'removing a step, a job and a command (staged)',
      contract,
      files,
      mode: 'staged',
      change: {
        '.github/workflows/ci.yml': workflow
          .replace('      - name: Type check\n        run: npx tsc --noEmit\n', '')
          .replace('          npx vitest run\n', '')
          .replace(/ {2}lint:[\s\S]*$/, ''),
      },
      errors: [
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 9,
          data: {
            kind: 'removed-job',
            file: '.github/workflows/ci.yml',
            scope: 'jobs.lint',
            text: 'jobs.lint',
          },
        },
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 20,
          data: {
            kind: 'removed-command',
            file: '.github/workflows/ci.yml',
            scope: 'jobs.test.steps[Tests]',
            text: 'npx vitest run',
          },
        },
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 20,
          data: {
            kind: 'removed-step',
            file: '.github/workflows/ci.yml',
            scope: 'jobs.test.steps[Type check]',
            text: 'npx tsc --noEmit',
          },
        },
      ],
    },
    {
      name: 'package.json: the test script drops the type check and passes with no tests',
      contract,
      files,
      change: {
        'package.json': packageJson.replace(
          '"test": "tsc --noEmit && vitest run"',
          '"test": "vitest run --passWithNoTests"',
        ),
      },
      errors: [
        {
          code: 'integrity/ci-weakened',
          file: 'package.json',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 43,
          data: {
            kind: 'pass-with-no-tests',
            file: 'package.json',
            scope: 'scripts.test',
            text: '--passWithNoTests',
          },
        },
        {
          code: 'integrity/ci-weakened',
          file: 'package.json',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 43,
          data: {
            kind: 'removed-command',
            file: 'package.json',
            scope: 'scripts.test',
            text: 'tsc --noEmit',
          },
        },
      ],
    },
    {
      name: 'GitLab: allowing failure and dropping pytest; a workflow deleted (range)',
      contract,
      files,
      mode: 'range',
      change: {
        '.gitlab-ci.yml': gitlab
          .replace('    - pytest -q\n', '')
          .replace('  stage: test\n', '  stage: test\n  allow_failure: true\n'),
        '.github/workflows/ci.yml': null,
      },
      errors: [
        {
          code: 'integrity/ci-weakened',
          file: '.github/workflows/ci.yml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          data: { kind: 'deleted-workflow', file: '.github/workflows/ci.yml', scope: '', text: '' },
        },
        {
          code: 'integrity/ci-weakened',
          file: '.gitlab-ci.yml',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 22,
          data: {
            kind: 'continue-on-error',
            file: '.gitlab-ci.yml',
            scope: 'unit',
            text: 'allow_failure: true',
          },
        },
        {
          code: 'integrity/ci-weakened',
          file: '.gitlab-ci.yml',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 10,
          data: {
            kind: 'removed-command',
            file: '.gitlab-ci.yml',
            scope: 'unit.script',
            text: 'pytest -q',
          },
        },
      ],
    },
  ],
});
