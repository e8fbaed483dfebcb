import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import {
  args,
  concat,
  isKnown,
  keepConstant,
  lit,
  locOf,
  middlewareOf,
  orderOf,
  shortText,
  uniq,
  unknown,
  unescapeString,
} from './ast.js';
import { classifyGo, isGoPath } from './classify.js';
import { emptyFacts } from './types.js';
import type {
  BodyInfo,
  HandlerRef,
  Loc,
  Middleware,
  RouteFileFacts,
  RouterRef,
  StrExpr,
} from './types.js';

/**
 * Go routes: net/http (`HandleFunc`/`Handle`, Go 1.22 `"GET /path/{id}"` patterns,
 * `http.StripPrefix` mounts, handler wrappers as middleware), chi (`Get`/…, `Method`, `Route`,
 * `Mount`, `Group`, `With`, `Use`), gin (`GET`/…, `Any`, `Handle`, `Group`, `Use`), echo
 * (`GET`/…, `Any`, `Match`, `Add`, `Group`, `Use`) and gorilla/mux (`HandleFunc`/`Handle` with
 * `.Methods()`, `Path`/`PathPrefix` chains ending in `HandlerFunc`/`Handler`, `Subrouter`,
 * `Use`). Routers passed to functions in the same or another package are linked by the linker;
 * package-level string constants resolve prefixes.
 */
export const goExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-go',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: isGoPath,
  async extract(file) {
    if (classifyGo(file.text) === undefined) return null;
    const root = await parseSource('go', file.text);
    return scanGo(root, true);
  },
};

type GoKind = 'nethttp' | 'chi' | 'gin' | 'echo' | 'gorilla';

/** gorilla/mux Route methods that narrow a route without changing its path or handler. */
const GORILLA_MATCHERS = new Set([
  'Path',
  'PathPrefix',
  'Methods',
  'Host',
  'Schemes',
  'Headers',
  'HeadersRegexp',
  'Queries',
  'MatcherFunc',
  'Name',
  'NewRoute',
  'BuildVarsFunc',
]);
/** gorilla/mux Router settings that return the router itself: mux.NewRouter().StrictSlash(true). */
const GORILLA_SETTINGS = new Set(['StrictSlash', 'SkipClean', 'UseEncodedPath']);
/** net/http's method constants, as `.Methods(http.MethodGet)` names them. */
const HTTP_METHOD_CONSTANTS: Record<string, string> = {
  MethodGet: 'GET',
  MethodHead: 'HEAD',
  MethodPost: 'POST',
  MethodPut: 'PUT',
  MethodPatch: 'PATCH',
  MethodDelete: 'DELETE',
  MethodConnect: 'CONNECT',
  MethodOptions: 'OPTIONS',
  MethodTrace: 'TRACE',
};

const CHI_METHODS: Record<string, string> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  Options: 'OPTIONS',
  Head: 'HEAD',
  Connect: 'CONNECT',
  Trace: 'TRACE',
};
const UPPER_METHODS: Record<string, string> = {
  GET: 'GET',
  POST: 'POST',
  PUT: 'PUT',
  PATCH: 'PATCH',
  DELETE: 'DELETE',
  OPTIONS: 'OPTIONS',
  HEAD: 'HEAD',
  CONNECT: 'CONNECT',
  TRACE: 'TRACE',
  Any: '*',
};
const ROUTER_CALLS = [
  ...Object.keys(CHI_METHODS),
  ...Object.keys(UPPER_METHODS),
  'HandleFunc',
  'Handle',
  'Method',
  'MethodFunc',
  'Mount',
  'Route',
  'Group',
  'Use',
  'Match',
  'Add',
  'With',
];
const ROUTERISH_PARAM = /^(r|e|g|rg|mux|router|app|api|group|v\d+|\w*(Router|Mux|Group|Engine))$/i;

function kindOfType(
  type: string | undefined,
  alias: (local: string) => string | undefined,
): GoKind | undefined {
  if (!type) return undefined;
  const match = /^\*?(\w+)\.(\w+)$/.exec(type.replace(/\s+/g, ''));
  if (!match) return undefined;
  const pkg = alias(match[1] as string) ?? '';
  const name = match[2] as string;
  if (pkg === 'net/http' && name === 'ServeMux') return 'nethttp';
  if (pkg.includes('go-chi/chi') && /^(Router|Mux)$/.test(name)) return 'chi';
  if (pkg.includes('gin-gonic/gin') && /^(Engine|RouterGroup|IRouter|IRoutes)$/.test(name))
    return 'gin';
  if (pkg.includes('labstack/echo') && /^(Echo|Group)$/.test(name)) return 'echo';
  if (pkg.includes('gorilla/mux') && name === 'Router') return 'gorilla';
  return undefined;
}

