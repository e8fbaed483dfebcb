import type { Framework } from './types.js';

/**
 * One segment of a normalized path: literal text with parameters written as `{}` (so
 * `/files/{name}.{ext}` has the segment `{}.{}`), or a rest parameter that takes one or more
 * segments (`*`, `{path...}`, `<path:p>`, `[...slug]`).
 */
export type Segment = { text: string } | { rest: true; optional: boolean };

export interface PathShape {
  /** For messages and data: parameters as `{name}`, rest parameters as `{name*}`. */
  template: string;
  segments: Segment[];
}

export type PathSyntax =
  'path-to-regexp' | 'fastify' | 'hono' | 'braces' | 'flask' | 'go' | 'gin' | 'openapi';

export function syntaxOf(framework: Framework, goRouter?: string): PathSyntax {
  switch (framework) {
    case 'express':
    case 'koa':
    case 'nestjs':
      return 'path-to-regexp';
    case 'fastify':
      return 'fastify';
    case 'hono':
      return 'hono';
    case 'fastapi':
      return 'braces';
    case 'flask':
      return 'flask';
    case 'go':
      return goRouter === 'gin' || goRouter === 'echo' ? 'gin' : 'go';
    default:
      return 'braces';
  }
}

interface Token {
  kind: 'lit' | 'param' | 'rest';
  text: string;
  optional?: boolean;
}

/**
 * A segment without the characters that start a parameter or an escape in any syntax
 * (`:`, `*`, `{`, `<`, `\`) is one literal token: most segments of most paths.
 */
