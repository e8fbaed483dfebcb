import type { SgNode } from '@ast-grep/napi';
import { literalValue, spanOf } from '../imports/ast.js';
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

const SUITE_BASES = new Set(['describe', 'context', 'suite', 'xdescribe', 'xcontext', 'fdescribe']);
const TEST_BASES = new Set([
  'it',
  'test',
  'specify',
  'xit',
  'xtest',
  'xspecify',
  'fit',
  'ftest',
  ...SUITE_BASES,
]);
const MODIFIERS = new Set([
  'skip',
  'only',
  'todo',
  'each',
  'for',
  'concurrent',
  'failing',
  'fails',
  'fail',
  'fixme',
  'skipIf',
  'runIf',
  'sequential',
  'serial',
  'parallel',
  'describe',
  'shuffle',
]);
const MARKER_OF: Record<string, MarkerKind> = {
  skip: 'skip',
  skipIf: 'skip',
  runIf: 'skip',
  fixme: 'skip',
  only: 'only',
  todo: 'todo',
  failing: 'xfail',
  fails: 'xfail',
  fail: 'xfail',
};
const FUNCTION_KINDS = new Set(['arrow_function', 'function_expression', 'function']);
const NAME_KINDS = new Set([
  'string',
  'template_string',
  'identifier',
  'member_expression',
  'binary_expression',
  'call_expression',
]);

/** Words of an assertion chain that are not the matcher (jest, vitest, chai). */
const CHAIN_WORDS = new Set([
  'not',
  'resolves',
  'rejects',
  'to',
  'be',
  'been',
  'is',
  'that',
  'which',
  'and',
  'has',
  'have',
  'with',
  'at',
  'of',
  'same',
  'but',
  'does',
  'still',
  'deep',
  'nested',
  'own',
  'ordered',
  'any',
  'all',
  'soft',
  'poll',
]);
const EXACT = new Set([
  'toBe',
  'toEqual',
  'toStrictEqual',
  'toHaveLength',
  'toMatchSnapshot',
  'toMatchInlineSnapshot',
  'toThrowErrorMatchingSnapshot',
  'toThrowErrorMatchingInlineSnapshot',
  'toMatchFileSnapshot',
  'toHaveBeenCalledWith',
  'toHaveBeenLastCalledWith',
  'toHaveBeenNthCalledWith',
  'toHaveBeenCalledTimes',
  'toHaveReturnedWith',
  'toHaveLastReturnedWith',
  'toBeCalledWith',
  'toBeCalledTimes',
  'toBeNull',
  'toBeUndefined',
  'toBeNaN',
  'toBeTrue',
  'toBeFalse',
  'toHaveText',
  'toHaveURL',
  'toHaveTitle',
  'toHaveValue',
  'toHaveCount',
  'toHaveScreenshot',
  'equal',
  'equals',
  'eq',
  'eql',
  'strictEqual',
  'deepEqual',
  'deepStrictEqual',
  'lengthOf',
  'status',
  'true',
  'false',
  'null',
  'undefined',
  'NaN',
]);
const WEAK = new Set([
  'toBeDefined',
  'toBeTruthy',
  'toBeFalsy',
  'toHaveBeenCalled',
  'toBeCalled',
  'toHaveReturned',
  'ok',
  'exist',
  'exists',
  'notEqual',
  'notStrictEqual',
  'notDeepEqual',
  'notDeepStrictEqual',
  'ifError',
  'fail',
]);
const THROWS = new Set([
  'toThrow',
  'toThrowError',
  'throw',
  'throws',
  'Throw',
  'rejects',
  'rejectWith',
]);
const LOOSE_ARGUMENT = /\bexpect\.(anything|any)\(/;
const PARTIAL_ARGUMENT =
  /\bexpect\.(objectContaining|arrayContaining|stringContaining|stringMatching|closeTo)\(/;

interface Declaration {
  call: SgNode;
  kind: 'test' | 'suite';
  name: string;
  markers: { kind: MarkerKind; text: string; node: SgNode }[];
  body: SgNode | undefined;
  firstParam: string | undefined;
  start: number;
  end: number;
  parent?: Declaration;
  fullName?: string;
  timeout?: { ms: number; node: SgNode };
}

/** `test.describe.skip` → ['test', 'describe', 'skip']; undefined for anything else. */
function calleeChain(node: SgNode | null): string[] | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'identifier') return [node.text()];
  if (kind === 'member_expression') {
    const object = calleeChain(node.field('object'));
    const property = node.field('property')?.text();
    return object && property ? [...object, property] : undefined;
  }
  // describe.each(table)('name', fn): the table call is part of the callee.
  if (kind === 'call_expression') {
    const inner = calleeChain(node.field('function'));
    return inner && ['each', 'for'].includes(inner[inner.length - 1] ?? '') ? inner : undefined;
  }
  return undefined;
}

