import type { SgNode } from '@ast-grep/napi';
import { spanOf } from '../imports/ast.js';
import type {
  AssertionFact,
  MarkerKind,
  Strength,
  TestCase,
  TestFacts,
  TestMarker,
  TestTimeout,
} from './types.js';
import { collapse, normaliseSubject, numericValue } from './types.js';

const UNITTEST_STRENGTH: Record<string, Strength> = {
  assertEqual: 3,
  assertEquals: 3,
  assertDictEqual: 3,
  assertListEqual: 3,
  assertTupleEqual: 3,
  assertSetEqual: 3,
  assertSequenceEqual: 3,
  assertMultiLineEqual: 3,
  assertCountEqual: 3,
  assertIs: 3,
  assertIsNone: 3,
  assertAlmostEqual: 3,
  assertRaisesRegex: 3,
  assertWarnsRegex: 3,
  assertIn: 2,
  assertNotIn: 2,
  assertGreater: 2,
  assertGreaterEqual: 2,
  assertLess: 2,
  assertLessEqual: 2,
  assertIsInstance: 2,
  assertNotIsInstance: 2,
  assertRegex: 2,
  assertNotRegex: 2,
  assertRaises: 2,
  assertWarns: 2,
  assertLogs: 2,
  assertTrue: 1,
  assertFalse: 1,
  assertIsNotNone: 1,
  assertNotEqual: 1,
  assertNotEquals: 1,
  assertIsNot: 1,
  assertNotAlmostEqual: 1,
  assertNoLogs: 2,
};
const MOCK_STRENGTH: Record<string, Strength> = {
  assert_called_once_with: 3,
  assert_called_with: 3,
  assert_awaited_once_with: 3,
  assert_awaited_with: 3,
  assert_has_calls: 3,
  assert_any_call: 2,
  assert_any_await: 2,
  assert_not_called: 2,
  assert_not_awaited: 2,
  assert_called_once: 2,
  assert_awaited_once: 2,
  assert_called: 1,
  assert_awaited: 1,
};
const GENERIC_ERRORS = /^(Exception|BaseException)$/;

function assertStatement(node: SgNode): AssertionFact | undefined {
  const expression = node.namedChildren()[0];
  if (!expression) return undefined;
  let subject = expression.text();
  let matcher = 'truthy';
  let strength: Strength = 1;
  if (expression.kind() === 'comparison_operator') {
    const operators = expression
      .children()
      .filter((c) => !c.isNamed())
      .map((c) => c.text())
      .join(' ');
    const operands = expression.namedChildren();
    const literal = (n: SgNode | undefined): boolean =>
      !!n &&
      [
        'integer',
        'float',
        'string',
        'true',
        'false',
        'none',
        'tuple',
        'list',
        'set',
        'dictionary',
      ].includes(String(n.kind()));
    const subjectNode = operands.find((o) => !literal(o)) ?? operands[0];
    subject = subjectNode?.text() ?? subject;
    matcher = operators;
    if (operators === '==' || operators === 'is') strength = 3;
    else if (operators === '!=' || operators === 'is not') strength = 1;
    else strength = 2;
    if (operators === 'is not' && operands.some((o) => o.kind() === 'none')) strength = 1;
  } else if (expression.kind() === 'not_operator') {
    subject = expression.namedChildren()[0]?.text() ?? subject;
    matcher = 'not';
    strength = 1;
  } else if (
    expression.kind() === 'call' &&
    /^isinstance$|^issubclass$/.test(expression.field('function')?.text() ?? '')
  ) {
    subject = expression.field('arguments')?.namedChildren()[0]?.text() ?? subject;
    matcher = 'isinstance';
    strength = 2;
  }
  const normalised = normaliseSubject(subject);
  if (normalised.anySuccess) strength = 1;
  else if (normalised.subject.endsWith('#status') && strength === 3 && matcher !== '==')
    strength = 2;
  return {
    text: collapse(node.text()),
    subject: normalised.subject,
    matcher,
    strength,
    ...spanOf(node),
  };
}

