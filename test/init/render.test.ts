import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadContract } from '../../src/contract/load.js';
import type { RepoDetection } from '../../src/init/detection.js';
import { patternExampleFor, planContract } from '../../src/init/plan.js';
import { comment, renderContract } from '../../src/init/render.js';
import { makeRepo } from '../helpers/git-repo.js';
import { runCharter } from '../helpers/cli.js';

const today = new Date('2026-03-01T12:00:00Z');

function detection(overrides: Partial<RepoDetection> = {}): RepoDetection {
  return {
    root: '/repo',
    isGit: true,
    fileCount: 0,
    languages: [],
    openapi: [],
    sqlSchemas: [],
    migrationDirs: [],
    requirements: [],
    adrDirs: [],
    instructions: [],
    nestedInstructions: [],
    agentSettingsDirs: [],
    ci: [],
    gitHooks: [],
    exclude: [],
    lockfiles: [],
    sampleSpecs: [],
    ...overrides,
  };
}

/** The commented `custom/pattern:` block of a draft, uncommented. */
function uncommentedPatternBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('  # custom/pattern:');
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('  # ')) break;
    block.push(line.slice(4));
  }
  return `${block.join('\n')}\n`;
}

describe('the custom/pattern example', () => {
  it.each(['typescript', 'tsx', 'javascript', 'python', 'go'] as const)(
    'is a valid rule for %s and is what the draft shows',
    (language) => {
      const example = patternExampleFor(language);
      expect(example.language).toBe(language);
      const active = stringify({
        version: 1,
        rules: { 'custom/pattern': { severity: 'error', options: { patterns: [example] } } },
      });
      const loaded = loadContract({ file: 'charter.yaml', text: active });
      expect([...loaded.knownCodes].filter((code) => code.startsWith('custom/no-'))).toEqual([
        'custom/no-auth-bypass',
      ]);

      const text = renderContract(
        planContract(detection({ languages: [{ language, files: 3 }] }), {
          contractPath: 'charter.yaml',
        }),
        {
          schemaUrl: 'x',
          today,
        },
      );
      expect(parse(uncommentedPatternBlock(text))).toEqual({
        'custom/pattern': { severity: 'error', options: { patterns: [example] } },
      });
    },
  );

  it('defaults to TypeScript when no language was found', () => {
    expect(patternExampleFor(undefined)).toEqual({
      id: 'no-auth-bypass',
      language: 'typescript',
      rule: { pattern: 'process.env.SKIP_AUTH' },
      message: 'SKIP_AUTH switches authentication off; the contract allows no auth bypass',
      remediation: 'Remove the bypass; tests authenticate with a test credential instead.',
    });
  });

  const cases: {
    language: 'typescript' | 'python' | 'go';
    files: Record<string, string>;
    match: { file: string; line: number; column: number };
  }[] = [
    {
      language: 'typescript',
      files: {
        'src/auth.ts':
          "export const open = process.env.SKIP_AUTH === '1';\nexport const other = process.env.PORT;\n",
      },
      match: { file: 'src/auth.ts', line: 1, column: 21 },
    },
    {
      language: 'python',
      files: {
        'app/auth.py':
          "import os\n\nPORT = os.getenv('PORT')\nOPEN = os.environ.get('SKIP_AUTH', '0') == '1'\n",
      },
      match: { file: 'app/auth.py', line: 4, column: 8 },
    },
    {
      language: 'go',
      files: {
        'auth.go':
          'package main\n\nimport "os"\n\nfunc open() bool { return os.Getenv("SKIP_AUTH") != "" }\n',
      },
      match: { file: 'auth.go', line: 5, column: 27 },
    },
  ];
  it.each(cases)(
    'finds the bypass in $language code when uncommented',
    async ({ language, files, match }) => {
      const contract = stringify({
        version: 1,
        rules: {
          'custom/pattern': {
            severity: 'error',
            options: { patterns: [patternExampleFor(language)] },
          },
        },
      });
      const repo = makeRepo({ ...files, 'charter.yaml': contract });
      repo.commit('init');
      const run = await runCharter(['check', '--format', 'json'], repo.root);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as {
        findings: {
          code: string;
          message: string;
          location: { file: string; line: number; column: number };
        }[];
      };
      expect(
        report.findings.map((f) => ({
          code: f.code,
          message: f.message,
          file: f.location.file,
          line: f.location.line,
          column: f.location.column,
        })),
      ).toEqual([
        {
          code: 'custom/no-auth-bypass',
          message: 'SKIP_AUTH switches authentication off; the contract allows no auth bypass',
          ...match,
        },
      ]);
    },
  );
});

