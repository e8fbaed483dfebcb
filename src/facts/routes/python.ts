import type { SgNode, SgRoot } from '@ast-grep/napi';
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
import { emptyFacts } from './types.js';
import type {
  BodyInfo,
  Framework,
  Middleware,
  RouteFileFacts,
  RouterRef,
  StrExpr,
} from './types.js';

/**
 * Structural reading of a Python module for FastAPI and Flask: imports, module constants
 * (also class attributes such as `Settings.API_V1_STR`), routers (FastAPI, APIRouter, Flask,
 * Blueprint), route decorators, include_router / register_blueprint mounts, dependencies and
 * decorators as middleware, query reads and environment reads.
 */

const DECORATOR_METHODS: Record<string, string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  trace: 'TRACE',
};
const ROUTERISH_PARAM =
  /^(app|application|router|api|api_router|bp|blueprint|\w*_(router|app|bp|blueprint))$/i;
const SIMPLE_QUERY_TYPE =
  /^(str|int|float|bool|UUID|Optional\[(str|int|float|bool)\]|(str|int|float|bool)\s*\|\s*None|None\s*\|\s*(str|int|float|bool))$/;

export function scanPython(root: SgRoot, framework: Framework): RouteFileFacts {
  const facts = emptyFacts('python', framework);
  const top = root.root();
  const routerIds = new Set<string>();
  const imports = new Map<string, { module: string; imported: string }>();

  // Imports.
  for (const statement of top.findAll({
    rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
  })) {
    if (statement.kind() === 'import_statement') {
      for (const item of args(statement)) {
        if (item.kind() === 'dotted_name') {
          const module = item.text();
          facts.imports.push({ local: module, module, imported: '*' });
          imports.set(module, { module, imported: '*' });
        } else if (item.kind() === 'aliased_import') {
          const module = item.field('name')?.text();
          const alias = item.field('alias')?.text();
          if (module && alias) {
            facts.imports.push({ local: alias, module, imported: '*' });
            imports.set(alias, { module, imported: '*' });
          }
        }
      }
      continue;
    }
    const moduleNode = statement.field('module_name');
    if (!moduleNode) continue;
    const module = moduleNode.text().replace(/\s+/g, '');
    for (const item of args(statement)) {
      if (item.range().start.index === moduleNode.range().start.index) continue;
      let name: string | undefined;
      let alias: string | undefined;
      if (item.kind() === 'dotted_name') name = item.text();
      else if (item.kind() === 'aliased_import') {
        name = item.field('name')?.text();
        alias = item.field('alias')?.text();
      } else if (item.kind() === 'wildcard_import') {
        facts.reexports.push({ module });
        continue;
      }
      if (!name) continue;
      facts.imports.push({ local: alias ?? name, module, imported: name });
      imports.set(alias ?? name, { module, imported: name });
    }
  }

  const str = (node: SgNode | null, depth = 0): StrExpr => {
    if (!node || depth > 50) return unknown(node ? shortText(node) : '');
    const kind = node.kind();
    if (kind === 'string') return stringExpr(node, (n) => str(n, depth + 1));
    if (kind === 'concatenated_string') return concat(...args(node).map((n) => str(n, depth + 1)));
    if (kind === 'binary_operator') {
      if (node.field('operator')?.text() !== '+') return unknown(node);
      return concat(str(node.field('left'), depth + 1), str(node.field('right'), depth + 1));
    }
    if (kind === 'parenthesized_expression') return str(args(node)[0] ?? null, depth + 1);
    if (kind === 'identifier' || kind === 'attribute') {
      const name = dottedPy(node);
      return name ? { parts: [{ ref: name }] } : unknown(node);
    }
    return unknown(node);
  };

  const isRouterCtor = (
    node: SgNode,
  ):
    | { framework: Framework; root: boolean; prefix?: StrExpr; middleware?: Middleware[] }
    | undefined => {
    if (node.kind() !== 'call') return undefined;
    const callee = node.field('function');
    const name = callee ? dottedPy(callee)?.split('.').pop() : undefined;
    const argList = node.field('arguments');
    const kw = (key: string): SgNode | undefined => keywordArg(argList, key);
    const deps = kw('dependencies');
    const middleware = deps ? dependsNames(deps) : [];
    const extra = middleware.length > 0 ? { middleware } : {};
    switch (name) {
      case 'FastAPI':
        return { framework: 'fastapi', root: true, ...extra };
      case 'APIRouter': {
        const prefix = kw('prefix');
        return {
          framework: 'fastapi',
          root: false,
          ...(prefix ? { prefix: str(prefix) } : {}),
          ...extra,
        };
      }
      case 'Flask':
        return { framework: 'flask', root: true };
      case 'Blueprint': {
        const prefix = kw('url_prefix');
        return { framework: 'flask', root: false, ...(prefix ? { prefix: str(prefix) } : {}) };
      }
      default:
        return undefined;
    }
  };

  // Module-level names and everything assigned anywhere (routers are often built in factories).
  const topStatements = args(top);
  const topRanges: { start: number; end: number; name: string; kind: 'value' | 'function' }[] = [];
  const addConstant = (name: string, value: SgNode): void => {
    const expr = str(value);
    if (isKnown(expr) && keepConstant(expr)) facts.constants[name] = expr;
  };
  for (const statement of topStatements) {
    const kind = statement.kind();
    if (kind === 'expression_statement') {
      const assignment = args(statement)[0];
      if (assignment?.kind() !== 'assignment') continue;
      const left = assignment.field('left');
      const right = assignment.field('right');
      if (!left || !right || left.kind() !== 'identifier') continue;
      const name = left.text();
      topRanges.push({
        start: right.range().start.index,
        end: right.range().end.index,
        name,
        kind: 'value',
      });
      if (/\b(Depends|Security)\s*\(/.test(right.text())) {
        const aliased = dependsNames(right);
        if (aliased.length > 0) (facts.middlewareAliases ??= {})[name] = aliased;
      }
      if (isStringish(right)) addConstant(name, right);
      else if (right.kind() === 'identifier' || right.kind() === 'attribute') {
        const target = dottedPy(right);
        if (target) {
          facts.aliases[name] = { name: target };
          addConstant(name, right);
        }
      } else if (right.kind() === 'call' && !isRouterCtor(right)) {
        const callee = right.field('function');
        const target = callee ? dottedPy(callee) : undefined;
        if (target) facts.aliases[name] = { call: target };
      }
    } else if (kind === 'class_definition') {
      const className = statement.field('name')?.text();
      const body = statement.field('body');
      if (!className || !body) continue;
      for (const member of args(body)) {
        const assignment = member.kind() === 'expression_statement' ? args(member)[0] : undefined;
        if (assignment?.kind() !== 'assignment') continue;
        const left = assignment.field('left');
        const right = assignment.field('right');
        if (left?.kind() === 'identifier' && right && isStringish(right))
          addConstant(`${className}.${left.text()}`, right);
      }
    } else if (kind === 'function_definition' || kind === 'decorated_definition') {
      const fn = kind === 'function_definition' ? statement : statement.field('definition');
      if (!fn || fn.kind() !== 'function_definition') continue;
      const name = fn.field('name')?.text();
      if (!name) continue;
      facts.functions[name] = {
        params: paramList(fn).map((p) => p.name),
        body: { env: [], refs: [] },
      };
      topRanges.push({
        start: fn.range().start.index,
        end: fn.range().end.index,
        name,
        kind: 'function',
      });
      const returned = returnedName(fn);
      if (returned) (facts.functions[name] as { returns?: RouterRef }).returns = { name: returned };
    }
  }
  for (const assignment of top.findAll({
    rule: { kind: 'assignment', has: { field: 'right', kind: 'call' } },
  })) {
    const left = assignment.field('left');
    const right = assignment.field('right');
    if (!left || !right) continue;
    const name = dottedPy(left);
    const ctor = isRouterCtor(right);
    if (!name || !ctor || routerIds.has(name)) continue;
    routerIds.add(name);
    facts.routers.push({ id: name, ...ctor, loc: locOf(left) });
  }

  // Environment reads, attributed to module-level values and functions.
  const envReads: { name: string; start: number; end: number }[] = [];
  for (const node of top.findAll({
    rule: {
      any: [
        {
          kind: 'call',
          regex:
            '^(os\\s*\\.\\s*)?(getenv|environ\\s*\\.\\s*get|environ\\s*\\.\\s*setdefault)\\s*\\(',
        },
        { kind: 'subscript', regex: '^(os\\s*\\.\\s*)?environ\\s*\\[' },
      ],
    },
  })) {
    const first =
      node.kind() === 'call' ? args(node.field('arguments'))[0] : node.field('subscript');
    const value = first?.kind() === 'string' ? literalString(first) : undefined;
    if (value === undefined) continue;
    envReads.push({ name: value, start: node.range().start.index, end: node.range().end.index });
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
      rule: { any: [{ kind: 'identifier' }, { kind: 'attribute', regex: '^[\\w.]+$' }] },
    })) {
      if (refs.size >= 200) break;
      refs.add(ref.text());
    }
    return { env, refs: [...refs] };
  };
  for (const entry of topRanges) {
    const reads = envReads
      .filter((r) => r.start >= entry.start && r.end <= entry.end)
      .map((r) => r.name);
    if (entry.kind === 'function') {
      const fn = facts.functions[entry.name];
      if (fn) fn.body.env = uniq([...fn.body.env, ...reads]);
    } else {
      const node = topStatements.find(
        (s) => s.range().start.index <= entry.start && s.range().end.index >= entry.end,
      );
      const refs = node
        ? body(node)
            .refs.filter((r) => r !== entry.name)
            .slice(0, 50)
        : [];
      if (reads.length > 0 || refs.length > 0)
        facts.values[entry.name] = { env: uniq(reads), refs };
    }
  }

  const guardOf = (node: SgNode): BodyInfo | undefined => {
    const env: string[] = [];
    const refs: string[] = [];
    for (const ancestor of node.ancestors()) {
      if (ancestor.kind() === 'function_definition') break;
      if (ancestor.kind() === 'if_statement') {
        const condition = ancestor.field('condition');
        if (condition) {
          const info = body(condition);
          env.push(...info.env);
          refs.push(...info.refs);
        }
      }
    }
    return env.length > 0 || refs.length > 0 ? { env: uniq(env), refs: uniq(refs) } : undefined;
  };

  const scopeRouter = (name: string, at: SgNode): RouterRef | undefined => {
    const head = name.split('.')[0] as string;
    for (const ancestor of at.ancestors()) {
      if (ancestor.kind() !== 'function_definition') continue;
      const params = paramList(ancestor);
      const index = params.findIndex((p) => p.name === head);
      if (index < 0) continue;
      if (name.includes('.')) return undefined;
      const fnName = ancestor.field('name')?.text() ?? `@fn:${ancestor.range().start.line + 1}`;
      const id = `@param:${fnName}:${index}`;
      if (!routerIds.has(id)) {
        routerIds.add(id);
        const type = params[index]?.type ?? '';
        facts.routers.push({
          id,
          framework: framework === 'none' ? 'fastapi' : framework,
          root: false,
          typed: /\b(FastAPI|APIRouter|Flask|Blueprint)\b/.test(type) || framework !== 'none',
          loc: locOf(at),
        });
      }
      return { name: id };
    }
    return { name };
  };

  if (framework !== 'none') {
    // Route decorators.
    for (const decorated of top.findAll({ rule: { kind: 'decorated_definition' } })) {
      const fn = decorated.field('definition');
      if (!fn || fn.kind() !== 'function_definition') continue;
      const decorators = decorated.children().filter((c) => c.kind() === 'decorator');
      const routeDecorators: {
        node: SgNode;
        router: RouterRef;
        methods: string[] | null;
        path: StrExpr;
        deps: Middleware[];
      }[] = [];
      const otherDecorators: Middleware[] = [];
      for (const decorator of decorators) {
        const expression = args(decorator)[0];
        if (!expression) continue;
        const call = expression.kind() === 'call' ? expression : undefined;
        const callee = call?.field('function') ?? expression;
        if (callee.kind() !== 'attribute') {
          const name = dottedPy(callee);
          if (name) otherDecorators.push(middlewareOf(name, decorator));
          continue;
        }
        const method = callee.field('attribute')?.text() ?? '';
        const object = callee.field('object');
        const isRoute =
          call && (method in DECORATOR_METHODS || method === 'api_route' || method === 'route');
        if (!isRoute || !object) {
          const name = dottedPy(callee);
          if (name) otherDecorators.push(middlewareOf(name, decorator));
          continue;
        }
        const argList = call.field('arguments');
        const positional = args(argList).filter((a) => a.kind() !== 'keyword_argument');
        const pathNode =
          positional[0] ?? keywordArg(argList, 'path') ?? keywordArg(argList, 'rule');
        if (!pathNode) continue;
        const routerName = dottedPy(object);
        if (!routerName) continue;
        const router = scopeRouter(routerName, decorator);
        if (!router) continue;
        let methods: string[] | null;
        if (method in DECORATOR_METHODS) methods = [DECORATOR_METHODS[method] as string];
        else {
          const list = keywordArg(argList, 'methods');
          methods = list ? methodList(list) : method === 'route' ? ['GET'] : null;
        }
        const deps = keywordArg(argList, 'dependencies');
        routeDecorators.push({
          node: decorator,
          router,
          methods,
          path: str(pathNode),
          deps: deps ? dependsNames(deps) : [],
        });
      }
      if (routeDecorators.length === 0) continue;
      const params = paramList(fn);
      const paramDeps = params.flatMap((p) => p.depends);
      const handler = { inline: body(fn.field('body') ?? fn) };
      const guard = guardOf(decorated);
      for (const route of routeDecorators) {
        facts.routes.push({
          router: route.router,
          framework,
          methods: route.methods,
          path: route.path,
          loc: locOf(route.node),
          middleware: [...route.deps, ...paramDeps, ...otherDecorators],
          handler,
          ...(guard ? { guard } : {}),
          order: orderOf(route.node),
        });
        // FastAPI: plain parameters that are not path parameters are query parameters.
        if (framework === 'fastapi') {
          const template =
            'parts' in route.path
              ? route.path.parts.map((p) => ('lit' in p ? p.lit : '')).join('')
              : '';
          for (const param of params) {
            if (param.query === undefined || template.includes(`{${param.name}`)) continue;
            facts.queryReads.push({ name: param.query, text: param.text, loc: param.loc });
          }
        }
      }
    }

    // Calls: add_api_route / add_url_rule, include_router / register_blueprint / mount, and functions handed routers.
    for (const call of top.findAll({
      rule: {
        kind: 'call',
        has: {
          field: 'function',
          kind: 'attribute',
          has: {
            field: 'attribute',
            regex:
              '^(add_api_route|add_url_rule|include_router|register_blueprint|mount|before_request)$',
          },
        },
      },
    })) {
      const callee = call.field('function') as SgNode;
      const method = callee.field('attribute')?.text() ?? '';
      const object = callee.field('object');
      const parentName = object ? dottedPy(object) : undefined;
      if (!parentName) continue;
      const parent = scopeRouter(parentName, call);
      if (!parent) continue;
      const argList = call.field('arguments');
      const positional = args(argList).filter((a) => a.kind() !== 'keyword_argument');
      const guard = guardOf(call);
      if (method === 'add_api_route' || method === 'add_url_rule') {
        const pathNode =
          positional[0] ?? keywordArg(argList, 'path') ?? keywordArg(argList, 'rule');
        if (!pathNode) continue;
        const list = keywordArg(argList, 'methods');
        const view =
          keywordArg(argList, 'view_func') ??
          keywordArg(argList, 'endpoint') ??
          (method === 'add_api_route' ? positional[1] : positional[2]);
        let methods: string[] | null = list
          ? methodList(list)
          : method === 'add_url_rule'
            ? ['GET']
            : ['GET'];
        const viewName = view
          ? dottedPy(view.kind() === 'call' ? (view.field('function') ?? view) : view)
          : undefined;
        // Flask MethodView: UserAPI.as_view('users') serves the methods the class defines.
        if (!list && viewName?.endsWith('.as_view')) {
          const cls = viewName.slice(0, -'.as_view'.length);
          const defined = classMethods(top, cls);
          if (defined.length > 0) methods = defined;
        }
        const deps = keywordArg(argList, 'dependencies');
        facts.routes.push({
          router: parent,
          framework,
          methods,
          path: str(pathNode),
          loc: locOf(call),
          middleware: deps ? dependsNames(deps) : [],
          ...(viewName && !viewName.endsWith('.as_view') ? { handler: { name: viewName } } : {}),
          ...(guard ? { guard } : {}),
          order: orderOf(call),
        });
        continue;
      }
      if (method === 'before_request') {
        const fn = positional[0];
        const name = fn ? dottedPy(fn) : undefined;
        if (name)
          facts.uses.push({
            router: parent,
            middleware: [middlewareOf(name, fn as SgNode)],
            order: orderOf(call),
          });
        continue;
      }
      const childNode =
        positional[method === 'mount' ? 1 : 0] ??
        keywordArg(argList, method === 'mount' ? 'app' : 'router') ??
        keywordArg(argList, 'blueprint');
      if (!childNode) continue;
      const childName = dottedPy(
        childNode.kind() === 'call' ? (childNode.field('function') ?? childNode) : childNode,
      );
      if (!childName) continue;
      const child: RouterRef =
        childNode.kind() === 'call'
          ? { call: childName }
          : (scopeRouter(childName, call) ?? { name: childName });
      const prefixNode =
        method === 'mount'
          ? positional[0]
          : (keywordArg(argList, 'prefix') ?? keywordArg(argList, 'url_prefix'));
      const deps = keywordArg(argList, 'dependencies');
      facts.mounts.push({
        parent,
        child,
        prefix: prefixNode ? str(prefixNode) : lit(''),
        middleware: deps ? dependsNames(deps) : [],
        ...(guard ? { guard } : {}),
        loc: locOf(call),
        order: orderOf(call),
      });
    }
    // Decorator form of before_request: @bp.before_request
    for (const decorator of top.findAll({
      rule: { kind: 'decorator', regex: '\\.\\s*before_request\\s*$' },
    })) {
      const expression = args(decorator)[0];
      const object = expression?.kind() === 'attribute' ? expression.field('object') : undefined;
      const routerName = object ? dottedPy(object) : undefined;
      const fn = decorator.parent()?.field('definition');
      const fnName = fn?.field('name')?.text();
      if (routerName && fnName)
        facts.uses.push({
          router: { name: routerName },
          middleware: [middlewareOf(fnName, decorator)],
          order: orderOf(decorator),
        });
    }
    // Functions handed routers: register_routes(app), users.init_app(app)
    const knownRouters = new Set([
      ...facts.routers.map((r) => r.id),
      ...Object.keys(facts.aliases),
      ...imports.keys(),
    ]);
    for (const call of top.findAll({
      rule: { kind: 'call', has: { field: 'arguments', has: { kind: 'identifier' } } },
    })) {
      const callee = call.field('function');
      const calleeName = callee ? dottedPy(callee) : undefined;
      if (!calleeName) continue;
      const last = calleeName.split('.').pop() as string;
      if (
        [
          'include_router',
          'register_blueprint',
          'mount',
          'add_api_route',
          'add_url_rule',
          'Depends',
          'Security',
        ].includes(last)
      )
        continue;
      let any = false;
      const refs = args(call.field('arguments')).map((arg) => {
        if (arg.kind() !== 'identifier') return null;
        const name = arg.text();
        const inScope = arg
          .ancestors()
          .some(
            (a) => a.kind() === 'function_definition' && paramList(a).some((p) => p.name === name),
          );
        if (inScope) {
          if (!ROUTERISH_PARAM.test(name)) return null;
          any = true;
          return scopeRouter(name, arg) ?? null;
        }
        if (!knownRouters.has(name)) return null;
        any = true;
        return { name };
      });
      if (any)
        facts.calls.push({
          callee: { name: calleeName },
          args: refs,
          loc: locOf(call),
          order: orderOf(call),
        });
    }
  }

  // Query reads: request.args / request.query_params, APIKeyQuery(name=...).
  for (const node of top.findAll({
    rule: {
      any: [
        {
          kind: 'call',
          regex: '\\.\\s*(args|query_params)\\s*\\.\\s*(get|getlist|get_all)\\s*\\(',
        },
        { kind: 'subscript', regex: '\\.\\s*(args|query_params)\\s*\\[' },
        { kind: 'call', regex: '^(\\w+\\.)*APIKeyQuery\\s*\\(' },
      ],
    },
  })) {
    let value: string | undefined;
    if (node.kind() === 'subscript') {
      const key = node.field('subscript');
      value = key?.kind() === 'string' ? literalString(key) : undefined;
    } else if (
      /APIKeyQuery\s*\($/.test(node.field('function')?.text() ?? '') ||
      /APIKeyQuery$/.test(node.field('function')?.text() ?? '')
    ) {
      const argList = node.field('arguments');
      const name = keywordArg(argList, 'name') ?? args(argList).find((a) => a.kind() === 'string');
      value = name?.kind() === 'string' ? literalString(name) : undefined;
    } else {
      const first = args(node.field('arguments'))[0];
      value = first?.kind() === 'string' ? literalString(first) : undefined;
    }
    if (value !== undefined)
      facts.queryReads.push({ name: value, text: shortText(node), loc: locOf(node) });
  }
  return facts;
}