function objectProperty(node: SgNode, key: string): SgNode | undefined {
  if (node.kind() !== 'object') return undefined;
  for (const pair of node.namedChildren()) {
    if (pair.kind() !== 'pair') continue;
    const name = pair.field('key');
    const text = name ? (literalValue(name) ?? name.text()) : '';
    if (text === key) return pair.field('value') ?? undefined;
  }
  return undefined;
}

function contains(outer: { start: number; end: number }, node: SgNode): boolean {
  const range = node.range();
  return range.start.index >= outer.start && range.end.index <= outer.end;
}

function firstParamName(fn: SgNode | undefined): string | undefined {
  if (!fn) return undefined;
  const params = fn.field('parameters') ?? fn.field('parameter');
  if (!params) return undefined;
  if (params.kind() === 'identifier') return params.text();
  const first = params.namedChildren()[0];
  const pattern = first?.field('pattern') ?? first;
  return pattern?.kind() === 'identifier' ? pattern.text() : undefined;
}

function declarations(root: SgNode): { decls: Declaration[]; runtime: SgNode[] } {
  const decls: Declaration[] = [];
  const runtime: SgNode[] = [];
  for (const call of root.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        regex: '^[xf]?(it|test|specify|describe|context|suite)(\\.|\\(|$)',
      },
    },
  })) {
    const chain = calleeChain(call.field('function'));
    if (!chain || !TEST_BASES.has(chain[0] as string)) continue;
    const rest = chain.slice(1);
    if (!rest.every((word) => MODIFIERS.has(word))) continue;
    const args = call.field('arguments')?.namedChildren() ?? [];
    const first = args[0];
    const fn = [...args].reverse().find((a) => FUNCTION_KINDS.has(String(a.kind())));
    const hasName = first !== undefined && NAME_KINDS.has(String(first.kind())) && first !== fn;
    if (!hasName) {
      // Playwright: test.skip(condition) or test.fixme() inside a test or suite.
      if (rest.length === 1 && MARKER_OF[rest[0] as string]) runtime.push(call);
      continue;
    }
    const markers: Declaration['markers'] = [];
    const base = chain[0] as string;
    if (base.startsWith('x')) markers.push({ kind: 'skip', text: base, node: call });
    if (base.startsWith('f')) markers.push({ kind: 'only', text: base, node: call });
    for (const word of rest) {
      const marker = MARKER_OF[word];
      if (marker) markers.push({ kind: marker, text: chain.join('.'), node: call });
    }
    let timeout: Declaration['timeout'];
    for (const arg of args) {
      if (arg.kind() === 'object') {
        for (const key of ['skip', 'todo', 'only'] as const) {
          const value = objectProperty(arg, key);
          if (value && value.text() !== 'false' && value.text() !== 'undefined')
            markers.push({ kind: key, text: `{ ${key}: ${value.text()} }`, node: call });
        }
        const ms = objectProperty(arg, 'timeout');
        const value = ms ? numericValue(ms.text()) : undefined;
        if (ms && value !== undefined) timeout = { ms: value, node: ms };
      } else if (
        arg.kind() === 'number' &&
        fn &&
        arg.range().start.index > fn.range().start.index
      ) {
        const value = numericValue(arg.text());
        if (value !== undefined) timeout = { ms: value, node: arg };
      }
    }
    const todo = markers.some((m) => m.kind === 'todo');
    if (!fn && !todo && !markers.some((m) => m.kind === 'skip')) continue;
    const kind = SUITE_BASES.has(base) || rest.includes('describe') ? 'suite' : 'test';
    const name = literalValue(first) ?? collapse(first.text());
    const range = (fn ?? call).range();
    decls.push({
      call,
      kind,
      name,
      markers,
      body: fn,
      firstParam: firstParamName(fn),
      start: range.start.index,
      end: range.end.index,
      ...(timeout ? { timeout } : {}),
    });
  }
  decls.sort((a, b) => a.call.range().start.index - b.call.range().start.index);
  const stack: Declaration[] = [];
  for (const decl of decls) {
    const start = decl.call.range().start.index;
    while (stack.length && (stack[stack.length - 1] as Declaration).end < start) stack.pop();
    const parent = stack.find(
      (candidate, i) => i === stack.length - 1 && contains(candidate, decl.call),
    );
    if (parent) decl.parent = parent;
    decl.fullName = parent ? `${parent.fullName} > ${decl.name}` : decl.name;
    if (decl.body) stack.push(decl);
  }
  return { decls, runtime };
}