function callAssertion(call: SgNode): AssertionFact | undefined {
  const callee = call.field('function');
  if (!callee || callee.kind() !== 'attribute') return undefined;
  const method = callee.field('attribute')?.text() ?? '';
  const object = callee.field('object')?.text() ?? '';
  const args = call.field('arguments')?.namedChildren() ?? [];
  const positional = args.filter((a) => a.kind() !== 'keyword_argument');
  if (method === 'raises' && object === 'pytest') {
    const error = positional[0]?.text() ?? '';
    const hasMatch = args.some(
      (a) => a.kind() === 'keyword_argument' && a.field('name')?.text() === 'match',
    );
    const strength: Strength = GENERIC_ERRORS.test(error) || !error ? 1 : hasMatch ? 3 : 2;
    return {
      text: collapse(call.text()),
      subject: 'raises',
      matcher: 'pytest.raises',
      strength,
      ...spanOf(call),
    };
  }
  if (
    UNITTEST_STRENGTH[method] !== undefined &&
    (object === 'self' || object === 'cls' || object === 'case')
  ) {
    let strength = UNITTEST_STRENGTH[method] as Strength;
    if (
      (method === 'assertRaises' || method === 'assertWarns') &&
      GENERIC_ERRORS.test(positional[0]?.text() ?? '')
    )
      strength = 1;
    const normalised = normaliseSubject(
      method.startsWith('assertRaises') ? 'raises' : (positional[0]?.text() ?? ''),
    );
    if (normalised.anySuccess) strength = 1;
    return {
      text: collapse(call.text()),
      subject: normalised.subject,
      matcher: method,
      strength,
      ...spanOf(call),
    };
  }
  if (MOCK_STRENGTH[method] !== undefined) {
    return {
      text: collapse(call.text()),
      subject: collapse(object),
      matcher: method,
      strength: MOCK_STRENGTH[method] as Strength,
      ...spanOf(call),
    };
  }
  return undefined;
}

interface Marked {
  markers: { kind: MarkerKind; text: string; node: SgNode }[];
  timeout?: { ms: number; node: SgNode };
}

