import { describe } from 'vitest';
import { ruleTester } from '../../helpers/rule-tester.js';

const CODE = 'charter/expired-waiver';

/** A block-style waiver whose `expires` value sits on line 7, columns 14–24. */
const blockWaiver = (expires: string): string => `version: 1
readBeforeCode: [docs/PRD.md]
waivers:
  - rule: charter/missing-source
    path: charter.yaml
    reason: 'DOC-31: the PRD moves to the wiki'
    expires: ${expires}
`;

const flowWaivers = `version: 1
protect: ['.github/**']
waivers:
  - { rule: charter/protected-path, path: '.github/dependabot.yml', reason: 'SEC-4 bot config', expires: 2026-12-31 }
  - { rule: charter/protected-path, path: '.github/workflows/**', reason: 'CI-19 pipeline move', expires: '2026-05-31' }
`;

ruleTester(CODE, {
  valid: [
    { name: 'no waivers', contract: 'version: 1\n' },
    {
      name: 'a waiver that expires later',
      contract: blockWaiver('2026-12-31'),
      files: { 'docs/PRD.md': '# PRD\n' },
    },
    {
      name: 'a waiver is still valid on its expiry day',
      contract: blockWaiver('2026-06-01'),
      files: { 'docs/PRD.md': '# PRD\n' },
      now: new Date('2026-06-01T12:00:00Z'),
    },
    {
      name: 'a waiver is valid until the last millisecond of its expiry day (UTC)',
      contract: blockWaiver('2026-06-01'),
      files: { 'docs/PRD.md': '# PRD\n' },
      now: new Date('2026-06-01T23:59:59.999Z'),
    },
    {
      name: 'a live waiver still waives the finding it covers',
      contract: blockWaiver('2026-06-01'),
      now: new Date('2026-06-01T00:00:00Z'),
    },
  ],
  invalid: [
    {
      name: 'a waiver that expired yesterday: reported on its expires value',
      contract: blockWaiver('2026-05-31'),
      files: { 'docs/PRD.md': '# PRD\n' },
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 24,
          data: {
            rule: 'charter/missing-source',
            path: 'charter.yaml',
            expires: '2026-05-31',
            reason: 'DOC-31: the PRD moves to the wiki',
          },
          message: 'the waiver for charter/missing-source on "charter.yaml" expired on 2026-05-31',
          severity: 'error',
        },
      ],
    },
    {
      name: 'the first millisecond after the expiry day',
      contract: blockWaiver('2026-06-01'),
      files: { 'docs/PRD.md': '# PRD\n' },
      now: new Date('2026-06-02T00:00:00.000Z'),
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 24,
          data: {
            rule: 'charter/missing-source',
            path: 'charter.yaml',
            expires: '2026-06-01',
            reason: 'DOC-31: the PRD moves to the wiki',
          },
        },
      ],
    },
    {
      name: 'only the expired one of two flow-style waivers; a quoted date spans its quotes',
      contract: flowWaivers,
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 5,
          column: 107,
          endLine: 5,
          endColumn: 119,
          data: {
            rule: 'charter/protected-path',
            path: '.github/workflows/**',
            expires: '2026-05-31',
            reason: 'CI-19 pipeline move',
          },
        },
      ],
    },
    {
      name: 'every expired waiver is reported, in contract order',
      contract: flowWaivers,
      now: new Date('2027-01-01T00:00:00Z'),
      errors: [
        {
          code: CODE,
          file: 'charter.yaml',
          line: 4,
          column: 106,
          endLine: 4,
          endColumn: 116,
          data: {
            rule: 'charter/protected-path',
            path: '.github/dependabot.yml',
            expires: '2026-12-31',
            reason: 'SEC-4 bot config',
          },
        },
        {
          code: CODE,
          file: 'charter.yaml',
          line: 5,
          column: 107,
          endLine: 5,
          endColumn: 119,
          data: {
            rule: 'charter/protected-path',
            path: '.github/workflows/**',
            expires: '2026-05-31',
            reason: 'CI-19 pipeline move',
          },
        },
      ],
    },
  ],
});

describe('an expired waiver stops waiving', () => {
  ruleTester((code) => code === CODE || code === 'charter/missing-source', {
    valid: [
      {
        name: 'until then, the waiver covers the finding and is not reported',
        contract: blockWaiver('2026-06-01'),
      },
    ],
    invalid: [
      {
        name: 'the covered finding is reported again once the waiver has expired',
        contract: blockWaiver('2026-05-31'),
        errors: [
          {
            code: 'charter/missing-source',
            file: 'charter.yaml',
            line: 2,
            column: 18,
            endLine: 2,
            endColumn: 29,
            data: { file: 'docs/PRD.md', role: 'read-before-code file' },
          },
          {
            code: CODE,
            file: 'charter.yaml',
            line: 7,
            column: 14,
            endLine: 7,
            endColumn: 24,
            data: {
              rule: 'charter/missing-source',
              path: 'charter.yaml',
              expires: '2026-05-31',
              reason: 'DOC-31: the PRD moves to the wiki',
            },
          },
        ],
      },
    ],
  });
});
