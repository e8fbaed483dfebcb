import type { SgNode } from '@ast-grep/napi';
import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { args, lit, locOf, middlewareOf, orderOf, shortText } from './ast.js';
import { classifyJs, isJsPath, jsLanguage } from './classify.js';
import { dotted, objectProperty, scanJavaScript, stringValue, unwrap } from './javascript.js';
import type { JsScan } from './javascript.js';
import type { Middleware, NestRouteEntry, RouteFileFacts, StrExpr } from './types.js';

/**
 * NestJS: `@Controller(prefix)` classes and their `@Get`/`@Post`/… methods (decorators may sit
 * on lines of their own, stacked in any order), `@UseGuards` on the class or the method as
 * middleware, `@Query('token')` parameters as query reads, a literal `app.setGlobalPrefix()` /
 * URI versioning in the bootstrap file, and for RouterModule: `@Module({ controllers })`
 * classes, `RouterModule.register(routes)` / `forRoutes(routes)` and module-level routes lists.
 */
export const nestjsExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-nestjs',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: isJsPath,
  async extract(file) {
    if (classifyJs(file.text) !== 'nestjs') return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    const scan = scanJavaScript(root, 'none', jsLanguage(file.path));
    const facts = scan.facts;
    facts.framework = 'nestjs';
    const top = root.root();
    for (const cls of top.findAll({ rule: { kind: 'class_declaration' } })) {
      readController(cls, scan);
      readModule(cls, scan);
    }
    readRouterModules(top, scan);
    for (const call of top.findAll({
      rule: {
        kind: 'call_expression',
        has: {
          field: 'function',
          kind: 'member_expression',
          regex: '\\.(setGlobalPrefix|enableVersioning)$',
        },
      },
    })) {
      const method = call.field('function')?.field('property')?.text();
      const callArgs = args(call.field('arguments'));
      if (method === 'setGlobalPrefix' && callArgs[0]) {
        const exclude: string[] = [];
        const options = callArgs[1] ? unwrap(callArgs[1]) : undefined;
        const list = options?.kind() === 'object' ? objectProperty(options, 'exclude') : undefined;
        for (const item of list ? args(unwrap(list)) : []) {
          const inner = unwrap(item);
          const value =
            stringValue(inner) ??
            (inner.kind() === 'object' ? stringValue(objectProperty(inner, 'path')) : undefined);
          if (value !== undefined) exclude.push(value);
        }
        facts.globalPrefix = { prefix: scan.str(callArgs[0]), exclude, loc: locOf(call) };
      } else if (method === 'enableVersioning') {
        const options = callArgs[0] ? unwrap(callArgs[0]) : undefined;
        const type =
          options?.kind() === 'object' ? objectProperty(options, 'type')?.text() : undefined;
        // URI versioning is the default type.
        if (options === undefined || type === undefined || /URI$/.test(type)) {
          const prefixNode = options ? objectProperty(options, 'prefix') : undefined;
          const defaultNode = options ? objectProperty(options, 'defaultVersion') : undefined;
          const prefix = prefixNode ? stringValue(unwrap(prefixNode)) : undefined;
          const defaultVersion = defaultNode ? stringValue(unwrap(defaultNode)) : undefined;
          facts.uriVersioning = {
            prefix: prefix ?? 'v',
            ...(defaultVersion !== undefined ? { defaultVersion } : {}),
          };
        }
      }
    }
    return facts;
  },
};

const HTTP_DECORATORS: Record<string, string> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  Options: 'OPTIONS',
  Head: 'HEAD',
  All: '*',
  Search: 'SEARCH',
};

interface Decorator {
  name: string;
  args: SgNode[];
  node: SgNode;
}

function decoratorOf(node: SgNode): Decorator | undefined {
  const expression = node.children().find((c) => c.isNamed());
  if (!expression) return undefined;
  if (expression.kind() === 'call_expression') {
    const callee = expression.field('function');
    const name = callee ? dotted(callee) : undefined;
    return name
      ? { name: name.split('.').pop() as string, args: args(expression.field('arguments')), node }
      : undefined;
  }
  const name = dotted(expression);
  return name ? { name: name.split('.').pop() as string, args: [], node } : undefined;
}

function classDecorators(cls: SgNode): Decorator[] {
  const own = cls.children().filter((c) => c.kind() === 'decorator');
  const parent = cls.parent();
  const exported =
    parent?.kind() === 'export_statement'
      ? parent.children().filter((c) => c.kind() === 'decorator')
      : [];
  return [...exported, ...own].map(decoratorOf).filter((d): d is Decorator => d !== undefined);
}

