import picomatch from 'picomatch';
import { z } from 'zod';
import { validateGlob } from '../../contract/validators.js';
import { defineRule } from '../../engine/rule.js';
import { languageOfPath } from '../../facts/ast-grep.js';
import type { Extractor } from '../../facts/extractor.js';
import { importGraph, importGraphFacts } from '../../facts/imports/graph.js';
import { TEST_FILE, testsExtractor } from '../../facts/tests/extractor.js';

const MAPPINGS = ['same-name', 'same-folder', 'imports'] as const;

const OptionsSchema = z
  .object({
    sources: z
      .array(z.string().min(1))
      .default(['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go}'])
      .describe('Source files that need a test when they change'),
    ignore: z
      .array(z.string().min(1))
      .default([
        '**/*.d.ts',
        '**/*.config.*',
        '**/{test,tests,__tests__,__mocks__,fixtures,testdata,e2e}/**',
        '**/conftest.py',
        '**/__init__.py',
        '**/{migrations,generated,__generated__}/**',
      ])
      .describe('Source files that never need one'),
    tests: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Files that are tests (default: files that declare tests, and *.test.*, *.spec.*, test_*.py, *_test.py, *_test.go, __tests__/)',
      ),
    mapping: z
      .array(z.enum(MAPPINGS))
      .min(1)
      .default([...MAPPINGS])
      .describe(
        'Which changed tests cover a source file: same-name (users.ts ↔ users.test.ts, test_users.py), same-folder (a test in the folder or its test/tests/__tests__ subfolder), imports (the test imports the file, directly or through re-exports)',
      ),
    statuses: z
      .array(z.enum(['added', 'modified', 'renamed']))
      .default(['added', 'modified'])
      .describe('Which changes need a test (a pure rename does not, by default)'),
  })
  .strict()
  .superRefine((options, ctx) => {
    for (const key of ['sources', 'ignore', 'tests'] as const)
      options[key]?.forEach((glob, index) => {
        const problem = validateGlob(glob);
        if (problem) ctx.addIssue({ code: 'custom', path: [key, index], message: problem });
      });
  });

/** users.test.ts, users.spec.tsx, test_users.py, users_test.py, users_test.go → users */
export function testStem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base
    .replace(/\.[cm]?[jt]sx?$|\.py$|\.go$/, '')
    .replace(/\.(test|spec|e2e|e2e-spec|cy|it)$/, '')
    .replace(/^test_/, '')
    .replace(/_test$/, '');
}

function sourceStem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.replace(/\.[cm]?[jt]sx?$|\.py$|\.go$/, '');
  // An index file is named by its folder: src/users/index.ts ↔ users.test.ts.
  if (stem === 'index' || stem === '__init__' || stem === 'mod') {
    const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    return dir.slice(dir.lastIndexOf('/') + 1);
  }
  return stem;
}

const dirOf = (file: string): string => file.slice(0, Math.max(0, file.lastIndexOf('/')));

export const rule = defineRule({
  meta: {
    code: 'integrity/untested-change',
    description: 'A source file changed, and no test that covers it was added or changed.',
    rationale:
      'Contracts say "add or update tests for changed behaviour". A change that edits src/billing/invoice.ts and no test for it ships untested behaviour. A test covers a source file when it has the same name (invoice.test.ts, test_invoice.py, invoice_test.go), sits in the same folder (or its test/tests/__tests__ subfolder), or imports it, directly or through re-exports; which of these count is configurable. The rule looks at whole changes (--base, --staged, the working tree), not at a single proposed edit, where the test usually comes next.',
    remediation:
      'Add or update a test that exercises the changed behaviour (including a failure path), next to the source or importing it.',
    defaultSeverity: 'off',
    readsChange: true,
    options: OptionsSchema,
    facts: [testsExtractor, ...importGraphFacts] as readonly Extractor<unknown>[],
  },
  check(context) {
    const change = context.change;
    if (!change || context.mode === 'overlay') return;
    const { sources, ignore, tests, mapping, statuses } = context.options;
    const isSource = picomatch(sources, { dot: true });
    const isIgnored = ignore.length ? picomatch(ignore, { dot: true }) : () => false;
    const isTestGlob = tests ? picomatch(tests, { dot: true }) : undefined;
    const testFacts = context.facts(testsExtractor);
    const isTest = (file: string): boolean =>
      isTestGlob
        ? isTestGlob(file)
        : TEST_FILE.test(file) || (testFacts.get(file)?.isTest ?? false);
    const changedTests = change
      .filter((c) => c.status !== 'deleted' && isTest(c.path))
      .map((c) => c.path);
    const candidates = change.filter(
      (c) =>
        (statuses as readonly string[]).includes(c.status) &&
        languageOfPath(c.path) !== undefined &&
        isSource(c.path) &&
        !isIgnored(c.path) &&
        !isTest(c.path),
    );
    if (candidates.length === 0) return;
    // Which files each changed test reaches: its imports, and through re-exports further.
    let reached: Map<string, Set<string>> | undefined;
    const reachedBy = (test: string): Set<string> => {
      reached ??= new Map();
      const known = reached.get(test);
      if (known) return known;
      const graph = importGraph(context);
      const out = new Set<string>();
      const queue: { file: string; viaReexport: boolean }[] = [{ file: test, viaReexport: true }];
      const visited = new Set<string>([test]);
      while (queue.length) {
        const { file } = queue.shift() as { file: string; viaReexport: boolean };
        for (const edge of graph.byFile.get(file) ?? []) {
          if (edge.target.kind !== 'file') continue;
          for (const target of edge.target.files ?? [edge.target.path]) {
            out.add(target);
            // Follow barrels: a file that re-exports passes its targets on to the importer.
            if (!visited.has(target)) {
              visited.add(target);
              const reexports = (graph.byFile.get(target) ?? []).some(
                (e) => e.record.kind === 'reexport',
              );
              if (reexports) queue.push({ file: target, viaReexport: true });
            }
          }
        }
      }
      reached.set(test, out);
      return out;
    };
    for (const source of candidates) {
      const stem = sourceStem(source.path);
      const dir = dirOf(source.path);
      const covered = changedTests.some((test) => {
        if (mapping.includes('same-name') && testStem(test) === stem) return true;
        if (mapping.includes('same-folder')) {
          const testDir = dirOf(test);
          if (
            testDir === dir ||
            (/^(.*\/)?(test|tests|__tests__|spec)$/.test(testDir) && dirOf(testDir) === dir)
          )
            return true;
        }
        return mapping.includes('imports') && reachedBy(test).has(source.path);
      });
      if (covered) continue;
      context.report({
        message: `${source.path} changed (${source.status}) but no test that covers it was added or changed (looked for: ${mapping.join(', ')})`,
        data: { file: source.path, status: source.status, tests: changedTests.length },
        location: { file: source.path, line: 1, column: 1 },
      });
    }
  },
});
