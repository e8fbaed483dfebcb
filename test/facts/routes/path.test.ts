import { describe, expect, it } from 'vitest';
import {
  joinRoutePath,
  normalizePath,
  shapeMatches,
  specShape,
} from '../../../src/facts/routes/path.js';
import type { PathSyntax } from '../../../src/facts/routes/path.js';

const templates = (raw: string, syntax: PathSyntax): string[] | undefined =>
  normalizePath(raw, syntax)?.map((s) => s.template);

describe('normalizePath', () => {
  it.each([
    ['/users/:id', 'path-to-regexp', ['/users/{id}']],
    ['/users/:id(\\d+)/posts', 'path-to-regexp', ['/users/{id}/posts']],
    ['/users/:id?', 'path-to-regexp', ['/users', '/users/{id}']],
    ['/files/*', 'path-to-regexp', ['/files/{*}']],
    ['/users{/:id}/posts', 'path-to-regexp', ['/users/posts', '/users/{id}/posts']],
    ['/files/*splat', 'path-to-regexp', ['/files/{splat*}']],
    ['/codes/:code(\\d{3})', 'path-to-regexp', ['/codes/{code}']],
    ['/a/:b::c', 'fastify', ['/a/{b}:c']],
    ['/posts/:id{[0-9]+}', 'hono', ['/posts/{id}']],
    ['/users/{user_id}', 'braces', ['/users/{user_id}']],
    ['/files/{file_path:path}', 'braces', ['/files/{file_path*}']],
    ['/users/<int:user_id>', 'flask', ['/users/{user_id}']],
    ['/static/<path:filename>', 'flask', ['/static/{filename*}']],
    ['/users/{id}/{rest...}', 'go', ['/users/{id}/{rest*}']],
    ['/exact/{$}', 'go', ['/exact']],
    ['example.com/host/{id}', 'go', ['/host/{id}']],
    ['/runs/{runID:[a-z0-9-]+}', 'go', ['/runs/{runID}']],
    ['/users/:id/*path', 'gin', ['/users/{id}/{path*}']],
    ['users/', 'path-to-regexp', ['/users']],
    ['/v1/{name}:cancel', 'openapi', ['/v1/{name}:cancel']],
  ] as const)('%s (%s)', (raw, syntax, expected) => {
    expect(templates(raw, syntax)).toEqual(expected);
  });

  it('reports patterns it cannot read', () => {
    expect(normalizePath('/users/{id', 'braces')).toBeUndefined();
  });
});

describe('shapeMatches', () => {
  const code = (raw: string, syntax: PathSyntax = 'path-to-regexp') =>
    normalizePath(raw, syntax)?.[0] as NonNullable<ReturnType<typeof specShape>>;
  const spec = (template: string) =>
    specShape(template) as NonNullable<ReturnType<typeof specShape>>;

  it('matches parameters by position, not by name', () => {
    expect(shapeMatches(code('/users/:id'), spec('/users/{userId}'))).toBe(true);
    expect(shapeMatches(code('/files/:name.:ext'), spec('/files/{file}.{format}'))).toBe(true);
  });

  it('does not match a literal segment with a parameter, either way', () => {
    expect(shapeMatches(code('/users/me'), spec('/users/{id}'))).toBe(false);
    expect(shapeMatches(code('/users/:id'), spec('/users/me'))).toBe(false);
  });

  it('lets a rest parameter take one or more segments (zero when optional)', () => {
    expect(shapeMatches(code('/files/*'), spec('/files/{path}'))).toBe(true);
    expect(shapeMatches(code('/files/*'), spec('/files/a/{b}'))).toBe(true);
    expect(shapeMatches(code('/files/*'), spec('/files'))).toBe(true);
    expect(shapeMatches(code('/files/*path', 'gin'), spec('/files'))).toBe(false);
    expect(shapeMatches(code('/files/*'), spec('/other/x'))).toBe(false);
  });

  it('compares the whole path', () => {
    expect(shapeMatches(code('/a/b/c'), spec('/a/b'))).toBe(false);
    expect(shapeMatches(code('/a/b'), spec('/a/b/c'))).toBe(false);
  });
});

describe('joinRoutePath', () => {
  it('joins prefixes with one slash and drops a trailing slash', () => {
    expect(joinRoutePath(['/api/', '/v1', '', 'users/'])).toBe('/api/v1/users');
    expect(joinRoutePath(['', '/'])).toBe('/');
  });

  it('strips every outer slash of each part and skips parts that are only slashes', () => {
    expect(joinRoutePath(['//api//', '///', 'v1/users//', '/{id}'])).toBe('/api/v1/users/{id}');
    expect(joinRoutePath(['a//b', ' /x/ '])).toBe('/a//b/ /x/ ');
    expect(joinRoutePath([])).toBe('/');
    expect(joinRoutePath(['///'])).toBe('/');
  });
});
