import path from 'node:path';
import { joinRoutePath, normalizePath, syntaxOf } from './path.js';
import type { PathShape, PathSyntax } from './path.js';
import type {
  BodyInfo,
  Framework,
  FunctionInfo,
  Loc,
  Middleware,
  MountDecl,
  NestRouteEntry,
  RouteDecl,
  RouteFileFacts,
  RouterDecl,
  RouterRef,
  StrExpr,
} from './types.js';

/**
 * Joins per-file route facts into the routes an application serves: follows imports and
 * exports (re-exports included), resolves prefixes built from constants in the same or
 * another module, walks mounts (`app.use`, `include_router`, `register`, `Group`, …) from the
 * applications down, and applies middleware. Pure: it sees only facts and the file list.
 */

export interface LinkedRoute {
  file: string;
  loc: Loc;
  framework: Framework;
  /** Upper-case methods; '*' for any method. */
  methods: string[];
  /** The full path as served, with prefixes; parameters as {name}. */
  path: string;
  /** Shapes it serves (optional parameters give more than one). */
  shapes: PathShape[];
  middleware: Middleware[];
  /** What the handler reads (with module values and functions it uses, one level deep). */
  handler: BodyInfo;
  /** What the conditions around the route and its mounts read. */
  guard: BodyInfo;
}

export interface UnresolvedRoute {
  file: string;
  loc: Loc;
  /** What could not be known: the path, the method, a mount's prefix, a router's mount. */
  kind: 'path' | 'method' | 'prefix' | 'unmounted';
  reason: string;
  expression: string;
  /** Routes that could not be checked because of it. */
  routes: number;
}

export interface QueryReadAt {
  file: string;
  loc: Loc;
  name: string;
  text: string;
}

export interface LinkResult {
  routes: LinkedRoute[];
  unresolved: UnresolvedRoute[];
  queryReads: QueryReadAt[];
}

type Resolved =
  | { kind: 'router'; key: string }
  | { kind: 'function'; file: string; name: string; info: FunctionInfo }
  | { kind: 'constant'; file: string; expr: StrExpr }
  | { kind: 'value'; file: string; name: string; info: BodyInfo }
  | { kind: 'module'; file: string }
  /** NestJS: a controller or `@Module()` class, or a RouterModule routes list, of `file`. */
  | { kind: 'nest'; file: string; name: string };

type StrResult = { value: string } | { unknown: string };
type NestRouterModule = NonNullable<RouteFileFacts['nestRouterModules']>[number];

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** An import of a built file (`./x.js`) may name a TypeScript source (`./x.ts`). */
const BUILT_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const PYTHON_MODULE_FILES = ['.py', '/__init__.py'];
const MAX_DEPTH = 24;

export function mergeFacts(a: RouteFileFacts, b: RouteFileFacts): RouteFileFacts {
  return {
    ...a,
    ...b,
    framework: a.framework === 'none' ? b.framework : a.framework,
    imports: [...a.imports, ...b.imports],
    exports: { ...a.exports, ...b.exports },
    reexports: [...a.reexports, ...b.reexports],
    constants: { ...a.constants, ...b.constants },
    values: { ...a.values, ...b.values },
    functions: { ...a.functions, ...b.functions },
    aliases: { ...a.aliases, ...b.aliases },
    routers: [...a.routers, ...b.routers.filter((r) => !a.routers.some((x) => x.id === r.id))],
    routes: [...a.routes, ...b.routes],
    mounts: [...a.mounts, ...b.mounts],
    uses: [...a.uses, ...b.uses],
    calls: [...a.calls, ...b.calls],
    queryReads: [
      ...a.queryReads,
      ...b.queryReads.filter(
        (r) =>
          !a.queryReads.some((x) => x.loc.line === r.loc.line && x.loc.column === r.loc.column),
      ),
    ],
  };
}

export interface LinkOptions {
  /**
   * Where a bare JavaScript/TypeScript specifier leads in the repository, as the module
   * resolver finds it (tsconfig `paths` and `baseUrl`): `@/routes/users` → `src/routes/users.ts`.
   * Consulted before the linker's own guess for aliases written like `@/x`, `~/x` or `src/x`.
   */
  resolveJs?: (importer: string, specifier: string) => string | undefined;
  /**
   * Answers of an earlier link to start from, when they still hold. `resolverKey` stands for
   * everything `resolveJs` answers from besides the file list (the same value: the same
   * answers).
   */
  resolutions?: { memo: LinkResolutions; resolverKey: unknown };
}

/**
 * What a link resolved (names, modules), kept for the next link of nearly the same facts: a
 * long-lived process checks one edit after another. Names and modules resolve from the file
 * list and from every part of a file's facts but its routes, mounts, uses, calls and query
 * reads. When only those parts of a few files changed (an edit that adds or changes a route),
 * the next link starts from these answers: they are the answers it would find.
 */
export class LinkResolutions {
  state?: ResolutionState;
}

interface ResolutionState {
  facts: ReadonlyMap<string, RouteFileFacts>;
  files: readonly string[];
  resolverKey: unknown;
  fileSet: Set<string>;
  moduleCache: Map<string, Map<string, string | undefined>>;
  nameMemo: Map<string, Map<string, Resolved | undefined>>;
  importsByHead: Map<string, Map<string, RouteFileFacts['imports']>>;
}

/** Beyond this many files with other facts, comparing them costs about what resolving does. */
const MAX_CHANGED_FILES = 16;

/** Facts parts no name or module resolution reads. */
const NOT_RESOLVED_FROM = new Set(['routes', 'mounts', 'uses', 'calls', 'queryReads']);

