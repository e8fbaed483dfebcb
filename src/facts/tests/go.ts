import type { SgNode } from '@ast-grep/napi';
import { literalValue, spanOf } from '../imports/ast.js';
import type { AssertionFact, Strength, TestCase, TestFacts, TestMarker } from './types.js';
import { collapse, normaliseSubject } from './types.js';

const TESTIFY: Record<string, { strength: Strength; actual: number }> = {
  Equal: { strength: 3, actual: 2 },
  EqualValues: { strength: 3, actual: 2 },
  Exactly: { strength: 3, actual: 2 },
  JSONEq: { strength: 3, actual: 2 },
  YAMLEq: { strength: 3, actual: 2 },
  EqualError: { strength: 3, actual: 1 },
  ErrorIs: { strength: 3, actual: 1 },
  ErrorAs: { strength: 2, actual: 1 },
  ErrorContains: { strength: 2, actual: 1 },
  Len: { strength: 3, actual: 1 },
  Nil: { strength: 3, actual: 1 },
  Zero: { strength: 3, actual: 1 },
  Empty: { strength: 3, actual: 1 },
  ElementsMatch: { strength: 3, actual: 2 },
  InDelta: { strength: 3, actual: 2 },
  InEpsilon: { strength: 3, actual: 2 },
  WithinDuration: { strength: 3, actual: 2 },
  Contains: { strength: 2, actual: 1 },
  Subset: { strength: 2, actual: 1 },
  Greater: { strength: 2, actual: 1 },
  GreaterOrEqual: { strength: 2, actual: 1 },
  Less: { strength: 2, actual: 1 },
  LessOrEqual: { strength: 2, actual: 1 },
  IsType: { strength: 2, actual: 2 },
  Regexp: { strength: 2, actual: 2 },
  Implements: { strength: 2, actual: 2 },
  Panics: { strength: 1, actual: 1 },
  PanicsWithValue: { strength: 3, actual: 2 },
  PanicsWithError: { strength: 3, actual: 2 },
  NoError: { strength: 2, actual: 1 },
  Error: { strength: 1, actual: 1 },
  NotNil: { strength: 1, actual: 1 },
  NotEmpty: { strength: 1, actual: 1 },
  NotZero: { strength: 1, actual: 1 },
  True: { strength: 1, actual: 1 },
  False: { strength: 1, actual: 1 },
  NotEqual: { strength: 1, actual: 2 },
  Positive: { strength: 1, actual: 1 },
  Negative: { strength: 1, actual: 1 },
};
const FAILS = /^(Error|Errorf|Fatal|Fatalf|Fail|FailNow)$/;
const SKIPS = /^(Skip|Skipf|SkipNow)$/;

function testParam(fn: SgNode): string | undefined {
  const params = fn.field('parameters')?.namedChildren() ?? [];
  for (const param of params) {
    if (/\*\s*testing\.(T|B|F)\b/.test(param.text())) return param.field('name')?.text();
  }
  return undefined;
}

/** Tests of a Go _test.go file: TestXxx functions, t.Run subtests, skips and assertions. */
export function extractGoTests(root: SgNode): TestFacts {
  const tests: TestCase[] = [];
  const markers: TestMarker[] = [];
  type Scope = {
    name: string;
    body: SgNode;
    param: string;
    node: SgNode;
    assertions: AssertionFact[];
  };
  const scopes: Scope[] = [];
  for (const fn of root.findAll({ rule: { kind: 'function_declaration' } })) {
    const name = fn.field('name')?.text() ?? '';
    if (!/^(Test|Fuzz)([A-Z_0-9]|$)/.test(name)) continue;
    const param = testParam(fn);
    const body = fn.field('body');
    if (!param || !body) continue;
    scopes.push({ name, body, param, node: fn, assertions: [] });
  }
  // Subtests: t.Run("name", func(t *testing.T) { … }) inside a test.
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i] as Scope;
    for (const call of scope.body.findAll({
      rule: {
        kind: 'call_expression',
        has: { field: 'function', regex: `^${scope.param}\\.Run$` },
      },
    })) {
      const args = call.field('arguments')?.namedChildren() ?? [];
      const fn = args[1];
      if (!fn || fn.kind() !== 'func_literal') continue;
      const inner = testParam(fn);
      const body = fn.field('body');
      if (!inner || !body) continue;
      // Only direct subtests of this scope; deeper ones are found from their own parent.
      const owner = scopes.filter(
        (s) => s !== scope && contains(s.body, call) && contains(scope.body, s.body),
      ).length;
      if (owner > 0) continue;
      const subName = literalValue(args[0]) ?? collapse(args[0]?.text() ?? '');
      scopes.push({
        name: `${scope.name} > ${subName}`,
        body,
        param: inner,
        node: call,
        assertions: [],
      });
    }
  }
  const innermost = (node: SgNode): Scope | undefined => {
    let found: Scope | undefined;
    for (const scope of scopes) {
      if (!contains(scope.body, node)) continue;
      if (!found || scope.body.range().start.index >= found.body.range().start.index) found = scope;
    }
    return found;
  };
  for (const call of root.findAll({
    rule: { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression' } },
  })) {
    const callee = call.field('function');
    const object = callee?.field('operand')?.text() ?? '';
    const method = callee?.field('field')?.text() ?? '';
    const scope = innermost(call);
    if (!scope) continue;
    const args = call.field('arguments')?.namedChildren() ?? [];
    if (object === scope.param && SKIPS.test(method)) {
      markers.push({
        kind: 'skip',
        text: `${object}.${method}`,
        scope: scope.name,
        ...spanOf(call),
      });
    } else if (object === scope.param && FAILS.test(method)) {
      scope.assertions.push({
        text: collapse(call.text()),
        subject: '',
        matcher: method,
        strength: 2,
        ...spanOf(call),
      });
    } else if ((object === 'assert' || object === 'require') && TESTIFY[method.replace(/f$/, '')]) {
      const spec = TESTIFY[method.replace(/f$/, '')] as { strength: Strength; actual: number };
      const normalised = normaliseSubject(args[spec.actual]?.text() ?? '');
      scope.assertions.push({
        text: collapse(call.text()),
        subject: normalised.subject,
        matcher: method.replace(/f$/, ''),
        strength: normalised.anySuccess ? 1 : spec.strength,
        ...spanOf(call),
      });
    }
  }
  for (const scope of scopes)
    tests.push({
      name: scope.name,
      assertions: scope.assertions.sort((a, b) => a.line - b.line),
      ...spanOf(scope.node),
    });
  tests.sort((a, b) => a.line - b.line || a.column - b.column);
  return { isTest: true, tests, markers: markers.sort((a, b) => a.line - b.line), timeouts: [] };
}

function contains(outer: SgNode, node: SgNode): boolean {
  const a = outer.range();
  const b = node.range();
  return b.start.index >= a.start.index && b.end.index <= a.end.index;
}
