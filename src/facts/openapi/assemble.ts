import path from 'node:path';
import type { AuthKind } from '../../contract/schema.js';
import { joinPointer, locatePointer, splitPointer } from './document.js';
import type { Span } from './document.js';
import type { SpecFileFacts } from './extractor.js';
import { rootSpan } from './validate.js';

/** A place in a file, 1-based, as findings report it. */
export interface SpecLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SpecParameter {
  name: string;
  in: string;
  required: boolean;
  location: SpecLocation;
  /** file#pointer of the parameter's own definition (shared by every operation that $refs it). */
  definedAt: string;
}

export interface SchemeUse {
  name: string;
  /** undefined when the name is not declared in the spec's security schemes. */
  kind?: AuthKind;
}

export interface SpecOperation {
  source: string;
  method: string;
  /** The path as the spec writes it, e.g. /users/{id}. */
  path: string;
  /** With the server / basePath prefix: what code routes are compared with. */
  fullPath: string;
  operationId?: string;
  location: SpecLocation;
  operationIdLocation?: SpecLocation;
  parameters: SpecParameter[];
  /**
   * Alternatives (OR) of scheme sets (AND); an empty set means anonymous access. undefined:
   * the spec declares no security for the operation at all.
   */
  security?: SchemeUse[][];
  /** Where the effective security is written (the operation's, or the document's). */
  securityLocation: SpecLocation;
  /** The operation has no `security` of its own (the document's default applies). */
  securityInherited: boolean;
}

export interface SecuritySchemeDecl {
  name: string;
  kind: AuthKind;
  type: string;
  in?: string;
  parameterName?: string;
  location: SpecLocation;
}

export type SpecProblemKind =
  'syntax' | 'invalid' | 'unsupported' | 'too-large' | 'remote-ref' | 'missing-ref' | 'outside-ref';

export interface AssemblyProblem {
  kind: SpecProblemKind;
  message: string;
  location: SpecLocation;
  /** The spec could not be read in full: rules that rely on it did not see everything. */
  incomplete: boolean;
  data?: Record<string, string>;
}

export interface SpecModel {
  source: string;
  file: string;
  /** False when the root document could not be read at all. */
  readable: boolean;
  prefix: string;
  operations: SpecOperation[];
  schemes: SecuritySchemeDecl[];
  problems: AssemblyProblem[];
  /** Every file the spec consists of (the root and what its $refs reach). */
  files: string[];
}