function isLiteral(segment: string): boolean {
  return !/[:*{<\\]/.test(segment);
}

/**
 * Tokenises one segment of a route path in a framework's syntax: `:id`, `:id?`, `:id(\\d+)`,
 * `:id{[0-9]+}`, `{id}`, `{id:int}`, `{id...}`, `<int:id>`, `*`, `*path`.
 */
function tokenize(segment: string, syntax: PathSyntax): Token[] | undefined {
  const tokens: Token[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) tokens.push({ kind: 'lit', text: lit });
    lit = '';
  };
  let i = 0;
  const balanced = (open: string, close: string): string | undefined => {
    // i points at `open`; returns the text inside and moves past `close`.
    let depth = 0;
    for (let j = i; j < segment.length; j++) {
      const ch = segment[j];
      if (ch === '\\') {
        j++;
        continue;
      }
      if (ch === open) depth++;
      else if (ch === close && --depth === 0) {
        const inner = segment.slice(i + 1, j);
        i = j + 1;
        return inner;
      }
    }
    return undefined;
  };
  while (i < segment.length) {
    const ch = segment[i] as string;
    const colonParams = syntax !== 'braces' && syntax !== 'openapi' && syntax !== 'flask';
    if (ch === ':' && colonParams && syntax !== 'go') {
      if (segment[i + 1] === ':' && (syntax === 'fastify' || syntax === 'path-to-regexp')) {
        lit += ':';
        i += 2;
        continue;
      }
      const name = /^[A-Za-z0-9_$]+/.exec(segment.slice(i + 1))?.[0];
      if (!name) {
        lit += ch;
        i++;
        continue;
      }
      flush();
      i += 1 + name.length;
      if (segment[i] === '(' && syntax !== 'hono') {
        if (balanced('(', ')') === undefined) return undefined;
      } else if (segment[i] === '{' && syntax === 'hono') {
        if (balanced('{', '}') === undefined) return undefined;
      }
      const modifier = segment[i];
      if (modifier === '?') {
        tokens.push({ kind: 'param', text: name, optional: true });
        i++;
      } else if (modifier === '*' && syntax === 'path-to-regexp') {
        tokens.push({ kind: 'rest', text: name, optional: true });
        i++;
      } else if (modifier === '+' && syntax === 'path-to-regexp') {
        tokens.push({ kind: 'rest', text: name, optional: false });
        i++;
      } else {
        tokens.push({ kind: 'param', text: name });
      }
      continue;
    }
    if (ch === '*' && syntax !== 'openapi') {
      flush();
      const name = /^[A-Za-z0-9_$]+/.exec(segment.slice(i + 1))?.[0] ?? '';
      i += 1 + name.length;
      tokens.push({ kind: 'rest', text: name, optional: syntax !== 'gin' });
      continue;
    }
    if (ch === '{' && syntax !== 'flask') {
      const inner = balanced('{', '}');
      if (inner === undefined) return undefined;
      flush();
      if (syntax === 'go' && inner === '$') continue;
      if (syntax === 'go' && inner.endsWith('...')) {
        tokens.push({ kind: 'rest', text: inner.slice(0, -3), optional: true });
        continue;
      }
      const [name = '', type] = inner.split(':');
      if (syntax === 'braces' && type === 'path')
        tokens.push({ kind: 'rest', text: name, optional: false });
      else tokens.push({ kind: 'param', text: name.trim() });
      continue;
    }
    if (ch === '<' && syntax === 'flask') {
      const inner = balanced('<', '>');
      if (inner === undefined) return undefined;
      flush();
      const parts = inner.split(':');
      const name = (parts.length > 1 ? parts[1] : parts[0]) ?? '';
      const converter = parts.length > 1 ? parts[0]?.replace(/\(.*$/, '') : 'string';
      if (converter === 'path') tokens.push({ kind: 'rest', text: name, optional: false });
      else tokens.push({ kind: 'param', text: name });
      continue;
    }
    if (ch === '\\') {
      lit += segment[i + 1] ?? '';
      i += 2;
      continue;
    }
    lit += ch;
    i++;
  }
  flush();
  return tokens;
}

/**
 * Normalizes a route path as written in code (or a spec template) into the shapes it serves:
 * optional parameters give more than one. Returns undefined for syntax Charter cannot read.
 */
export function normalizePath(raw: string, syntax: PathSyntax): PathShape[] | undefined {
  // Express 5 (path-to-regexp 8) writes optional parts as groups: /users{/:id}
  if (syntax === 'path-to-regexp' && raw.includes('{')) {
    const expanded = expandOptionalGroups(raw.trim());
    if (!expanded) return undefined;
    const shapes: PathShape[] = [];
    for (const alternative of expanded) {
      const found = normalizeOne(alternative, syntax);
      if (!found) return undefined;
      for (const shape of found)
        if (!shapes.some((s) => s.template === shape.template)) shapes.push(shape);
    }
    return shapes;
  }
  return normalizeOne(raw, syntax);
}

/** `/a{/:b}{/:c}` → `/a`, `/a/:b`, `/a/:c`, `/a/:b/:c` (at most 16 alternatives). */
function expandOptionalGroups(text: string): string[] | undefined {
  // A brace inside a parameter's regular expression (":id(\\d{3})") is not a group.
  let open = -1;
  let parens = 0;
  for (let i = 0; i < text.length && open < 0; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') parens++;
    else if (text[i] === ')') parens--;
    else if (text[i] === '{' && parens === 0) open = i;
  }
  if (open < 0) return [text];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      const inner = text.slice(open + 1, i);
      const before = text.slice(0, open);
      const after = text.slice(i + 1);
      const rest = expandOptionalGroups(after);
      const inside = expandOptionalGroups(inner);
      if (!rest || !inside) return undefined;
      const out: string[] = [];
      for (const tail of rest) {
        out.push(before + tail);
        for (const middle of inside) out.push(before + middle + tail);
      }
      return out.length > 16 ? undefined : out;
    }
  }
  return undefined;
}

