/**
 * Facts about HTTP routes in one source file. Every framework extractor emits this shape, so
 * one linker (link.ts) joins routers, mounts, prefixes and imports across files and languages.
 */

export type Framework =
  | 'express'
  | 'fastify'
  | 'hono'
  | 'koa'
  | 'nestjs'
  | 'nextjs'
  | 'fastapi'
  | 'flask'
  | 'go'
  | 'none';

export type SourceLanguage = 'javascript' | 'python' | 'go';

/** 1-based span inside the file the facts belong to. */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A piece of a string built at runtime: literal text, or a reference to a named value. */
export type StrPart = { lit: string } | { ref: string };

/** A string as the code builds it: literal parts and named constants, or not knowable. */
export type StrExpr = { parts: StrPart[] } | { unknown: string };

/**
 * How code refers to a router: a (dotted) name, the value a function returns, a function's
 * parameter, or a module loaded by path. Synthetic routers (a group created inline) are names
 * starting with '@'.
 */
export type RouterRef =
  | { name: string }
  | { call: string }
  | { module: string; member?: string; call?: boolean }
  /** Every plugin module under a folder (relative to the file), as @fastify/autoload loads them. */
  | { autoload: string }
  | { unknown: string };

export interface Middleware {
  /** What the contract's middleware names are compared with: `requireBearer`, `auth.jwt`. */
  name: string;
  /** The source text (shortened), for messages. */
  text: string;
}

/** What a handler body (or a condition, or a module-level value) reads. */
export interface BodyInfo {
  /** Environment variables read. */
  env: string[];
  /** Names referenced (identifiers and dotted member names), for the linker and the rules. */
  refs: string[];
}

export interface RouterDecl {
  id: string;
  framework: Framework;
  /**
   * true: an application (served as is); false: a sub-router that only serves once mounted;
   * 'auto': either (a Hono or chi instance, a ServeMux): a root unless something mounts it.
   */
  root: boolean | 'auto';
  /** The router's own prefix (Koa `prefix`, APIRouter(prefix=), Blueprint(url_prefix=), @Controller). */
  prefix?: StrExpr;
  /** Middleware every route of the router gets (APIRouter(dependencies=), @UseGuards on a class). */
  middleware?: Middleware[];
  /** For parameters: whether the code says it is a router (a type annotation, a framework file). */
  typed?: boolean;
  loc: Loc;
}

export interface RouteDecl {
  router: RouterRef;
  framework: Framework;
  /** Upper-case methods; ['*'] for any method; null when the method is computed. */
  methods: string[] | null;
  path: StrExpr;
  loc: Loc;
  middleware: Middleware[];
  handler?: HandlerRef;
  /** What the conditions around the declaration read (`if (process.env.MODE !== 'prod')`). */
  guard?: BodyInfo;
  /** Source order, for middleware registered with `use` before the route. */
  order: number;
  /** Path syntax when the framework has several (Go: net/http and chi vs gin and echo). */
  syntax?: 'go' | 'gin';
  /** NestJS: the version of a versioned controller or method (URI versioning adds /v1). */
  version?: string;
}

export type HandlerRef = { inline: BodyInfo } | { name: string };

export interface MountDecl {
  parent: RouterRef;
  child: RouterRef;
  /** The child is a plugin function whose first parameter is the router (Fastify register). */
  plugin?: boolean;
  prefix: StrExpr;
  middleware: Middleware[];
  guard?: BodyInfo;
  loc: Loc;
  order: number;
}

/** Middleware applied to a router from a point on (`app.use(auth)`), optionally under a path. */
export interface UseDecl {
  router: RouterRef;
  prefix?: StrExpr;
  middleware: Middleware[];
  order: number;
}

/** A function called with routers as arguments: `registerRoutes(app)`, `users.Register(r)`. */
export interface CallDecl {
  callee: RouterRef;
  args: (RouterRef | null)[];
  loc: Loc;
  order: number;
}

export interface ImportDecl {
  /** The local name (a namespace / module alias for '*'). */
  local: string;
  /** As written: './users.js', 'app.routers.users', '.users', 'github.com/acme/api/users'. */
  module: string;
  /** The imported name; 'default' or '*' (the module itself). */
  imported: string;
}