function guardsOf(decorators: Decorator[]): Middleware[] {
  return decorators
    .filter(
      (d) =>
        /^(UseGuards|UseInterceptors|UseFilters|UsePipes)$/.test(d.name) ||
        /Auth|Guard|Role|Public|Scope/.test(d.name),
    )
    .flatMap((d) =>
      d.name === 'UseGuards' || d.name === 'UseInterceptors'
        ? d.args.map((a) => middlewareOf(nameOfGuard(a), a))
        : [middlewareOf(d.name, d.node)],
    );
}

function nameOfGuard(node: SgNode): string {
  const inner = unwrap(node);
  if (inner.kind() === 'new_expression') {
    const ctor = inner.field('constructor');
    return ctor ? (dotted(ctor) ?? shortText(ctor)) : shortText(inner);
  }
  if (inner.kind() === 'call_expression') {
    const callee = inner.field('function');
    return callee ? (dotted(callee) ?? shortText(callee)) : shortText(inner);
  }
  return dotted(inner) ?? shortText(inner);
}

function pathArgs(node: SgNode | undefined, scan: JsScan): StrExpr[] {
  if (!node) return [lit('')];
  const inner = unwrap(node);
  if (inner.kind() === 'array') return args(inner).map((a) => scan.str(a));
  if (inner.kind() === 'object') {
    const path = objectProperty(inner, 'path');
    return path ? pathArgs(path, scan) : [lit('')];
  }
  return [scan.str(inner)];
}

function versionOf(decorators: Decorator[], controllerArg: SgNode | undefined): string | undefined {
  const version = decorators.find((d) => d.name === 'Version')?.args[0];
  if (version) return stringValue(unwrap(version));
  const inner = controllerArg ? unwrap(controllerArg) : undefined;
  if (inner?.kind() === 'object') {
    const value = objectProperty(inner, 'version');
    if (value) return stringValue(unwrap(value));
  }
  return undefined;
}

function readController(cls: SgNode, scan: JsScan): void {
  const decorators = classDecorators(cls);
  const controller = decorators.find((d) => d.name === 'Controller');
  if (!controller) return;
  const facts = scan.facts;
  const name = cls.field('name')?.text() ?? `class@${cls.range().start.line + 1}`;
  const classGuards = guardsOf(decorators);
  const controllerVersion = versionOf(decorators, controller.args[0]);
  const prefixes = pathArgs(controller.args[0], scan);
  prefixes.forEach((prefix, index) => {
    facts.routers.push({
      id: `class:${name}${index > 0 ? `#${index}` : ''}`,
      framework: 'nestjs',
      root: true,
      prefix,
      ...(classGuards.length > 0 ? { middleware: classGuards } : {}),
      loc: locOf(controller.node),
    });
  });
  const body = cls.field('body');
  if (!body) return;
  let pending: Decorator[] = [];
  for (const member of body.children()) {
    const kind = member.kind();
    if (kind === 'decorator') {
      const decorator = decoratorOf(member);
      if (decorator) pending.push(decorator);
      continue;
    }
    if (kind !== 'method_definition') {
      if (member.isNamed() && kind !== 'comment') pending = [];
      continue;
    }
    const methodDecorators = pending;
    pending = [];
    const http = methodDecorators.filter((d) => d.name in HTTP_DECORATORS);
    if (http.length === 0) continue;
    const guards = guardsOf(methodDecorators);
    const version = versionOf(methodDecorators, undefined) ?? controllerVersion;
    const handlerBody = member.field('body');
    const handler = handlerBody ? { inline: scan.body(handlerBody) } : undefined;
    for (const decorator of http) {
      for (const path of pathArgs(decorator.args[0], scan)) {
        prefixes.forEach((_, index) => {
          facts.routes.push({
            router: { name: `class:${name}${index > 0 ? `#${index}` : ''}` },
            framework: 'nestjs',
            methods: [HTTP_DECORATORS[decorator.name] as string],
            path,
            ...(version !== undefined ? { version } : {}),
            loc: locOf(decorator.node),
            middleware: guards,
            ...(handler ? { handler } : {}),
            order: orderOf(decorator.node),
          });
        });
      }
    }
    // @Query('token') parameters read the query string.
    for (const param of member.findAll({
      rule: { kind: 'decorator', regex: '^@\\s*Query\\s*\\(' },
    })) {
      const decorator = decoratorOf(param);
      const value = decorator?.args[0] ? stringValue(unwrap(decorator.args[0])) : undefined;
      if (value) facts.queryReads.push({ name: value, text: shortText(param), loc: locOf(param) });
    }
  }
}

/** `@Module({ controllers: [A, B] })`: the controllers RouterModule paths apply to. */
function readModule(cls: SgNode, scan: JsScan): void {
  const decorator = classDecorators(cls).find((d) => d.name === 'Module');
  const name = cls.field('name')?.text();
  if (!decorator || !name) return;
  const options = decorator.args[0] ? unwrap(decorator.args[0]) : undefined;
  const list = options?.kind() === 'object' ? objectProperty(options, 'controllers') : undefined;
  const controllers: string[] = [];
  for (const item of list ? args(unwrap(list)) : []) {
    const controller = dotted(unwrap(item));
    if (controller) controllers.push(controller);
  }
  scan.facts.nestModules ??= {};
  scan.facts.nestModules[name] = { controllers, loc: locOf(decorator.node) };
}

const ROUTER_MODULE_CALL = /(^|\.)RouterModule\.(register|forRoutes)$/;

/**
 * `RouterModule.register([...])` / `RouterModule.forRoutes(routes)` calls, and module-level
 * routes lists (`const routes: Routes = [...]`, exported or not) that such a call may name
 * from this or another file.
 */
function readRouterModules(top: SgNode, scan: JsScan): void {
  const facts = scan.facts;
  for (const call of top.findAll({
    rule: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'member_expression', regex: '(register|forRoutes)$' },
    },
  })) {
    const callee = call.field('function');
    const name = callee ? dotted(callee) : undefined;
    if (!name || !ROUTER_MODULE_CALL.test(name)) continue;
    const first = args(call.field('arguments'))[0];
    facts.nestRouterModules ??= [];
    facts.nestRouterModules.push({
      routes: first ? routeList(first, scan) : [],
      loc: locOf(call),
    });
  }
  for (const statement of top.children()) {
    const declaration =
      statement.kind() === 'export_statement' ? statement.field('declaration') : statement;
    if (
      declaration?.kind() !== 'lexical_declaration' &&
      declaration?.kind() !== 'variable_declaration'
    )
      continue;
    for (const declarator of declaration.children()) {
      if (declarator.kind() !== 'variable_declarator') continue;
      const name = declarator.field('name');
      const value = declarator.field('value');
      if (name?.kind() !== 'identifier' || !value) continue;
      const inner = unwrap(value);
      const typed = /\b(Routes|RouteTree)\b/.test(declarator.field('type')?.text() ?? '');
      const isTable =
        inner.kind() === 'array'
          ? typed || args(inner).some((e) => isRouteObject(unwrap(e)))
          : inner.kind() === 'object' && (typed || isRouteObject(inner));
      if (!isTable) continue;
      facts.nestRouteTables ??= {};
      facts.nestRouteTables[name.text()] = routeList(inner, scan);
    }
  }
}