export function scanGo(root: SgRoot, withRoutes: boolean): RouteFileFacts {
  const facts = emptyFacts('go', withRoutes ? 'go' : 'none');
  const top = root.root();
  facts.goPackage = top
    .find({ rule: { kind: 'package_identifier', inside: { kind: 'package_clause' } } })
    ?.text();
  const aliases = new Map<string, string>();
  for (const spec of top.findAll({ rule: { kind: 'import_spec' } })) {
    const pathNode = spec.field('path');
    const importPath = pathNode ? goString(pathNode) : undefined;
    if (!importPath) continue;
    const segments = importPath.split('/');
    let local = spec.field('name')?.text();
    if (!local) {
      local = segments[segments.length - 1] as string;
      if (/^v\d+$/.test(local) && segments.length > 1)
        local = segments[segments.length - 2] as string;
      local = local.replace(/^go-/, '').replace(/[-.]/g, '');
    }
    if (local === '_' || local === '.') continue;
    aliases.set(local, importPath);
    facts.imports.push({ local, module: importPath, imported: '*' });
  }
  const alias = (local: string): string | undefined => aliases.get(local);
  const fileKind: GoKind = [...aliases.values()].some((p) => p.includes('gin-gonic/gin'))
    ? 'gin'
    : [...aliases.values()].some((p) => p.includes('labstack/echo'))
      ? 'echo'
      : [...aliases.values()].some((p) => p.includes('go-chi/chi'))
        ? 'chi'
        : [...aliases.values()].some((p) => p.includes('gorilla/mux'))
          ? 'gorilla'
          : 'nethttp';

  const str = (node: SgNode | null, depth = 0): StrExpr => {
    if (!node || depth > 50) return unknown(node ? shortText(node) : '');
    const kind = node.kind();
    if (kind === 'interpreted_string_literal' || kind === 'raw_string_literal') {
      const value = goString(node);
      return value !== undefined ? lit(value) : unknown(node);
    }
    if (kind === 'binary_expression') {
      if (node.field('operator')?.text() !== '+') return unknown(node);
      return concat(str(node.field('left'), depth + 1), str(node.field('right'), depth + 1));
    }
    if (kind === 'parenthesized_expression') return str(args(node)[0] ?? null, depth + 1);
    if (kind === 'identifier' || kind === 'selector_expression') {
      const name = dottedGo(node);
      return name ? { parts: [{ ref: name }] } : unknown(node);
    }
    if (kind === 'call_expression') {
      // path.Join / fmt.Sprintf("%s/x", prefix) are common enough to read.
      const callee = node.field('function')?.text();
      const callArgs = args(node.field('arguments'));
      if (callee === 'path.Join') {
        const parts: StrExpr[] = [];
        callArgs.forEach((a, i) => {
          if (i > 0) parts.push(lit('/'));
          parts.push(str(a, depth + 1));
        });
        return concat(...parts);
      }
      if (callee === 'fmt.Sprintf' && callArgs[0]) {
        const format = goString(callArgs[0]);
        if (format === undefined || /%[^sv%]/.test(format)) return unknown(node);
        const pieces = format.split(/%[sv]/);
        const parts: StrExpr[] = [];
        pieces.forEach((piece, i) => {
          parts.push(lit(piece.replace(/%%/g, '%')));
          if (i < pieces.length - 1) parts.push(str(callArgs[i + 1] ?? null, depth + 1));
        });
        return concat(...parts);
      }
    }
    return unknown(node);
  };

  // Package-level constants, vars, functions and methods.
  const ranges: { start: number; end: number; name: string }[] = [];
  for (const spec of top.findAll({
    rule: { any: [{ kind: 'const_spec' }, { kind: 'var_spec' }] },
  })) {
    if (
      spec
        .ancestors()
        .some((a) => a.kind() === 'function_declaration' || a.kind() === 'method_declaration')
    )
      continue;
    const names = spec.children().filter((c) => c.kind() === 'identifier');
    const values = args(spec.field('value'));
    names.forEach((name, i) => {
      const value = values[i];
      if (!value) return;
      ranges.push({
        start: value.range().start.index,
        end: value.range().end.index,
        name: name.text(),
      });
      const kind = value.kind();
      if (
        kind === 'interpreted_string_literal' ||
        kind === 'raw_string_literal' ||
        kind === 'binary_expression' ||
        kind === 'identifier' ||
        kind === 'selector_expression'
      ) {
        const expr = str(value);
        if (isKnown(expr) && keepConstant(expr)) facts.constants[name.text()] = expr;
      }
    });
  }
  const functionNodes: { name: string; node: SgNode }[] = [];
  for (const fn of top.findAll({
    rule: { any: [{ kind: 'function_declaration' }, { kind: 'method_declaration' }] },
  })) {
    const name = functionName(fn);
    if (!name) continue;
    functionNodes.push({ name, node: fn });
    facts.functions[name] = {
      params: goParams(fn).map((p) => p.name),
      body: { env: [], refs: [] },
    };
    ranges.push({ start: fn.range().start.index, end: fn.range().end.index, name });
  }

  // Environment reads.
  const envReads: { name: string; start: number; end: number }[] = [];
  for (const call of top.findAll({
    rule: {
      kind: 'call_expression',
      has: { field: 'function', regex: '^os\\.(Getenv|LookupEnv)$' },
    },
  })) {
    const first = args(call.field('arguments'))[0];
    const value = first ? goString(first) : undefined;
    if (value !== undefined)
      envReads.push({ name: value, start: call.range().start.index, end: call.range().end.index });
  }
  const body = (node: SgNode): BodyInfo => {
    const range = node.range();
    const env = uniq(
      envReads
        .filter((r) => r.start >= range.start.index && r.end <= range.end.index)
        .map((r) => r.name),
    );
    const refs = new Set<string>();
    for (const ref of node.findAll({
      rule: { any: [{ kind: 'identifier' }, { kind: 'selector_expression', regex: '^[\\w.]+$' }] },
    })) {
      if (refs.size >= 200) break;
      refs.add(ref.text());
    }
    return { env, refs: [...refs] };
  };
  for (const { name, node } of functionNodes) {
    const fn = facts.functions[name];
    const bodyNode = node.field('body');
    if (!fn || !bodyNode) continue;
    fn.body = { env: body(bodyNode).env, refs: body(bodyNode).refs.slice(0, 100) };
  }
  for (const range of ranges) {
    if (facts.functions[range.name]) continue;
    const reads = envReads
      .filter((r) => r.start >= range.start && r.end <= range.end)
      .map((r) => r.name);
    if (reads.length > 0) facts.values[range.name] = { env: uniq(reads), refs: [] };
  }

  const guardOf = (node: SgNode): BodyInfo | undefined => {
    const env: string[] = [];
    const refs: string[] = [];
    for (const ancestor of node.ancestors()) {
      if (
        ancestor.kind() === 'function_declaration' ||
        ancestor.kind() === 'method_declaration' ||
        ancestor.kind() === 'func_literal'
      )
        break;
      if (ancestor.kind() === 'if_statement') {
        const condition = ancestor.field('condition');
        if (condition) {
          const info = body(condition);
          env.push(...info.env);
          refs.push(...info.refs);
        }
        const initializer = ancestor.field('initializer');
        if (initializer) {
          const info = body(initializer);
          env.push(...info.env);
          refs.push(...info.refs);
        }
      }
    }
    return env.length > 0 || refs.length > 0 ? { env: uniq(env), refs: uniq(refs) } : undefined;
  };

  // Query reads.
  for (const node of top.findAll({
    rule: {
      any: [
        {
          kind: 'call_expression',
          has: {
            field: 'function',
            regex:
              '(\\.Query\\(\\)\\s*\\.\\s*(Get|Has)|\\.(FormValue|Query|DefaultQuery|GetQuery|QueryArray|QueryParam))$',
          },
        },
        { kind: 'index_expression', has: { field: 'operand', regex: '\\.Query\\(\\)$' } },
      ],
    },
  })) {
    const key =
      node.kind() === 'index_expression' ? node.field('index') : args(node.field('arguments'))[0];
    const value = key ? goString(key) : undefined;
    if (value !== undefined && /^[\w.\-[\]]+$/.test(value))
      facts.queryReads.push({ name: value, text: shortText(node), loc: locOf(node) });
  }

  if (!withRoutes) return facts;

  // Routers from constructors: r := chi.NewRouter(), var mux = http.NewServeMux(), s.router = gin.New()
  const routerKinds = new Map<string, GoKind>();
  const routerIds = new Set<string>();
  const addRouter = (
    id: string,
    kind: GoKind,
    root: boolean | 'auto',
    loc: Loc,
    typed = true,
  ): void => {
    routerKinds.set(id, kind);
    if (routerIds.has(id)) return;
    routerIds.add(id);
    facts.routers.push({ id, framework: 'go', root, typed, loc });
  };
  const constructorOf = (node: SgNode): { kind: GoKind; root: boolean | 'auto' } | undefined => {
    if (node.kind() !== 'call_expression') return undefined;
    const calleeNode = node.field('function');
    if (
      calleeNode?.kind() === 'selector_expression' &&
      GORILLA_SETTINGS.has(calleeNode.field('field')?.text() ?? '')
    ) {
      const inner = calleeNode.field('operand');
      const ctor = inner ? constructorOf(inner) : undefined;
      return ctor?.kind === 'gorilla' ? ctor : undefined;
    }
    const callee = calleeNode?.text() ?? '';
    const [pkgAlias = '', fn = ''] = callee.split('.');
    const pkg = alias(pkgAlias) ?? '';
    if (pkg === 'net/http' && fn === 'NewServeMux') return { kind: 'nethttp', root: 'auto' };
    if (pkg.includes('go-chi/chi') && (fn === 'NewRouter' || fn === 'NewMux'))
      return { kind: 'chi', root: 'auto' };
    if (pkg.includes('gin-gonic/gin') && (fn === 'Default' || fn === 'New'))
      return { kind: 'gin', root: true };
    if (pkg.includes('labstack/echo') && fn === 'New') return { kind: 'echo', root: true };
    if (pkg.includes('gorilla/mux') && fn === 'NewRouter') return { kind: 'gorilla', root: 'auto' };
    return undefined;
  };
  const receiverTypes = new Map<number, { name: string; type: string }>();
  const enclosingReceiver = (node: SgNode): { name: string; type: string } | undefined => {
    const method = node.ancestors().find((a) => a.kind() === 'method_declaration');
    if (!method) return undefined;
    const key = method.range().start.index;
    if (!receiverTypes.has(key)) {
      const receiver = args(method.field('receiver'))[0];
      const name = receiver?.field('name')?.text() ?? '';
      const type = (receiver?.field('type')?.text() ?? '').replace(/^\*/, '');
      receiverTypes.set(key, { name, type });
    }
    return receiverTypes.get(key);
  };
  /** A struct field holding a router: s.router inside methods of Server → @field:Server.router */
  const fieldId = (name: string, at: SgNode): string | undefined => {
    const [head, field, ...rest] = name.split('.');
    if (!head || !field || rest.length > 0) return undefined;
    const receiver = enclosingReceiver(at);
    if (!receiver || receiver.name !== head || !receiver.type) return undefined;
    return `@field:${receiver.type}.${field}`;
  };
  for (const node of top.findAll({
    rule: {
      any: [
        { kind: 'short_var_declaration' },
        { kind: 'assignment_statement' },
        { kind: 'var_spec' },
        { kind: 'keyed_element' },
      ],
    },
  })) {
    let pairs: [SgNode, SgNode][] = [];
    if (node.kind() === 'keyed_element') {
      // &Server{router: chi.NewRouter()}
      const [key, value] = args(node);
      const literal = node.ancestors().find((a) => a.kind() === 'composite_literal');
      const type = literal?.field('type')?.text().replace(/^\*/, '');
      const inner = value && value.kind() === 'literal_element' ? args(value)[0] : value;
      const keyNode = key && key.kind() === 'literal_element' ? args(key)[0] : key;
      const ctor = inner ? constructorOf(inner) : undefined;
      if (ctor && type && keyNode)
        addRouter(`@field:${type}.${keyNode.text()}`, ctor.kind, ctor.root, locOf(keyNode));
      continue;
    }
    const left =
      node.kind() === 'var_spec'
        ? node.children().filter((c) => c.kind() === 'identifier')
        : args(node.field('left'));
    const right = args(node.field(node.kind() === 'var_spec' ? 'value' : 'right'));
    pairs = left
      .map((l, i) => [l, right[i]] as [SgNode, SgNode])
      .filter(([, r]) => r !== undefined);
    for (const [l, r] of pairs) {
      const name = dottedGo(l);
      if (!name) continue;
      const id = fieldId(name, l) ?? name;
      const ctor = constructorOf(r);
      if (ctor) addRouter(id, ctor.kind, ctor.root, locOf(l));
    }
  }

  const paramRouter = (name: string, at: SgNode): RouterRef | undefined => {
    for (const ancestor of at.ancestors()) {
      const kind = ancestor.kind();
      if (
        kind !== 'function_declaration' &&
        kind !== 'method_declaration' &&
        kind !== 'func_literal'
      )
        continue;
      const params = goParams(ancestor);
      const index = params.findIndex((p) => p.name === name);
      if (index < 0) continue;
      const fnName =
        kind === 'func_literal'
          ? `@fn:${ancestor.range().start.line + 1}:${ancestor.range().start.column + 1}`
          : (functionName(ancestor) ?? '@fn');
      const id = `@param:${fnName}:${index}`;
      const param = params[index] as { name: string; type?: string };
      const kindOf = kindOfType(param.type, alias);
      if (!routerIds.has(id))
        addRouter(id, kindOf ?? fileKind, false, locOf(at), kindOf !== undefined);
      return { name: id };
    }
    return undefined;
  };
  const isParam = (name: string, at: SgNode): boolean =>
    at.ancestors().some((a) => {
      const kind = a.kind();
      return (
        (kind === 'function_declaration' ||
          kind === 'method_declaration' ||
          kind === 'func_literal') &&
        goParams(a).some((p) => p.name === name)
      );
    });
  const kindOfRef = (ref: RouterRef): GoKind =>
    ('name' in ref ? routerKinds.get(ref.name) : undefined) ?? fileKind;

  const synthetic = (kind: string, at: SgNode): string =>
    `@${kind}:${at.range().start.line + 1}:${at.range().start.column + 1}`;

  /** gorilla/mux `.Methods(...)` arguments: literal names or net/http's constants, else null. */
  const methodsOf = (nodes: SgNode[]): string[] | null => {
    const out: string[] = [];
    for (const node of nodes) {
      const text = goString(node);
      if (text !== undefined) {
        out.push(text.toUpperCase());
        continue;
      }
      const name = dottedGo(node)?.split('.');
      const constant =
        name?.length === 2 && alias(name[0] as string) === 'net/http'
          ? HTTP_METHOD_CONSTANTS[name[1] as string]
          : undefined;
      if (constant === undefined) return null;
      out.push(constant);
    }
    return out.length > 0 ? out : null;
  };
  /**
   * A gorilla/mux matcher chain below a call: r.Host(h).PathPrefix("/api").Methods("GET") →
   * the router it starts from, the path (Path and PathPrefix templates concatenate, as gorilla
   * joins them), and the methods. Undefined when the node is not such a chain.
   */
  const gorillaChain = (
    node: SgNode,
  ):
    | { base: SgNode; path?: StrExpr; prefix: boolean; methods?: string[] | null; loc?: Loc }
    | undefined => {
    const links: { method: string; call: SgNode; callee: SgNode }[] = [];
    let current = node;
    for (let i = 0; i < 50 && current.kind() === 'call_expression'; i++) {
      const callee = current.field('function');
      if (callee?.kind() !== 'selector_expression') break;
      const method = callee.field('field')?.text() ?? '';
      const operand = callee.field('operand');
      if (!GORILLA_MATCHERS.has(method) || !operand) break;
      links.unshift({ method, call: current, callee });
      current = operand;
    }
    if (links.length === 0) return undefined;
    let path: StrExpr | undefined;
    let prefix = false;
    let methods: string[] | null | undefined;
    let loc: Loc | undefined;
    for (const link of links) {
      const callArgs = args(link.call.field('arguments'));
      if (link.method === 'Path' || link.method === 'PathPrefix') {
        const first = callArgs[0];
        const expr = first ? str(first) : unknown(link.call);
        path = path ? concat(path, expr) : expr;
        prefix = link.method === 'PathPrefix';
        loc ??= declLoc(link.call, link.callee, first);
      } else if (link.method === 'Methods') {
        methods = intersectMethods(methods, methodsOf(callArgs));
      }
    }
    return {
      base: current,
      ...(path ? { path } : {}),
      prefix,
      ...(methods !== undefined ? { methods } : {}),
      ...(loc ? { loc } : {}),
    };
  };
  /** `.Methods(...)` chained after a gorilla/mux registration: r.HandleFunc(p, h).Methods("GET"). */
  const methodsAfter = (node: SgNode): string[] | null | undefined => {
    let methods: string[] | null | undefined;
    let current = node;
    for (let i = 0; i < 50; i++) {
      const selector = current.parent();
      const outer = selector?.parent();
      if (selector?.kind() !== 'selector_expression' || outer?.kind() !== 'call_expression') break;
      const method = selector.field('field')?.text() ?? '';
      if (!GORILLA_MATCHERS.has(method)) break;
      if (method === 'Methods')
        methods = intersectMethods(methods, methodsOf(args(outer.field('arguments'))));
      current = outer;
    }
    return methods;
  };
  const evalRouter = (node: SgNode): RouterRef | undefined => {
    const kind = node.kind();
    if (kind === 'parenthesized_expression' || kind === 'unary_expression') {
      const inner = args(node)[0];
      return inner ? evalRouter(inner) : undefined;
    }
    if (kind === 'identifier') {
      const name = node.text();
      if (isParam(name, node)) return paramRouter(name, node);
      return { name };
    }
    if (kind === 'selector_expression') {
      const name = dottedGo(node);
      if (!name) return undefined;
      const field = fieldId(name, node);
      if (field) {
        if (!routerIds.has(field)) addRouter(field, fileKind, 'auto', locOf(node), false);
        return { name: field };
      }
      return { name };
    }
    if (kind !== 'call_expression') return undefined;
    const ctor = constructorOf(node);
    if (ctor) {
      const id = synthetic('new', node);
      addRouter(id, ctor.kind, ctor.root, locOf(node));
      return { name: id };
    }
    const callee = node.field('function');
    if (!callee) return undefined;
    if (callee.kind() === 'selector_expression') {
      const method = callee.field('field')?.text() ?? '';
      const operand = callee.field('operand');
      const callArgs = args(node.field('arguments'));
      if (operand && method === 'Subrouter') {
        // r.PathPrefix("/api").Subrouter(): routes below get the chain's path as a prefix.
        const chain = gorillaChain(operand);
        if (!chain) return undefined;
        const parent = evalRouter(chain.base);
        if (!parent) return undefined;
        const id = synthetic('sub', node);
        if (!routerIds.has(id)) {
          addRouter(id, 'gorilla', false, locOf(node));
          const guard = guardOf(node);
          facts.mounts.push({
            parent,
            child: { name: id },
            prefix: chain.path ?? lit(''),
            middleware: [],
            ...(guard ? { guard } : {}),
            loc: chain.loc ?? locOf(node),
            order: orderOf(node),
          });
        }
        return { name: id };
      }
      if (operand && (method === 'Group' || method === 'With' || method === 'Route')) {
        const parent = evalRouter(operand);
        if (!parent) return undefined;
        const parentKind = kindOfRef(parent);
        if (method === 'Route' || (method === 'Group' && parentKind === 'chi')) {
          const fn = callArgs[callArgs.length - 1];
          if (!fn || fn.kind() !== 'func_literal') return undefined;
          const paramName = goParams(fn)[0]?.name;
          if (!paramName) return undefined;
          const id = `@param:@fn:${fn.range().start.line + 1}:${fn.range().start.column + 1}:0`;
          addRouter(id, 'chi', false, locOf(fn));
          facts.mounts.push({
            parent,
            child: { name: id },
            prefix: method === 'Route' && callArgs[0] ? str(callArgs[0]) : lit(''),
            middleware: [],
            loc: declLoc(node, callee, callArgs[0]),
            order: orderOf(node),
          });
          return { name: id };
        }
        const id = synthetic(method === 'With' ? 'with' : 'group', node);
        if (!routerIds.has(id)) {
          addRouter(id, parentKind, false, locOf(node));
          const prefixed = method === 'Group' && callArgs[0] !== undefined;
          const guard = guardOf(node);
          facts.mounts.push({
            parent,
            child: { name: id },
            prefix: prefixed ? str(callArgs[0] as SgNode) : lit(''),
            middleware: middlewareList(prefixed ? callArgs.slice(1) : callArgs),
            ...(guard ? { guard } : {}),
            loc: declLoc(node, callee, callArgs[0]),
            order: orderOf(node),
          });
        }
        return { name: id };
      }
    }
    const name = dottedGo(callee);
    return name ? { call: name } : undefined;
  };

  const middlewareList = (nodes: SgNode[]): Middleware[] =>
    nodes.flatMap((n) => middlewareOfNode(n));
  const middlewareOfNode = (node: SgNode): Middleware[] => {
    const kind = node.kind();
    if (kind === 'identifier' || kind === 'selector_expression') {
      const name = dottedGo(node);
      return name ? [middlewareOf(name, node)] : [];
    }
    if (kind === 'call_expression') {
      const callee = node.field('function');
      const name = callee ? dottedGo(callee) : undefined;
      return name ? [middlewareOf(name, node)] : [];
    }
    return [];
  };
  /** Strips conversions and wrappers from a handler: auth(http.HandlerFunc(h)) → [auth], h. */
  const unwrapHandler = (
    node: SgNode,
  ): {
    middleware: Middleware[];
    handler?: HandlerRef;
    strip?: { prefix: StrExpr; child: SgNode };
  } => {
    const middleware: Middleware[] = [];
    let current: SgNode | undefined = node;
    for (let i = 0; i < 10 && current; i++) {
      const kind = current.kind();
      if (kind === 'func_literal') return { middleware, handler: { inline: body(current) } };
      if (kind === 'identifier' || kind === 'selector_expression') {
        const name = dottedGo(current);
        return { middleware, ...(name ? { handler: { name } } : {}) };
      }
      if (kind !== 'call_expression') return { middleware };
      const callee: SgNode | null = current.field('function');
      const name = callee ? dottedGo(callee) : undefined;
      const callArgs = args(current.field('arguments'));
      if (name === 'http.StripPrefix' && callArgs[0] && callArgs[1])
        return { middleware, strip: { prefix: str(callArgs[0]), child: callArgs[1] } };
      if (name === 'http.HandlerFunc' || name === 'http.Handler') {
        current = callArgs[0];
        continue;
      }
      if (callArgs.length === 0) return { middleware, ...(name ? { handler: { name } } : {}) };
      if (name) middleware.push(middlewareOf(name, current));
      current = callArgs[callArgs.length - 1];
    }
    return { middleware };
  };

  // Functions that return a router: func Routes() chi.Router { r := chi.NewRouter(); …; return r }
  for (const { name, node } of functionNodes) {
    const info = facts.functions[name];
    if (!info) continue;
    for (const ret of node.findAll({ rule: { kind: 'return_statement' } })) {
      const owner = ret
        .ancestors()
        .find(
          (a) =>
            a.kind() === 'function_declaration' ||
            a.kind() === 'method_declaration' ||
            a.kind() === 'func_literal',
        );
      if (!owner || owner.range().start.index !== node.range().start.index) continue;
      const list = args(ret)[0];
      const value = list?.kind() === 'expression_list' ? args(list)[0] : list;
      const returned = value ? dottedGo(value) : undefined;
      if (!returned || !value) continue;
      const id = fieldId(returned, value) ?? returned;
      if (routerIds.has(id) || facts.aliases[id]) {
        info.returns = { name: id };
        break;
      }
    }
  }

  // Aliases: v1 := r.Group("/v1"), api := r.With(auth), sub := mux
  for (const node of top.findAll({
    rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }] },
  })) {
    const left = args(node.field('left'));
    const right = args(node.field('right'));
    left.forEach((l, i) => {
      const r = right[i];
      const name = dottedGo(l);
      if (!r || !name || routerIds.has(name)) return;
      if (r.kind() === 'call_expression') {
        const callee = r.field('function');
        const method =
          callee?.kind() === 'selector_expression' ? callee.field('field')?.text() : undefined;
        if (method !== 'Group' && method !== 'With' && method !== 'Route' && method !== 'Subrouter')
          return;
        const ref = evalRouter(r);
        if (ref) facts.aliases[name] = ref;
      } else if (r.kind() === 'identifier' && (routerIds.has(r.text()) || isParam(r.text(), r))) {
        const ref = evalRouter(r);
        if (ref) facts.aliases[name] = ref;
      }
    });
  }

  for (const call of top.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        kind: 'selector_expression',
        has: { field: 'field', regex: `^(${ROUTER_CALLS.join('|')})$` },
      },
    },
  })) {
    const callee = call.field('function') as SgNode;
    const method = callee.field('field')?.text() ?? '';
    const operand = callee.field('operand');
    if (!operand || method === 'With' || method === 'Group' || method === 'Route') {
      if (operand && (method === 'Route' || method === 'Group')) evalRouter(call);
      continue;
    }
    // http.HandleFunc / http.Handle register on the default ServeMux.
    let router: RouterRef | undefined;
    if (operand.kind() === 'identifier' && alias(operand.text()) === 'net/http') {
      if (method !== 'HandleFunc' && method !== 'Handle') continue;
      addRouter('@http.DefaultServeMux', 'nethttp', true, locOf(call));
      router = { name: '@http.DefaultServeMux' };
    } else {
      if (operand.kind() === 'identifier' && aliases.has(operand.text())) continue;
      router = evalRouter(operand);
    }
    if (!router) continue;
    const kind = kindOfRef(router);
    const callArgs = args(call.field('arguments'));
    const order = orderOf(call);
    const guard = guardOf(call);
    const withGuard = <T extends object>(value: T): T => (guard ? { ...value, guard } : value);
    const syntax = kind === 'gin' || kind === 'echo' ? 'gin' : 'go';
    const route = (
      methods: string[] | null,
      pathNode: SgNode,
      handlers: SgNode[],
      extra: Middleware[] = [],
    ): void => {
      // echo takes middleware after the handler; the others before it.
      const handlerNode = kind === 'echo' ? handlers[0] : handlers[handlers.length - 1];
      const around = kind === 'echo' ? handlers.slice(1) : handlers.slice(0, -1);
      const unwrapped = handlerNode ? unwrapHandler(handlerNode) : { middleware: [] };
      facts.routes.push(
        withGuard({
          router: router as RouterRef,
          framework: 'go' as const,
          methods,
          path: str(pathNode),
          loc: declLoc(call, callee, pathNode),
          middleware: [...extra, ...middlewareList(around), ...unwrapped.middleware],
          ...(unwrapped.handler ? { handler: unwrapped.handler } : {}),
          order,
          syntax,
        }),
      );
    };
    if (method === 'Use') {
      // gorilla/mux applies a router's middleware to every route it matches, whenever Use runs.
      facts.uses.push({
        router,
        middleware: middlewareList(callArgs),
        order: kind === 'gorilla' ? -1 : order,
      });
      continue;
    }
    if (method === 'Mount' && callArgs.length >= 2) {
      const child = evalRouter(callArgs[1] as SgNode);
      if (child)
        facts.mounts.push(
          withGuard({
            parent: router,
            child,
            prefix: str(callArgs[0] as SgNode),
            middleware: [],
            loc: declLoc(call, callee, callArgs[0]),
            order,
          }),
        );
      continue;
    }
    if ((method === 'HandleFunc' || method === 'Handle') && callArgs.length >= 2) {
      const first = callArgs[0] as SgNode;
      if (kind !== 'gorilla' && callArgs.length >= 3 && /^[A-Z]+$/.test(goString(first) ?? '')) {
        route(
          [(goString(first) as string).toUpperCase()],
          callArgs[1] as SgNode,
          callArgs.slice(2),
        );
        continue;
      }
      const unwrapped = unwrapHandler(callArgs[1] as SgNode);
      if (unwrapped.strip) {
        const child = evalRouter(unwrapped.strip.child);
        if (child)
          facts.mounts.push(
            withGuard({
              parent: router,
              child,
              prefix: unwrapped.strip.prefix,
              middleware: unwrapped.middleware,
              loc: declLoc(call, callee, first),
              order,
            }),
          );
        continue;
      }
      // A pattern may name the method: "GET /users/{id}"; gorilla/mux names it in .Methods().
      // Without one, the route serves every method.
      const pattern = str(first);
      let methods: string[] | null = ['*'];
      let path: StrExpr = pattern;
      if (kind === 'gorilla') {
        const named = methodsAfter(call);
        // Methods() matchers that exclude each other: the route serves nothing.
        if (named?.length === 0) continue;
        methods = named === undefined ? ['*'] : named;
      } else if ('parts' in pattern && pattern.parts[0] && 'lit' in pattern.parts[0]) {
        const match = /^\s*([A-Z]+)\s+(.*)$/s.exec(pattern.parts[0].lit);
        if (match) {
          methods = [match[1] as string];
          path = { parts: [{ lit: match[2] as string }, ...pattern.parts.slice(1)] };
        }
      }
      facts.routes.push(
        withGuard({
          router,
          framework: 'go' as const,
          methods,
          path,
          loc: declLoc(call, callee, first),
          middleware: unwrapped.middleware,
          ...(unwrapped.handler ? { handler: unwrapped.handler } : {}),
          order,
          syntax: 'go' as const,
        }),
      );
      continue;
    }
    // gorilla/mux's Get(name) looks a route up by name; its other routes are chains (below).
    if (kind === 'gorilla') continue;
    if (
      (method === 'Method' || method === 'MethodFunc' || method === 'Add') &&
      callArgs.length >= 3
    ) {
      const verb = goString(callArgs[0] as SgNode);
      route(
        verb !== undefined ? [verb.toUpperCase()] : null,
        callArgs[1] as SgNode,
        callArgs.slice(2),
      );
      continue;
    }
    if (method === 'Match' && callArgs.length >= 3) {
      const list = callArgs[0] as SgNode;
      const verbs =
        list.kind() === 'composite_literal'
          ? args(list.field('body')).map((e) => goString(args(e)[0] ?? e))
          : [undefined];
      route(
        verbs.every((v) => v !== undefined)
          ? (verbs as string[]).map((v) => v.toUpperCase())
          : null,
        callArgs[1] as SgNode,
        callArgs.slice(2),
      );
      continue;
    }
    const verb =
      kind === 'chi' || kind === 'nethttp'
        ? CHI_METHODS[method]
        : (UPPER_METHODS[method] ?? CHI_METHODS[method]);
    if (verb && callArgs.length >= 2) route([verb], callArgs[0] as SgNode, callArgs.slice(1));
  }

  // gorilla/mux route chains: r.Path("/x").Methods("GET").HandlerFunc(h),
  // r.PathPrefix("/static/").Handler(files) (every path below the prefix).
  for (const call of top.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'function',
        kind: 'selector_expression',
        has: { field: 'field', regex: '^(HandlerFunc|Handler)$' },
      },
    },
  })) {
    const callee = call.field('function') as SgNode;
    const operand = callee.field('operand');
    const chain = operand?.kind() === 'call_expression' ? gorillaChain(operand) : undefined;
    if (!chain) continue;
    const router = evalRouter(chain.base);
    const handlerNode = args(call.field('arguments'))[0];
    if (!router || kindOfRef(router) !== 'gorilla' || !handlerNode) continue;
    const unwrapped = unwrapHandler(handlerNode);
    const guard = guardOf(call);
    const loc = chain.loc ?? declLoc(call, callee, undefined);
    if (unwrapped.strip) {
      const child = evalRouter(unwrapped.strip.child);
      if (child)
        facts.mounts.push({
          parent: router,
          child,
          prefix: unwrapped.strip.prefix,
          middleware: unwrapped.middleware,
          ...(guard ? { guard } : {}),
          loc,
          order: orderOf(call),
        });
      continue;
    }
    const path =
      chain.path === undefined || chain.prefix
        ? concat(chain.path ?? lit(''), lit('/{path...}'))
        : chain.path;
    const after = methodsAfter(call);
    const methods =
      chain.methods === undefined
        ? after
        : after === undefined
          ? chain.methods
          : intersectMethods(chain.methods, after);
    if (methods?.length === 0) continue;
    facts.routes.push({
      router,
      framework: 'go',
      methods: methods === undefined ? ['*'] : methods,
      path,
      loc,
      middleware: unwrapped.middleware,
      ...(unwrapped.handler ? { handler: unwrapped.handler } : {}),
      ...(guard ? { guard } : {}),
      order: orderOf(call),
      syntax: 'go',
    });
  }

  // Functions handed routers: api.Register(r), h.Routes(r.Group("/users")), RegisterRoutes(e)
  const known = new Set([...facts.routers.map((r) => r.id), ...Object.keys(facts.aliases)]);
  for (const call of top.findAll({
    rule: {
      kind: 'call_expression',
      has: {
        field: 'arguments',
        any: [
          { has: { kind: 'identifier' } },
          { has: { kind: 'call_expression' } },
          { has: { kind: 'selector_expression' } },
        ],
      },
    },
  })) {
    const callee = call.field('function');
    if (!callee) continue;
    const calleeName = dottedGo(callee);
    if (!calleeName) continue;
    const last = calleeName.split('.').pop() as string;
    // r.Mount(...), g.GET(...) on a router are registrations, not functions handed a router.
    const operand = callee.kind() === 'selector_expression' ? callee.field('operand') : null;
    const onRouter =
      operand !== null &&
      (operand.kind() === 'call_expression' ||
        routerIds.has(fieldId(dottedGo(operand) ?? '', operand) ?? dottedGo(operand) ?? '') ||
        facts.aliases[dottedGo(operand) ?? ''] !== undefined ||
        (operand.kind() === 'identifier' &&
          isParam(operand.text(), operand) &&
          routerIds.has(`@param:${enclosingFunctionName(operand)}:${paramIndex(operand)}`)));
    if (ROUTER_CALLS.includes(last) && onRouter) continue;
    let any = false;
    const refs = args(call.field('arguments')).map((arg) => {
      const kind = arg.kind();
      if (kind === 'identifier') {
        const name = arg.text();
        if (isParam(name, arg)) {
          const ref = paramRouter(name, arg);
          const id = ref && 'name' in ref ? ref.name : '';
          if (!ROUTERISH_PARAM.test(name) && !routerKinds.has(id)) return null;
          any = true;
          return ref ?? null;
        }
        if (!known.has(name)) return null;
        any = true;
        return { name };
      }
      if (kind === 'call_expression') {
        const inner = arg.field('function');
        const method =
          inner?.kind() === 'selector_expression' ? inner.field('field')?.text() : undefined;
        if (method !== 'Group' && method !== 'With' && method !== 'Route' && method !== 'Subrouter')
          return null;
        const ref = evalRouter(arg);
        if (ref) any = true;
        return ref ?? null;
      }
      if (kind === 'selector_expression') {
        const name = dottedGo(arg);
        const field = name ? fieldId(name, arg) : undefined;
        if (!field || !routerIds.has(field)) return null;
        any = true;
        return { name: field };
      }
      return null;
    });
    if (any)
      facts.calls.push({
        callee: { name: calleeName },
        args: refs,
        loc: locOf(call),
        order: orderOf(call),
      });
  }
  return facts;
}