function resolvedFrom(facts: RouteFileFacts): string {
  return JSON.stringify(facts, (key, value: unknown) =>
    key !== '' && NOT_RESOLVED_FROM.has(key) ? undefined : value,
  );
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The earlier answers, when everything they were found from is the same. */
function reusableResolutions(
  kept: ResolutionState | undefined,
  factsByFile: ReadonlyMap<string, RouteFileFacts>,
  allFiles: readonly string[],
  resolverKey: unknown,
): ResolutionState | undefined {
  if (!kept || kept.resolverKey !== resolverKey || kept.facts.size !== factsByFile.size)
    return undefined;
  if (!sameFiles(kept.files, allFiles)) return undefined;
  const changed: [RouteFileFacts, RouteFileFacts][] = [];
  let comparable = true;
  factsByFile.forEach((facts, file) => {
    if (!comparable) return;
    const before = kept.facts.get(file);
    if (before === facts) return;
    if (!before || changed.length >= MAX_CHANGED_FILES) comparable = false;
    else changed.push([before, facts]);
  });
  if (!comparable) return undefined;
  for (const [before, facts] of changed)
    if (resolvedFrom(before) !== resolvedFrom(facts)) return undefined;
  return kept;
}

export function linkRoutes(
  factsByFile: ReadonlyMap<string, RouteFileFacts>,
  allFiles: readonly string[],
  options: LinkOptions = {},
): LinkResult {
  const kept = options.resolutions
    ? reusableResolutions(
        options.resolutions.memo.state,
        factsByFile,
        allFiles,
        options.resolutions.resolverKey,
      )
    : undefined;
  // Loops over the facts use Map#forEach: linking runs once per process, in code not yet
  // optimised, where for…of with `[file, facts]` destructuring costs several times as much.
  const fileSet = kept?.fileSet ?? new Set(allFiles);
  const dirs = new Map<string, string[]>();
  factsByFile.forEach((_, file) => {
    fileSet.add(file);
    const dir = dirnameOf(file);
    const list = dirs.get(dir);
    if (list) list.push(file);
    else dirs.set(dir, [file]);
  });
  // Only Go imports need the folders of Go files: most repositories never ask.
  let goDirList: string[] | undefined;
  const goDirs = (): string[] =>
    (goDirList ??= [
      ...new Set([...fileSet].filter((f) => f.endsWith('.go')).map((f) => path.posix.dirname(f))),
    ]);
  const facts = (file: string): RouteFileFacts | undefined => factsByFile.get(file);

  // ---- module resolution -------------------------------------------------------------------
  // By importing file, then language and specifier: no long keys built per lookup.
  const moduleCache = kept?.moduleCache ?? new Map<string, Map<string, string | undefined>>();
  const resolveModule = (
    from: string,
    spec: string,
    language: RouteFileFacts['language'],
  ): string | undefined => {
    const cache = entryOf(moduleCache, from);
    const key = `${language}\0${spec}`;
    if (cache.has(key)) return cache.get(key);
    let result: string | undefined;
    if (language === 'javascript') result = resolveJs(from, spec);
    else if (language === 'python') result = resolvePy(from, spec);
    cache.set(key, result);
    return result;
  };
  /** The first file that exists of what `base` may stand for, in the order they are tried. */
  const tryJs = (base: string): string | undefined => {
    if (fileSet.has(base)) return base;
    const ext = builtExtensionOf(base);
    if (ext !== undefined) {
      const stem = base.slice(0, -ext.length);
      const source = firstExisting(stem, SOURCE_EXTENSIONS);
      if (source) return source;
    }
    return firstExisting(base, JS_EXTENSIONS) ?? firstExisting(`${base}/index`, JS_EXTENSIONS);
  };
  const firstExisting = (stem: string, extensions: readonly string[]): string | undefined => {
    for (const extension of extensions) {
      const candidate = `${stem}${extension}`;
      if (fileSet.has(candidate)) return candidate;
    }
    return undefined;
  };
  const resolveJs = (from: string, spec: string): string | undefined => {
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
      const base = joinFilePath(dirnameOf(from), spec);
      return base.startsWith('..') ? undefined : tryJs(base);
    }
    const configured = options.resolveJs?.(from, spec);
    if (configured !== undefined) return configured;
    // Path aliases no configuration maps (@/x, ~/x, #x, src/x): try the source folders above
    // the importing file.
    const aliasMatch = /^(?:@|~|#)\/?(.*)$/.exec(spec);
    const rest = aliasMatch ? aliasMatch[1] : spec.startsWith('src/') ? spec : undefined;
    if (rest === undefined || rest === '') return undefined;
    let dir = dirnameOf(from);
    for (;;) {
      for (const base of [`${dir}/src/${rest}`, `${dir}/${rest}`]) {
        const found = tryJs(normalizeFilePath(withoutLeading(base, './')));
        if (found) return found;
      }
      if (dir === '.' || dir === '') break;
      dir = dirnameOf(dir);
    }
    return undefined;
  };
  const resolvePy = (from: string, spec: string): string | undefined => {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots).split('.').filter(Boolean).join('/');
    const tryPy = (base: string): string | undefined => {
      const clean = withoutTrailing(withoutLeading(base, './'), '/');
      if (clean === '' || clean === '.')
        return fileSet.has('__init__.py') ? '__init__.py' : undefined;
      return firstExisting(clean, PYTHON_MODULE_FILES);
    };
    if (dots > 0) {
      let dir = dirnameOf(from);
      for (let i = 1; i < dots; i++) dir = dirnameOf(dir);
      return tryPy(rest ? joinFilePath(dir, rest) : dir);
    }
    let dir = dirnameOf(from);
    for (;;) {
      const found =
        tryPy(dir === '.' ? rest : `${dir}/${rest}`) ??
        tryPy(dir === '.' ? `src/${rest}` : `${dir}/src/${rest}`);
      if (found) return found;
      if (dir === '.' || dir === '') break;
      dir = dirnameOf(dir);
    }
    return undefined;
  };
  const goPackageDir = (from: string, importPath: string): string | undefined => {
    const segments = importPath.split('/');
    const fromDir = path.posix.dirname(from);
    for (let k = segments.length; k >= 1; k--) {
      const suffix = segments.slice(segments.length - k).join('/');
      const matches = goDirs().filter((d) => d === suffix || d.endsWith(`/${suffix}`));
      if (matches.length === 0) continue;
      if (matches.length === 1 || k >= 2) {
        return matches.sort((a, b) => commonPrefix(b, fromDir) - commonPrefix(a, fromDir))[0];
      }
    }
    return undefined;
  };

  // ---- names -------------------------------------------------------------------------------
  // Declarations with their file, by `file#id` (a pair: copying each declaration costs more).
  const routerDecls = new Map<string, { file: string; decl: RouterDecl }>();
  factsByFile.forEach((f, file) => {
    for (const decl of f.routers) routerDecls.set(`${file}#${decl.id}`, { file, decl });
  });

  const nameMemo = kept?.nameMemo ?? new Map<string, Map<string, Resolved | undefined>>();
  /** Resolves a (dotted) name used in `file` (memoized: facts do not change while linking). */
  const resolveName = (file: string, name: string, depth = 0): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const names = entryOf(nameMemo, file);
    if (names.has(name)) return names.get(name);
    const result = resolveNameUncached(file, name, depth);
    names.set(name, result);
    return result;
  };
  const importsByHead =
    kept?.importsByHead ?? new Map<string, Map<string, RouteFileFacts['imports']>>();
  if (options.resolutions)
    options.resolutions.memo.state = {
      facts: factsByFile,
      files: allFiles,
      resolverKey: options.resolutions.resolverKey,
      fileSet,
      moduleCache,
      nameMemo,
      importsByHead,
    };
  const importsOf = (file: string, f: RouteFileFacts, head: string): RouteFileFacts['imports'] => {
    let index = importsByHead.get(file);
    if (!index) {
      index = new Map();
      for (const imp of f.imports) {
        const key = headOf(imp.local);
        const list = index.get(key);
        if (list) list.push(imp);
        else index.set(key, [imp]);
      }
      for (const list of index.values()) list.sort((a, b) => b.local.length - a.local.length);
      importsByHead.set(file, index);
    }
    return index.get(head) ?? [];
  };
  const resolveNameUncached = (file: string, name: string, depth: number): Resolved | undefined => {
    const f = facts(file);
    if (!f) return undefined;
    if (f.language === 'go') return resolveGo(file, name, depth);
    const local = resolveLocal(file, f, name, depth);
    if (local) return local;
    const head = headOf(name);
    for (const imp of importsOf(file, f, head)) {
      // Python: `import app.routers.users` binds the dotted name itself.
      if (imp.local !== head && name !== imp.local && !name.startsWith(`${imp.local}.`)) continue;
      const remaining =
        name === imp.local
          ? []
          : name
              .slice(imp.local.length + 1)
              .split('.')
              .filter(Boolean);
      const target = resolveModule(file, imp.module, f.language);
      if (f.language === 'python' && imp.imported !== '*') {
        // from pkg import name: a name in pkg, or the submodule pkg.name
        if (target) {
          const found = resolveExport(target, [imp.imported, ...remaining].join('.'), depth + 1);
          if (found) return found;
        }
        const sub = resolveModule(
          file,
          `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${imp.imported}`,
          'python',
        );
        if (sub)
          return remaining.length === 0
            ? { kind: 'module', file: sub }
            : resolveExport(sub, remaining.join('.'), depth + 1);
        continue;
      }
      if (!target) continue;
      if (imp.imported === '*')
        return remaining.length === 0
          ? { kind: 'module', file: target }
          : resolveExport(target, remaining.join('.'), depth + 1);
      return resolveExport(target, [imp.imported, ...remaining].join('.'), depth + 1);
    }
    return undefined;
  };

  const resolveLocal = (
    file: string,
    f: RouteFileFacts,
    name: string,
    depth: number,
  ): Resolved | undefined => {
    if (declaresRouter(f, name)) return { kind: 'router', key: `${file}#${name}` };
    if (
      f.framework === 'nestjs' &&
      (f.nestModules?.[name] !== undefined ||
        f.nestRouteTables?.[name] !== undefined ||
        declaresRouter(f, `class:${name}`))
    )
      return { kind: 'nest', file, name };
    const alias = f.aliases[name];
    if (alias) {
      const target = resolveRef(file, alias, depth + 1);
      if (target) return target;
    }
    const fn = f.functions[name];
    if (fn) return { kind: 'function', file, name, info: fn };
    const constant = f.constants[name];
    if (constant) return { kind: 'constant', file, expr: constant };
    const value = f.values[name];
    // Dotted: settings.API_PREFIX where settings = Settings() → Settings.API_PREFIX
    const rest = restOf(name);
    if (rest !== undefined) {
      const head = headOf(name);
      const headAlias = f.aliases[head];
      if (headAlias && 'call' in headAlias) {
        const cls = resolveName(file, `${headAlias.call}.${rest}`, depth + 1);
        if (cls) return cls;
      }
      if (headAlias && 'name' in headAlias && headAlias.name !== head) {
        const target = resolveName(file, `${headAlias.name}.${rest}`, depth + 1);
        if (target) return target;
      }
    }
    if (value) return { kind: 'value', file, name, info: value };
    return undefined;
  };

  const resolveExport = (file: string, name: string, depth: number): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const f = facts(file);
    if (!f) return undefined;
    if (f.language === 'python') return resolveName(file, name, depth + 1);
    const head = headOf(name);
    const rest = restOf(name);
    const local = f.exports[head];
    if (local !== undefined) {
      if (local.startsWith('@ns:')) {
        const imp = f.imports.find((i) => i.local === local);
        const module = imp ? resolveModule(file, imp.module, f.language) : undefined;
        return module
          ? rest !== undefined
            ? resolveExport(module, rest, depth + 1)
            : { kind: 'module', file: module }
          : undefined;
      }
      return resolveName(file, dotted(local, rest), depth + 1);
    }
    for (const reexport of f.reexports) {
      const module = resolveModule(file, reexport.module, f.language);
      if (!module) continue;
      if (reexport.names) {
        const imported = reexport.names[head];
        if (imported !== undefined) return resolveExport(module, dotted(imported, rest), depth + 1);
      } else if (head !== 'default') {
        const found = resolveExport(module, name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };

  const resolveGo = (file: string, name: string, depth: number): Resolved | undefined => {
    const f = facts(file);
    if (!f) return undefined;
    const dir = dirnameOf(file);
    const packageFiles = (dirs.get(dir) ?? [file]).filter(
      (p) => facts(p)?.language === 'go' && (facts(p)?.goPackage ?? '') === (f.goPackage ?? ''),
    );
    const inPackage = (n: string): Resolved | undefined => {
      for (const p of [file, ...packageFiles.filter((x) => x !== file)]) {
        const pf = facts(p);
        if (!pf) continue;
        const found = resolveLocal(p, pf, n, depth);
        if (found) return found;
      }
      return undefined;
    };
    const own = inPackage(name);
    if (own) return own;
    const [head = '', ...rest] = name.split('.');
    const imp = f.imports.find((i) => i.local === head);
    if (imp && rest.length > 0) {
      const pkgDir = goPackageDir(file, imp.module);
      const files = pkgDir ? (dirs.get(pkgDir) ?? []) : [];
      for (const p of files) {
        const pf = facts(p);
        if (!pf) continue;
        const found = resolveLocal(p, pf, rest.join('.'), depth);
        if (found) return found;
      }
      // A method called on a value from the package: users.NewHandler(db).Routes → *.Routes
      return uniqueMethod(files, rest[rest.length - 1] as string);
    }
    // A method on a local value: h.Routes(r) → the one method named Routes in this package, or
    // else in the packages this file imports (h := handlers.New()).
    if (rest.length > 0) {
      const method = rest[rest.length - 1] as string;
      const own = uniqueMethod(packageFiles, method);
      if (own) return own;
      const imported = f.imports.flatMap((i) => {
        const pkgDir = goPackageDir(file, i.module);
        return pkgDir ? (dirs.get(pkgDir) ?? []) : [];
      });
      return uniqueMethod(imported, method);
    }
    return undefined;
  };
  const uniqueMethod = (files: string[], method: string): Resolved | undefined => {
    const found: Resolved[] = [];
    for (const p of files) {
      const pf = facts(p);
      if (!pf) continue;
      for (const [fnName, info] of Object.entries(pf.functions))
        if (fnName.endsWith(`.${method}`))
          found.push({ kind: 'function', file: p, name: fnName, info });
    }
    return found.length === 1 ? found[0] : undefined;
  };

  const resolveRef = (file: string, ref: RouterRef, depth = 0): Resolved | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    if ('unknown' in ref || 'autoload' in ref) return undefined;
    if ('name' in ref) return resolveName(file, ref.name, depth + 1);
    if ('call' in ref && !('module' in ref)) {
      const fn = resolveName(file, ref.call, depth + 1);
      if (fn?.kind === 'function' && fn.info.returns)
        return resolveRef(fn.file, fn.info.returns, depth + 1);
      return undefined;
    }
    const f = facts(file);
    const module = f ? resolveModule(file, ref.module, f.language) : undefined;
    if (!module) return undefined;
    const target = resolveExport(module, ref.member ?? 'default', depth + 1);
    if (ref.call && target?.kind === 'function' && target.info.returns)
      return resolveRef(target.file, target.info.returns, depth + 1);
    return target;
  };

  const routerOf = (file: string, ref: RouterRef): string | undefined => {
    const resolved = resolveRef(file, ref);
    return resolved?.kind === 'router' ? resolved.key : undefined;
  };
  const paramRouterOf = (fn: Resolved | undefined, index: number): string | undefined => {
    if (fn?.kind !== 'function') return undefined;
    const key = `${fn.file}#@param:${fn.name}:${index}`;
    return routerDecls.has(key) ? key : undefined;
  };

  // ---- strings -----------------------------------------------------------------------------
  const resolveStr = (file: string, expr: StrExpr | undefined, depth = 0): StrResult => {
    if (!expr) return { value: '' };
    if ('unknown' in expr) return { unknown: expr.unknown };
    let out = '';
    for (const part of expr.parts) {
      if ('lit' in part) {
        out += part.lit;
        continue;
      }
      const target = depth > MAX_DEPTH ? undefined : resolveName(file, part.ref, depth + 1);
      if (target?.kind !== 'constant') return { unknown: part.ref };
      const value = resolveStr(target.file, target.expr, depth + 1);
      if ('unknown' in value) return value;
      out += value.value;
    }
    return { value: out };
  };

  /** Adds what middleware aliases stand for (FastAPI Annotated dependencies). */
  const expandMiddleware = (file: string, list: readonly Middleware[]): Middleware[] => {
    const out = [...list];
    for (const middleware of list) {
      const local = facts(file)?.middlewareAliases?.[middleware.name];
      if (local) {
        out.push(...local);
        continue;
      }
      const target = resolveName(file, middleware.name);
      if (target?.kind === 'value')
        out.push(...(facts(target.file)?.middlewareAliases?.[target.name] ?? []));
    }
    return out;
  };

  // ---- body info -----------------------------------------------------------------------------
  const expandBody = (file: string, info: BodyInfo | undefined, depth = 0): BodyInfo => {
    const env = new Set(info?.env ?? []);
    const refs = new Set(info?.refs ?? []);
    if (depth < 2) {
      for (const ref of info?.refs ?? []) {
        const target = resolveName(file, ref);
        if (target?.kind === 'value') {
          const inner = expandBody(target.file, target.info, depth + 1);
          inner.env.forEach((e) => env.add(e));
          inner.refs.forEach((r) => refs.add(r));
        } else if (target?.kind === 'function') {
          const inner = expandBody(target.file, target.info.body, depth + 1);
          inner.env.forEach((e) => env.add(e));
        }
      }
    }
    return { env: [...env], refs: [...refs] };
  };
  const handlerBody = (file: string, route: RouteDecl): BodyInfo => {
    const handler = route.handler;
    if (!handler) return { env: [], refs: [] };
    if ('inline' in handler) return expandBody(file, handler.inline);
    const target = resolveName(file, handler.name);
    const refs = [handler.name];
    if (target?.kind === 'function') {
      const body = expandBody(target.file, target.info.body);
      return { env: body.env, refs: [...refs, ...body.refs] };
    }
    if (target?.kind === 'value') {
      const body = expandBody(target.file, target.info);
      return { env: body.env, refs: [...refs, ...body.refs] };
    }
    return { env: [], refs };
  };

  // ---- graph -------------------------------------------------------------------------------
  interface Edge {
    child: string;
    prefix: StrResult;
    middleware: Middleware[];
    order: number;
    file: string;
    loc: Loc;
    guard?: BodyInfo;
    expression: string;
  }
  const edges = new Map<string, Edge[]>();
  const incoming = new Set<string>();
  const addEdge = (parent: string, edge: Edge): void => {
    if (parent === edge.child) return;
    const list = edges.get(parent) ?? [];
    list.push(edge);
    edges.set(parent, list);
    incoming.add(edge.child);
  };
  const routesByRouter = new Map<string, { file: string; route: RouteDecl }[]>();
  const usesByRouter = new Map<
    string,
    { file: string; prefix?: string; middleware: Middleware[]; order: number }[]
  >();
  const unresolved: UnresolvedRoute[] = [];

  factsByFile.forEach((f, file) => {
    for (const mount of f.mounts) {
      const parent = routerOf(file, mount.parent);
      if (!parent) continue;
      if ('autoload' in mount.child) {
        // @fastify/autoload: each module's default export, under its folder's path.
        const dir = path.posix.normalize(
          path.posix.join(path.posix.dirname(file), mount.child.autoload),
        );
        factsByFile.forEach((cf, candidate) => {
          if (cf.language !== 'javascript' || !candidate.startsWith(`${dir}/`)) return;
          const child = paramRouterOf(resolveExport(candidate, 'default', 0), 0);
          if (!child) return;
          const folder = path.posix.dirname(candidate.slice(dir.length + 1));
          const edge = edgeOf(file, mount, child);
          const base = 'value' in edge.prefix ? edge.prefix.value : '';
          addEdge(parent, {
            ...edge,
            prefix:
              'value' in edge.prefix
                ? { value: folder === '.' ? base : joinRoutePath([base, folder]) }
                : edge.prefix,
          });
        });
        continue;
      }
      let child: string | undefined;
      if (mount.plugin) child = paramRouterOf(resolveRef(file, mount.child), 0);
      else {
        const resolved = resolveRef(file, mount.child);
        child = resolved?.kind === 'router' ? resolved.key : undefined;
      }
      if (!child) continue;
      addEdge(parent, edgeOf(file, mount, child));
    }
    for (const call of f.calls) {
      const callee = resolveRef(file, call.callee);
      call.args.forEach((arg, index) => {
        if (!arg) return;
        const parent = routerOf(file, arg);
        const child = paramRouterOf(callee, index);
        if (!parent || !child) return;
        addEdge(parent, {
          child,
          prefix: { value: '' },
          middleware: [],
          order: call.order,
          file,
          loc: call.loc,
          expression: '',
        });
      });
    }
    for (const route of f.routes) {
      const key = routerOf(file, route.router);
      if (!key) continue;
      const list = routesByRouter.get(key) ?? [];
      list.push({ file, route });
      routesByRouter.set(key, list);
    }
    for (const use of f.uses) {
      const key = routerOf(file, use.router);
      if (!key) continue;
      // Routers mounted with use() are not middleware.
      const middleware = use.middleware.filter(
        (m) => routerOf(file, { name: m.name }) === undefined,
      );
      if (middleware.length === 0) continue;
      const prefix = use.prefix ? resolveStr(file, use.prefix) : undefined;
      // Middleware under a prefix nobody can know applies to routes nobody can know.
      if (prefix && 'unknown' in prefix) continue;
      const list = usesByRouter.get(key) ?? [];
      list.push({
        file,
        ...(prefix ? { prefix: joinRoutePath([prefix.value]) } : {}),
        middleware,
        order: use.order,
      });
      usesByRouter.set(key, list);
    }
  });
  function edgeOf(file: string, mount: MountDecl, child: string): Edge {
    return {
      child,
      prefix: resolveStr(file, mount.prefix),
      middleware: mount.middleware.filter((m) => routerOf(file, { name: m.name }) === undefined),
      order: mount.order,
      file,
      loc: mount.loc,
      ...(mount.guard ? { guard: mount.guard } : {}),
      expression: 'unknown' in mount.prefix ? mount.prefix.unknown : '',
    };
  }

  /** NestJS RouterModule: the paths of the modules whose controllers it names. */
  function nestModulePaths(): { paths: Map<string, string[]>; blocked: Set<string> } {
    const paths = new Map<string, string[]>();
    const blocked = new Set<string>();
    const registrations: ({ file: string } & NestRouterModule)[] = [];
    factsByFile.forEach((f, file) => {
      for (const r of f.nestRouterModules ?? []) registrations.push({ file, ...r });
    });
    if (registrations.length === 0) return { paths, blocked };
    // Controller class → its routers (one per path of @Controller([...])).
    const classRouters = new Map<string, string[]>();
    for (const key of routerDecls.keys()) {
      const match = /^(.*#class:[^#]+)(?:#\d+)?$/.exec(key);
      if (!match) continue;
      const list = classRouters.get(match[1] as string) ?? [];
      list.push(key);
      classRouters.set(match[1] as string, list);
    }
    interface Blocker {
      file: string;
      loc: Loc;
      expression: string;
      reason: string;
      keys: Set<string>;
    }
    const blockers: Blocker[] = [];
    const opaque: Blocker[] = [];
    type State = { value: string } | { blocker: Blocker };
    const controllersOf = (file: string, moduleName: string): string[] => {
      const target = resolveName(file, moduleName);
      if (target?.kind !== 'nest') return [];
      const decl = facts(target.file)?.nestModules?.[target.name];
      return (decl?.controllers ?? []).flatMap((controller) => {
        const cls = resolveName(target.file, controller);
        return cls?.kind === 'nest'
          ? (classRouters.get(`${cls.file}#class:${cls.name}`) ?? [])
          : [];
      });
    };
    const assign = (keys: string[], state: State): void => {
      for (const key of keys) {
        if ('blocker' in state) {
          state.blocker.keys.add(key);
          blocked.add(key);
          continue;
        }
        const list = paths.get(key) ?? [];
        if (!list.includes(state.value)) list.push(state.value);
        paths.set(key, list);
      }
    };
    /** Whether a name comes from a package (its routes, if any, are not in the repository). */
    const fromPackage = (file: string, name: string): boolean => {
      const head = name.split('.')[0] ?? name;
      const imp = facts(file)?.imports.find((i) => i.local === head);
      return imp !== undefined && resolveModule(file, imp.module, 'javascript') === undefined;
    };
    const visit = (
      file: string,
      entries: readonly NestRouteEntry[],
      state: State,
      depth: number,
    ): void => {
      if (depth > MAX_DEPTH) return;
      for (const entry of entries) {
        if ('unknown' in entry) {
          opaque.push({
            file,
            loc: entry.loc,
            expression: entry.unknown,
            reason: `the RouterModule routes entry ${entry.unknown} is not one Charter can read`,
            keys: new Set(),
          });
          continue;
        }
        if ('ref' in entry) {
          const target = resolveName(file, entry.ref);
          const targetFacts = target?.kind === 'nest' ? facts(target.file) : undefined;
          const table =
            target?.kind === 'nest' ? targetFacts?.nestRouteTables?.[target.name] : undefined;
          if (target?.kind === 'nest' && table) visit(target.file, table, state, depth + 1);
          else if (target?.kind === 'nest' && targetFacts?.nestModules?.[target.name])
            // A module listed bare in `children`: the path of its parent.
            assign(controllersOf(file, entry.ref), state);
          else if (!fromPackage(file, entry.ref))
            opaque.push({
              file,
              loc: entry.loc,
              expression: entry.ref,
              reason: `the RouterModule routes entry ${entry.ref} is not a routes list or module Charter can resolve`,
              keys: new Set(),
            });
          continue;
        }
        let next = state;
        if ('value' in state && entry.path) {
          const value = resolveStr(file, entry.path);
          if ('unknown' in value) {
            const blocker: Blocker = {
              file,
              loc: entry.loc,
              expression: value.unknown,
              reason: `the RouterModule path ${value.unknown} is not a string constant Charter can resolve`,
              keys: new Set(),
            };
            blockers.push(blocker);
            next = { blocker };
          } else next = { value: joinRoutePath([state.value, value.value]) };
        }
        if (entry.module) assign(controllersOf(file, entry.module), next);
        if (entry.children) visit(file, entry.children, next, depth + 1);
      }
    };
    for (const registration of registrations)
      visit(registration.file, registration.routes, { value: '' }, 0);
    // An entry nobody can read may give any controller a path: none is checked without it.
    if (opaque.length > 0) {
      for (const keys of classRouters.values())
        for (const key of keys) {
          if (paths.has(key) || blocked.has(key)) continue;
          blocked.add(key);
          for (const blocker of opaque) blocker.keys.add(key);
        }
    }
    for (const blocker of [...blockers, ...opaque]) {
      unresolved.push({
        file: blocker.file,
        loc: blocker.loc,
        kind: 'prefix',
        reason: blocker.reason,
        expression: blocker.expression,
        routes: [...blocker.keys].reduce((sum, key) => sum + subtreeRoutes(key), 0),
      });
    }
    return { paths, blocked };
  }

  // NestJS: the global prefix of the nearest bootstrap file; Next.js: basePath and app folders.
  const nestApps = entriesWhere(factsByFile, (f) => f.globalPrefix || f.uriVersioning);
  const routes: LinkedRoute[] = [];
  const seen = new Set<string>();
  const subtreeRoutes = (key: string, visiting = new Set<string>()): number => {
    if (visiting.has(key)) return 0;
    visiting.add(key);
    let count = routesByRouter.get(key)?.length ?? 0;
    for (const edge of edges.get(key) ?? []) count += subtreeRoutes(edge.child, visiting);
    visiting.delete(key);
    return count;
  };
  const reportedPrefix = new Set<string>();

  // The routes of an app share a few paths (a resource's GET, PUT and DELETE): each is read once.
  const shapeMemo = new Map<string, PathShape[] | undefined>();
  const shapesOf = (full: string, syntax: PathSyntax): PathShape[] | undefined => {
    const key = `${syntax}\0${full}`;
    if (shapeMemo.has(key)) return shapeMemo.get(key);
    const shapes = normalizePath(full, syntax);
    shapeMemo.set(key, shapes);
    return shapes;
  };

  interface Walk {
    prefixes: string[];
    middleware: readonly Middleware[];
    guard: BodyInfo;
    stack: Set<string>;
  }
  const emit = (
    file: string,
    route: RouteDecl,
    prefixes: string[],
    middleware: readonly Middleware[],
    guard: BodyInfo,
  ): void => {
    const f = facts(file);
    const pathResult = resolveStr(file, route.path);
    if ('unknown' in pathResult) {
      const key = `${file}:${route.loc.line}:${route.loc.column}:path`;
      if (!seen.has(key)) {
        seen.add(key);
        unresolved.push({
          file,
          loc: route.loc,
          kind: 'path',
          reason:
            'unknown' in route.path
              ? 'the path is computed at runtime'
              : `the path uses ${pathResult.unknown}, which is not a string constant Charter can resolve`,
          expression: pathResult.unknown,
          routes: 1,
        });
      }
      return;
    }
    if (route.methods === null) {
      const key = `${file}:${route.loc.line}:${route.loc.column}:method`;
      if (!seen.has(key)) {
        seen.add(key);
        unresolved.push({
          file,
          loc: route.loc,
          kind: 'method',
          reason: 'the HTTP method is computed at runtime',
          expression: '',
          routes: 1,
        });
      }
      return;
    }
    const syntax: PathSyntax =
      route.syntax ??
      syntaxOf(route.framework === 'none' ? (f?.framework ?? 'express') : route.framework);
    const full = joinRoutePath([...prefixes, pathResult.value]);
    const shapes = shapesOf(full, syntax);
    if (!shapes || shapes.length === 0) {
      unresolved.push({
        file,
        loc: route.loc,
        kind: 'path',
        reason: `Charter cannot read the path pattern ${full}`,
        expression: full,
        routes: 1,
      });
      return;
    }
    const key = `${file}:${route.loc.line}:${route.loc.column}:${route.methods.join(',')}:${shapes[0]?.template}`;
    if (seen.has(key)) return;
    seen.add(key);
    routes.push(
      lazyBodies(
        {
          file,
          loc: route.loc,
          framework: route.framework === 'none' ? (f?.framework ?? 'express') : route.framework,
          methods: route.methods,
          path: shapes[0]?.template ?? full,
          shapes,
          middleware: [...middleware, ...expandMiddleware(file, route.middleware)],
        },
        () => handlerBody(file, route),
        () => {
          const own = route.guard ? expandBody(file, route.guard) : { env: [], refs: [] };
          return {
            env: [...new Set([...guard.env, ...own.env])],
            refs: [...new Set([...guard.refs, ...own.refs])],
          };
        },
      ),
    );
  };

  const walk = (key: string, state: Walk): void => {
    if (state.stack.has(key) || state.stack.size > MAX_DEPTH) return;
    const declared = routerDecls.get(key);
    if (!declared) return;
    const { decl } = declared;
    const stack = new Set(state.stack).add(key);
    let prefixes = state.prefixes;
    if (decl.prefix) {
      const own = resolveStr(declared.file, decl.prefix);
      if ('unknown' in own) {
        reportPrefix(declared.file, decl.loc, own.unknown, key);
        return;
      }
      prefixes = [...prefixes, own.value];
    }
    // Lists of middleware are only ever copied from, never changed: a router without its own
    // shares its parent's.
    const routerMiddleware = decl.middleware?.length
      ? [...state.middleware, ...decl.middleware]
      : state.middleware;
    // Most routers have no `use`: then neither the middleware nor the paths below are needed.
    const uses = usesByRouter.get(key);
    const usesBefore = (file: string, order: number, relative: string): Middleware[] =>
      uses
        ? uses
            .filter((u) => u.file !== file || u.order < order)
            .filter((u) => u.prefix === undefined || pathStartsWith(relative, u.prefix))
            .flatMap((u) => u.middleware)
        : [];
    for (const { file, route } of routesByRouter.get(key) ?? []) {
      const relative =
        !uses || 'unknown' in route.path ? '' : joinRoutePath([literalPrefix(route.path)]);
      const nest =
        decl.framework === 'nestjs'
          ? nestPrefixes(
              file,
              route,
              joinRoutePath([
                ...prefixes,
                'unknown' in route.path ? '' : literalPrefix(route.path),
              ]),
            )
          : undefined;
      if (nest === null) continue;
      const routePrefixes = nest ? [...nest.before, ...prefixes, ...nest.after] : prefixes;
      const used = usesBefore(file, route.order, relative);
      const middleware = used.length === 0 ? routerMiddleware : [...routerMiddleware, ...used];
      emit(file, route, routePrefixes, middleware, state.guard);
    }
    for (const edge of edges.get(key) ?? []) {
      if ('unknown' in edge.prefix) {
        reportPrefix(edge.file, edge.loc, edge.prefix.unknown, edge.child);
        continue;
      }
      const relative = uses ? joinRoutePath([edge.prefix.value]) : '';
      const guard = edge.guard ? expandBody(edge.file, edge.guard) : undefined;
      const used = usesBefore(edge.file, edge.order, relative);
      walk(edge.child, {
        prefixes: [...prefixes, edge.prefix.value],
        middleware:
          used.length === 0 && edge.middleware.length === 0
            ? routerMiddleware
            : [...routerMiddleware, ...used, ...edge.middleware],
        guard: guard
          ? { env: [...state.guard.env, ...guard.env], refs: [...state.guard.refs, ...guard.refs] }
          : state.guard,
        stack,
      });
    }
  };
  function reportPrefix(file: string, loc: Loc, expression: string, below: string): void {
    const key = `${file}:${loc.line}:${loc.column}`;
    if (reportedPrefix.has(key)) return;
    reportedPrefix.add(key);
    unresolved.push({
      file,
      loc,
      kind: 'prefix',
      reason: `the prefix ${expression} is not a string constant Charter can resolve`,
      expression,
      routes: subtreeRoutes(below),
    });
  }

  /** NestJS: the global prefix (unless excluded) and URI version of the nearest bootstrap file; null when it cannot be known. */
  const nestPrefixes = (
    file: string,
    route: RouteDecl,
    routePath: string,
  ): { before: string[]; after: string[] } | undefined | null => {
    const entry = nearestEntry(file, nestApps);
    if (!entry) return undefined;
    const [appFile, app] = entry;
    const before: string[] = [];
    if (app.globalPrefix) {
      const prefix = resolveStr(appFile, app.globalPrefix.prefix);
      if ('unknown' in prefix) {
        reportPrefix(appFile, app.globalPrefix.loc, prefix.unknown, '');
        return null;
      }
      const excluded = app.globalPrefix.exclude.some((e) => joinRoutePath([e]) === routePath);
      if (!excluded) before.push(prefix.value);
    }
    const version = route.version ?? app.uriVersioning?.defaultVersion;
    if (app.uriVersioning && version !== undefined)
      before.push(`${app.uriVersioning.prefix}${version}`);
    return { before, after: [] };
  };

  const roots: string[] = [];
  routerDecls.forEach(({ decl }, key) => {
    if (decl.root === true || (decl.root === 'auto' && !incoming.has(key))) roots.push(key);
  });
  const nest = nestModulePaths();
  for (const key of roots) {
    if (nest.blocked.has(key)) continue;
    for (const modulePath of nest.paths.get(key) ?? [''])
      walk(key, {
        prefixes: modulePath === '' ? [] : [modulePath],
        middleware: [],
        guard: { env: [], refs: [] },
        stack: new Set(),
      });
  }

  // Sub-routers nothing mounts (that Charter can see): their routes' paths are unknown.
  routerDecls.forEach(({ file, decl }, key) => {
    if (decl.root !== false || incoming.has(key)) return;
    if (key.includes('#@param:') && !decl.typed) return;
    const count = subtreeRoutes(key);
    if (count === 0) return;
    unresolved.push({
      file,
      loc: decl.loc,
      kind: 'unmounted',
      reason: key.includes('#@param:')
        ? `the router passed to ${key.split('#@param:')[1]?.replace(/:\d+$/, '')} is never given one Charter can see`
        : `router ${decl.id} is never mounted where Charter can see it`,
      expression: decl.id,
      routes: count,
    });
  });

  // Next.js app router.
  const nextConfigs = entriesWhere(factsByFile, (f) => f.nextBasePath !== undefined);
  const unknownBase = new Map<string, UnresolvedRoute>();
  factsByFile.forEach((f, file) => {
    if (!f.nextRoute || f.nextRoute.length === 0) return;
    const segments = nextSegments(file, fileSet);
    if (!segments) return;
    const config = nextConfigs.length > 0 ? nearestEntry(file, nextConfigs) : undefined;
    let basePath = '';
    const base = config?.[1].nextBasePath;
    if (config && base) {
      const value = resolveStr(config[0], base.value);
      if ('unknown' in value) {
        const entry = unknownBase.get(config[0]) ?? {
          file: config[0],
          loc: base.loc,
          kind: 'prefix' as const,
          reason: `the basePath ${value.unknown} is not a string constant Charter can resolve`,
          expression: value.unknown,
          routes: 0,
        };
        entry.routes += f.nextRoute.length;
        unknownBase.set(config[0], entry);
        return;
      }
      basePath = value.value;
    }
    const full = joinRoutePath([basePath, ...segments]);
    const shapes = normalizePath(full, 'braces');
    if (!shapes) return;
    for (const exported of f.nextRoute) {
      routes.push(
        lazyBodies(
          {
            file,
            loc: exported.loc,
            framework: 'nextjs',
            methods: [exported.method],
            path: shapes[0]?.template ?? full,
            shapes,
            middleware: exported.middleware ?? [],
          },
          () =>
            exported.handler
              ? handlerBody(file, { handler: exported.handler } as RouteDecl)
              : { env: [], refs: [] },
          () => ({ env: [], refs: [] }),
        ),
      );
    }
  });

  unresolved.push(...unknownBase.values());

  const queryReads: QueryReadAt[] = [];
  factsByFile.forEach((f, file) => {
    for (const read of f.queryReads) queryReads.push({ file, ...read });
  });
  routes.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column,
  );
  unresolved.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column,
  );
  return { routes, unresolved, queryReads };
}