export interface FunctionInfo {
  params: string[];
  /** A router the function returns. */
  returns?: RouterRef;
  body: BodyInfo;
}

export interface QueryRead {
  /** The query parameter name read. */
  name: string;
  text: string;
  loc: Loc;
}

/** Next.js app router: the HTTP methods a route.ts exports. */
export interface NextRouteExport {
  method: string;
  loc: Loc;
  handler?: HandlerRef;
  /** Wrappers around the handler: `export const GET = withApiKey(handler)`. */
  middleware?: Middleware[];
}

/**
 * NestJS RouterModule: one entry of the routes given to `RouterModule.register()` (or
 * `forRoutes()`): a path for a module's controllers, with children below it; a module listed
 * bare in `children` (no path of its own); a reference to a routes list declared elsewhere
 * (`register(routes)`, `...adminRoutes`); or an entry Charter cannot read.
 */
export type NestRouteEntry =
  | { path?: StrExpr; module?: string; children?: NestRouteEntry[]; loc: Loc }
  | { ref: string; loc: Loc }
  | { unknown: string; loc: Loc };

/** NestJS: a `@Module()` class and the controllers it declares (names as the file writes them). */
export interface NestModuleDecl {
  controllers: string[];
  loc: Loc;
}

export interface RouteFileFacts {
  language: SourceLanguage;
  framework: Framework;
  imports: ImportDecl[];
  /** Exported name → local name ('default' for the default export / module.exports). */
  exports: Record<string, string>;
  /** `export * from` / `export { a as b } from`: module and exported → imported names. */
  reexports: { module: string; names?: Record<string, string> }[];
  /** Module-level string constants (and members of constant objects, as 'OBJ.KEY'). */
  constants: Record<string, StrExpr>;
  /** Module-level values that read the environment: name → what they read. */
  values: Record<string, BodyInfo>;
  functions: Record<string, FunctionInfo>;
  /** Aliases: `const api = app` or `r := router` (name → what it refers to). */
  aliases: Record<string, RouterRef>;
  routers: RouterDecl[];
  routes: RouteDecl[];
  mounts: MountDecl[];
  uses: UseDecl[];
  calls: CallDecl[];
  queryReads: QueryRead[];
  /**
   * Names that stand for middleware: FastAPI `CurrentUser = Annotated[User, Depends(get_user)]`
   * used as a parameter type wires get_user.
   */
  middlewareAliases?: Record<string, Middleware[]>;
  /** Go: the package name (files of a folder with the same package share their names). */
  goPackage?: string;
  /** NestJS: `app.setGlobalPrefix(...)` in this file. */
  globalPrefix?: { prefix: StrExpr; exclude: string[]; loc: Loc };
  /** NestJS: `app.enableVersioning({ type: VersioningType.URI })` in this file. */
  uriVersioning?: { prefix: string; defaultVersion?: string };
  /** NestJS: `@Module()` classes of this file, by class name. */
  nestModules?: Record<string, NestModuleDecl>;
  /** NestJS: `RouterModule.register()` / `forRoutes()` calls of this file. */
  nestRouterModules?: { routes: NestRouteEntry[]; loc: Loc }[];
  /** NestJS: module-level routes lists (`const routes: Routes = [...]`), by name. */
  nestRouteTables?: Record<string, NestRouteEntry[]>;
  /** Next.js: exported route handlers of an app/**\/route.ts file. */
  nextRoute?: NextRouteExport[];
  /** Next.js: basePath of next.config.*. */
  nextBasePath?: { value: StrExpr; loc: Loc };
}

export function emptyFacts(language: SourceLanguage, framework: Framework): RouteFileFacts {
  return {
    language,
    framework,
    imports: [],
    exports: {},
    reexports: [],
    constants: {},
    values: {},
    functions: {},
    aliases: {},
    routers: [],
    routes: [],
    mounts: [],
    uses: [],
    calls: [],
    queryReads: [],
  };
}

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'];