function decoratorInfo(definition: SgNode): Marked {
  const result: Marked = { markers: [] };
  const parent = definition.parent();
  if (parent?.kind() !== 'decorated_definition') return result;
  for (const decorator of parent.namedChildren()) {
    if (decorator.kind() !== 'decorator') continue;
    const text = collapse(decorator.text().replace(/^@/, ''));
    const head = text.replace(/\(.*$/, '');
    if (
      /^(pytest\.mark\.(skip|skipif)|unittest\.(skip|skipIf|skipUnless)|skip|skipIf|skipUnless)$/.test(
        head,
      )
    )
      result.markers.push({ kind: 'skip', text: `@${head}`, node: decorator });
    else if (/^(pytest\.mark\.xfail|unittest\.expectedFailure|expectedFailure)$/.test(head))
      result.markers.push({ kind: 'xfail', text: `@${head}`, node: decorator });
    else if (head === 'pytest.mark.timeout') {
      const args = /\(([^,)]*)/.exec(text)?.[1] ?? '';
      const seconds = numericValue(args.replace(/^timeout\s*=\s*/, ''));
      if (seconds !== undefined) result.timeout = { ms: seconds * 1000, node: decorator };
    }
  }
  return result;
}

function isTestClass(node: SgNode): boolean {
  const name = node.field('name')?.text() ?? '';
  const bases = node.field('superclasses')?.text() ?? '';
  return /^Test/.test(name) || /TestCase\b/.test(bases);
}

/** Tests of a pytest or unittest file: test functions, Test classes, marks and assertions. */
export function extractPythonTests(root: SgNode, path: string): TestFacts {
  const tests: TestCase[] = [];
  const markers: TestMarker[] = [];
  const timeouts: TestTimeout[] = [];
  const byName = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(path);
  const visitFunction = (fn: SgNode, prefix: string): void => {
    const name = fn.field('name')?.text() ?? '';
    if (!/^test/.test(name)) return;
    const full = prefix ? `${prefix} > ${name}` : name;
    const info = decoratorInfo(fn);
    for (const marker of info.markers)
      markers.push({ kind: marker.kind, text: marker.text, scope: full, ...spanOf(marker.node) });
    if (info.timeout)
      timeouts.push({ scope: full, ms: info.timeout.ms, ...spanOf(info.timeout.node) });
    const body = fn.field('body');
    const assertions: AssertionFact[] = [];
    if (body) {
      for (const node of body.findAll({
        rule: { any: [{ kind: 'assert_statement' }, { kind: 'call' }] },
      })) {
        const fact =
          node.kind() === 'assert_statement' ? assertStatement(node) : callAssertion(node);
        if (fact) assertions.push(fact);
        if (node.kind() === 'call') {
          const callee = node.field('function')?.text() ?? '';
          if (/^(pytest\.skip|self\.skipTest|pytest\.importorskip)$/.test(callee))
            markers.push({ kind: 'skip', text: callee, scope: full, ...spanOf(node) });
          else if (callee === 'pytest.xfail')
            markers.push({ kind: 'xfail', text: callee, scope: full, ...spanOf(node) });
        }
      }
    }
    assertions.sort((a, b) => a.line - b.line || a.column - b.column);
    tests.push({ name: full, assertions, ...spanOf(fn) });
  };
  const visitBlock = (block: SgNode, prefix: string): void => {
    for (const statement of block.namedChildren()) {
      const definition =
        statement.kind() === 'decorated_definition' ? statement.field('definition') : statement;
      if (!definition) continue;
      if (definition.kind() === 'function_definition') visitFunction(definition, prefix);
      else if (definition.kind() === 'class_definition' && isTestClass(definition)) {
        const name = definition.field('name')?.text() ?? '';
        const full = prefix ? `${prefix} > ${name}` : name;
        const info = decoratorInfo(definition);
        for (const marker of info.markers)
          markers.push({
            kind: marker.kind,
            text: marker.text,
            scope: full,
            ...spanOf(marker.node),
          });
        if (info.timeout)
          timeouts.push({ scope: full, ms: info.timeout.ms, ...spanOf(info.timeout.node) });
        const body = definition.field('body');
        if (body) visitBlock(body, full);
      } else if (statement.kind() === 'expression_statement') {
        // pytestmark = pytest.mark.skip(...) or a list of marks: the whole module.
        const assignment = statement.namedChildren()[0];
        if (
          assignment?.kind() === 'assignment' &&
          assignment.field('left')?.text() === 'pytestmark'
        ) {
          const value = assignment.field('right')?.text() ?? '';
          for (const match of value.matchAll(
            /pytest\.mark\.(skip|skipif|xfail|timeout)\b(\(([^)]*)\))?/g,
          )) {
            if (match[1] === 'timeout') {
              const seconds = numericValue(
                (match[3] ?? '').split(',')[0]?.replace(/^timeout\s*=\s*/, '') ?? '',
              );
              if (seconds !== undefined)
                timeouts.push({ scope: prefix, ms: seconds * 1000, ...spanOf(statement) });
            } else
              markers.push({
                kind: match[1] === 'xfail' ? 'xfail' : 'skip',
                text: `pytestmark = pytest.mark.${match[1]}`,
                scope: prefix,
                ...spanOf(statement),
              });
          }
        }
      }
    }
  };
  visitBlock(root, '');
  return {
    isTest: byName || tests.length > 0,
    tests,
    markers: markers.sort((a, b) => a.line - b.line || a.column - b.column),
    timeouts,
  };
}