export interface SpecSourceInput {
  id: string;
  path: string;
  basePath?: string;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Node {
  file: string;
  pointer: string;
  value: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads the facts of one file; `exists` says whether a file is in the repository at all. */
export interface SpecFiles {
  facts: ReadonlyMap<string, SpecFileFacts>;
  exists(file: string): boolean;
}

/**
 * Joins a spec's files into its operations: follows local `$ref`s across files (never remote
 * ones), applies the server / basePath prefix, resolves parameters and security. Pure: it sees
 * only the per-file facts. Every problem on the way is returned, located.
 */
export function assembleSpec(source: SpecSourceInput, files: SpecFiles): SpecModel {
  const problems: AssemblyProblem[] = [];
  const model: SpecModel = {
    source: source.id,
    file: source.path,
    readable: false,
    prefix: '',
    operations: [],
    schemes: [],
    problems,
    files: [source.path],
  };
  const rootFacts = files.facts.get(source.path);
  if (!rootFacts) return model;
  const locate = (file: string, pointer: string, prefer: 'key' | 'value' = 'key'): SpecLocation =>
    toLocation(file, locatePointer(files.facts.get(file)?.positions ?? {}, pointer, prefer));
  for (const problem of rootFacts.problems) {
    problems.push({
      kind: problem.kind,
      message: problem.message,
      location: toLocation(source.path, problem.span),
      incomplete: problem.kind !== 'invalid',
    });
  }
  const root = rootFacts.data;
  if (!isObj(root) || !rootFacts.root?.specification) return model;
  model.readable = true;
  const swagger = rootFacts.root.specification === 'swagger';

  // Reference graph: every $ref of every file the spec reaches.
  const reported = new Set<string>();
  const problem = (p: AssemblyProblem): void => {
    const key = `${p.location.file}:${p.location.line}:${p.location.column}:${p.kind}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(p);
  };
  const reached = new Set<string>([source.path]);
  const queue = [source.path];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const facts = files.facts.get(file);
    if (!facts || facts.data === null) continue;
    if (file !== source.path) {
      for (const p of facts.problems) {
        problem({
          kind: p.kind,
          message: p.message,
          location: toLocation(file, p.span),
          incomplete: true,
        });
      }
    }
    for (const { pointer, ref } of collectRefs(facts.data, '')) {
      const target = resolveRefTarget(file, ref);
      const at = locate(file, joinPointer(pointer, '$ref'), 'value');
      if (target.kind === 'remote') {
        problem({
          kind: 'remote-ref',
          message: `$ref "${ref}" points outside the repository; Charter never fetches remote references`,
          location: at,
          incomplete: true,
          data: { ref },
        });
        continue;
      }
      if (target.kind === 'outside') {
        problem({
          kind: 'outside-ref',
          message: `$ref "${ref}" leaves the repository`,
          location: at,
          incomplete: true,
          data: { ref },
        });
        continue;
      }
      const targetFacts = files.facts.get(target.file);
      if (!targetFacts) {
        const exists = files.exists(target.file);
        problem({
          kind: exists ? 'outside-ref' : 'missing-ref',
          message: exists
            ? `$ref "${ref}" points to ${target.file}, which is not among the spec's files (add it to the source's \`files\`)`
            : `$ref "${ref}" points to ${target.file}, which does not exist`,
          location: at,
          incomplete: true,
          data: { ref, file: target.file },
        });
        continue;
      }
      if (
        targetFacts.data !== null &&
        resolvePointer(targetFacts.data, target.pointer) === undefined
      ) {
        problem({
          kind: 'missing-ref',
          message: `$ref "${ref}" points to ${target.pointer || '/'} in ${target.file}, which does not exist`,
          location: at,
          incomplete: true,
          data: { ref, file: target.file },
        });
      }
      if (!reached.has(target.file)) {
        reached.add(target.file);
        queue.push(target.file);
      }
    }
  }
  model.files = [...reached].sort();

  /** Follows $refs from a node (bounded, so cycles end). */
  const deref = (node: Node): Node | undefined => {
    let current = node;
    for (let hops = 0; hops < 32; hops++) {
      if (!isObj(current.value) || typeof current.value.$ref !== 'string') return current;
      const target = resolveRefTarget(current.file, current.value.$ref);
      if (target.kind !== 'local') return undefined;
      const facts = files.facts.get(target.file);
      if (!facts || facts.data === null) return undefined;
      const value = resolvePointer(facts.data, target.pointer);
      if (value === undefined) return undefined;
      // 3.1 (and common 3.0 practice): siblings of $ref override the referenced object.
      const siblings = Object.entries(current.value).filter(([k]) => k !== '$ref');
      current = {
        file: target.file,
        pointer: target.pointer,
        value:
          siblings.length > 0 && isObj(value)
            ? { ...value, ...Object.fromEntries(siblings) }
            : value,
      };
    }
    return undefined;
  };
  const child = (node: Node, key: string | number): Node => ({
    file: node.file,
    pointer: joinPointer(node.pointer, key),
    value:
      isObj(node.value) || Array.isArray(node.value)
        ? (node.value as Record<string, unknown>)[key]
        : undefined,
  });

  // Security schemes.
  const rootNode: Node = { file: source.path, pointer: '', value: root };
  const schemeContainer = swagger
    ? child(rootNode, 'securityDefinitions')
    : child(child(rootNode, 'components'), 'securitySchemes');
  const schemes = new Map<string, SecuritySchemeDecl>();
  if (isObj(schemeContainer.value)) {
    for (const name of Object.keys(schemeContainer.value)) {
      const declared = child(schemeContainer, name);
      const scheme = deref(declared);
      if (!scheme || !isObj(scheme.value)) continue;
      const decl = schemeDecl(name, scheme.value, locate(declared.file, declared.pointer));
      schemes.set(name, decl);
      model.schemes.push(decl);
    }
  }

  model.prefix = normalizePrefix(
    source.basePath ?? (swagger ? stringOr(root.basePath) : serverPrefix(root.servers)),
  );
  const rootSecurity = child(rootNode, 'security');
  const paths = deref(child(rootNode, 'paths'));
  if (!paths || !isObj(paths.value)) return model;
  for (const pathKey of Object.keys(paths.value)) {
    if (!pathKey.startsWith('/')) continue;
    const declared = child(paths, pathKey);
    const item = deref(declared);
    if (!item || !isObj(item.value)) continue;
    const pathPrefix =
      source.basePath === undefined && !swagger && item.value.servers !== undefined
        ? normalizePrefix(serverPrefix(item.value.servers))
        : model.prefix;
    const pathParams = parameterList(child(item, 'parameters'), deref, locate);
    for (const method of HTTP_METHODS) {
      const opNode = child(item, method);
      if (!isObj(opNode.value)) continue;
      const op = opNode.value;
      const prefix =
        source.basePath === undefined && !swagger && op.servers !== undefined
          ? normalizePrefix(serverPrefix(op.servers))
          : pathPrefix;
      const own = parameterList(child(opNode, 'parameters'), deref, locate);
      const parameters = [
        ...pathParams.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      const securityNode = op.security !== undefined ? child(opNode, 'security') : rootSecurity;
      const operation: SpecOperation = {
        source: source.id,
        method,
        path: pathKey,
        fullPath: joinPaths(prefix, pathKey),
        location: locate(opNode.file, opNode.pointer),
        parameters,
        securityLocation:
          securityNode.value !== undefined
            ? locate(securityNode.file, securityNode.pointer)
            : locate(opNode.file, opNode.pointer),
        securityInherited: op.security === undefined,
      };
      if (typeof op.operationId === 'string') {
        operation.operationId = op.operationId;
        operation.operationIdLocation = locate(
          opNode.file,
          joinPointer(opNode.pointer, 'operationId'),
          'value',
        );
      }
      if (Array.isArray(securityNode.value)) {
        operation.security = securityNode.value.filter(isObj).map((requirement) =>
          Object.keys(requirement).map((name) => {
            const decl = schemes.get(name);
            return decl ? { name, kind: decl.kind } : { name };
          }),
        );
        securityNode.value.forEach((requirement, index) => {
          if (!isObj(requirement)) return;
          for (const name of Object.keys(requirement)) {
            if (schemes.has(name)) continue;
            problem({
              kind: 'invalid',
              message: `security requirement names "${name}", which is not a declared security scheme`,
              location: locate(securityNode.file, joinPointer(securityNode.pointer, index, name)),
              incomplete: false,
              data: { scheme: name },
            });
          }
        });
      }
      model.operations.push(operation);
    }
  }
  return model;
}

