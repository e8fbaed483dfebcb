import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadContract, suggestCode } from '../../src/contract/load.js';
import { ContractError } from '../../src/contract/problems.js';
import {
  checkRegexSafety,
  contractRegex,
  UnsafeRegexError,
} from '../../src/contract/regex-safety.js';
import { validateGlob, validateRegex } from '../../src/contract/validators.js';
import { REALISTIC } from './realistic.js';

describe('loadContract', () => {
  it('resolves a realistic contract: rules with severities and options, known codes, digest', () => {
    const contract = loadContract({ file: 'charter.yaml', text: REALISTIC });
    expect(contract.file).toBe('charter.yaml');
    expect(contract.digest).toBe(`sha256:${createHash('sha256').update(REALISTIC).digest('hex')}`);
    expect(
      contract.rules
        .filter((r) => /^(charter|custom)\//.test(r.rule.meta.code))
        .map((r) => [r.rule.meta.code, r.severity])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['charter/contract-changed', 'error'],
      ['charter/expired-waiver', 'error'],
      ['charter/missing-source', 'warn'],
      ['charter/protected-path', 'error'],
      ['charter/protected-state', 'error'],
      ['custom/pattern', 'error'],
    ]);
    expect(contract.knownCodes.has('custom/no-skip-auth')).toBe(true);
    expect(contract.knownCodes.has('charter/internal-error')).toBe(true);
    expect(contract.data.maxFileSize).toBe(200000);
    expect(contract.locate(['waivers', 0, 'expires'])).toEqual({
      line: 22,
      column: 83,
      endLine: 22,
      endColumn: 93,
    });
  });

  it('a rule set to off is not run', () => {
    const contract = loadContract({
      file: 'charter.yaml',
      text: 'version: 1\nrules:\n  charter/protected-path: off\n',
    });
    expect(contract.rules.map((r) => r.rule.meta.code)).not.toContain('charter/protected-path');
  });

  it('throws one ContractError with every problem, sorted by position', () => {
    let caught: unknown;
    try {
      loadContract({
        file: 'charter.yaml',
        text: "version: 1\nprotect: ['/x', '/x']\nbogus: 1\n",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractError);
    const error = caught as ContractError;
    expect(error.code).toBe('contract/invalid');
    expect(
      error.problems.map((p) => `${p.span.line}:${p.span.column} ${p.path}: ${p.message}`),
    ).toEqual([
      '2:11 protect[0]: globs are relative to the repository root; remove the leading slash',
      '2:17 protect[1]: globs are relative to the repository root; remove the leading slash',
      '2:17 protect[1]: duplicate entry "/x"',
      '3:1 bogus: unknown key "bogus"',
    ]);
  });
});

describe('suggestCode', () => {
  const codes = ['charter/protected-path', 'charter/missing-source', 'custom/pattern'];
  it('suggests the closest code for typos and wrong packs', () => {
    expect(suggestCode('charter/protected-pth', codes)).toBe('charter/protected-path');
    expect(suggestCode('charter/missing-sources', codes)).toBe('charter/missing-source');
    expect(suggestCode('core/missing-source', codes)).toBe('charter/missing-source');
    expect(suggestCode('custom', codes)).toBe('custom/pattern');
  });
  it('suggests nothing when nothing is close', () => {
    expect(suggestCode('api/undocumented-route', codes)).toBeUndefined();
  });
});

describe('regular expressions', () => {
  it.each([
    ['\\b[A-Z]{2,5}-\\d{3}\\b'],
    ['(ab)+'],
    ['(a|b)*c'],
    ['[a+]+'],
    ['\\(a+\\)+'],
    ['(get|put|post)+'],
    ['((a|b)c)*'],
    ['(\\d{1,3}\\.){3}\\d{1,3}'],
    ['^[a-z][A-Za-z0-9]*$'],
    ['(?<word>ab)+(?=c)'],
  ])('accepts %s', (source) => {
    expect(validateRegex(source)).toBeUndefined();
  });

  it.each([
    ['(a+)+'],
    ['(\\w*)*'],
    ['(a{1,})+'],
    ['(a+){2,}'],
    ['((ab)+)*'],
    ['(?:x+y?)+'],
    ['(a{1,3})+'],
    ['(a?b)+'],
    ['(a+){1,20}'],
  ])('refuses %s: a repeated group with a repetition inside', (source) => {
    expect(checkRegexSafety(source)).toMatch(
      /^unsafe regular expression: the repeated group before offset \d+ contains a repetition itself/,
    );
  });

  it.each([
    ['^([a-zA-Z0-9]|[a-zA-Z0-9])*$'],
    ['(a|a)*'],
    ['(a|ab)+'],
    ['(a|)+'],
    ['(\\w|\\d)+x'],
    ['((a|ab)c)*'],
  ])('refuses %s: a repeated group whose alternatives can match the same text', (source) => {
    expect(checkRegexSafety(source)).toMatch(
      /^unsafe regular expression: the repeated group before offset \d+ has alternatives that can match the same text/,
    );
  });

  it('compares alternatives as the flags match them: (a|A)+ is safe, but not case-insensitively', () => {
    expect(validateRegex('(a|A)+', 'u')).toBeUndefined();
    expect(validateRegex('(a|A)+', 'i')).toBe(
      'unsafe regular expression: the repeated group before offset 5 has alternatives that can match the same text and can backtrack exponentially; make the alternatives exclusive (plain words, none the start of another) or rewrite it without the repeated group',
    );
  });

  it.each([['(a)\\1'], ['(?<x>a)\\k<x>']])('refuses the back-reference in %s', (source) => {
    expect(checkRegexSafety(source)).toMatch(
      /^unsafe regular expression: the back-reference at offset \d+ cannot be matched in linear time/,
    );
  });

  it('every rule compiles contract regexes through the gate, which refuses an unsafe one', () => {
    expect(() => contractRegex('(a|a)*', 'u')).toThrow(UnsafeRegexError);
    expect(contractRegex('^op[A-Z]', 'u').test('opX')).toBe(true);
  });

  it('reports invalid syntax', () => {
    expect(validateRegex('(a')).toBe(
      'invalid regular expression: Invalid regular expression: /(a/u: Unterminated group',
    );
  });
});

describe('globs', () => {
  it.each([['src/**'], ['**/*.{ts,tsx}'], ['.github/workflows/*.yml'], ['a/[bc]/d']])(
    'accepts %s',
    (glob) => {
      expect(validateGlob(glob)).toBeUndefined();
    },
  );
  it('refuses unbalanced braces, absolute paths, .. and backslashes', () => {
    expect(validateGlob('x/a}')).toBe('invalid glob: unbalanced braces');
    expect(validateGlob('/src/**')).toBe(
      'globs are relative to the repository root; remove the leading slash',
    );
    expect(validateGlob('C:/src/**')).toBe(
      'globs are relative to the repository root; remove the leading slash',
    );
    expect(validateGlob('src/../..')).toBe('globs cannot leave the repository ("..")');
    expect(validateGlob('src\\a')).toBe('use forward slashes in globs');
  });
});
