import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderContractReference, renderRuleList } from '../src/contract/reference.js';
import { renderReportJsonSchema } from '../src/engine/report-json-schema.js';
// @ts-expect-error -- plain ESM helper shared with scripts/generate.mjs, no type declarations
import { replaceSection } from '../scripts/readme-sections.mjs';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const stale = 'out of date: run `npm run generate`';

describe('generated documentation', () => {
  it('README contract reference matches the schema', () => {
    expect(readme, stale).toBe(
      replaceSection(readme, 'contract-reference', renderContractReference()),
    );
  });

  it('README rule list matches the registry', () => {
    expect(readme, stale).toBe(replaceSection(readme, 'rule-list', renderRuleList()));
  });

  it('schema/report.schema.json matches the report schema', () => {
    expect(readFileSync(path.join(root, 'schema/report.schema.json'), 'utf8'), stale).toBe(
      renderReportJsonSchema(),
    );
  });

  it('the README quick start has exactly the two documented commands', () => {
    const quickStart = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('## Commands'),
    );
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run example', 'npm ci && npm test']);
  });
});
