import picomatch from 'picomatch';
import { z } from 'zod';
import { validateGlob } from '../../contract/validators.js';
import type { ReportLocation } from '../../engine/rule.js';
import { defineRule } from '../../engine/rule.js';
import type { Span } from '../../facts/imports/types.js';
import { testsExtractor } from '../../facts/tests/extractor.js';
import type { AssertionFact, TestCase, TestFacts, TestMarker } from '../../facts/tests/types.js';
import { assertionKey } from '../../facts/tests/types.js';

const CHECKS = [
  'skip',
  'only',
  'todo',
  'xfail',
  'deleted-test-file',
  'deleted-test',
  'fewer-assertions',
  'weaker-assertion',
  'deleted-snapshot',
  'timeout',
] as const;
type Check = (typeof CHECKS)[number];

const OptionsSchema = z
  .object({
    checks: z
      .array(z.enum(CHECKS))
      .default([...CHECKS])
      .describe('Which weakenings to report (default: all)'),
    timeoutFactor: z
      .number()
      .min(2)
      .default(10)
      .describe('A timeout raised by this factor or more is reported'),
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe('Test files this rule does not look at (globs)'),
    snapshots: z
      .array(z.string().min(1))
      .default([
        '**/__snapshots__/**',
        '**/*.snap',
        '**/__image_snapshots__/**',
        '**/*.ambr',
        '**/*.golden',
      ])
      .describe('Snapshot files whose deletion is reported'),
  })
  .strict()
  .superRefine((options, ctx) => {
    for (const key of ['ignore', 'snapshots'] as const)
      options[key].forEach((glob, index) => {
        const problem = validateGlob(glob);
        if (problem) ctx.addIssue({ code: 'custom', path: [key, index], message: problem });
      });
  });

interface Side {
  /** The file the test is in on this side. */
  file: string;
  test: TestCase;
}

interface FilePair {
  before?: string;
  after?: string;
  beforeFacts?: TestFacts;
  afterFacts?: TestFacts;
  status: string;
}

const at = (file: string, span: Span): ReportLocation => ({
  file,
  line: span.line,
  column: span.column,
  endLine: span.endLine,
  endColumn: span.endColumn,
});

function multiset(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function overlap(a: readonly AssertionFact[], b: readonly AssertionFact[]): number {
  const counts = multiset(a.map((x) => assertionKey(x.text)));
  let shared = 0;
  for (const item of b) {
    const left = counts.get(assertionKey(item.text)) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(assertionKey(item.text), left - 1);
    }
  }
  return shared;
}

const STRENGTH_WORD = { 1: 'existence/truthiness only', 2: 'a partial check', 3: 'an exact check' };