/**
 * What a handler and its guards read is resolved only when a rule asks (production-gated does,
 * for the few gated routes): resolving every identifier of every handler up front is waste.
 */
function lazyBodies(
  route: Omit<LinkedRoute, 'handler' | 'guard'>,
  handler: () => BodyInfo,
  guard: () => BodyInfo,
): LinkedRoute {
  let handlerValue: BodyInfo | undefined;
  let guardValue: BodyInfo | undefined;
  return Object.defineProperties(route as LinkedRoute, {
    handler: { enumerable: true, get: () => (handlerValue ??= handler()) },
    guard: { enumerable: true, get: () => (guardValue ??= guard()) },
  });
}

/** The entries of a map whose value passes `test`, in the map's order. */
function entriesWhere<K, V>(map: ReadonlyMap<K, V>, test: (value: V) => unknown): [K, V][] {
  const found: [K, V][] = [];
  map.forEach((value, key) => {
    if (test(value)) found.push([key, value]);
  });
  return found;
}

function nearestEntry<T>(file: string, entries: [string, T][]): [string, T] | undefined {
  let best: [string, T] | undefined;
  let bestLength = -1;
  for (const entry of entries) {
    const dir = path.posix.dirname(entry[0]);
    if (dir !== '.' && !file.startsWith(`${dir}/`)) continue;
    const length = dir === '.' ? 0 : dir.length;
    if (length > bestLength) {
      best = entry;
      bestLength = length;
    }
  }
  return best;
}

