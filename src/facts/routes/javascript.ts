import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { PatternLanguage } from '../ast-grep.js';
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
  Loc,
  HandlerRef,
  ImportDecl,
  Middleware,
  RouteFileFacts,
  RouterDecl,
  RouterRef,
  StrExpr,
} from './types.js';

/**
 * Structural reading of a JavaScript/TypeScript module: imports, exports, string constants,
 * routers and the routes, mounts and middleware registered on them (Express, Fastify, Hono,
 * Koa), query reads and environment reads. The framework extractors call this with their
 * framework; the module extractor calls it with 'none' for files that only hold constants,
 * re-exports or query reads.
 */

const FUNCTION_KINDS: ReadonlySet<string> = new Set<string>([
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
  'function',
]);

const HTTP_METHOD_NAMES: Record<string, string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  del: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  trace: 'TRACE',
  all: '*',
};

const ROUTER_CALLS = [
  ...Object.keys(HTTP_METHOD_NAMES),
  'route',
  'use',
  'on',
  'register',
  'addHook',
  'basePath',
  'mount',
];
const ROUTER_CALL_RULE = {
  rule: {
    kind: 'call_expression',
    has: {
      field: 'function',
      kind: 'member_expression',
      has: { field: 'property', regex: `^(${ROUTER_CALLS.join('|')})$` },
    },
  },
};

/** Frameworks by package, and what calling / constructing their exports creates. */
const PACKAGES: Record<string, Framework> = {
  express: 'express',
  fastify: 'fastify',
  'fastify-plugin': 'fastify',
  hono: 'hono',
  'hono/tiny': 'hono',
  'hono/quick': 'hono',
  '@hono/zod-openapi': 'hono',
  koa: 'koa',
  '@koa/router': 'koa',
  'koa-router': 'koa',
};

const ROUTER_TYPES =
  /\b(Router|Express|Application|FastifyInstance|FastifyPluginAsync|FastifyPluginCallback|Hono|OpenAPIHono|Koa|KoaRouter)\b/;
const ROUTERISH_PARAM =
  /^(app|application|router|server|fastify|instance|api|mux|hono|koa|r|e|g|rg|group|v\d+|\w*(Router|App|Server|Api|Group|Instance))$/i;
const PREFIXISH = /^[A-Z][A-Z0-9_]*$|(prefix|path|base|url|mount)$/i;
const FASTIFY_HOOK_KEYS = new Set(['preHandler', 'onRequest', 'preValidation', 'preParsing']);

interface Scope {
  /** The function that declares the name as a parameter, and its index. */
  fnId: string;
  index: number;
  typed: boolean;
}

interface RouterTarget {
  ref: RouterRef;
  chainPath?: StrExpr;
}

export interface JsScan {
  facts: RouteFileFacts;
  root: SgRoot;
  /** Evaluates a string expression against this module's constants. */
  str(node: SgNode | null): StrExpr;
  body(node: SgNode): BodyInfo;
  guardOf(node: SgNode): BodyInfo | undefined;
  middlewareOf(node: SgNode): Middleware[];
  importOf(local: string): ImportDecl | undefined;
}