function innermost(decls: readonly Declaration[], node: SgNode): Declaration | undefined {
  let found: Declaration | undefined;
  for (const decl of decls) {
    if (!decl.body || !contains(decl, node)) continue;
    if (!found || decl.start >= found.start) found = decl;
  }
  return found;
}

function classify(matcher: string, negated: boolean, args: readonly SgNode[]): Strength {
  const argText = args.map((a) => a.text()).join(',');
  if (THROWS.has(matcher)) {
    if (negated) return 2;
    if (args.length === 0) return 1;
    const first = args[0] as SgNode;
    if (/^(Error|Object)$/.test(first.text())) return 1;
    return first.kind() === 'identifier' || first.kind() === 'member_expression' ? 2 : 3;
  }
  let strength: Strength = EXACT.has(matcher) ? 3 : WEAK.has(matcher) ? 1 : 2;
  if (strength === 3 && LOOSE_ARGUMENT.test(argText) && !argText.includes('{')) strength = 1;
  else if (strength === 3 && (LOOSE_ARGUMENT.test(argText) || PARTIAL_ARGUMENT.test(argText)))
    strength = 2;
  if (negated) {
    if (
      [
        'toBe',
        'toEqual',
        'toStrictEqual',
        'toBeNull',
        'toBeUndefined',
        'equal',
        'null',
        'undefined',
      ].includes(matcher)
    )
      return 1;
    return Math.min(strength, 2) as Strength;
  }
  return strength;
}

function assertionFrom(
  node: SgNode,
  subjectText: string,
  matcher: string,
  negated: boolean,
  args: SgNode[],
): AssertionFact {
  const { subject, anySuccess } = normaliseSubject(subjectText);
  let strength = classify(matcher, negated, args);
  if (anySuccess) strength = 1;
  else if (subject.endsWith('#status') && strength === 3) {
    // toBe(200) pins the status; toBeLessThan(300) or toBeGreaterThanOrEqual(200) do not.
    const numeric = args.length === 1 && /^\d{3}$/.test(args[0]?.text() ?? '');
    if (!numeric && !['toBe', 'toEqual', 'toStrictEqual', 'equal', 'status'].includes(matcher))
      strength = 2;
  }
  return {
    text: collapse(node.text()),
    subject,
    matcher: `${negated ? 'not.' : ''}${matcher}`,
    strength,
    ...spanOf(node),
  };
}

/** An `expect(x)…` chain (jest, vitest, chai expect, playwright), from its expect() call. */
function expectChain(expectCall: SgNode): AssertionFact | undefined {
  const subjectNode = expectCall.field('arguments')?.namedChildren()[0];
  let node = expectCall;
  let negated = false;
  let matcher: string | undefined;
  let args: SgNode[] = [];
  let rejects = false;
  for (;;) {
    const parent = node.parent();
    if (!parent || parent.kind() !== 'member_expression') break;
    if (parent.field('object')?.range().start.index !== node.range().start.index) break;
    const property = parent.field('property')?.text() ?? '';
    node = parent;
    const call = parent.parent();
    const isCall =
      call?.kind() === 'call_expression' &&
      call.field('function')?.range().start.index === parent.range().start.index;
    if (property === 'not') negated = !negated;
    else if (property === 'rejects') rejects = true;
    if (!CHAIN_WORDS.has(property)) {
      matcher = property;
      args = isCall ? (call?.field('arguments')?.namedChildren() ?? []) : [];
    }
    if (isCall && call) node = call;
  }
  if (!matcher) return undefined;
  if (rejects && !THROWS.has(matcher)) matcher = `rejects.${matcher}`;
  return assertionFrom(node, subjectNode?.text() ?? '', matcher, negated, args);
}

