import { describe, expect, it } from 'vitest';
import {
  assembleSpec,
  resolveRefTarget,
  serverPrefix,
} from '../../../src/facts/openapi/assemble.js';
import { openapiExtractor } from '../../../src/facts/openapi/extractor.js';
import type { SpecFileFacts } from '../../../src/facts/openapi/extractor.js';

async function facts(
  files: Record<string, string>,
  root = 'api/openapi.yaml',
): Promise<Map<string, SpecFileFacts>> {
  const extractor = openapiExtractor([{ path: root }]);
  const out = new Map<string, SpecFileFacts>();
  for (const [path, text] of Object.entries(files)) {
    if (extractor.appliesTo(path)) out.set(path, await extractor.extract({ path, text }));
  }
  return out;
}

async function assemble(files: Record<string, string>, basePath?: string) {
  const map = await facts(files);
  return assembleSpec(
    { id: 'api', path: 'api/openapi.yaml', ...(basePath !== undefined ? { basePath } : {}) },
    { facts: map, exists: (file) => file in files },
  );
}

describe('openapi extractor', () => {
  it('applies to the YAML/JSON files in the folder of the spec, not to package files', () => {
    const extractor = openapiExtractor([{ path: 'api/openapi.yaml' }]);
    expect(extractor.appliesTo('api/paths/users.yaml')).toBe(true);
    expect(extractor.appliesTo('api/schemas/user.json')).toBe(true);
    expect(extractor.appliesTo('src/config.yaml')).toBe(false);
    const atRoot = openapiExtractor([{ path: 'openapi.json' }]);
    expect(atRoot.appliesTo('openapi.json')).toBe(true);
    expect(atRoot.appliesTo('package.json')).toBe(false);
    expect(atRoot.appliesTo('.github/workflows/ci.yml')).toBe(false);
    const listed = openapiExtractor([{ path: 'api/openapi.yaml', files: ['shared/**/*.yaml'] }]);
    expect(listed.appliesTo('shared/common/params.yaml')).toBe(true);
    expect(listed.appliesTo('api/other.yaml')).toBe(false);
  });
});

describe('spec facts', () => {
  it('drop examples and extensions (cached on disk, never read by the rules)', async () => {
    const map = await facts({
      'api/openapi.yaml': `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /a:
    get:
      x-internal-token: tok_live_abc
      parameters:
        - { name: key, in: header, schema: { type: string }, example: sk_live_123 }
      responses: { '200': { description: ok } }
`,
    });
    const text = JSON.stringify(map.get('api/openapi.yaml'));
    expect(text).not.toContain('sk_live_123');
    expect(text).not.toContain('tok_live_abc');
    expect(map.get('api/openapi.yaml')?.problems).toEqual([]);
  });
});

