import type { Extractor } from '../extractor.js';
import { languageOfPath, parseSource } from '../ast-grep.js';
import { extractGoTests } from './go.js';
import { extractJsConfigTimeouts, extractJsTests } from './javascript.js';
import { extractPythonTests } from './python.js';
import type { TestFacts } from './types.js';
import { EMPTY_TEST_FACTS } from './types.js';

/** File names that hold tests by convention, whatever their content. */
export const TEST_FILE =
  /(^|\/)(__tests__|__specs__)\/|\.(test|spec|e2e|e2e-spec|cy|it)\.[cm]?[jt]sx?$|(^|\/)(test_[^/]*|[^/]*_test)\.py$|_test\.go$/;

const JS_CONFIG =
  /(^|\/)(vitest|vite|jest|playwright)\.config\.[cm]?[jt]s$|(^|\/)\.mocharc\.[cm]?js$/;

/**
 * Cheap look at the text before parsing: a file that mentions no test API cannot declare a
 * test, and most source files are not tests.
 */
const MAYBE_JS_TESTS =
  /\b(it|test|describe|specify|suite|context|xit|xtest|xdescribe|fit|fdescribe)\s*(\.\s*\w+\s*)*\(/;
const MAYBE_PY_TESTS = /\bdef\s+test|\bclass\s+Test|TestCase\b/;

/**
 * Tests, their skips and focus markers, their assertions (with how much each pins down)
 * and their timeouts, for TypeScript/JavaScript (jest, vitest, mocha, node:test,
 * playwright, jasmine), Python (pytest, unittest) and Go (testing, testify).
 */
export const testsExtractor: Extractor<TestFacts> = {
  id: 'tests',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: (path) => languageOfPath(path) !== undefined,
  async extract(file) {
    const language = languageOfPath(file.path);
    if (!language) return EMPTY_TEST_FACTS;
    const byName = TEST_FILE.test(file.path);
    if (language === 'go') {
      if (!file.path.endsWith('_test.go')) return EMPTY_TEST_FACTS;
      return extractGoTests((await parseSource('go', file.text)).root());
    }
    if (language === 'python') {
      if (!byName && !MAYBE_PY_TESTS.test(file.text)) return EMPTY_TEST_FACTS;
      return extractPythonTests((await parseSource('python', file.text)).root(), file.path);
    }
    if (JS_CONFIG.test(file.path)) {
      const timeouts = extractJsConfigTimeouts(
        (await parseSource(language, file.text)).root(),
        file.path,
      );
      return { ...EMPTY_TEST_FACTS, timeouts };
    }
    if (!byName && !MAYBE_JS_TESTS.test(file.text)) return EMPTY_TEST_FACTS;
    const facts = extractJsTests((await parseSource(language, file.text)).root(), file.path);
    return { ...facts, isTest: byName || facts.isTest };
  },
};

/** Test-runner configuration files: their timeouts count like a test's. */
export function isTestConfig(path: string): boolean {
  return JS_CONFIG.test(path);
}