/** Both Methods() matchers must match: their intersection (null when either is computed). */
function intersectMethods(a: string[] | null | undefined, b: string[] | null): string[] | null {
  if (a === undefined) return b;
  if (a === null || b === null) return null;
  return a.filter((m) => b.includes(m));
}

function enclosingFunction(node: SgNode): SgNode | undefined {
  return node.ancestors().find((a) => {
    const kind = a.kind();
    return (
      (kind === 'function_declaration' ||
        kind === 'method_declaration' ||
        kind === 'func_literal') &&
      goParams(a).some((p) => p.name === node.text())
    );
  });
}

function enclosingFunctionName(node: SgNode): string {
  const fn = enclosingFunction(node);
  if (!fn) return '';
  return fn.kind() === 'func_literal'
    ? `@fn:${fn.range().start.line + 1}:${fn.range().start.column + 1}`
    : (functionName(fn) ?? '@fn');
}

function paramIndex(node: SgNode): number {
  const fn = enclosingFunction(node);
  return fn ? goParams(fn).findIndex((p) => p.name === node.text()) : -1;
}

function declLoc(call: SgNode, callee: SgNode, first: SgNode | undefined): Loc {
  const operand = callee.field('operand');
  const chained = operand?.kind() === 'call_expression';
  const start = locOf(chained ? (callee.field('field') ?? call) : call);
  const end = locOf(first ?? callee);
  return { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}

function functionName(fn: SgNode): string | undefined {
  const name = fn.field('name')?.text();
  if (!name) return undefined;
  if (fn.kind() !== 'method_declaration') return name;
  const receiver = args(fn.field('receiver'))[0];
  const type = (receiver?.field('type')?.text() ?? '').replace(/^\*/, '').replace(/\[.*\]$/, '');
  return type ? `${type}.${name}` : name;
}

function goParams(fn: SgNode): { name: string; type?: string }[] {
  const list = fn.field('parameters');
  const out: { name: string; type?: string }[] = [];
  for (const decl of args(list)) {
    if (decl.kind() !== 'parameter_declaration' && decl.kind() !== 'variadic_parameter_declaration')
      continue;
    const type = decl.field('type')?.text();
    const names = decl.children().filter((c) => c.kind() === 'identifier');
    if (names.length === 0) out.push({ name: '', ...(type ? { type } : {}) });
    for (const name of names) out.push({ name: name.text(), ...(type ? { type } : {}) });
  }
  return out;
}

export function dottedGo(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'identifier' || kind === 'field_identifier' || kind === 'package_identifier')
    return node.text();
  if (kind === 'selector_expression') {
    const operand = node.field('operand');
    const field = node.field('field');
    const base = operand ? dottedGo(operand) : undefined;
    return base && field ? `${base}.${field.text()}` : undefined;
  }
  return undefined;
}

export function goString(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'raw_string_literal') return node.text().slice(1, -1);
  if (kind !== 'interpreted_string_literal') return undefined;
  return unescapeString(node.text().slice(1, -1));
}
