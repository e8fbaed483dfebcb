import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contractJsonSchema, renderContractJsonSchema } from '../../src/contract/json-schema.js';
import { registeredRules } from '../../src/rules/registry.js';
import { runCharter } from '../helpers/cli.js';
import { REALISTIC } from './realistic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'schema', 'charter.schema.json');

function readCheckedIn(): string {
  try {
    return readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    return '';
  }
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  const line = index === -1 ? a.length : index;
  return `first difference at line ${line + 1}: file has ${JSON.stringify(a[line] ?? '<end>')}, expected ${JSON.stringify(b[line] ?? '<end>')}`;
}

describe('schema/charter.schema.json', () => {
  it('is up to date with the zod schema and the rule options', () => {
    const checkedIn = readCheckedIn();
    const rendered = renderContractJsonSchema();
    expect(
      checkedIn === rendered,
      `schema/charter.schema.json is stale or missing: run \`npm run generate\` and commit the result (${firstDifference(checkedIn, rendered)})`,
    ).toBe(true);
  });

  it('is what `charter schema` prints', async () => {
    const run = await runCharter(['schema'], ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(renderContractJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(contractJsonSchema());

  it('is draft 2020-12 and names every rule', () => {
    const schema = contractJsonSchema() as {
      $schema: string;
      properties: { rules: { properties: Record<string, unknown> } };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties.rules.properties)).toEqual(
      registeredRules.map((rule) => rule.meta.code).sort(),
    );
  });

  it('accepts a realistic contract', () => {
    const valid = validate(parse(REALISTIC));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects an unknown top-level key', () => {
    const contract = { ...(parse(REALISTIC) as Record<string, unknown>), colour: 'red' };
    expect(validate(contract)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({
        instancePath: '',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'colour' },
      }),
    );
  });

  it('rejects an unknown rule code and a wrong version', () => {
    expect(validate({ version: 1, rules: { 'charter/protected-pth': 'error' } })).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({
        instancePath: '/rules',
        params: { additionalProperty: 'charter/protected-pth' },
      }),
    );
    expect(validate({ version: 2 })).toBe(false);
  });

  it('rejects invalid custom/pattern options', () => {
    expect(
      validate({
        version: 1,
        rules: { 'custom/pattern': { severity: 'error', options: { patterns: 'nope' } } },
      }),
    ).toBe(false);
  });
});