function jsAssertions(root: SgNode): { node: SgNode; fact: AssertionFact }[] {
  const out: { node: SgNode; fact: AssertionFact }[] = [];
  const seen = new Set<number>();
  for (const call of root.findAll({
    rule: { kind: 'call_expression', has: { field: 'function', regex: '^(expect|assert)' } },
  })) {
    const callee = call.field('function');
    if (!callee) continue;
    const name = callee.text();
    const args = call.field('arguments')?.namedChildren() ?? [];
    let fact: AssertionFact | undefined;
    if (name === 'expect' || name === 'expect.soft' || name === 'expect.poll') {
      fact = expectChain(call);
      if (!fact) continue;
    } else if (name === 'assert' || /^assert\.\w+$/.test(name)) {
      const method = name === 'assert' ? 'ok' : name.slice('assert.'.length);
      const first = args[0];
      if (method === 'ok' && first?.kind() === 'binary_expression') {
        const operator =
          first
            .children()
            .find((c) => !c.isNamed())
            ?.text() ?? '';
        const left = first.field('left')?.text() ?? '';
        fact = assertionFrom(call, left, operator, false, []);
        fact.strength =
          operator === '===' || operator === '==' ? 3 : operator.startsWith('!') ? 1 : 2;
      } else if (THROWS.has(method) || method === 'rejects' || method === 'doesNotThrow') {
        fact = assertionFrom(
          call,
          first?.text() ?? '',
          method,
          method === 'doesNotThrow',
          args.slice(1),
        );
      } else {
        fact = assertionFrom(call, first?.text() ?? '', method, false, args.slice(1));
      }
    } else if (/^(expect|assert)[A-Z_]\w*$/.test(name)) {
      fact = {
        text: collapse(call.text()),
        subject: collapse(args[0]?.text() ?? ''),
        matcher: name,
        strength: 2,
        ...spanOf(call),
      };
    } else continue;
    const start = call.range().start.index;
    if (seen.has(start)) continue;
    seen.add(start);
    out.push({ node: call, fact });
  }
  // supertest and friends: request(app).get('/').expect(200)
  for (const call of root.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        kind: 'member_expression',
        has: { field: 'property', regex: '^expect$' },
      },
    },
  })) {
    const args = call.field('arguments')?.namedChildren() ?? [];
    const first = args[0];
    if (!first) continue;
    const numeric = first.kind() === 'number';
    out.push({
      node: call,
      fact: {
        text: collapse(`.expect(${args.map((a) => a.text()).join(', ')})`),
        subject: numeric ? 'response#status' : `response:${collapse(first.text())}`,
        matcher: 'expect',
        strength: numeric ? 3 : args.length > 1 || first.kind() === 'string' ? 3 : 2,
        ...spanOf(call.field('function')?.field('property') ?? call, call),
      },
    });
  }
  return out;
}

const TIMEOUT_CALLS =
  /^(jest\.setTimeout|vi\.setConfig|vitest\.setConfig|this\.timeout|test\.setTimeout|[A-Za-z_$][\w$]*\.setTimeout)$/;