describe('renderContract', () => {
  it('quotes what YAML would misread and keeps notes as comments', () => {
    const plan = planContract(
      detection({
        requirements: [
          {
            path: 'docs/PRD.md',
            primary: true,
            ids: { pattern: '\\bFR-\\d{3}\\b', occurrences: 4, examples: ['FR-001', 'FR-002'] },
          },
        ],
        openapi: [{ path: 'api/openapi.yaml', flavor: 'swagger', version: '2.0' }],
        exclude: ['**/dist/**'],
      }),
      { contractPath: 'charter.yaml' },
    );
    const text = renderContract(plan, { schemaUrl: 'https://example.com/s.json', today });
    const lines = text.split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=https://example.com/s.json');
    expect(lines).toContain("    idPattern: '\\bFR-\\d{3}\\b' # 4 IDs such as FR-001, FR-002");
    expect(lines).toContain('    kind: openapi # Swagger 2.0');
    expect(lines).toContain("  - '**/dist/**'");
    expect(lines).toContain('#     expires: 2026-05-30');
    expect(loadContract({ file: 'charter.yaml', text }).data.exclude).toEqual(['**/dist/**']);
  });

  it('wraps comments at 92 columns', () => {
    const lines = comment('word '.repeat(40).trim(), '  ');
    expect(lines.map((line) => line.length)).toEqual([88, 88, 33]);
    expect(lines.every((line) => line.startsWith('  # '))).toBe(true);
  });
});

describe('planContract', () => {
  it('gives sources unique ids, caps each kind and keeps documents without IDs as comments', () => {
    const specs = [
      'api/openapi.yaml',
      'services/billing/openapi.yaml',
      'a.yaml',
      'b.yaml',
      'c.yaml',
      'd.yaml',
    ];
    const plan = planContract(
      detection({
        requirements: [{ path: 'docs/PRD.md', primary: true }],
        openapi: specs.map((file) => ({
          path: file,
          flavor: 'openapi' as const,
          version: '3.0.0',
        })),
      }),
      { contractPath: 'charter.yaml' },
    );
    expect(plan.sources.map((s) => [s.id, s.path])).toEqual([
      ['api', 'api/openapi.yaml'],
      ['api-services-billing-openapi', 'services/billing/openapi.yaml'],
      ['api-a', 'a.yaml'],
      ['api-b', 'b.yaml'],
      ['api-c', 'c.yaml'],
    ]);
    expect(
      plan.commentedSources.map((c) => [c.source.id, c.source.path, c.source.idPattern]),
    ).toEqual([
      ['prd', 'docs/PRD.md', '\\b[A-Z]{2,5}-\\d{3}\\b'],
      ['api-d', 'd.yaml', undefined],
    ]);
    expect(plan.readBeforeCode).toEqual([...specs.slice(0, 5), 'docs/PRD.md']);
    const text = renderContract(plan, { schemaUrl: 'x', today });
    expect(loadContract({ file: 'charter.yaml', text }).data.sources).toHaveLength(5);
    expect(text.split('\n')).toContain('  # - { id: api-d, path: d.yaml, kind: openapi }');
  });

  it('cites a rule from one heading only, and offers many Cursor rules instead of requiring them', () => {
    const heading = (
      text: string,
      anchor: string,
    ): { level: number; text: string; anchor: string } => ({ level: 2, text, anchor });
    const plan = planContract(
      detection({
        instructions: [
          {
            path: 'AGENTS.md',
            kind: 'agents',
            headings: [
              heading('Protected paths', 'protected-paths'),
              heading('Secrets', 'secrets'),
            ],
          },
          {
            path: 'CLAUDE.md',
            kind: 'claude',
            headings: [
              heading("Don't edit these files", 'dont-edit-these-files'),
              heading('Never change the public API', 'never-change-the-public-api'),
            ],
          },
          ...['a', 'b', 'c', 'd'].map((name) => ({
            path: `.cursor/rules/${name}.mdc`,
            kind: 'cursor' as const,
            headings: [],
          })),
        ],
        nestedInstructions: ['web/AGENTS.md'],
        agentSettingsDirs: ['.cursor'],
      }),
      { contractPath: 'charter.yaml' },
    );
    expect(plan.cites).toEqual([
      { clause: 'AGENTS.md#protected-paths', codes: ['charter/protected-path'] },
    ]);
    expect(plan.uncited).toEqual(['AGENTS.md#secrets', 'CLAUDE.md#never-change-the-public-api']);
    expect(plan.readBeforeCode).toEqual(['AGENTS.md', 'CLAUDE.md']);
    expect(plan.readSuggestions.map((s) => s.value)).toEqual([
      '.cursor/rules/a.mdc',
      '.cursor/rules/b.mdc',
      '.cursor/rules/c.mdc',
      '.cursor/rules/d.mdc',
      'web/AGENTS.md',
    ]);
    expect(plan.protect).toEqual(['charter.yaml', '.cursor/**']);
    expect(plan.protectSuggestions.map((s) => s.value)).toEqual(['AGENTS.md', 'CLAUDE.md']);
  });
});