function parameterList(
  list: Node,
  deref: (node: Node) => Node | undefined,
  locate: (file: string, pointer: string, prefer?: 'key' | 'value') => SpecLocation,
): SpecParameter[] {
  if (!Array.isArray(list.value)) return [];
  const out: SpecParameter[] = [];
  list.value.forEach((_, index) => {
    const declared: Node = {
      file: list.file,
      pointer: joinPointer(list.pointer, index),
      value: (list.value as unknown[])[index],
    };
    const param = deref(declared);
    if (!param || !isObj(param.value)) return;
    const { name, in: where, required } = param.value;
    if (typeof name !== 'string' || typeof where !== 'string') return;
    out.push({
      name,
      in: where,
      required: required === true,
      location: locate(param.file, joinPointer(param.pointer, 'name'), 'value'),
      definedAt: `${param.file}#${param.pointer}`,
    });
  });
  return out;
}

function schemeDecl(name: string, scheme: Obj, location: SpecLocation): SecuritySchemeDecl {
  const type = typeof scheme.type === 'string' ? scheme.type : 'unknown';
  const where = typeof scheme.in === 'string' ? scheme.in : undefined;
  const decl: SecuritySchemeDecl = { name, type, kind: authKindOf(scheme), location };
  if (where !== undefined) decl.in = where;
  if (typeof scheme.name === 'string') decl.parameterName = scheme.name;
  return decl;
}