export function scanJavaScript(
  root: SgRoot,
  framework: Framework,
  language: PatternLanguage = 'typescript',
): JsScan {
  const facts = emptyFacts('javascript', framework);
  // Class fields are public_field_definition in TypeScript, field_definition in JavaScript.
  const fieldKind = language === 'javascript' ? 'field_definition' : 'public_field_definition';
  const top = root.root();
  const constructorNames = new Map<number, string>();
  const routerIds = new Set<string>();
  const addRouter = (decl: RouterDecl): void => {
    if (routerIds.has(decl.id)) return;
    routerIds.add(decl.id);
    facts.routers.push(decl);
  };
  const fnIds = new Map<number, string>();
  const functionNodes = new Map<string, SgNode>();
  const imports = new Map<string, ImportDecl>();
  const addImport = (decl: ImportDecl): void => {
    imports.set(decl.local, decl);
    facts.imports.push(decl);
  };

  // Imports: ESM, `import x = require()`, and require() in declarations.
  for (const statement of top.findAll({ rule: { kind: 'import_statement' } })) {
    const source = statement.field('source');
    const requireClause = statement.children().find((c) => c.kind() === 'import_require_clause');
    if (requireClause) {
      const name = requireClause.children().find((c) => c.kind() === 'identifier');
      const module = stringValue(requireClause.children().find((c) => c.kind() === 'string'));
      if (name && module !== undefined)
        addImport({ local: name.text(), module, imported: 'default' });
      continue;
    }
    const module = stringValue(source);
    if (module === undefined) continue;
    const clause = statement.children().find((c) => c.kind() === 'import_clause');
    if (!clause) continue;
    for (const part of clause.children()) {
      if (part.kind() === 'identifier')
        addImport({ local: part.text(), module, imported: 'default' });
      else if (part.kind() === 'namespace_import') {
        const name = part.children().find((c) => c.kind() === 'identifier');
        if (name) addImport({ local: name.text(), module, imported: '*' });
      } else if (part.kind() === 'named_imports') {
        for (const spec of part.children().filter((c) => c.kind() === 'import_specifier')) {
          const name = spec.field('name')?.text();
          const alias = spec.field('alias')?.text();
          if (name) addImport({ local: alias ?? name, module, imported: name });
        }
      }
    }
  }
  for (const declarator of top.findAll({
    rule: {
      kind: 'variable_declarator',
      has: { field: 'value', kind: 'call_expression', regex: '^require\\s*\\(' },
    },
  })) {
    const value = declarator.field('value');
    const call = value ? requireCall(value) : undefined;
    if (!call || call.rest) continue;
    const nameNode = declarator.field('name');
    if (!nameNode) continue;
    if (nameNode.kind() === 'identifier') {
      addImport({
        local: nameNode.text(),
        module: call.module,
        imported: call.member ?? 'default',
      });
    } else if (nameNode.kind() === 'object_pattern') {
      for (const prop of args(nameNode)) {
        if (prop.kind() === 'shorthand_property_identifier_pattern')
          addImport({ local: prop.text(), module: call.module, imported: prop.text() });
        else if (prop.kind() === 'pair_pattern') {
          const key = prop.field('key')?.text();
          const local = prop.field('value');
          if (key && local?.kind() === 'identifier')
            addImport({ local: local.text(), module: call.module, imported: key });
        }
      }
    }
  }

  const importsFramework = facts.imports.some((i) => PACKAGES[i.module] !== undefined);

  // Constants: evaluated lazily so declaration order does not matter.
  const str = (node: SgNode | null): StrExpr => strExpr(node);

  // Constructor calls that name a router: declarations, fields, assignments, default exports.
  const ctorRule = {
    rule: {
      any: [
        {
          kind: 'variable_declarator',
          has: { field: 'value', regex: '(express|Router|astify|Hono|Koa|require)' },
        },
        { kind: fieldKind, regex: '(express|Router|astify|Hono|Koa)' },
        {
          kind: 'assignment_expression',
          has: { field: 'right', regex: '(express|Router|astify|Hono|Koa)' },
        },
      ],
    },
  };
  for (const node of top.findAll(ctorRule)) {
    const kind = node.kind();
    const nameNode =
      kind === 'variable_declarator'
        ? node.field('name')
        : kind === fieldKind
          ? (node.field('name') ?? node.field('property'))
          : node.field('left');
    const value =
      kind === 'variable_declarator'
        ? node.field('value')
        : kind === fieldKind
          ? node.field('value')
          : node.field('right');
    if (!nameNode || !value) continue;
    let name = dotted(nameNode);
    if (!name) continue;
    if (kind === fieldKind) name = `this.${name}`;
    if (name === 'module.exports') name = 'default';
    const ctorNode = innermostObject(unwrap(value));
    const ctor = routerConstructor(ctorNode);
    if (!ctor) continue;
    constructorNames.set(ctorNode.range().start.index, name);
    addRouter({ id: name, ...ctor, loc: locOf(nameNode) });
  }
  // Module-level declarations.
  const statements = top.children().filter((c) => c.isNamed());
  const topLevel: { start: number; end: number; names: string[]; kind: 'value' | 'function' }[] =
    [];
  const declareFunction = (name: string, fn: SgNode): void => {
    facts.functions[name] = { params: paramNames(fn), body: { env: [], refs: [] } };
    functionNodes.set(name, fn);
    const returned = returnedRouter(fn);
    if (returned) (facts.functions[name] as { returns?: RouterRef }).returns = returned;
    const range = fn.range();
    topLevel.push({
      start: range.start.index,
      end: range.end.index,
      names: [name],
      kind: 'function',
    });
  };
  const declareValue = (name: string, value: SgNode): void => {
    const range = value.range();
    topLevel.push({ start: range.start.index, end: range.end.index, names: [name], kind: 'value' });
    addConstant(name, value);
    if (routerIds.has(name)) return;
    const alias = aliasOf(value);
    if (alias && !('name' in alias && alias.name === name)) facts.aliases[name] = alias;
  };
  const addConstant = (name: string, value: SgNode): void => {
    const inner = unwrap(value);
    if (inner.kind() === 'object') {
      for (const pair of args(inner)) {
        if (pair.kind() !== 'pair') continue;
        const key = propertyKey(pair.field('key'));
        const v = pair.field('value');
        if (key && v) addConstant(`${name}.${key}`, v);
      }
      return;
    }
    if (!isStringish(inner)) return;
    const expr = str(inner);
    if (isKnown(expr) && keepConstant(expr)) facts.constants[name] = expr;
  };
  const handleDeclaration = (node: SgNode, exported: boolean): void => {
    const kind = node.kind();
    if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
      for (const declarator of node.children().filter((c) => c.kind() === 'variable_declarator')) {
        const name = declarator.field('name');
        const value = declarator.field('value');
        if (!name || name.kind() !== 'identifier' || !value) continue;
        const id = name.text();
        if (exported) facts.exports[id] = id;
        const inner = unwrap(value);
        if (inner.kind() === 'arrow_function' || inner.kind() === 'function_expression')
          declareFunction(id, inner);
        else {
          const wrapped = pluginWrapped(inner);
          if (wrapped) declareFunction(id, wrapped);
          else declareValue(id, value);
        }
      }
    } else if (kind === 'function_declaration' || kind === 'generator_function_declaration') {
      const name = node.field('name')?.text();
      if (name) {
        declareFunction(name, node);
        if (exported) facts.exports[name] = name;
      }
    } else if (kind === 'class_declaration') {
      const name = node.field('name')?.text();
      if (name && exported) facts.exports[name] = name;
    } else if (kind === 'enum_declaration') {
      const name = node.field('name')?.text();
      const body = node.field('body');
      if (!name || !body) return;
      if (exported) facts.exports[name] = name;
      for (const member of args(body)) {
        if (member.kind() !== 'enum_assignment') continue;
        const key = propertyKey(member.field('name'));
        const v = member.field('value');
        if (key && v) addConstant(`${name}.${key}`, v);
      }
    }
  };
  for (const statement of statements) {
    const kind = statement.kind();
    if (kind === 'export_statement') {
      const children = statement.children();
      const source = statement.field('source');
      const isDefault = children.some((c) => c.kind() === 'default');
      if (source) {
        const module = stringValue(source);
        if (module === undefined) continue;
        const clause = children.find((c) => c.kind() === 'export_clause');
        if (!clause) {
          const namespace = children.find((c) => c.kind() === 'namespace_export');
          const alias = namespace
            ?.children()
            .find((c) => c.isNamed())
            ?.text();
          if (alias) {
            addImport({ local: `@ns:${alias}`, module, imported: '*' });
            facts.exports[alias] = `@ns:${alias}`;
          } else facts.reexports.push({ module });
          continue;
        }
        const names: Record<string, string> = {};
        for (const spec of clause.children().filter((c) => c.kind() === 'export_specifier')) {
          const name = spec.field('name')?.text();
          const alias = spec.field('alias')?.text();
          if (name) names[alias ?? name] = name;
        }
        facts.reexports.push({ module, names });
        continue;
      }
      const clause = children.find((c) => c.kind() === 'export_clause');
      if (clause) {
        for (const spec of clause.children().filter((c) => c.kind() === 'export_specifier')) {
          const name = spec.field('name')?.text();
          const alias = spec.field('alias')?.text();
          if (name) facts.exports[alias ?? name] = name;
        }
        continue;
      }
      const declaration = statement.field('declaration');
      if (declaration) {
        if (isDefault) {
          const name = declaration.field('name')?.text();
          if (name) {
            handleDeclaration(declaration, false);
            facts.exports.default = name;
          } else declareFunction('default', declaration);
          facts.exports.default ??= 'default';
        } else handleDeclaration(declaration, true);
        continue;
      }
      const value = statement.field('value') ?? children.filter((c) => c.isNamed()).pop();
      if (isDefault && value) exportDefaultValue(value);
      else if (value && children.some((c) => c.text() === '=')) exportDefaultValue(value);
      continue;
    }
    if (kind === 'expression_statement') {
      const assignment = statement.children().find((c) => c.kind() === 'assignment_expression');
      const left = assignment?.field('left');
      const right = assignment?.field('right');
      if (!assignment || !left || !right) continue;
      const target = dotted(left);
      if (target === 'module.exports') {
        const inner = unwrap(right);
        if (inner.kind() === 'object') {
          for (const prop of args(inner)) {
            if (prop.kind() === 'shorthand_property_identifier')
              facts.exports[prop.text()] = prop.text();
            else if (prop.kind() === 'pair') {
              const key = propertyKey(prop.field('key'));
              const v = prop.field('value');
              const local = v ? dotted(v) : undefined;
              if (key && local) facts.exports[key] = local;
            }
          }
        } else exportDefaultValue(right);
      } else if (target?.startsWith('exports.') || target?.startsWith('module.exports.')) {
        const key = target.split('.').pop() as string;
        const local = dotted(right);
        if (local) facts.exports[key] = local;
        else {
          const inner = unwrap(right);
          if (inner.kind() === 'arrow_function' || inner.kind() === 'function_expression') {
            declareFunction(`@exports.${key}`, inner);
            facts.exports[key] = `@exports.${key}`;
          }
        }
      }
      continue;
    }
    handleDeclaration(statement, false);
  }

  function exportDefaultValue(value: SgNode): void {
    const inner = unwrap(value);
    const name = dotted(inner);
    if (name) {
      facts.exports.default = name;
      return;
    }
    if (
      inner.kind() === 'arrow_function' ||
      inner.kind() === 'function_expression' ||
      inner.kind() === 'function'
    ) {
      declareFunction('default', inner);
      facts.exports.default = 'default';
      return;
    }
    const wrapped = pluginWrapped(inner);
    if (wrapped) {
      declareFunction('default', wrapped);
      facts.exports.default = 'default';
      return;
    }
    // `export default new Hono().get(...)`, `module.exports = express.Router()`.
    facts.exports.default = 'default';
    const range = inner.range();
    topLevel.push({
      start: range.start.index,
      end: range.end.index,
      names: ['default'],
      kind: 'value',
    });
    const ctorNode = innermostObject(inner);
    const ctor = routerConstructor(ctorNode);
    if (ctor) {
      constructorNames.set(ctorNode.range().start.index, 'default');
      addRouter({ id: 'default', ...ctor, loc: locOf(ctorNode) });
      return;
    }
    const alias = aliasOf(inner);
    if (alias) facts.aliases.default = alias;
  }

  function routerConstructor(
    node: SgNode,
  ): { framework: Framework; root: boolean | 'auto'; prefix?: StrExpr } | undefined {
    const inner = unwrap(node);
    const kind = inner.kind();
    if (kind !== 'call_expression' && kind !== 'new_expression') return undefined;
    const callee = inner.field(kind === 'new_expression' ? 'constructor' : 'function');
    if (!callee) return undefined;
    const calleeText = callee.text().replace(/\s+/g, '');
    const argNodes = args(inner.field('arguments'));
    const options =
      argNodes[0] && unwrap(argNodes[0]).kind() === 'object' ? argNodes[0] : undefined;
    const requireMatch = /^require\((['"`])([^'"`]+)\1\)(?:\.(\w+))?$/.exec(calleeText);
    let module: string | undefined;
    let member: string | undefined;
    if (requireMatch) {
      module = requireMatch[2];
      member = requireMatch[3];
    } else {
      const [head = '', ...rest] = calleeText.split('.');
      const decl = imports.get(head);
      if (decl) {
        module = decl.module;
        member =
          rest.length > 0
            ? rest.join('.')
            : decl.imported === 'default' || decl.imported === '*'
              ? undefined
              : decl.imported;
      } else {
        // Not imported here (a global or a CommonJS file without require): go by the name.
        member = calleeText;
      }
    }
    const pkg = module !== undefined ? PACKAGES[module] : undefined;
    const withPrefix = (framework: Framework, root: boolean | 'auto') => {
      const prefix = options ? objectProperty(options, 'prefix') : undefined;
      return prefix ? { framework, root, prefix: str(prefix) } : { framework, root };
    };
    if (module !== undefined && pkg === undefined) return undefined;
    switch (pkg) {
      case 'express':
        return member === 'Router'
          ? { framework: 'express', root: false }
          : member === undefined
            ? { framework: 'express', root: true }
            : undefined;
      case 'fastify':
        return module === 'fastify' ? { framework: 'fastify', root: true } : undefined;
      case 'hono':
        return kind === 'new_expression' ? { framework: 'hono', root: 'auto' } : undefined;
      case 'koa':
        if (module === 'koa')
          return kind === 'new_expression' ? { framework: 'koa', root: true } : undefined;
        return kind === 'new_expression' ? withPrefix('koa', false) : undefined;
      default:
        break;
    }
    switch (member) {
      case 'express':
        return { framework: 'express', root: true };
      case 'express.Router':
        return { framework: 'express', root: false };
      case 'Router':
        return framework === 'koa'
          ? withPrefix('koa', false)
          : { framework: 'express', root: false };
      case 'fastify':
      case 'Fastify':
        return { framework: 'fastify', root: true };
      case 'Hono':
      case 'OpenAPIHono':
        return kind === 'new_expression' ? { framework: 'hono', root: 'auto' } : undefined;
      case 'Koa':
        return kind === 'new_expression' ? { framework: 'koa', root: true } : undefined;
      case 'KoaRouter':
        return withPrefix('koa', false);
      default:
        return undefined;
    }
  }

  // Scopes: which names are parameters of which function.
  function fnIdOf(fn: SgNode): string {
    const key = fn.range().start.index;
    const known = fnIds.get(key);
    if (known) return known;
    let id: string | undefined;
    const kind = fn.kind();
    if (kind === 'function_declaration' || kind === 'generator_function_declaration')
      id = fn.field('name')?.text();
    else if (kind === 'method_definition') {
      const cls = fn
        .ancestors()
        .find((a) => a.kind() === 'class_declaration' || a.kind() === 'class');
      const clsName = cls?.field('name')?.text() ?? 'class';
      id = `${clsName}.${fn.field('name')?.text() ?? ''}`;
    } else {
      let parent = fn.parent();
      // fp(async function (app) {}) names the function after what the wrapper is assigned to.
      if (
        parent?.kind() === 'arguments' &&
        parent.parent() &&
        pluginWrapped(parent.parent() as SgNode)
      )
        parent = parent.parent()?.parent() ?? null;
      while (
        parent &&
        ['parenthesized_expression', 'as_expression', 'satisfies_expression'].includes(
          parent.kind() as string,
        )
      )
        parent = parent.parent();
      if (parent?.kind() === 'variable_declarator') id = parent.field('name')?.text();
      else if (parent?.kind() === 'export_statement') id = 'default';
      else if (parent?.kind() === 'assignment_expression') {
        const target = dotted(parent.field('left') as SgNode);
        if (target === 'module.exports') id = 'default';
        else if (target?.startsWith('exports.') || target?.startsWith('module.exports.'))
          id = `@exports.${target.split('.').pop() as string}`;
      } else if (parent?.kind() === 'pair') {
        id = undefined;
      }
    }
    id ??= `@fn:${fn.range().start.line + 1}:${fn.range().start.column + 1}`;
    fnIds.set(key, id);
    return id;
  }
  function scopeOf(name: string, at: SgNode): Scope | undefined {
    const head = name.split('.')[0] ?? name;
    for (const ancestor of at.ancestors()) {
      if (!FUNCTION_KINDS.has(ancestor.kind() as string)) continue;
      const params = paramNodes(ancestor);
      const index = params.findIndex((p) => p.name === head);
      if (index >= 0) {
        const param = params[index] as { name: string; type?: string };
        return {
          fnId: fnIdOf(ancestor),
          index,
          typed: (param.type !== undefined && ROUTER_TYPES.test(param.type)) || importsFramework,
        };
      }
    }
    return undefined;
  }
  function paramRouter(scope: Scope, node: SgNode): RouterRef {
    const id = `@param:${scope.fnId}:${scope.index}`;
    addRouter({
      id,
      framework: framework === 'none' ? 'express' : framework,
      root: false,
      typed: scope.typed,
      loc: locOf(node),
    });
    return { name: id };
  }

  /** What a receiver expression is, as a router (or an Express route chain). */
  function evalRouter(node: SgNode): RouterTarget | undefined {
    const inner = unwrap(node);
    const kind = inner.kind();
    if (kind === 'identifier' || kind === 'member_expression' || kind === 'this') {
      const name = dotted(inner);
      if (!name) return undefined;
      const scope = scopeOf(name, inner);
      if (scope && !name.includes('.')) return { ref: paramRouter(scope, inner) };
      if (scope) return undefined;
      return { ref: { name } };
    }
    if (kind === 'new_expression' || kind === 'call_expression') {
      const ctor = routerConstructor(inner);
      const named = ctor ? constructorNames.get(inner.range().start.index) : undefined;
      if (named) return { ref: { name: named } };
      if (ctor) {
        const id = `@new:${inner.range().start.line + 1}:${inner.range().start.column + 1}`;
        addRouter({ id, ...ctor, loc: locOf(inner) });
        return { ref: { name: id } };
      }
    }
    if (kind !== 'call_expression') return undefined;
    const callee = inner.field('function');
    if (!callee) return undefined;
    const req = requireCall(inner);
    if (req)
      return {
        ref: {
          module: req.module,
          ...(req.member ? { member: req.member } : {}),
          ...(req.rest ? { call: true } : {}),
        },
      };
    if (callee.kind() === 'identifier') return { ref: { call: callee.text() } };
    if (callee.kind() !== 'member_expression') return undefined;
    const method = callee.field('property')?.text() ?? '';
    const receiver = callee.field('object');
    if (!receiver) return undefined;
    const callArgs = args(inner.field('arguments'));
    if (method === 'route' && callArgs.length === 1 && isStringish(callArgs[0] as SgNode)) {
      const base = evalRouter(receiver);
      return base ? { ref: base.ref, chainPath: str(callArgs[0] as SgNode) } : undefined;
    }
    if (method === 'basePath' && callArgs.length === 1) {
      const base = evalRouter(receiver);
      if (!base) return undefined;
      const id = `@basePath:${inner.range().start.line + 1}:${inner.range().start.column + 1}`;
      if (!routerIds.has(id)) {
        addRouter({ id, framework: 'hono', root: false, loc: locOf(inner) });
        facts.mounts.push({
          parent: base.ref,
          child: { name: id },
          prefix: str(callArgs[0] as SgNode),
          middleware: [],
          loc: locOf(inner),
          order: orderOf(inner),
        });
      }
      return { ref: { name: id } };
    }
    if (
      method in HTTP_METHOD_NAMES ||
      ['use', 'on', 'route', 'register', 'addHook'].includes(method)
    ) {
      const base = evalRouter(receiver);
      if (base && !base.chainPath && method === 'route' && callArgs.length === 1) return undefined;
      return base;
    }
    if (method === 'prefix' || method === 'routes') return evalRouter(receiver);
    // A factory from another module: users.createRouter()
    const name = dotted(callee);
    return name ? { ref: { call: name } } : undefined;
  }

  const middlewareList = (nodes: SgNode[]): Middleware[] =>
    nodes.flatMap((n) => middlewareOfNode(n));
  function middlewareOfNode(node: SgNode): Middleware[] {
    const inner = unwrap(node);
    const kind = inner.kind();
    if (kind === 'array') return middlewareList(args(inner));
    if (kind === 'identifier' || kind === 'member_expression') {
      const name = dotted(inner);
      return name ? [middlewareOf(name, inner)] : [];
    }
    if (kind === 'call_expression') {
      const callee = inner.field('function');
      const name = callee ? dotted(callee) : undefined;
      if (name) return [middlewareOf(name, inner)];
      // Fastify: app.auth([a, b]) style combinators.
      return callee?.kind() === 'member_expression'
        ? middlewareList(args(inner.field('arguments')))
        : [];
    }
    if (kind === 'object') {
      const out: Middleware[] = [];
      for (const pair of args(inner)) {
        if (pair.kind() !== 'pair') continue;
        const key = propertyKey(pair.field('key'));
        const value = pair.field('value');
        if (key && value && FASTIFY_HOOK_KEYS.has(key)) out.push(...middlewareOfNode(value));
      }
      return out;
    }
    return [];
  }

  function handlerOf(node: SgNode | undefined): HandlerRef | undefined {
    if (!node) return undefined;
    const inner = unwrap(node);
    const kind = inner.kind();
    if (FUNCTION_KINDS.has(kind as string)) return { inline: body(inner) };
    if (kind === 'identifier' || kind === 'member_expression') {
      const name = dotted(inner);
      return name ? { name } : undefined;
    }
    if (kind === 'call_expression') {
      const first = args(inner.field('arguments'))[0];
      if (first) return handlerOf(first);
      const callee = inner.field('function');
      return callee ? handlerOf(callee) : undefined;
    }
    return undefined;
  }

  // Env reads, once per file; attributed to module-level values and functions.
  const source = top.text();
  const envReads = findEnvReads(top, source);
  // Names a body refers to, found once per file: what a search of each body would find, in
  // the same order (document order, outer before inner), by range.
  let fileRefs: { text: string; start: number; end: number }[] | undefined;
  const body = (node: SgNode): BodyInfo => {
    const range = node.range();
    const from = range.start.index;
    const to = range.end.index;
    const env = uniq(envReads.filter((r) => r.start >= from && r.end <= to).map((r) => r.name));
    fileRefs ??= top.findAll(REF_RULE).map((ref) => {
      const at = ref.range();
      return { text: ref.text(), start: at.start.index, end: at.end.index };
    });
    const refs = new Set<string>();
    for (let i = firstAtOrAfter(fileRefs, from); i < fileRefs.length; i++) {
      const ref = fileRefs[i] as { text: string; start: number; end: number };
      if (ref.start > to || refs.size >= 200) break;
      if (ref.end <= to) refs.add(ref.text);
    }
    return { env, refs: [...refs] };
  };
  for (const read of envReads) {
    const owner = topLevel.find((t) => read.start >= t.start && read.end <= t.end);
    if (!owner) continue;
    for (const name of owner.names) {
      if (owner.kind === 'function') {
        const fn = facts.functions[name];
        if (fn && !fn.body.env.includes(read.name)) fn.body.env.push(read.name);
      } else {
        const value = (facts.values[name] ??= { env: [], refs: [] });
        if (!value.env.includes(read.name)) value.env.push(read.name);
      }
    }
  }
  for (const [name, fn] of functionNodes) {
    const info = facts.functions[name];
    const bodyNode = fn.field('body');
    if (!info || !bodyNode) continue;
    info.body.refs = body(bodyNode).refs.slice(0, 100);
  }
  // Module-level values that derive from other values (IS_PROD = MODE === 'prod').
  for (const statement of statements) {
    const declaration =
      statement.kind() === 'export_statement' ? statement.field('declaration') : statement;
    if (
      !declaration ||
      (declaration.kind() !== 'lexical_declaration' &&
        declaration.kind() !== 'variable_declaration')
    )
      continue;
    for (const declarator of declaration
      .children()
      .filter((c) => c.kind() === 'variable_declarator')) {
      const name = declarator.field('name');
      const value = declarator.field('value');
      if (!name || name.kind() !== 'identifier' || !value) continue;
      if (FUNCTION_KINDS.has(unwrap(value).kind() as string)) continue;
      const refs = value
        .findAll({ rule: { kind: 'identifier' } })
        .map((r) => r.text())
        .slice(0, 50);
      if (refs.length === 0) continue;
      const entry = (facts.values[name.text()] ??= { env: [], refs: [] });
      entry.refs = uniq([...entry.refs, ...refs]);
    }
  }

  function guardOf(node: SgNode): BodyInfo | undefined {
    const env: string[] = [];
    const refs: string[] = [];
    let child = node;
    for (const ancestor of node.ancestors()) {
      if (FUNCTION_KINDS.has(ancestor.kind() as string)) break;
      if (ancestor.kind() === 'if_statement') {
        const condition = ancestor.field('condition');
        const consequence = ancestor.field('consequence');
        const alternative = ancestor.field('alternative');
        const inBranch =
          (consequence && contains(consequence, child)) ||
          (alternative && contains(alternative, child));
        if (condition && inBranch) {
          const info = body(condition);
          env.push(...info.env);
          refs.push(...info.refs);
        }
      } else if (
        ancestor.kind() === 'binary_expression' &&
        ancestor.field('operator')?.text() === '&&'
      ) {
        const left = ancestor.field('left');
        if (left && !contains(left, child)) {
          const info = body(left);
          env.push(...info.env);
          refs.push(...info.refs);
        }
      } else if (ancestor.kind() === 'ternary_expression') {
        const condition = ancestor.field('condition');
        if (condition && !contains(condition, child)) {
          const info = body(condition);
          env.push(...info.env);
          refs.push(...info.refs);
        }
      }
      child = ancestor;
    }
    return env.length > 0 || refs.length > 0 ? { env: uniq(env), refs: uniq(refs) } : undefined;
  }

  // Routes, mounts and middleware.
  if (framework !== 'none') {
    for (const call of top.findAll(ROUTER_CALL_RULE)) {
      const callee = call.field('function') as SgNode;
      const method = callee.field('property')?.text() ?? '';
      const receiver = callee.field('object');
      if (!receiver) continue;
      const callArgs = args(call.field('arguments'));
      if (callArgs.length === 0) continue;
      // Express route chains: app.route('/x') alone declares nothing.
      if (method === 'route' && callArgs.length === 1 && isStringish(callArgs[0] as SgNode))
        continue;
      if (method === 'basePath') continue;
      const target = evalRouter(receiver);
      if (!target) continue;
      const loc = declarationLoc(call, callee, callArgs[0]);
      const order = orderOf(call);
      const guard = guardOf(call);
      const withGuard = <T extends object>(value: T): T => (guard ? { ...value, guard } : value);
      if (target.chainPath) {
        // app.route('/users').get(list).post(create)
        const methods =
          method in HTTP_METHOD_NAMES ? [HTTP_METHOD_NAMES[method] as string] : undefined;
        if (!methods) continue;
        facts.routes.push(
          withGuard({
            router: target.ref,
            framework: framework,
            methods,
            path: target.chainPath,
            loc,
            middleware: middlewareList(callArgs.slice(0, -1)),
            ...optional('handler', handlerOf(callArgs[callArgs.length - 1])),
            order,
          }),
        );
        continue;
      }
      if (method in HTTP_METHOD_NAMES) {
        let pathIndex = 0;
        if (
          framework === 'koa' &&
          callArgs.length >= 3 &&
          isStringish(callArgs[1] as SgNode) &&
          isPlainString(callArgs[0] as SgNode)
        )
          pathIndex = 1; // router.get('user', '/users/:id', handler)
        const pathNode = callArgs[pathIndex] as SgNode;
        const rest = callArgs.slice(pathIndex + 1);
        if (rest.length === 0) continue; // app.get('env') reads a setting
        if (!looksLikeRoutePath(pathNode, str)) continue;
        const handlerNode = rest[rest.length - 1];
        for (const path of pathsOf(pathNode, str)) {
          facts.routes.push(
            withGuard({
              router: target.ref,
              framework,
              methods: [HTTP_METHOD_NAMES[method] as string],
              path,
              loc,
              middleware: middlewareList(rest.slice(0, -1)),
              ...optional('handler', handlerOf(handlerNode)),
              order,
            }),
          );
        }
        continue;
      }
      if (method === 'on' && callArgs.length >= 3) {
        // Hono: app.on('PURGE', '/cache', h) / app.on(['GET', 'POST'], ['/a', '/b'], h)
        const methods = methodList(callArgs[0] as SgNode);
        if (methods === undefined) continue;
        const pathNode = callArgs[1] as SgNode;
        if (!looksLikeRoutePath(pathNode, str)) continue;
        for (const path of pathsOf(pathNode, str)) {
          facts.routes.push(
            withGuard({
              router: target.ref,
              framework,
              methods,
              path,
              loc,
              middleware: middlewareList(callArgs.slice(2, -1)),
              ...optional('handler', handlerOf(callArgs[callArgs.length - 1])),
              order,
            }),
          );
        }
        continue;
      }
      if (
        method === 'route' &&
        callArgs.length === 1 &&
        unwrap(callArgs[0] as SgNode).kind() === 'object'
      ) {
        // Fastify: app.route({ method, url, handler, preHandler })
        const options = unwrap(callArgs[0] as SgNode);
        const methodNode = objectProperty(options, 'method');
        const urlNode = objectProperty(options, 'url') ?? objectProperty(options, 'path');
        if (!urlNode) continue;
        const methods = methodNode ? methodList(methodNode) : undefined;
        for (const path of pathsOf(urlNode, str)) {
          facts.routes.push(
            withGuard({
              router: target.ref,
              framework,
              methods: methods ?? null,
              path,
              loc,
              middleware: middlewareOfNode(options),
              ...optional('handler', handlerOf(objectProperty(options, 'handler'))),
              order,
            }),
          );
        }
        continue;
      }
      if (method === 'route' && callArgs.length === 2) {
        // Hono: app.route('/users', users)
        const child = evalRouter(callArgs[1] as SgNode);
        if (!child) continue;
        facts.mounts.push(
          withGuard({
            parent: target.ref,
            child: child.ref,
            prefix: str(callArgs[0] as SgNode),
            middleware: [],
            loc,
            order,
          }),
        );
        continue;
      }
      if (method === 'mount' && callArgs.length >= 2 && framework === 'hono') {
        const pathNode = callArgs[0] as SgNode;
        facts.routes.push(
          withGuard({
            router: target.ref,
            framework,
            methods: ['*'],
            path: concat(str(pathNode), lit('/*')),
            loc,
            middleware: [],
            order,
          }),
        );
        continue;
      }
      if (method === 'register') {
        // Fastify: app.register(plugin, { prefix: '/v1' })
        const pluginNode = unwrap(callArgs[0] as SgNode);
        const options =
          callArgs[1] && unwrap(callArgs[1]).kind() === 'object' ? unwrap(callArgs[1]) : undefined;
        // @fastify/autoload: every plugin under `dir`, prefixed with its folder.
        const pluginImport =
          pluginNode.kind() === 'identifier' ? imports.get(pluginNode.text()) : undefined;
        const autoload =
          pluginImport?.module === '@fastify/autoload' ||
          /^require\((['"])@fastify\/autoload\1\)/.test(pluginNode.text());
        if (autoload) {
          const dirNode = options ? objectProperty(options, 'dir') : undefined;
          const dir = dirNode ? lastStringIn(dirNode) : undefined;
          const inner = options ? objectProperty(options, 'options') : undefined;
          const innerPrefix =
            inner && unwrap(inner).kind() === 'object'
              ? objectProperty(unwrap(inner), 'prefix')
              : undefined;
          facts.mounts.push(
            withGuard({
              parent: target.ref,
              child:
                dir !== undefined
                  ? { autoload: dir }
                  : { unknown: dirNode ? shortText(dirNode) : 'dir' },
              prefix: innerPrefix ? str(innerPrefix) : lit(''),
              middleware: [],
              loc,
              order,
            }),
          );
          continue;
        }
        const prefixNode = options ? objectProperty(options, 'prefix') : undefined;
        const prefix = prefixNode ? str(prefixNode) : lit('');
        const fn = FUNCTION_KINDS.has(pluginNode.kind() as string)
          ? pluginNode
          : pluginWrapped(pluginNode);
        let child: RouterRef | undefined;
        let plugin = true;
        if (fn) {
          const params = paramNodes(fn);
          if (params.length === 0) continue;
          child = { name: `@param:${fnIdOf(fn)}:0` };
          addRouter({
            id: child.name,
            framework: 'fastify',
            root: false,
            typed: true,
            loc: locOf(fn),
          });
          plugin = false;
        } else if (
          pluginNode.kind() === 'call_expression' &&
          pluginNode.field('function')?.kind() === 'import'
        ) {
          const module = stringValue(args(pluginNode.field('arguments'))[0] ?? null);
          if (module !== undefined) child = { module };
        } else {
          child = evalRouter(pluginNode)?.ref;
          const name = dotted(pluginNode);
          if (name) child = { name };
        }
        if (!child) continue;
        facts.mounts.push(
          withGuard({
            parent: target.ref,
            child,
            ...(plugin ? { plugin: true } : {}),
            prefix,
            middleware: [],
            loc,
            order,
          }),
        );
        continue;
      }
      if (method === 'addHook' && callArgs.length >= 2) {
        const hook = stringValue(callArgs[0] as SgNode);
        if (hook && FASTIFY_HOOK_KEYS.has(hook))
          facts.uses.push({
            router: target.ref,
            middleware: middlewareList(callArgs.slice(1)),
            order,
          });
        continue;
      }
      if (method === 'use') {
        let rest = callArgs;
        let prefix: StrExpr | undefined;
        const first = callArgs[0] as SgNode;
        if (callArgs.length >= 2 && isPrefixArg(first)) {
          prefix = str(first);
          rest = callArgs.slice(1);
        }
        const middleware: Middleware[] = [];
        rest.forEach((arg, index) => {
          const inner = unwrap(arg);
          const kind = inner.kind();
          const before = middlewareList(rest.slice(0, index));
          const mount = (child: RouterRef): void => {
            facts.mounts.push(
              withGuard({
                parent: target.ref,
                child,
                prefix: prefix ?? lit(''),
                middleware: before,
                loc,
                order,
              }),
            );
          };
          if (kind === 'call_expression') {
            const calleeNode = inner.field('function');
            const calledMethod =
              calleeNode?.kind() === 'member_expression'
                ? calleeNode.field('property')?.text()
                : undefined;
            // Koa: router.use('/x', sub.routes(), sub.allowedMethods())
            if (calledMethod === 'allowedMethods') return;
            if (calledMethod === 'routes' || calledMethod === 'middleware') {
              const child = evalRouter(calleeNode?.field('object') as SgNode);
              if (child && !child.chainPath) mount(child.ref);
              return;
            }
            // A router factory or a required module: app.use('/x', usersRouter()), require('./x')
            if (requireCall(inner) || calleeNode?.kind() === 'identifier') {
              const child = evalRouter(inner);
              if (child && !child.chainPath) mount(child.ref);
            }
          } else if (kind === 'identifier' || kind === 'member_expression') {
            const child = evalRouter(inner);
            if (child && !child.chainPath) mount(child.ref);
          }
          middleware.push(...middlewareOfNode(arg));
        });
        if (middleware.length > 0)
          facts.uses.push({
            router: target.ref,
            ...(prefix ? { prefix: stripWildcard(prefix) } : {}),
            middleware,
            order,
          });
      }
    }

    // Computed methods: app[method]('/path', handler), app['get']('/path', handler)
    for (const call of top.findAll({
      rule: { kind: 'call_expression', has: { field: 'function', kind: 'subscript_expression' } },
    })) {
      const callee = call.field('function') as SgNode;
      const object = callee.field('object');
      const index = callee.field('index');
      if (!object || !index) continue;
      const callArgs = args(call.field('arguments'));
      const pathNode = callArgs[0];
      if (!pathNode || callArgs.length < 2 || !looksLikeRoutePath(pathNode, str)) continue;
      const target = evalRouter(object);
      if (!target || target.chainPath) continue;
      const literal = stringValue(unwrap(index));
      const method = literal !== undefined ? HTTP_METHOD_NAMES[literal] : undefined;
      if (literal !== undefined && method === undefined) continue;
      const guard = guardOf(call);
      for (const path of pathsOf(pathNode, str)) {
        facts.routes.push({
          router: target.ref,
          framework,
          methods: method ? [method] : null,
          path,
          loc: declarationLoc(call, callee, pathNode),
          middleware: middlewareList(callArgs.slice(1, -1)),
          ...optional('handler', handlerOf(callArgs[callArgs.length - 1])),
          ...(guard ? { guard } : {}),
          order: orderOf(call),
        });
      }
    }

    // Functions called with routers: registerRoutes(app), require('./users')(router)
    const routerNames = new Set<string>([
      ...facts.routers
        .filter((r) => !r.id.startsWith('@'))
        .map((r) => r.id.split('.')[0] as string),
      ...Object.keys(facts.aliases),
      ...imports.keys(),
    ]);
    const callRule = {
      rule: {
        kind: 'call_expression',
        has: { field: 'arguments', has: { kind: 'identifier' } },
      },
    };
    for (const call of top.findAll(callRule)) {
      const callee = call.field('function');
      if (!callee) continue;
      const calleeKind = callee.kind();
      if (
        calleeKind === 'member_expression' &&
        ROUTER_CALLS.includes(callee.field('property')?.text() ?? '')
      )
        continue;
      let calleeRef: RouterRef | undefined;
      const req = calleeKind === 'call_expression' ? requireCall(callee) : undefined;
      if (req)
        calleeRef = {
          module: req.module,
          ...(req.member ? { member: req.member } : {}),
          call: true,
        };
      else {
        const name = dotted(callee);
        if (!name || name === 'require') continue;
        calleeRef = { name };
      }
      const argNodes = args(call.field('arguments'));
      let any = false;
      const refs = argNodes.map((arg) => {
        const inner = unwrap(arg);
        if (inner.kind() !== 'identifier') return null;
        const name = inner.text();
        const scope = scopeOf(name, inner);
        if (scope) {
          if (
            !ROUTERISH_PARAM.test(name) &&
            !routerIds.has(`@param:${scope.fnId}:${scope.index}`) &&
            !scope.typed
          )
            return null;
          any = true;
          return paramRouter(scope, inner);
        }
        if (!routerNames.has(name)) return null;
        any = true;
        return { name };
      });
      if (any)
        facts.calls.push({ callee: calleeRef, args: refs, loc: locOf(call), order: orderOf(call) });
    }
  }

  // Query reads.
  facts.queryReads.push(...findQueryReads(top, source, str));

  function strExpr(node: SgNode | null, depth = 0): StrExpr {
    if (!node || depth > 50) return unknown(node ? shortText(node) : '');
    const kind = node.kind();
    switch (kind) {
      case 'string': {
        const value = stringValue(node);
        return value !== undefined ? lit(value) : unknown(node);
      }
      case 'template_string': {
        const parts: StrExpr[] = [];
        for (const child of node.children()) {
          const k = child.kind();
          if (k === 'string_fragment') parts.push(lit(child.text()));
          else if (k === 'escape_sequence') parts.push(lit(unescapeString(child.text())));
          else if (k === 'template_substitution') {
            const inner = child.children().find((c) => c.isNamed());
            parts.push(strExpr(inner ?? null, depth + 1));
          }
        }
        return concat(...parts);
      }
      case 'binary_expression': {
        if (node.field('operator')?.text() !== '+') return unknown(node);
        return concat(
          strExpr(node.field('left'), depth + 1),
          strExpr(node.field('right'), depth + 1),
        );
      }
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
        return strExpr(node.children().find((c) => c.isNamed()) ?? null, depth + 1);
      case 'identifier':
      case 'member_expression': {
        const name = dotted(node);
        return name ? { parts: [{ ref: name }] } : unknown(node);
      }
      case 'subscript_expression': {
        const object = node.field('object');
        const index = node.field('index');
        const base = object ? dotted(object) : undefined;
        const key = index ? stringValue(index) : undefined;
        return base && key !== undefined ? { parts: [{ ref: `${base}.${key}` }] } : unknown(node);
      }
      default:
        return unknown(node);
    }
  }

  function aliasOf(value: SgNode): RouterRef | undefined {
    const inner = unwrap(value);
    const kind = inner.kind();
    if (kind === 'identifier' || kind === 'member_expression') {
      const name = dotted(inner);
      return name ? { name } : undefined;
    }
    if (kind === 'call_expression') {
      const req = requireCall(inner);
      if (req && (req.rest || req.member))
        return {
          module: req.module,
          ...(req.member ? { member: req.member } : {}),
          ...(req.rest ? { call: true } : {}),
        };
      if (req) return undefined;
      const target = evalRouter(inner);
      return target && !target.chainPath ? target.ref : undefined;
    }
    return undefined;
  }

  function returnedRouter(fn: SgNode): RouterRef | undefined {
    const bodyNode = fn.field('body');
    if (!bodyNode) return undefined;
    if (bodyNode.kind() !== 'statement_block') return aliasOf(bodyNode);
    for (const ret of bodyNode.findAll({ rule: { kind: 'return_statement' } })) {
      const owner = ret.ancestors().find((a) => FUNCTION_KINDS.has(a.kind() as string));
      if (!owner || owner.range().start.index !== fn.range().start.index) continue;
      const value = ret.children().find((c) => c.isNamed());
      if (!value) continue;
      const inner = unwrap(value);
      const name = dotted(inner);
      if (name) return { name };
      const ref = aliasOf(inner);
      if (ref) return ref;
    }
    return undefined;
  }

  return {
    facts,
    root,
    str,
    body,
    guardOf,
    middlewareOf: middlewareOfNode,
    importOf: (local) => imports.get(local),
  };
}

/**
 * Where a registration is declared: from the receiver (or, in a chain, the method name) to the
 * end of the first argument, so a finding does not span a whole inline handler.
 */
export function declarationLoc(call: SgNode, callee: SgNode, first: SgNode | undefined): Loc {
  const receiver = callee.field('object');
  const kind = receiver ? unwrap(receiver).kind() : undefined;
  const chained = kind === 'call_expression' || kind === 'new_expression';
  const startNode = chained ? (callee.field('property') ?? call) : call;
  const start = locOf(startNode);
  const end = locOf(first ?? callee);
  return { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}

/** join(__dirname, 'routes') / new URL('./routes', import.meta.url): the folder, as written. */
function lastStringIn(node: SgNode): string | undefined {
  const strings = node
    .findAll({ rule: { kind: 'string' } })
    .map((s) => stringValue(s))
    .filter((v): v is string => v !== undefined);
  const own = stringValue(unwrap(node));
  if (own !== undefined) strings.push(own);
  const last = strings[strings.length - 1];
  return last === undefined ? undefined : last.replace(/^\.\//, '').replace(/\/$/, '');
}

function contains(outer: SgNode, inner: SgNode): boolean {
  const a = outer.range();
  const b = inner.range();
  return a.start.index <= b.start.index && b.end.index <= a.end.index;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}

export function unwrap(node: SgNode): SgNode {
  let current = node;
  for (let i = 0; i < 10; i++) {
    const kind = current.kind();
    if (
      kind === 'parenthesized_expression' ||
      kind === 'as_expression' ||
      kind === 'satisfies_expression' ||
      kind === 'non_null_expression' ||
      kind === 'await_expression' ||
      kind === 'type_assertion'
    ) {
      const inner = current
        .children()
        .find((c) => c.isNamed() && !String(c.kind()).includes('type'));
      if (!inner) return current;
      current = inner;
    } else return current;
  }
  return current;
}

/** Chained calls that return the router they are called on. */
const SAME_ROUTER = new Set([
  ...Object.keys(HTTP_METHOD_NAMES),
  'use',
  'on',
  'mount',
  'register',
  'addHook',
]);

/**
 * The innermost object of a call chain that returns the same router throughout:
 * `new Hono().get(...).post(...)` → `new Hono()`. A chain through `basePath()` (a new router)
 * ends at the call itself.
 */
function innermostObject(node: SgNode): SgNode {
  let current = node;
  for (let i = 0; i < 100; i++) {
    if (current.kind() !== 'call_expression') return current;
    const callee = current.field('function');
    if (!callee || callee.kind() !== 'member_expression') return current;
    const method = callee.field('property')?.text() ?? '';
    const routeMount = method === 'route' && args(current.field('arguments')).length === 2;
    if (!SAME_ROUTER.has(method) && !routeMount) return current;
    const object = callee.field('object');
    if (!object) return current;
    const inner = unwrap(object);
    if (inner.kind() !== 'call_expression' && inner.kind() !== 'new_expression') return current;
    current = inner;
  }
  return current;
}

/** identifier / a.b.c / this.x as a dotted name. */
export function dotted(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind === 'identifier' || kind === 'property_identifier' || kind === 'this')
    return node.text();
  if (kind === 'member_expression') {
    const object = node.field('object');
    const property = node.field('property');
    if (!object || !property || property.kind() === 'private_property_identifier') return undefined;
    const base = dotted(unwrapNonNull(object));
    return base ? `${base}.${property.text()}` : undefined;
  }
  return undefined;
}

function unwrapNonNull(node: SgNode): SgNode {
  return node.kind() === 'non_null_expression'
    ? (node.children().find((c) => c.isNamed()) ?? node)
    : node;
}

export function stringValue(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'string') {
    let out = '';
    for (const child of node.children()) {
      const k = child.kind();
      if (k === 'string_fragment') out += child.text();
      else if (k === 'escape_sequence') out += unescapeString(child.text());
    }
    return out;
  }
  if (kind === 'template_string') {
    const children = node.children();
    if (children.some((c) => c.kind() === 'template_substitution')) return undefined;
    return children
      .filter((c) => c.kind() === 'string_fragment' || c.kind() === 'escape_sequence')
      .map((c) => (c.kind() === 'escape_sequence' ? unescapeString(c.text()) : c.text()))
      .join('');
  }
  return undefined;
}

function isPlainString(node: SgNode): boolean {
  return stringValue(unwrap(node)) !== undefined;
}

function isStringish(node: SgNode): boolean {
  const kind = unwrap(node).kind();
  return kind === 'string' || kind === 'template_string' || kind === 'binary_expression';
}

function isPrefixArg(node: SgNode): boolean {
  const inner = unwrap(node);
  if (isStringish(inner)) return true;
  if (inner.kind() === 'array') return args(inner).every((a) => isStringish(a));
  const name =
    inner.kind() === 'identifier' || inner.kind() === 'member_expression'
      ? dotted(inner)
      : undefined;
  return name !== undefined && PREFIXISH.test(name.split('.').pop() ?? name);
}

/** A path argument: a string (or template / concatenation / constant), not a handler. */
function looksLikeRoutePath(node: SgNode, str: (n: SgNode) => StrExpr): boolean {
  const inner = unwrap(node);
  const kind = inner.kind();
  if (kind === 'regex') return true;
  if (kind === 'array')
    return args(inner).length > 0 && args(inner).every((a) => looksLikeRoutePath(a, str));
  if (
    !isStringish(inner) &&
    kind !== 'identifier' &&
    kind !== 'member_expression' &&
    kind !== 'subscript_expression'
  )
    return false;
  const expr = str(inner);
  if (!('parts' in expr)) return true;
  const first = expr.parts[0];
  if (first && 'lit' in first)
    return first.lit.startsWith('/') || first.lit.startsWith('*') || first.lit === '';
  return true;
}

function pathsOf(node: SgNode, str: (n: SgNode) => StrExpr): StrExpr[] {
  const inner = unwrap(node);
  if (inner.kind() === 'array') return args(inner).flatMap((a) => pathsOf(a, str));
  if (inner.kind() === 'regex') return [unknown(`regular expression ${shortText(inner)}`)];
  return [str(inner)];
}

function methodList(node: SgNode): string[] | undefined {
  const inner = unwrap(node);
  if (inner.kind() === 'array') {
    const methods = args(inner).map((a) => stringValue(unwrap(a)));
    if (methods.some((m) => m === undefined)) return undefined;
    return methods.map((m) => (m as string).toUpperCase());
  }
  const value = stringValue(inner);
  return value !== undefined ? [value.toUpperCase()] : undefined;
}

function stripWildcard(expr: StrExpr): StrExpr {
  if (!('parts' in expr)) return expr;
  const parts = expr.parts.map((p) => ({ ...p }));
  const last = parts[parts.length - 1];
  if (last && 'lit' in last) last.lit = last.lit.replace(/\/?\*$/, '');
  return { parts };
}

function propertyKey(node: SgNode | null): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'property_identifier' || kind === 'identifier') return node.text();
  if (kind === 'string') return stringValue(node);
  return undefined;
}

export function objectProperty(object: SgNode, key: string): SgNode | undefined {
  for (const pair of args(unwrap(object))) {
    if (pair.kind() === 'pair' && propertyKey(pair.field('key')) === key)
      return pair.field('value') ?? undefined;
    if (pair.kind() === 'shorthand_property_identifier' && pair.text() === key) return pair;
  }
  return undefined;
}

function requireCall(
  node: SgNode,
): { module: string; member?: string; rest?: boolean } | undefined {
  const text = node.text().replace(/\s+/g, '');
  const match = /^require\((['"`])([^'"`]+)\1\)(?:\.(\w+))?(\(.*\))?$/s.exec(text);
  if (!match) return undefined;
  return {
    module: match[2] as string,
    ...(match[3] ? { member: match[3] } : {}),
    ...(match[4] ? { rest: true } : {}),
  };
}

/** `fp(async function (app) {})`, `fastifyPlugin(fn)`: the wrapped plugin function. */
function pluginWrapped(node: SgNode): SgNode | undefined {
  const inner = unwrap(node);
  if (inner.kind() !== 'call_expression') return undefined;
  const callee = inner.field('function')?.text();
  if (!callee || !/^(fp|fastifyPlugin|plugin)$/.test(callee)) return undefined;
  const first = args(inner.field('arguments'))[0];
  if (!first) return undefined;
  const fn = unwrap(first);
  return FUNCTION_KINDS.has(fn.kind() as string) ? fn : undefined;
}

interface ParamInfo {
  name: string;
  type?: string;
}

function paramNodes(fn: SgNode): ParamInfo[] {
  const params = fn.field('parameters') ?? fn.field('parameter');
  if (!params) return [];
  if (params.kind() === 'identifier') return [{ name: params.text() }];
  return args(params).map((p) => {
    const kind = p.kind();
    if (kind === 'identifier') return { name: p.text() };
    if (kind === 'required_parameter' || kind === 'optional_parameter') {
      const pattern = p.field('pattern');
      const type = p.field('type');
      return {
        name: pattern?.kind() === 'identifier' ? pattern.text() : '',
        ...(type ? { type: type.text() } : {}),
      };
    }
    if (kind === 'assignment_pattern') {
      const left = p.field('left');
      return { name: left?.kind() === 'identifier' ? left.text() : '' };
    }
    return { name: '' };
  });
}

function paramNames(fn: SgNode): string[] {
  return paramNodes(fn).map((p) => p.name);
}

const ENV_RULE = {
  rule: {
    any: [
      {
        kind: 'member_expression',
        regex: '^(process|Bun)\\s*\\.\\s*env\\s*\\.\\s*[A-Za-z_$][\\w$]*$',
      },
      {
        kind: 'member_expression',
        regex: '^import\\s*\\.\\s*meta\\s*\\.\\s*env\\s*\\.\\s*[A-Za-z_$][\\w$]*$',
      },
      { kind: 'subscript_expression', regex: '^(process|Bun)\\s*\\.\\s*env\\s*\\[' },
      { kind: 'call_expression', regex: '^Deno\\s*\\.\\s*env\\s*\\.\\s*get\\s*\\(' },
      {
        kind: 'variable_declarator',
        has: { field: 'value', regex: '^(process|Bun)\\s*\\.\\s*env$' },
      },
    ],
  },
};

/** Identifiers and plain dotted names (`config.mode`): what a handler or condition reads. */
const REF_RULE = {
  rule: { any: [{ kind: 'identifier' }, { kind: 'member_expression', regex: '^[\\w$.]+$' }] },
};

/** The index of the first entry that starts at or after `start` (entries in document order). */
function firstAtOrAfter(entries: readonly { start: number }[], start: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((entries[middle] as { start: number }).start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Text every environment read above contains: a file without it has none, and its syntax tree
 * need not be searched (most files read no environment).
 */
const ENV_TEXT = /(?:process|Bun|meta|Deno)\s*\.\s*env/;

function findEnvReads(top: SgNode, source: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  if (!ENV_TEXT.test(source)) return out;
  for (const node of top.findAll(ENV_RULE)) {
    const range = node.range();
    const at = { start: range.start.index, end: range.end.index };
    const kind = node.kind();
    if (kind === 'member_expression') {
      const name = node.field('property')?.text();
      if (name) out.push({ name, ...at });
    } else if (kind === 'subscript_expression') {
      const name = stringValue(node.field('index'));
      if (name) out.push({ name, ...at });
    } else if (kind === 'call_expression') {
      const name = stringValue(args(node.field('arguments'))[0] ?? null);
      if (name) out.push({ name, ...at });
    } else {
      const pattern = node.field('name');
      if (pattern?.kind() !== 'object_pattern') continue;
      for (const prop of args(pattern)) {
        const key =
          prop.kind() === 'shorthand_property_identifier_pattern'
            ? prop.text()
            : prop.kind() === 'pair_pattern'
              ? propertyKey(prop.field('key'))
              : undefined;
        if (key) out.push({ name: key, ...at });
      }
    }
  }
  return out;
}

const QUERY_RULE = {
  rule: {
    any: [
      // req.query.token, ctx.request.query.api_key, request.query?.token
      {
        kind: 'member_expression',
        has: {
          field: 'object',
          kind: 'member_expression',
          has: { field: 'property', regex: '^query$' },
        },
      },
      // req.query['api-key']
      {
        kind: 'subscript_expression',
        has: {
          field: 'object',
          kind: 'member_expression',
          has: { field: 'property', regex: '^query$' },
        },
      },
      // url.searchParams.get('token'), c.req.query('token'), c.req.queries('token')
      {
        kind: 'call_expression',
        has: {
          field: 'function',
          kind: 'member_expression',
          regex:
            '(searchParams\\s*\\.\\s*(get|getAll|has)|\\.\\s*req\\s*\\.\\s*(query|queries)|\\bquery\\s*\\.\\s*get)$',
        },
      },
      // const { token } = req.query
      {
        kind: 'variable_declarator',
        has: { field: 'value', regex: '\\.\\s*query$' },
      },
    ],
  },
};

/** Text every query read above contains (a file without it reads no query value). */
const QUERY_TEXT = /query|searchParams/;

function findQueryReads(
  top: SgNode,
  source: string,
  str: (n: SgNode) => StrExpr,
): { name: string; text: string; loc: ReturnType<typeof locOf> }[] {
  const out: { name: string; text: string; loc: ReturnType<typeof locOf> }[] = [];
  if (!QUERY_TEXT.test(source)) return out;
  for (const node of top.findAll(QUERY_RULE)) {
    const kind = node.kind();
    if (kind === 'member_expression') {
      const name = node.field('property')?.text();
      if (name) out.push({ name, text: shortText(node), loc: locOf(node) });
    } else if (kind === 'subscript_expression') {
      const index = node.field('index');
      const expr = index ? str(index) : undefined;
      const name =
        expr && 'parts' in expr && expr.parts.length === 1 && 'lit' in (expr.parts[0] as object)
          ? (expr.parts[0] as { lit: string }).lit
          : undefined;
      if (name) out.push({ name, text: shortText(node), loc: locOf(node) });
    } else if (kind === 'call_expression') {
      const name = stringValue(args(node.field('arguments'))[0] ?? null);
      if (name) out.push({ name, text: shortText(node), loc: locOf(node) });
    } else {
      const pattern = node.field('name');
      if (pattern?.kind() !== 'object_pattern') continue;
      for (const prop of args(pattern)) {
        const key =
          prop.kind() === 'shorthand_property_identifier_pattern'
            ? prop.text()
            : prop.kind() === 'pair_pattern'
              ? propertyKey(prop.field('key'))
              : prop.kind() === 'object_assignment_pattern'
                ? prop.field('left')?.text()
                : undefined;
        if (key) out.push({ name: key, text: shortText(node), loc: locOf(prop) });
      }
    }
  }
  return out;
}