/** The URL segments of a Next.js route file, from its folders under app/. */
export function nextSegments(file: string, files: ReadonlySet<string>): string[] | undefined {
  const parts = file.split('/');
  parts.pop();
  // The app folder: next to a next.config, or the first `app` at the root or under src/.
  let appIndex = -1;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== 'app') continue;
    const base = parts.slice(0, i).filter((p) => p !== 'src');
    const root = parts.slice(0, i).join('/');
    const rootWithoutSrc = base.join('/');
    const hasConfig = [...['js', 'mjs', 'cjs', 'ts', 'mts']].some((ext) =>
      files.has(`${rootWithoutSrc ? `${rootWithoutSrc}/` : ''}next.config.${ext}`),
    );
    if (
      hasConfig ||
      i === 0 ||
      parts[i - 1] === 'src' ||
      files.has(`${root ? `${root}/` : ''}package.json`)
    ) {
      appIndex = i;
      break;
    }
  }
  if (appIndex < 0) appIndex = parts.indexOf('app');
  if (appIndex < 0) return undefined;
  const segments: string[] = [];
  for (const part of parts.slice(appIndex + 1)) {
    if (/^\(.*\)$/.test(part) || part.startsWith('@')) continue;
    // Private folders (_x) are not routes; %5F spells a literal underscore.
    if (part.startsWith('_')) return undefined;
    let match = /^\[\[\.\.\.(.+)\]\]$/.exec(part);
    if (match) {
      segments.push(`{${match[1]}...}`);
      continue;
    }
    match = /^\[\.\.\.(.+)\]$/.exec(part);
    if (match) {
      segments.push(`{${match[1]}:path}`);
      continue;
    }
    let decoded = part;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      // keep the folder name as it is
    }
    segments.push(decoded.replace(/\[([^\]]+)\]/g, '{$1}'));
  }
  return segments;
}

