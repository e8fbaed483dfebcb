/** Codes the engine itself reports (not rules): each has a docs page like a rule. */
export interface EngineCode {
  code: string;
  description: string;
  remediation: string;
  /** Internal errors cannot be waived: they mean nothing was checked. */
  waivable: boolean;
}

export const ENGINE_CODES: readonly EngineCode[] = [
  {
    code: 'charter/internal-error',
    description: 'An extractor or rule threw; what it should have checked was not checked.',
    remediation: 'Report the bug with the message; until fixed, the change cannot be allowed.',
    waivable: false,
  },
  {
    code: 'charter/skipped-file',
    description:
      'A file a rule needed is binary, too large, not UTF-8 or missing, a folder git could not open, or a file with unresolved merge conflicts in the index: what it holds was not checked.',
    remediation: 'Exclude the file in `exclude`, raise `maxFileSize`, or convert it to UTF-8.',
    waivable: true,
  },
];

export const CONTRACT_INVALID = 'contract/invalid';
