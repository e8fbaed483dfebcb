import { describe, expect, it } from 'vitest';
import { locatePointer, parseWithPositions } from '../../../src/facts/openapi/document.js';
import { jsonLinePointers, originalPointer } from '../../../src/facts/openapi/validate.js';

describe('parseWithPositions', () => {
  it('locates keys and scalar values by JSON pointer, in YAML and JSON', () => {
    const yaml = parseWithPositions('paths:\n  /a/{id}:\n    get:\n      operationId: getA\n');
    expect(yaml.problems).toEqual([]);
    expect(yaml.positions['/paths/~1a~1{id}/get']).toEqual({ at: [3, 5, 3, 8] });
    expect(yaml.positions['/paths/~1a~1{id}/get/operationId']).toEqual({
      at: [4, 7, 4, 18],
      value: [4, 20, 4, 24],
    });
    const json = parseWithPositions('{\n  "paths": {\n    "/a": { "get": {} }\n  }\n}\n');
    expect(json.data).toEqual({ paths: { '/a': { get: {} } } });
    expect(json.positions['/paths/~1a/get']).toEqual({ at: [3, 13, 3, 18] });
  });

  it('does not index schemas and examples, but does index every $ref', () => {
    const doc = parseWithPositions(
      'components:\n  schemas:\n    User:\n      properties:\n        name: { $ref: "https://x/y.json" }\n',
    );
    expect(doc.positions['/components/schemas/User']).toBeUndefined();
    expect(doc.positions['/components/schemas/User/properties/name/$ref']).toEqual({
      at: [5, 17, 5, 21],
      value: [5, 23, 5, 41],
    });
    expect(locatePointer(doc.positions, '/components/schemas/User/properties')).toEqual([
      2, 3, 2, 10,
    ]);
  });

  it('turns syntax errors and duplicate keys into problems, never throws', () => {
    expect(parseWithPositions('a: [\n').problems.length).toBeGreaterThan(0);
    const duplicate = parseWithPositions('a: 1\na: 2\n');
    expect(duplicate.data).toBeNull();
    expect(duplicate.problems[0]?.span[0]).toBe(2);
  });
});

describe('validation frames', () => {
  it('numbers the lines of JSON.stringify(value, null, 2)', () => {
    const value = { a: { b: [1, { c: 2 }] }, d: {} };
    const lines = JSON.stringify(value, null, 2).split('\n');
    const pointers = jsonLinePointers(value);
    expect(pointers.length).toBe(lines.length);
    expect(pointers[lines.findIndex((l) => l.includes('"c"'))]).toBe('/a/b/1/c');
    expect(pointers[lines.findIndex((l) => l.includes('"d"'))]).toBe('/d');
  });

  it('maps a pointer in the dereferenced document back to what the file says', () => {
    const data = {
      paths: { '/a': { get: { $ref: '#/components/x' } } },
      components: { x: { responses: {} } },
    };
    expect(originalPointer(data, '/paths/~1a/get/responses')).toBe('/components/x/responses');
  });
});