export const rule = defineRule({
  meta: {
    code: 'integrity/test-weakened',
    description:
      'The change weakens tests: skips or focuses them, deletes them, removes or loosens assertions, deletes snapshots, or raises a timeout tenfold.',
    rationale:
      'When a test fails, the cheap way out is to make the test pass instead of fixing the code: `it.skip`, `@pytest.mark.xfail`, `t.Skip()`, deleting the test, asserting `toBeDefined()` instead of the value, accepting any success instead of 201, `toThrow()` instead of the specific error, deleting the snapshot, or raising the timeout. Each of these is compared with the tests as they were before the change, test by test, and reported at the line. Renaming a test, moving it to another file, or reordering assertions is not a weakening: tests are matched by name and by their assertions.',
    remediation:
      'Restore the test and fix the code under test instead. If the test itself was wrong, say so in the change and have a human approve it (a waiver with a reason and an expiry).',
    defaultSeverity: 'error',
    locality: 'change',
    options: OptionsSchema,
    factsOfChange: [testsExtractor],
    factsBefore: [testsExtractor],
  },
  check(context) {
    const change = context.change;
    if (!change) return;
    const { checks, timeoutFactor } = context.options;
    const enabled = new Set<Check>(checks);
    const ignored = context.options.ignore.length
      ? picomatch(context.options.ignore, { dot: true })
      : () => false;
    const isSnapshot = picomatch(context.options.snapshots, { dot: true });
    const after = context.facts(testsExtractor);
    const before = context.factsBefore(testsExtractor);

    const pairs: FilePair[] = [];
    for (const changed of change) {
      const beforePath = changed.status === 'added' ? undefined : (changed.oldPath ?? changed.path);
      const afterPath = changed.status === 'deleted' ? undefined : changed.path;
      if ((beforePath && ignored(beforePath)) || (afterPath && ignored(afterPath))) continue;
      const beforeFacts = beforePath ? before.get(beforePath) : undefined;
      const afterFacts = afterPath ? after.get(afterPath) : undefined;
      if (!beforeFacts && !afterFacts) continue;
      pairs.push({
        status: changed.status,
        ...(beforePath ? { before: beforePath } : {}),
        ...(afterPath ? { after: afterPath } : {}),
        ...(beforeFacts ? { beforeFacts } : {}),
        ...(afterFacts ? { afterFacts } : {}),
      });
    }

    // Match tests: by name in the same file, by name anywhere, then by shared assertions.
    const beforeTests: Side[] = pairs.flatMap((p) =>
      (p.beforeFacts?.tests ?? []).map((test) => ({ file: p.before as string, test })),
    );
    const afterTests: Side[] = pairs.flatMap((p) =>
      (p.afterFacts?.tests ?? []).map((test) => ({ file: p.after as string, test })),
    );
    const pairOfBefore = new Map(pairs.filter((p) => p.before).map((p) => [p.before as string, p]));
    const matched = new Map<Side, Side>();
    const taken = new Set<Side>();
    const tryMatch = (predicate: (b: Side, a: Side) => boolean): void => {
      for (const b of beforeTests) {
        if (matched.has(b)) continue;
        const candidate = afterTests.find((a) => !taken.has(a) && predicate(b, a));
        if (candidate) {
          matched.set(b, candidate);
          taken.add(candidate);
        }
      }
    };
    tryMatch((b, a) => pairOfBefore.get(b.file)?.after === a.file && a.test.name === b.test.name);
    tryMatch((b, a) => a.test.name === b.test.name);
    for (const b of beforeTests) {
      if (matched.has(b) || b.test.assertions.length === 0) continue;
      let best: { side: Side; shared: number } | undefined;
      for (const a of afterTests) {
        if (taken.has(a)) continue;
        const shared = overlap(b.test.assertions, a.test.assertions);
        if (shared > 0 && (!best || shared > best.shared)) best = { side: a, shared };
      }
      if (best && best.shared * 2 >= b.test.assertions.length) {
        matched.set(b, best.side);
        taken.add(best.side);
      }
    }

    const report = (
      kind: Check,
      message: string,
      location: ReportLocation,
      data: Record<string, string | number>,
    ): void => {
      if (!enabled.has(kind)) return;
      context.report({ message, location, data: { kind, ...data } });
    };

    // Assertions of matched tests: fewer, or a strong one replaced by a weaker one.
    for (const [b, a] of matched) {
      const was = b.test.assertions;
      const now = a.test.assertions;
      if (now.length < was.length) {
        report(
          'fewer-assertions',
          `test "${a.test.name}" has ${now.length} assertion${now.length === 1 ? '' : 's'}, ${was.length} before the change`,
          at(a.file, a.test),
          { test: a.test.name, before: was.length, after: now.length },
        );
      }
      const kept = multiset(now.map((x) => assertionKey(x.text)));
      const gone = was.filter((x) => {
        const left = kept.get(assertionKey(x.text)) ?? 0;
        if (left > 0) {
          kept.set(assertionKey(x.text), left - 1);
          return false;
        }
        return true;
      });
      const previous = multiset(was.map((x) => assertionKey(x.text)));
      const added = now.filter((x) => {
        const left = previous.get(assertionKey(x.text)) ?? 0;
        if (left > 0) {
          previous.set(assertionKey(x.text), left - 1);
          return false;
        }
        return true;
      });
      const used = new Set<AssertionFact>();
      for (const old of gone) {
        const replacement = added.find(
          (x) =>
            !used.has(x) &&
            x.subject === old.subject &&
            x.subject !== '' &&
            x.strength < old.strength,
        );
        if (!replacement) continue;
        used.add(replacement);
        report(
          'weaker-assertion',
          `test "${a.test.name}": \`${replacement.text}\` is weaker than \`${old.text}\` it replaces (${STRENGTH_WORD[replacement.strength]} instead of ${STRENGTH_WORD[old.strength]})`,
          at(a.file, replacement),
          { test: a.test.name, before: old.text, after: replacement.text },
        );
      }
    }

    // Tests that are gone: a whole file, or single tests.
    const unmatched = beforeTests.filter((b) => !matched.has(b) && b.test.assertions.length > 0);
    for (const pair of pairs) {
      if (!pair.before || !pair.beforeFacts) continue;
      const own = beforeTests.filter((b) => b.file === pair.before);
      const lost = unmatched.filter((b) => b.file === pair.before);
      if (pair.status === 'deleted' && pair.beforeFacts.isTest) {
        const anyKept = own.some((b) => matched.has(b));
        if (!anyKept && own.length > 0) {
          report(
            'deleted-test-file',
            `the change deletes the test file ${pair.before} (${own.length} test${own.length === 1 ? '' : 's'})`,
            { file: pair.before, line: 1, column: 1 },
            { test: '', file: pair.before, tests: own.length },
          );
          continue;
        }
      }
      for (const b of lost) {
        const file = pair.after ?? pair.before;
        report(
          'deleted-test',
          `the change deletes test "${b.test.name}" (${b.test.assertions.length} assertion${b.test.assertions.length === 1 ? '' : 's'}) from ${pair.before}`,
          pair.after ? locateGone(b, own, matched, pair.after) : at(file, b.test),
          { test: b.test.name, file: pair.before },
        );
      }
    }

    // Markers: skip, only, todo, xfail that were not there before.
    const beforeScope = new Map<string, string>();
    for (const [b, a] of matched) beforeScope.set(`${a.file}\0${a.test.name}`, b.test.name);
    const previousMarkers = multiset(
      pairs.flatMap((p) => (p.beforeFacts?.markers ?? []).map((m) => `${m.kind}\0${m.scope}`)),
    );
    for (const pair of pairs) {
      for (const marker of pair.afterFacts?.markers ?? []) {
        const scope = beforeScope.get(`${pair.after}\0${marker.scope}`) ?? marker.scope;
        const key = `${marker.kind}\0${scope}`;
        const left = previousMarkers.get(key) ?? 0;
        if (left > 0) {
          previousMarkers.set(key, left - 1);
          continue;
        }
        report(marker.kind, markerMessage(marker), at(pair.after as string, marker), {
          test: marker.scope,
          marker: marker.text,
        });
      }
    }

    // Timeouts raised tenfold (against the old value, or the framework's default).
    for (const pair of pairs) {
      if (!pair.after || !pair.afterFacts || !pair.beforeFacts) continue;
      const knownScopes = new Set(['', ...pair.beforeFacts.tests.map((t) => t.name)]);
      for (const t of pair.beforeFacts.tests) {
        const parts = t.name.split(' > ');
        for (let i = 1; i < parts.length; i++) knownScopes.add(parts.slice(0, i).join(' > '));
      }
      for (const timeout of pair.afterFacts.timeouts) {
        const scope = beforeScope.get(`${pair.after}\0${timeout.scope}`) ?? timeout.scope;
        const old = pair.beforeFacts.timeouts.find((t) => t.scope === scope);
        const base = old?.ms ?? timeout.defaultMs;
        if (base === undefined || base <= 0) continue;
        if (!old && !scope.startsWith('config:') && !knownScopes.has(scope)) continue;
        if (timeout.ms < base * timeoutFactor) continue;
        report(
          'timeout',
          `${timeout.scope ? `"${timeout.scope}"` : pair.after}: timeout raised from ${base} ms${old ? '' : ' (the default)'} to ${timeout.ms} ms`,
          at(pair.after, timeout),
          { test: timeout.scope, before: base, after: timeout.ms },
        );
      }
    }

    // Snapshot files deleted (not moved).
    const addedNames = new Set(
      change
        .filter((c) => c.status === 'added')
        .map((c) => c.path.slice(c.path.lastIndexOf('/') + 1)),
    );
    for (const changed of change) {
      if (changed.status !== 'deleted' || !isSnapshot(changed.path) || ignored(changed.path))
        continue;
      if (addedNames.has(changed.path.slice(changed.path.lastIndexOf('/') + 1))) continue;
      report(
        'deleted-snapshot',
        `the change deletes the snapshot file ${changed.path}`,
        { file: changed.path, line: 1, column: 1 },
        { test: '', file: changed.path },
      );
    }
  },
});

function markerMessage(marker: TestMarker): string {
  const what =
    marker.kind === 'only'
      ? 'focuses'
      : marker.kind === 'todo'
        ? 'marks as todo'
        : marker.kind === 'xfail'
          ? 'marks as expected to fail'
          : 'skips';
  const target = marker.scope ? `"${marker.scope}"` : 'every test in the file';
  return `\`${marker.text}\` ${what} ${target}${marker.kind === 'only' ? ', so every other test stops running' : ''}`;
}

/** Where a deleted test was: at the test that now follows it, else its old line. */
function locateGone(
  gone: Side,
  own: readonly Side[],
  matched: ReadonlyMap<Side, Side>,
  afterFile: string,
): ReportLocation {
  const following = own
    .filter((b) => b.test.line > gone.test.line && matched.get(b)?.file === afterFile)
    .sort((x, y) => x.test.line - y.test.line)[0];
  const target = following ? matched.get(following) : undefined;
  if (target) return { file: afterFile, line: target.test.line, column: target.test.column };
  return { file: afterFile, line: 1, column: 1 };
}