function declaresRouter(f: RouteFileFacts, id: string): boolean {
  for (const router of f.routers) if (router.id === id) return true;
  return false;
}

// Module resolution takes a dirname, a join and a normalize per import, and node:path walks
// every character of them in JavaScript: with hundreds of imports, a large part of linking.
// These give the same answers for the relative paths of a repository and leave any other
// path (absolute, or with a trailing slash) to node:path.

/** `path.posix.dirname(file)`. */
export function dirnameOf(file: string): string {
  if (file === '' || file.startsWith('/') || file.endsWith('/')) return path.posix.dirname(file);
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** `path.posix.normalize(path.posix.join(dir, relative))`. */
export function joinFilePath(dir: string, relative: string): string {
  if (dir === '') return normalizeFilePath(relative === '' ? '.' : relative);
  return normalizeFilePath(relative === '' ? dir : `${dir}/${relative}`);
}

/** `path.posix.normalize(file)`. */
export function normalizeFilePath(file: string): string {
  if (file === '' || file.startsWith('/')) return path.posix.normalize(file);
  const segments: string[] = [];
  for (const segment of file.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else segments.push('..');
  }
  const trailingSlash = file.endsWith('/');
  const joined = segments.join('/');
  if (joined === '') return trailingSlash ? './' : '.';
  return trailingSlash ? `${joined}/` : joined;
}

/** Which of `.js`, `.jsx`, `.mjs`, `.cjs` `path.posix.extname(file)` is, if any. */
export function builtExtensionOf(file: string): string | undefined {
  if (file.endsWith('/')) {
    const ext = path.posix.extname(file);
    return BUILT_EXTENSIONS.includes(ext) ? ext : undefined;
  }
  const ext = BUILT_EXTENSIONS.find((e) => file.endsWith(e));
  if (ext === undefined) return undefined;
  // A name that is only the extension (`.js`) is a dotfile without one.
  const dot = file.length - ext.length;
  return dot === 0 || file[dot - 1] === '/' ? undefined : ext;
}

function withoutLeading(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function withoutTrailing(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** The first part of a dotted name: `a` of `a.b.c`. */
function headOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** What follows the first part of a dotted name (`b.c` of `a.b.c`), or undefined without a dot. */
function restOf(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot < 0 ? undefined : name.slice(dot + 1);
}

function dotted(head: string, rest: string | undefined): string {
  return rest === undefined ? head : `${head}.${rest}`;
}

/** The inner map of `key` in a map of maps, created empty on first use. */
function entryOf<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let entry = map.get(key);
  if (!entry) {
    entry = new Map();
    map.set(key, entry);
  }
  return entry;
}

function literalPrefix(expr: StrExpr): string {
  if (!('parts' in expr)) return '';
  let out = '';
  for (const part of expr.parts) {
    if (!('lit' in part)) break;
    out += part.lit;
  }
  return out;
}

/** `prefix` is already joined (joinRoutePath). */
function pathStartsWith(full: string, prefix: string): boolean {
  return prefix === '/' || full === prefix || full.startsWith(`${prefix}/`);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