/** The contract's auth kind of a security scheme object (OpenAPI 3 or Swagger 2). */
export function authKindOf(scheme: Obj): AuthKind {
  const type = typeof scheme.type === 'string' ? scheme.type : '';
  switch (type) {
    case 'http': {
      const s = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
      return s === 'basic' ? 'basic' : 'bearer';
    }
    case 'basic':
      return 'basic';
    case 'apiKey':
      return scheme.in === 'cookie' ? 'cookie' : 'apiKey';
    case 'oauth2':
      return 'oauth2';
    case 'openIdConnect':
      return 'openIdConnect';
    case 'mutualTLS':
      return 'mutualTLS';
    default:
      return 'none';
  }
}

type RefTarget =
  { kind: 'local'; file: string; pointer: string } | { kind: 'remote' } | { kind: 'outside' };

/** Where a $ref written in `file` points; remote and repository-escaping refs are not followed. */
export function resolveRefTarget(file: string, ref: string): RefTarget {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return { kind: 'remote' };
  const hash = ref.indexOf('#');
  const filePart = hash >= 0 ? ref.slice(0, hash) : ref;
  let pointer = hash >= 0 ? ref.slice(hash + 1) : '';
  try {
    pointer = decodeURIComponent(pointer);
  } catch {
    // keep it as written
  }
  if (filePart === '') return { kind: 'local', file, pointer };
  if (filePart.startsWith('/')) return { kind: 'outside' };
  let decoded = filePart;
  try {
    decoded = decodeURIComponent(filePart);
  } catch {
    // keep it as written
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), decoded));
  if (target.startsWith('../') || target === '..') return { kind: 'outside' };
  return { kind: 'local', file: target, pointer };
}

export function resolvePointer(data: unknown, pointer: string): unknown {
  let node = data;
  for (const segment of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function collectRefs(node: unknown, pointer: string, out: { pointer: string; ref: string }[] = []) {
  if (!isContainer(node)) return out;
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      if (isContainer(item)) collectRefs(item, joinPointer(pointer, index), out);
    });
    return out;
  }
  // Every node of every spec file is visited: keys, not [key, value] pairs to destructure.
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (key === '$ref' && typeof value === 'string') out.push({ pointer, ref: value });
    // Only objects and arrays hold $refs: no pointer is built for the many scalar leaves.
    else if (isContainer(value)) collectRefs(value, joinPointer(pointer, key), out);
  }
  return out;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The path part of the first server URL, with variables at their defaults. */
export function serverPrefix(servers: unknown): string {
  if (!Array.isArray(servers) || !isObj(servers[0])) return '';
  const server = servers[0];
  let url = stringOr(server.url);
  const variables = isObj(server.variables) ? server.variables : {};
  url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObj(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  const withoutOrigin = url.replace(/^[^/]*:\/\/[^/]*/, '').replace(/^\/\/[^/]*/, '');
  return withoutOrigin.split(/[?#]/)[0] ?? '';
}

export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export function joinPaths(prefix: string, pathKey: string): string {
  const joined = `${prefix}/${pathKey}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

export function toLocation(file: string, span: Span): SpecLocation {
  return { file, line: span[0], column: span[1], endLine: span[2], endColumn: span[3] };
}

export { rootSpan };