function normalizeOne(raw: string, syntax: PathSyntax): PathShape[] | undefined {
  let text = raw.trim();
  if (syntax === 'go') {
    // Go 1.22 patterns may start with a host: "example.com/path".
    const slash = text.indexOf('/');
    if (slash > 0) text = text.slice(slash);
  }
  if (!text.startsWith('/')) text = `/${text}`;
  const rawSegments = text.split('/').slice(1);
  let shapes: { template: string[]; segments: Segment[] }[] = [{ template: [], segments: [] }];
  for (const rawSegment of rawSegments) {
    if (rawSegment === '') continue;
    const tokens = isLiteral(rawSegment)
      ? [{ kind: 'lit' as const, text: rawSegment }]
      : tokenize(rawSegment, syntax);
    if (!tokens) return undefined;
    if (tokens.length === 0) continue;
    const optional =
      tokens.length === 1 && tokens[0]?.kind === 'param' && tokens[0].optional === true;
    const rest = tokens.find((t) => t.kind === 'rest');
    let template: string;
    let segment: Segment;
    if (rest) {
      const before = tokens
        .slice(0, tokens.indexOf(rest))
        .map((t) => (t.kind === 'lit' ? t.text : '{}'))
        .join('');
      template = `${tokens
        .slice(0, tokens.indexOf(rest))
        .map((t) => (t.kind === 'lit' ? t.text : `{${t.text}}`))
        .join('')}{${rest.text || ''}*}`;
      if (before) {
        const next: typeof shapes = [];
        for (const shape of shapes) {
          next.push({
            template: [...shape.template, template],
            segments: [...shape.segments, { text: `${before}{}` }],
          });
        }
        shapes = next;
        continue;
      }
      segment = { rest: true, optional: rest.optional === true };
    } else {
      template = tokens.map((t) => (t.kind === 'lit' ? t.text : `{${t.text}}`)).join('');
      segment = { text: tokens.map((t) => (t.kind === 'lit' ? t.text : '{}')).join('') };
    }
    const next: typeof shapes = [];
    for (const shape of shapes) {
      if (optional) next.push(shape);
      next.push({
        template: [...shape.template, template],
        segments: [...shape.segments, segment],
      });
    }
    shapes = next;
  }
  return shapes.map((shape) => ({
    template: `/${shape.template.join('/')}`,
    segments: shape.segments,
  }));
}

/** Joins prefixes and a path as frameworks do: one slash between parts, none at the end. */
export function joinRoutePath(parts: readonly string[]): string {
  // Called for every route and mount: a loop, not a chain of array methods and a regex.
  let joined = '';
  for (const part of parts) {
    const inner = withoutOuterSlashes(part);
    if (inner === '') continue;
    joined = joined === '' ? inner : `${joined}/${inner}`;
  }
  return `/${joined}`;
}

const SLASH = 0x2f;

function withoutOuterSlashes(part: string): string {
  let start = 0;
  let end = part.length;
  while (start < end && part.charCodeAt(start) === SLASH) start++;
  while (end > start && part.charCodeAt(end - 1) === SLASH) end--;
  return start === 0 && end === part.length ? part : part.slice(start, end);
}

/** Whether a code route's shape serves a spec operation's shape (parameters match any name). */
export function shapeMatches(code: PathShape, spec: PathShape): boolean {
  return segmentsMatch(code.segments, 0, spec.segments, 0);
}

function segmentsMatch(code: Segment[], i: number, spec: Segment[], j: number): boolean {
  if (i === code.length) return j === spec.length;
  const segment = code[i] as Segment;
  if ('rest' in segment) {
    // A rest parameter takes one or more segments (zero when optional).
    for (let k = segment.optional ? j : j + 1; k <= spec.length; k++)
      if (segmentsMatch(code, i + 1, spec, k)) return true;
    return false;
  }
  const other = spec[j];
  if (!other) return false;
  if ('rest' in other) return false;
  return other.text === segment.text && segmentsMatch(code, i + 1, spec, j + 1);
}

/** A spec template in normalized form. */
export function specShape(template: string): PathShape | undefined {
  return normalizePath(template, 'openapi')?.[0];
}
