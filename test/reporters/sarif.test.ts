import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report-schema.js';
import { artifactUri, sarifReporter } from '../../src/reporters/sarif.js';
import { expectGolden } from '../helpers/golden.js';
import { allowReport, CODES, context, denyReport, manyWarningsReport } from './sample-reports.js';

const SCHEMA_PATH = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);

/**
 * The official SARIF 2.1.0 schema declares JSON Schema draft-04, which Ajv 8 does not ship.
 * It uses no keyword whose meaning changed after draft-04 (exclusiveMinimum/Maximum), so it
 * validates the same under Ajv's default draft-07 once its draft-04 `id` becomes `$id`.
 */
function sarifValidator(): ValidateFunction {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  const { $schema, id, ...schema } = JSON.parse(text) as Record<string, unknown>;
  expect($schema).toBe('http://json-schema.org/draft-04/schema#');
  expect(text).not.toMatch(/"exclusive(Minimum|Maximum)"/);
  // unicodeRegExp: false because one pattern in the official schema (`language`) has a stray
  // `]` that is only valid in a non-unicode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  expect(typeof id).toBe('string');
  return ajv.compile({ ...schema, $id: id as string });
}

const validate = sarifValidator();

const sarif = (report: Report, codes = CODES): Log =>
  JSON.parse(sarifReporter(report, { color: false, codes })) as Log;

/** What GitHub code scanning needs beyond the schema. */
function expectGitHubCompatible(log: Log): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules ?? [];
  const ids = rules.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of rules) {
    expect(rule.shortDescription?.text).toBeTruthy();
    expect(rule.fullDescription?.text).toBeTruthy();
    expect(rule.help?.text).toBeTruthy();
    expect(rule.help?.markdown).toBeTruthy();
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
  }
  for (const result of run.results ?? []) {
    expect(ids).toContain(result.ruleId);
    expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    expect(result.message.text).toBeTruthy();
    expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    const physical = result.locations?.[0]?.physicalLocation;
    const uri = physical?.artifactLocation?.uri ?? '';
    expect(physical?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
    expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    expect(uri).not.toMatch(/^\/|\\/);
    expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1);
    expect(physical?.region?.startColumn).toBeGreaterThanOrEqual(1);
  }
}

describe('sarif reporter', () => {
  it('matches the golden output', () => {
    expectGolden('sarif-deny.sarif', sarifReporter(denyReport, context()));
    expectGolden('sarif-allow.sarif', sarifReporter(allowReport, context()));
  });

  it.each([
    ['deny', denyReport],
    ['allow', allowReport],
    ['many warnings', manyWarningsReport],
  ])('writes a %s report that the SARIF 2.1.0 schema accepts', (_name, report) => {
    const valid = validate(sarif(report));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['deny', denyReport],
    ['allow', allowReport],
    ['many warnings', manyWarningsReport],
  ])('writes a %s report that meets GitHub code scanning requirements', (_name, report) => {
    expectGitHubCompatible(sarif(report));
  });

  it('rejects what the schema forbids, so the validation is real', () => {
    const log = sarif(denyReport) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes the tool and one rule per reported code', () => {
    const driver = sarif(denyReport).runs[0]!.tool.driver;
    expect(driver).toMatchObject({
      name: 'charter',
      version: '0.1.0',
      informationUri: 'https://github.com/agent-charter/charter',
    });
    expect(driver.rules?.map((rule) => rule.id)).toEqual([
      'api/undocumented-route',
      'boundaries/forbidden-import',
      'charter/contract-changed',
      'charter/skipped-file',
      'custom/no-todo',
    ]);
    const route = driver.rules?.[0];
    expect(route?.fullDescription?.text).toBe(CODES[0]!.rationale);
    expect(route?.help?.text).toContain('docs/rules/api/undocumented-route.md');
    expect(route?.defaultConfiguration?.level).toBe('error');
    expect(driver.rules?.[1]?.defaultConfiguration?.level).toBe('warning');
  });

  it('maps severity, location, fingerprint and properties', () => {
    const results = sarif(denyReport).runs[0]!.results!;
    const route = results.find((r) => r.ruleId === 'api/undocumented-route' && !r.suppressions);
    expect(route).toMatchObject({
      level: 'error',
      message: {
        text: 'route GET /api/v1/widgets is not in api/openapi.yaml\n\nAdd the operation to api/openapi.yaml first, then implement it; or remove the route.',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/api/routes.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 41 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: '7a3f09c2d4e18b65f0a9c3d27e14b58a' },
      properties: {
        clause: 'AGENTS.md#hard-guardrails',
        data: { method: 'GET', path: '/api/v1/widgets' },
      },
    });
    expect(results.find((r) => r.ruleId === 'custom/no-todo')?.level).toBe('warning');
    const incomplete = results.find((r) => r.ruleId === 'charter/skipped-file');
    expect(incomplete?.properties?.incomplete).toBe(true);
    expect(incomplete?.message.text).toContain('could not be checked');
    expect(incomplete?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'src/generated/big%20schema.ts',
    );
  });

  it('reports waived findings as suppressed results', () => {
    const results = sarif(denyReport).runs[0]!.results!;
    expect(results).toHaveLength(denyReport.findings.length + denyReport.waived.length);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'API-112: legacy routes | documented in the v0 spec',
        properties: { expires: '2027-01-31', path: 'src/legacy/**' },
      },
    ]);
  });

  it('gives a code without CodeInfo a rule of its own', () => {
    const log = sarif(denyReport, []);
    expectGitHubCompatible(log);
    expect(validate(log)).toBe(true);
    const rule = log.runs[0]!.tool.driver.rules?.find((r) => r.id === 'custom/no-todo');
    expect(rule?.shortDescription?.text).toBe('Pattern `TODO|FIXME` matched');
  });

  it('writes repository paths as relative URI references', () => {
    expect(artifactUri('src/app/users/[id]/route.ts')).toBe('src/app/users/%5Bid%5D/route.ts');
    expect(artifactUri('./docs/a b#c?.md')).toBe('docs/a%20b%23c%3F.md');
    expect(artifactUri('src\\win\\file.ts')).toBe('src/win/file.ts');
    expect(artifactUri('100%.txt')).toBe('100%25.txt');
  });
});
