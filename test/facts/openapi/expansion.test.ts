import { describe, expect, it } from 'vitest';
import { parseWithPositions } from '../../../src/facts/openapi/document.js';
import { expandedSize, MAX_EXPANDED_NODES } from '../../../src/facts/openapi/validate.js';
import { runCharter } from '../../helpers/cli.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { parseReport } from '../../engine/fixtures.js';

/**
 * An OpenAPI document whose schemas L0…L(levels-1) each have `fan` properties that $ref the
 * next level: small on disk, fan^levels nodes once every $ref is expanded.
 */
export function refFanOut(levels: number, fan: number): string {
  const lines = [
    'openapi: 3.0.3',
    "info: { title: t, version: '1' }",
    'paths:',
    '  /a:',
    '    get:',
    '      operationId: getA',
    '      responses:',
    "        '200':",
    '          description: ok',
    '          content:',
    '            application/json:',
    "              schema: { $ref: '#/components/schemas/L0' }",
    'components:',
    '  schemas:',
  ];
  for (let level = 0; level < levels; level++) {
    lines.push(`    L${level}:`, '      type: object', '      properties:');
    for (let i = 0; i < fan; i++) {
      lines.push(
        level + 1 < levels
          ? `        p${i}: { $ref: '#/components/schemas/L${level + 1}' }`
          : `        p${i}: { type: string }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('expandedSize', () => {
  it('counts a $ref once per use, as the validator walks it', () => {
    const shared = { type: 'string' };
    // Root, a, b; a and b each become the two-node target.
    const document = {
      a: { $ref: '#/defs/s' },
      b: { $ref: '#/defs/s' },
      defs: { s: shared },
    };
    // root 1; a: 1 + (s: 1 + type 1) = 3; b: 3 (remembered); defs: 1 + s (1 + 1) = 3.
    expect(expandedSize(document)).toBe(10);
  });

  it('stops at a circular $ref, as the validator leaves it', () => {
    const document = {
      components: {
        schemas: {
          Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } },
        },
      },
    };
    expect(expandedSize(document)).toBeLessThan(20);
  });

  it('#59: 30 levels of 10 $refs is over the limit, counted in a moment', () => {
    const { data } = parseWithPositions(refFanOut(30, 10));
    const started = performance.now();
    expect(expandedSize(data)).toBeGreaterThan(MAX_EXPANDED_NODES);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a fan-out under the limit is counted exactly', () => {
    const { data } = parseWithPositions(refFanOut(3, 4));
    expect(expandedSize(data)).toBeLessThan(1_000);
    expect(expandedSize(data)).toBe(expandedSize(data, 1e9));
  });
});

describe('a $ref fan-out bomb in a checked spec', () => {
  it('#59: could not be checked (incomplete, exit 2) well within a hook deadline (bd73598: 21.5 s, then exit 1)', async () => {
    const repo = makeRepo({
      'charter.yaml':
        'version: 1\nsources:\n  - { id: api, path: api/openapi.yaml, kind: openapi }\n',
      'api/openapi.yaml': refFanOut(30, 10),
    });
    repo.commit('base');
    const started = performance.now();
    const run = await runCharter(['check', '--format', 'json', '--no-cache'], repo.root);
    const ms = performance.now() - started;
    expect(run.code).toBe(2);
    const finding = parseReport(run).findings.find((f) => f.code === 'api/invalid-spec');
    expect(finding).toMatchObject({
      code: 'api/invalid-spec',
      incomplete: true,
      message: `its $refs expand to more than ${MAX_EXPANDED_NODES} nodes (a schema reached through many $refs, many levels deep), more than Charter validates; reduce the fan-out of its $refs`,
      data: { source: 'api', problem: 'too-large' },
      location: { file: 'api/openapi.yaml', line: 1, column: 1, endLine: 1, endColumn: 8 },
    });
    // The default hook deadline is 10 s; the check was 21.5 s before the limit.
    expect(ms).toBeLessThan(10_000);
  }, 60_000);
});
