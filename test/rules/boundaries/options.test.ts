import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import { ContractError } from '../../../src/contract/problems.js';

function problems(text: string): string[] {
  try {
    loadContract({ file: 'charter.yaml', text });
    return [];
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('boundary options are validated with the contract', () => {
  it('reports every problem at once, at its path', () => {
    expect(
      problems(`version: 1
rules:
  boundaries/forbidden-import:
    severity: error
    options:
      forbidden:
        - { from: 'src/<feature>/**', toNot: 'src/<other>/**', because: x }
        - { from: '/abs/**', because: y }
  boundaries/allowed-only:
    severity: error
    options:
      layers:
        - { name: domain, paths: 'src/domain/**', allow: [infra] }
        - { name: domain, paths: 'src/x/**' }
  boundaries/mandated-technology:
    severity: error
    options:
      technologies:
        - { name: Temporal, only: ['workflows/**'], because: ADR-001 }
  boundaries/required-import:
    severity: error
    options:
      required:
        - { files: 'src/routes/**', because: auth }
`),
    ).toEqual([
      'rules.boundaries/forbidden-import.options.forbidden[0].toNot[0]: <other> is not captured by `from`',
      'rules.boundaries/forbidden-import.options.forbidden[1]: say what is forbidden: to, toNot or toPackage',
      'rules.boundaries/forbidden-import.options.forbidden[1].from[0]: globs are relative to the repository root; remove the leading slash',
      'rules.boundaries/allowed-only.options.layers[0].allow[0]: unknown layer "infra"',
      'rules.boundaries/allowed-only.options.layers[1].name: duplicate layer "domain"',
      'rules.boundaries/mandated-technology.options.technologies[0]: name the technology’s packages, its alternatives, or both',
      'rules.boundaries/mandated-technology.options.technologies[0].only: `only` restricts `packages`; list them',
      'rules.boundaries/required-import.options.required[0]: say what must be imported: to or toPackage',
    ]);
  });
});
