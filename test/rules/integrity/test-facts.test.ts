import { describe, expect, it } from 'vitest';
import { testsExtractor } from '../../../src/facts/tests/extractor.js';

const run = (path: string, text: string) => testsExtractor.extract({ path, text });

describe('test facts: TypeScript and JavaScript', () => {
  it('finds tests, suites, markers, assertions with their strength, and timeouts', async () => {
    const facts = await run(
      'src/users.test.ts',
      [
        "import { describe, expect, it, vi } from 'vitest';",
        "describe('users', () => {",
        "  it('creates', async () => {",
        '    const res = await post();',
        '    expect(res.status).toBe(201);',
        '    expect(res.body).toEqual({ id: 1 });',
        '    expect(user).toBeDefined();',
        '  }, 10_000);',
        "  it.skip('skipped', () => { expect(1).toBe(1); });",
        "  it.todo('later');",
        "  xit('old', () => {});",
        "  describe.each([1, 2])('table %s', (n) => {",
        "    test('throws', () => { expect(() => f(n)).toThrow(RangeError); expect(res.ok).toBe(true); });",
        '  });',
        '});',
        'vi.setConfig({ testTimeout: 60 * 1000 });',
      ].join('\n'),
    );
    expect(facts.isTest).toBe(true);
    expect(
      facts.tests.map((t) => ({
        name: t.name,
        line: t.line,
        assertions: t.assertions.map((a) => [a.subject, a.matcher, a.strength, a.line]),
      })),
    ).toEqual([
      {
        name: 'users > creates',
        line: 3,
        assertions: [
          ['res#status', 'toBe', 3, 5],
          ['res.body', 'toEqual', 3, 6],
          ['user', 'toBeDefined', 1, 7],
        ],
      },
      { name: 'users > skipped', line: 9, assertions: [['1', 'toBe', 3, 9]] },
      { name: 'users > later', line: 10, assertions: [] },
      { name: 'users > old', line: 11, assertions: [] },
      {
        name: 'users > table %s > throws',
        line: 13,
        assertions: [
          ['()=> f(n)', 'toThrow', 2, 13],
          ['res#status', 'toBe', 1, 13],
        ],
      },
    ]);
    expect(facts.markers.map((m) => [m.kind, m.text, m.scope, m.line])).toEqual([
      ['skip', 'it.skip', 'users > skipped', 9],
      ['todo', 'it.todo', 'users > later', 10],
      ['skip', 'xit', 'users > old', 11],
    ]);
    expect(facts.timeouts.map((t) => [t.scope, t.ms, t.defaultMs, t.line])).toEqual([
      ['users > creates', 10000, 5000, 8],
      ['', 60000, 5000, 16],
    ]);
  });

  it('finds runtime skips and node:test options', async () => {
    const facts = await run(
      'test/a.spec.js',
      [
        "const test = require('node:test');",
        "test('a', { skip: 'flaky' }, (t) => { t.skip(); assert.strictEqual(a, 1); });",
        "describe('b', function () { it('c', function () { this.skip(); this.timeout(20000); }); });",
      ].join('\n'),
    );
    expect(facts.markers.map((m) => [m.kind, m.scope, m.line])).toEqual([
      ['skip', 'a', 2],
      ['skip', 'a', 2],
      ['skip', 'b > c', 3],
    ]);
    expect(facts.tests[0]?.assertions.map((a) => [a.matcher, a.strength])).toEqual([
      ['strictEqual', 3],
    ]);
    expect(facts.timeouts.map((t) => [t.scope, t.ms, t.defaultMs])).toEqual([
      ['b > c', 20000, 2000],
    ]);
  });

  it('ignores source files that declare no tests', async () => {
    const facts = await run('src/a.ts', 'export const ok = /x/.test(value);\n');
    expect(facts).toEqual({ isTest: false, tests: [], markers: [], timeouts: [] });
  });
});

describe('test facts: Python', () => {
  it('finds pytest functions, classes, marks and assertions', async () => {
    const facts = await run(
      'tests/test_api.py',
      [
        'import pytest',
        'pytestmark = pytest.mark.timeout(5)',
        '',
        'def test_create(client):',
        '    res = client.post("/x")',
        '    assert res.status_code == 201',
        '    assert res.json() is not None',
        '    with pytest.raises(ValueError, match="bad"):',
        '        parse("")',
        '',
        '@pytest.mark.skip(reason="flaky")',
        'def test_skipped():',
        '    assert True',
        '',
        'class TestUsers(unittest.TestCase):',
        '    @pytest.mark.xfail',
        '    def test_name(self):',
        '        self.assertEqual(user.name, "a")',
        '        self.assertTrue(res.ok)',
        '        pytest.skip("later")',
      ].join('\n'),
    );
    expect(
      facts.tests.map((t) => [t.name, t.assertions.map((a) => [a.subject, a.matcher, a.strength])]),
    ).toEqual([
      [
        'test_create',
        [
          ['res#status', '==', 3],
          ['res.json()', 'is not', 1],
          ['raises', 'pytest.raises', 3],
        ],
      ],
      ['test_skipped', [['True', 'truthy', 1]]],
      [
        'TestUsers > test_name',
        [
          ['user.name', 'assertEqual', 3],
          ['res#status', 'assertTrue', 1],
        ],
      ],
    ]);
    expect(facts.markers.map((m) => [m.kind, m.scope, m.line])).toEqual([
      ['skip', 'test_skipped', 11],
      ['xfail', 'TestUsers > test_name', 16],
      ['skip', 'TestUsers > test_name', 20],
    ]);
    expect(facts.timeouts.map((t) => [t.scope, t.ms])).toEqual([['', 5000]]);
  });
});

describe('test facts: Go', () => {
  it('finds tests, subtests, skips and testify assertions', async () => {
    const facts = await run(
      'pkg/user_test.go',
      [
        'package pkg',
        'func TestUser(t *testing.T) {',
        '  t.Run("valid", func(t *testing.T) {',
        '    assert.Equal(t, 201, res.StatusCode)',
        '    require.NoError(t, err)',
        '  })',
        '  if got != want { t.Errorf("got %v", got) }',
        '  t.Skip("later")',
        '}',
        'func helper(t *testing.T) {}',
      ].join('\n'),
    );
    expect(
      facts.tests.map((t) => [t.name, t.assertions.map((a) => [a.matcher, a.strength])]),
    ).toEqual([
      ['TestUser', [['Errorf', 2]]],
      [
        'TestUser > valid',
        [
          ['Equal', 3],
          ['NoError', 2],
        ],
      ],
    ]);
    expect(facts.markers.map((m) => [m.kind, m.scope, m.line])).toEqual([['skip', 'TestUser', 8]]);
  });
});