describe('assembleSpec', () => {
  it('follows $refs across files for path items, parameters and security schemes', async () => {
    const spec = await assemble({
      'api/openapi.yaml': `openapi: 3.0.3
info: { title: t, version: '1' }
servers: [{ url: 'https://api.example.com/v1/' }]
security: [{ jwt: [] }]
paths:
  /users/{id}:
    $ref: paths/users.yaml#/byId
components:
  securitySchemes:
    jwt: { $ref: security.yaml#/jwt }
    key: { type: apiKey, in: query, name: key }
`,
      'api/paths/users.yaml': `byId:
  parameters:
    - $ref: '../params.yaml#/Id'
  get:
    operationId: getUser
    responses: { '200': { description: ok } }
  delete:
    operationId: deleteUser
    security: []
    parameters:
      - { name: id, in: path, required: true, schema: { type: integer } }
    responses: { '204': { description: gone } }
`,
      'api/params.yaml': 'Id: { name: id, in: path, required: true, schema: { type: string } }\n',
      'api/security.yaml': 'jwt: { type: http, scheme: bearer }\n',
    });
    expect(spec.problems).toEqual([]);
    expect(spec.prefix).toBe('/v1');
    expect(spec.files).toEqual([
      'api/openapi.yaml',
      'api/params.yaml',
      'api/paths/users.yaml',
      'api/security.yaml',
    ]);
    expect(spec.schemes.map((s) => [s.name, s.kind])).toEqual([
      ['jwt', 'bearer'],
      ['key', 'apiKey'],
    ]);
    const [get, del] = spec.operations;
    expect(get).toMatchObject({
      method: 'get',
      path: '/users/{id}',
      fullPath: '/v1/users/{id}',
      operationId: 'getUser',
      security: [[{ name: 'jwt', kind: 'bearer' }]],
      securityInherited: true,
      location: { file: 'api/paths/users.yaml', line: 4, column: 3 },
    });
    expect(get?.parameters.map((p) => [p.name, p.in, p.required, p.location.file])).toEqual([
      ['id', 'path', true, 'api/params.yaml'],
    ]);
    expect(del?.security).toEqual([]);
    expect(del?.parameters).toHaveLength(1);
    expect(del?.parameters[0]?.location.file).toBe('api/paths/users.yaml');
  });

  it('uses Swagger basePath, path- and operation-level servers, and the source basePath above all', async () => {
    const swagger = await assemble({
      'api/openapi.yaml':
        "swagger: '2.0'\ninfo: { title: t, version: '1' }\nbasePath: /api/\npaths:\n  /a:\n    get: { responses: { '200': { description: ok } } }\n",
    });
    expect(swagger.operations[0]?.fullPath).toBe('/api/a');
    const oas = `openapi: 3.1.0
info: { title: t, version: '1' }
servers: [{ url: /root }]
paths:
  /a:
    servers: [{ url: 'https://other.example.com/other' }]
    get: { responses: { '200': { description: ok } } }
    post:
      servers: [{ url: /op }]
      responses: { '200': { description: ok } }
  /b:
    get: { responses: { '200': { description: ok } } }
`;
    expect(
      (await assemble({ 'api/openapi.yaml': oas })).operations.map(
        (o) => `${o.method} ${o.fullPath}`,
      ),
    ).toEqual(['get /other/a', 'post /op/a', 'get /root/b']);
    expect(
      (await assemble({ 'api/openapi.yaml': oas }, '/gw')).operations.map((o) => o.fullPath),
    ).toEqual(['/gw/a', '/gw/a', '/gw/b']);
  });

  it('survives circular $refs and reports refs it will not follow', async () => {
    const spec = await assemble({
      'api/openapi.yaml': `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /loop:
    $ref: '#/paths/~1loop'
  /tree:
    get:
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Node' } } }
  /far:
    $ref: '../../outside.yaml'
components:
  schemas:
    Node: { type: object, properties: { children: { type: array, items: { $ref: '#/components/schemas/Node' } } } }
`,
    });
    expect(spec.operations.map((o) => o.path)).toEqual(['/tree']);
    expect(spec.problems.map((p) => `${p.kind} ${p.location.line}`)).toEqual(['outside-ref 13']);
  });
});

describe('resolveRefTarget and serverPrefix', () => {
  it('resolves relative refs and refuses remote and escaping ones', () => {
    expect(resolveRefTarget('api/paths/a.yaml', '../b.yaml#/x/y%7Bz%7D')).toEqual({
      kind: 'local',
      file: 'api/b.yaml',
      pointer: '/x/y{z}',
    });
    expect(resolveRefTarget('api/a.yaml', '#/components/x')).toEqual({
      kind: 'local',
      file: 'api/a.yaml',
      pointer: '/components/x',
    });
    expect(resolveRefTarget('api/a.yaml', 'https://x/y.json')).toEqual({ kind: 'remote' });
    expect(resolveRefTarget('api/a.yaml', '//cdn/y.json')).toEqual({ kind: 'remote' });
    expect(resolveRefTarget('a.yaml', '../b.yaml')).toEqual({ kind: 'outside' });
    expect(resolveRefTarget('a.yaml', '/etc/b.yaml')).toEqual({ kind: 'outside' });
  });

  it('takes the path of the first server, with variables at their defaults', () => {
    expect(
      serverPrefix([
        { url: '{scheme}://{host}/api/{version}', variables: { version: { default: 'v3' } } },
      ]),
    ).toBe('/api/v3');
    expect(serverPrefix([{ url: '/relative' }])).toBe('/relative');
    expect(serverPrefix(undefined)).toBe('');
  });
});