/** Tests, markers, assertions and timeouts of a JavaScript or TypeScript test file. */
export function extractJsTests(root: SgNode, path: string): TestFacts {
  const { decls, runtime } = declarations(root);
  const usesPlaywright = root.text().includes('@playwright/test');
  const defaultMs = usesPlaywright ? 30_000 : /\.cy\.|cypress/.test(path) ? 4_000 : 5_000;
  const markers: TestMarker[] = [];
  const timeouts: TestTimeout[] = [];
  const tests: TestCase[] = [];
  const byDecl = new Map<Declaration, AssertionFact[]>();
  for (const decl of decls) {
    if (decl.kind === 'test') byDecl.set(decl, []);
    for (const marker of decl.markers)
      markers.push({
        kind: marker.kind,
        text: marker.text,
        scope: decl.fullName ?? decl.name,
        ...spanOf(marker.node),
      });
    if (decl.timeout)
      timeouts.push({
        scope: decl.fullName ?? decl.name,
        ms: decl.timeout.ms,
        defaultMs,
        ...spanOf(decl.timeout.node),
      });
  }
  for (const call of runtime) {
    const chain = calleeChain(call.field('function')) ?? [];
    const kind = MARKER_OF[chain[1] as string];
    if (!kind) continue;
    const owner = innermost(decls, call);
    markers.push({
      kind,
      text: collapse(call.text()),
      scope: owner?.fullName ?? '',
      ...spanOf(call),
    });
  }
  // this.skip() (mocha), t.skip() / t.todo() (node:test), ctx.skip() (vitest): a runtime skip.
  for (const call of root.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        kind: 'member_expression',
        has: { field: 'property', regex: '^(skip|todo)$' },
      },
    },
  })) {
    const object = call.field('function')?.field('object')?.text();
    const owner = innermost(decls, call);
    if (!owner) continue;
    if (object !== 'this' && object !== owner.firstParam) continue;
    const property = call.field('function')?.field('property')?.text() as 'skip' | 'todo';
    markers.push({
      kind: property,
      text: collapse(call.text()),
      scope: owner.fullName ?? '',
      ...spanOf(call),
    });
  }
  for (const call of root.findAll({
    rule: {
      kind: 'call_expression',
      has: { field: 'function', regex: '\\.(setTimeout|timeout|setConfig)$' },
    },
  })) {
    const callee = call.field('function')?.text() ?? '';
    if (!TIMEOUT_CALLS.test(callee)) continue;
    if (
      /^[A-Za-z_$][\w$]*\.setTimeout$/.test(callee) &&
      !['jest.setTimeout', 'test.setTimeout'].includes(callee)
    )
      continue;
    const arg = call.field('arguments')?.namedChildren()[0];
    if (!arg) continue;
    const valueNode = arg.kind() === 'object' ? objectProperty(arg, 'testTimeout') : arg;
    const ms = valueNode ? numericValue(valueNode.text()) : undefined;
    if (ms === undefined || !valueNode) continue;
    const owner = innermost(decls, call);
    timeouts.push({
      scope: owner?.fullName ?? '',
      ms,
      defaultMs: callee === 'this.timeout' ? 2_000 : defaultMs,
      ...spanOf(valueNode),
    });
  }
  for (const { node, fact } of jsAssertions(root)) {
    const owner = innermost(decls, node);
    if (owner?.kind !== 'test') continue;
    byDecl.get(owner)?.push(fact);
  }
  for (const [decl, assertions] of byDecl) {
    tests.push({ name: decl.fullName ?? decl.name, assertions, ...spanOf(decl.call) });
  }
  tests.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    isTest: decls.length > 0,
    tests,
    markers: markers.sort((a, b) => a.line - b.line || a.column - b.column),
    timeouts,
  };
}

/** Timeouts set in a test runner's configuration file (vitest, jest, playwright, mocha). */
export function extractJsConfigTimeouts(root: SgNode, path: string): TestTimeout[] {
  const timeouts: TestTimeout[] = [];
  const playwright = /playwright\.config\./.test(path);
  const mocha = /\.mocharc\./.test(path);
  for (const pair of root.findAll({ rule: { kind: 'pair' } })) {
    const keyNode = pair.field('key');
    const key = keyNode ? (literalValue(keyNode) ?? keyNode.text()) : '';
    const wanted =
      key === 'testTimeout' ||
      key === 'hookTimeout' ||
      ((playwright || mocha) && key === 'timeout');
    if (!wanted) continue;
    const value = pair.field('value');
    const ms = value ? numericValue(value.text()) : undefined;
    if (ms === undefined || !value) continue;
    timeouts.push({
      scope: `config:${key}`,
      ms,
      defaultMs: playwright ? 30_000 : mocha ? 2_000 : key === 'hookTimeout' ? 10_000 : 5_000,
      ...spanOf(value),
    });
  }
  return timeouts;
}