/** An object written like a RouterModule route: a path with a module or children. */
function isRouteObject(node: SgNode): boolean {
  return (
    node.kind() === 'object' &&
    objectProperty(node, 'path') !== undefined &&
    (objectProperty(node, 'module') !== undefined || objectProperty(node, 'children') !== undefined)
  );
}

function routeList(node: SgNode, scan: JsScan): NestRouteEntry[] {
  const inner = unwrap(node);
  if (inner.kind() === 'array') return args(inner).map((item) => routeEntry(item, scan));
  return [routeEntry(inner, scan)];
}

function routeEntry(node: SgNode, scan: JsScan): NestRouteEntry {
  const inner = unwrap(node);
  const loc = locOf(inner);
  if (inner.kind() === 'spread_element') {
    const spread = inner.children().find((c) => c.isNamed());
    const name = spread ? dotted(unwrap(spread)) : undefined;
    return name ? { ref: name, loc } : { unknown: shortText(inner), loc };
  }
  // A bare name: a module listed in `children`, or a routes list declared elsewhere.
  const name = inner.kind() === 'shorthand_property_identifier' ? inner.text() : dotted(inner);
  if (name) return { ref: name, loc };
  if (inner.kind() !== 'object') return { unknown: shortText(inner), loc };
  const pathNode = objectProperty(inner, 'path');
  const moduleNode = objectProperty(inner, 'module');
  const childrenNode = objectProperty(inner, 'children');
  let module: string | undefined;
  if (moduleNode) {
    module =
      moduleNode.kind() === 'shorthand_property_identifier'
        ? moduleNode.text()
        : dotted(unwrap(moduleNode));
    if (!module) return { unknown: shortText(moduleNode), loc: locOf(moduleNode) };
  }
  let path: StrExpr | undefined;
  let pathLoc = loc;
  if (pathNode) {
    const shorthand = pathNode.kind() === 'shorthand_property_identifier';
    path = shorthand ? { parts: [{ ref: pathNode.text() }] } : scan.str(unwrap(pathNode));
    pathLoc = locOf(shorthand ? pathNode : (pathNode.parent() ?? pathNode));
  }
  return {
    ...(path ? { path } : {}),
    ...(module ? { module } : {}),
    ...(childrenNode ? { children: routeList(childrenNode, scan) } : {}),
    loc: pathLoc,
  };
}
