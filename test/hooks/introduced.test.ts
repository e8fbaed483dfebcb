import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { introducedFindings, rulesAffectedBy } from '../../src/engine/edit-check.js';
import type { Finding } from '../../src/engine/report-schema.js';
import { registeredRules } from '../../src/rules/registry.js';

function finding(fingerprint: string, extra: Partial<Finding> = {}): Finding {
  return {
    code: 'custom/x',
    rule: 'custom/pattern',
    severity: 'error',
    message: 'm',
    location: { file: 'a.ts', line: 1, column: 1, endLine: 1, endColumn: 2 },
    remediation: '',
    data: {},
    fingerprint,
    ...extra,
  };
}

describe('introducedFindings', () => {
  it('keeps only what the state before did not have, counting repeats', () => {
    const before = [finding('a'), finding('b')];
    const after = [finding('a'), finding('b'), finding('b'), finding('c')];
    expect(introducedFindings(after, before).map((f) => f.fingerprint)).toEqual(['b', 'c']);
  });

  it('a rule that failed always counts; a file skipped before does not', () => {
    const crashed = finding('e', { code: 'charter/internal-error', incomplete: true });
    const skipped = finding('s', { code: 'charter/skipped-file', incomplete: true });
    expect(introducedFindings([crashed, skipped], [crashed, skipped])).toEqual([crashed]);
  });
});

const modified = (path: string) => ({ path, status: 'modified' as const });

describe('rulesAffectedBy', () => {
  const contract = loadContract({
    file: 'charter.yaml',
    text: `version: 1
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-eval
          language: typescript
          rule: { pattern: eval($X) }
          message: eval
`,
  });
  const byCode = (code: string) => registeredRules.find((r) => r.meta.code === code);

  it('runs a rule whose extractor reads the changed file, and skips it otherwise', () => {
    const custom = byCode('custom/pattern');
    expect(custom && rulesAffectedBy(contract, [modified('src/app.ts')])(custom)).toBe(true);
    expect(custom && rulesAffectedBy(contract, [modified('README.md')])(custom)).toBe(false);
  });

  it('runs every rule that reads other files when the file list changes', () => {
    const cycle = byCode('boundaries/cycle');
    const custom = byCode('custom/pattern');
    const added = [{ path: 'src/keys.json', status: 'added' as const }];
    expect(cycle && rulesAffectedBy(contract, [modified('src/keys.json')])(cycle)).toBe(false);
    expect(cycle && rulesAffectedBy(contract, added)(cycle)).toBe(true);
    // A rule local to its files still reads nothing of a JSON file.
    expect(custom && rulesAffectedBy(contract, added)(custom)).toBe(false);
  });

  it('always runs rules without extractors, never command rules', () => {
    const protectedPath = byCode('charter/protected-path');
    const protectedWrite = byCode('agent/protected-write');
    expect(protectedPath && rulesAffectedBy(contract, [modified('README.md')])(protectedPath)).toBe(
      true,
    );
    expect(
      protectedWrite && rulesAffectedBy(contract, [modified('src/app.ts')])(protectedWrite),
    ).toBe(false);
  });
});