export function dottedPy(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'identifier') return node.text();
  if (kind === 'attribute') {
    const object = node.field('object');
    const attribute = node.field('attribute');
    const base = object ? dottedPy(object) : undefined;
    return base && attribute ? `${base}.${attribute.text()}` : undefined;
  }
  return undefined;
}

function isStringish(node: SgNode): boolean {
  const kind = node.kind();
  return kind === 'string' || kind === 'concatenated_string' || kind === 'binary_operator';
}

function stringExpr(node: SgNode, str: (n: SgNode) => StrExpr): StrExpr {
  const startNode = node.children().find((c) => c.kind() === 'string_start');
  const prefix = (startNode?.text() ?? '').replace(/['"]/g, '').toLowerCase();
  const raw = prefix.includes('r');
  const parts: StrExpr[] = [];
  for (const child of node.children()) {
    const kind = child.kind();
    if (kind === 'string_content')
      parts.push(lit(raw ? child.text() : unescapeString(child.text())));
    else if (kind === 'escape_sequence') parts.push(lit(unescapeString(child.text())));
    else if (kind === 'interpolation') {
      const expression = child.field('expression') ?? args(child)[0];
      parts.push(expression ? str(expression) : unknown(child));
    }
  }
  return parts.length > 0 ? concat(...parts) : lit('');
}

function literalString(node: SgNode): string | undefined {
  if (node.children().some((c) => c.kind() === 'interpolation')) return undefined;
  return node
    .children()
    .filter((c) => c.kind() === 'string_content' || c.kind() === 'escape_sequence')
    .map((c) => unescapeString(c.text()))
    .join('');
}

function keywordArg(argList: SgNode | null, key: string): SgNode | undefined {
  for (const arg of args(argList)) {
    if (arg.kind() === 'keyword_argument' && arg.field('name')?.text() === key)
      return arg.field('value') ?? undefined;
  }
  return undefined;
}

function methodList(node: SgNode): string[] | null {
  if (node.kind() !== 'list' && node.kind() !== 'tuple' && node.kind() !== 'set') return null;
  const out: string[] = [];
  for (const item of args(node)) {
    const value = item.kind() === 'string' ? literalString(item) : undefined;
    if (value === undefined) return null;
    out.push(value.toUpperCase());
  }
  return out;
}

/** Depends(x) / Security(x) inside a dependencies list or a default value. */
function dependsNames(node: SgNode): Middleware[] {
  const out: Middleware[] = [];
  const calls = node.findAll({ rule: { kind: 'call' } });
  if (
    node.kind() === 'call' &&
    !calls.some((c) => c.range().start.index === node.range().start.index)
  )
    calls.unshift(node);
  for (const call of calls) {
    const callee = call.field('function');
    const name = callee ? dottedPy(callee) : undefined;
    if (
      name !== 'Depends' &&
      name !== 'Security' &&
      name !== 'fastapi.Depends' &&
      name !== 'fastapi.Security'
    )
      continue;
    const first = args(call.field('arguments'))[0];
    const target = first
      ? dottedPy(first.kind() === 'call' ? (first.field('function') ?? first) : first)
      : undefined;
    if (target) out.push(middlewareOf(target, call));
  }
  return out;
}

interface PyParam {
  name: string;
  type?: string;
  depends: Middleware[];
  /** For FastAPI: the query parameter this parameter reads, if any. */
  query?: string;
  text: string;
  loc: ReturnType<typeof locOf>;
}

function paramList(fn: SgNode): PyParam[] {
  const params = fn.field('parameters');
  if (!params) return [];
  return args(params).map((p) => {
    const kind = p.kind();
    let name = '';
    let typeNode: SgNode | null = null;
    let value: SgNode | null = null;
    if (kind === 'identifier') name = p.text();
    else if (kind === 'typed_parameter') {
      name =
        args(p)
          .find((c) => c.kind() === 'identifier')
          ?.text() ?? '';
      typeNode = p.field('type');
    } else if (kind === 'default_parameter' || kind === 'typed_default_parameter') {
      name = p.field('name')?.text() ?? '';
      typeNode = p.field('type');
      value = p.field('value');
    }
    const type = typeNode?.text();
    const depends = [
      ...(value ? dependsNames(value) : []),
      ...(typeNode ? dependsNames(typeNode) : []),
    ];
    // CurrentUser (= Annotated[User, Depends(...)] elsewhere): the linker expands the alias.
    const typeName = typeNode ? args(typeNode)[0] : undefined;
    const aliasName =
      typeName && (typeName.kind() === 'identifier' || typeName.kind() === 'attribute')
        ? dottedPy(typeName)
        : undefined;
    if (aliasName && /^[A-Z]/.test(aliasName.split('.').pop() ?? ''))
      depends.push(middlewareOf(aliasName, typeName as SgNode));
    let query: string | undefined;
    const valueCallee = value?.kind() === 'call' ? value.field('function')?.text() : undefined;
    const annotatedQuery = typeNode?.find({ rule: { kind: 'call', regex: '^Query\\s*\\(' } });
    const queryCall = valueCallee === 'Query' ? value : annotatedQuery;
    if (queryCall) {
      const alias = keywordArg(queryCall.field('arguments'), 'alias');
      query = alias?.kind() === 'string' ? (literalString(alias) ?? name) : name;
    } else if (
      depends.length === 0 &&
      !valueCallee &&
      type !== undefined &&
      SIMPLE_QUERY_TYPE.test(type.replace(/\s+/g, ' ').trim())
    ) {
      query = name;
    }
    return {
      name,
      ...(type !== undefined ? { type } : {}),
      depends,
      ...(query !== undefined ? { query } : {}),
      text: shortText(p),
      loc: locOf(p),
    };
  });
}

function returnedName(fn: SgNode): string | undefined {
  const bodyNode = fn.field('body');
  if (!bodyNode) return undefined;
  for (const ret of bodyNode.findAll({ rule: { kind: 'return_statement' } })) {
    const owner = ret.ancestors().find((a) => a.kind() === 'function_definition');
    if (!owner || owner.range().start.index !== fn.range().start.index) continue;
    const value = args(ret)[0];
    const name = value ? dottedPy(value) : undefined;
    if (name) return name;
  }
  return undefined;
}

function classMethods(top: SgNode, cls: string): string[] {
  const node = top.find({
    rule: {
      kind: 'class_definition',
      has: { field: 'name', regex: `^${cls.replace(/[^\w]/g, '')}$` },
    },
  });
  const body = node?.field('body');
  if (!body) return [];
  const methods: string[] = [];
  for (const member of args(body)) {
    const fn = member.kind() === 'decorated_definition' ? member.field('definition') : member;
    const name = fn?.kind() === 'function_definition' ? fn.field('name')?.text() : undefined;
    if (name && name in DECORATOR_METHODS) methods.push(DECORATOR_METHODS[name] as string);
  }
  return methods;
}
