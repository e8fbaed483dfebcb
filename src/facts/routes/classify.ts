import { languageOfPath } from '../ast-grep.js';
import type { PatternLanguage } from '../ast-grep.js';
import type { Framework } from './types.js';

/**
 * Cheap text prefilters: which framework (if any) a file's routes belong to, decided before
 * anything is parsed. Each framework extractor parses only the files assigned to it, so a
 * file is parsed at most once, and files that cannot declare routes are never parsed.
 */

const JS_IMPORT =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)['"](@nestjs\/[\w-]+|@hono\/zod-openapi|hono(?:\/[\w-]+)?|fastify-plugin|fastify|@koa\/router|koa-router|koa|express)['"]/g;
const JS_ROUTE_CALL =
  /\.\s*(?:get|post|put|patch|delete|all|route|use|register|on)\s*\(\s*(?:['"`]\/|\{\s*method)/;
const FASTIFY_STYLE =
  /\b(?:fastify|instance|server)\s*\.\s*(?:get|post|put|patch|delete|route|register|addHook)\s*\(|function\s*\w*\s*\(\s*(?:fastify|instance)\b/;

const NEST_ROUTES_LIST = /\bmodule\s*:\s*[A-Z][\w$]*Module\b/;

const EXPORTED_PATH_CONSTANT =
  /\bexport\s+const\s+[\w$]*(?:path|prefix|route|base)\s*(?::[^=\n]+)?=\s*(['"`])[\w\-./{}:]*\1/i;

const JS_PATH = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/** Called for every file by several extractors: a regular expression, nothing more. */
export function isJsPath(path: string): boolean {
  return JS_PATH.test(path) && !/\.d\.[cm]?ts$/.test(path) && !path.includes('node_modules/');
}

export function jsLanguage(path: string): PatternLanguage {
  return languageOfPath(path) ?? 'typescript';
}

/** The framework whose extractor reads this JavaScript/TypeScript file, if any. */
export function classifyJs(text: string): Framework | undefined {
  const packages = new Set<string>();
  for (const match of text.matchAll(JS_IMPORT)) packages.add(match[1] as string);
  const has = (test: (p: string) => boolean): boolean => [...packages].some(test);
  // Controllers, the bootstrap file, and what RouterModule needs: modules and routes lists.
  if (has((p) => p.startsWith('@nestjs/')))
    return /@(Controller|Get|Post|Put|Patch|Delete|All|Options|Head|Module)\s*\(|setGlobalPrefix|\bRouterModule\b|\bRoutes\b/.test(
      text,
    )
      ? 'nestjs'
      : undefined;
  if (has((p) => p === 'hono' || p.startsWith('hono/') || p === '@hono/zod-openapi')) return 'hono';
  if (has((p) => p === 'fastify' || p === 'fastify-plugin')) return 'fastify';
  if (has((p) => p === 'koa' || p === '@koa/router' || p === 'koa-router')) return 'koa';
  if (packages.has('express')) return 'express';
  // No framework import: CommonJS modules handed an app or router (module.exports = (app) => …).
  if (JS_ROUTE_CALL.test(text)) return FASTIFY_STYLE.test(text) ? 'fastify' : 'express';
  // A NestJS RouterModule routes list in a file of its own: [{ path: 'admin', module: AdminModule }].
  if (NEST_ROUTES_LIST.test(text) && /\bpath\s*:/.test(text)) return 'nestjs';
  return undefined;
}

const PY_IMPORT = /^\s*(?:from\s+(fastapi|flask|starlette)\b|import\s+(fastapi|flask)\b)/m;
const PY_ROUTE =
  /@\s*\w+(?:\.\w+)*\s*\.\s*(?:get|post|put|patch|delete|options|head|trace|api_route|route)\s*\(|\.\s*(?:include_router|register_blueprint|add_api_route|add_url_rule)\s*\(|\b(?:APIRouter|FastAPI|Blueprint|Flask)\s*\(/;

export function isPythonPath(path: string): boolean {
  return /\.py$/.test(path) && !path.includes('site-packages/') && !path.includes('/.venv/');
}

/** fastapi, flask, or undefined for files that cannot declare routes. */
export function classifyPython(text: string): Framework | undefined {
  if (!PY_ROUTE.test(text)) return undefined;
  const match = PY_IMPORT.exec(text);
  const pkg = match?.[1] ?? match?.[2];
  if (pkg === 'flask') return 'flask';
  if (pkg === 'fastapi' || pkg === 'starlette') return 'fastapi';
  // A module handed an app or router: decide by the vocabulary.
  if (/\b(?:Blueprint|register_blueprint|add_url_rule|url_prefix)\b|\.route\s*\(/.test(text))
    return 'flask';
  return 'fastapi';
}

const GO_ROUTE =
  /\.\s*(?:HandleFunc|Handle|HandlerFunc|Handler|Path|PathPrefix|Subrouter|Get|Post|Put|Patch|Delete|Options|Head|Method|MethodFunc|Mount|Route|Group|GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|Any|Match|Add)\s*\(/;

export function isGoPath(path: string): boolean {
  return /\.go$/.test(path) && !path.includes('vendor/');
}

export function classifyGo(text: string): Framework | undefined {
  return GO_ROUTE.test(text) &&
    /"(?:net\/http|github\.com\/go-chi\/chi|github\.com\/gin-gonic\/gin|github\.com\/labstack\/echo|github\.com\/gorilla\/mux)/.test(
      text,
    )
    ? 'go'
    : GO_ROUTE.test(text) &&
        /\b(?:chi\.Router|\*gin\.|\*echo\.|http\.ServeMux|\*http\.ServeMux|\*mux\.Router)/.test(
          text,
        )
      ? 'go'
      : undefined;
}

/**
 * Files no framework claims but the linker may need: modules that export path constants,
 * re-export routers, read query parameters or the environment.
 */
export function isModuleOfInterest(path: string, text: string): boolean {
  if (isJsPath(path)) {
    // Next.js route handlers and configs have their own extractor.
    if (/(^|\/)(route|next\.config)\.[cm]?[jt]sx?$/.test(path)) return false;
    if (classifyJs(text) !== undefined) return false;
    return (
      /\bexport\s*(?:\*|\{[^}]*\})\s*from\b/.test(text) ||
      // Path segments without a slash, named as such (NestJS writes 'runs', not '/runs').
      EXPORTED_PATH_CONSTANT.test(text) ||
      (/\bexport\b|module\.exports|\bexports\./.test(text) &&
        (/['"`]\/[\w{:$-]/.test(text) ||
          /process\.env|import\.meta\.env|Deno\.env|Bun\.env/.test(text))) ||
      /\.query\b|searchParams|\.req\s*\.\s*quer/.test(text)
    );
  }
  if (isPythonPath(path)) {
    if (classifyPython(text) !== undefined) return false;
    return (
      path.endsWith('__init__.py') ||
      /^[ \t]*[A-Za-z_]\w*\s*(?::[^=\n]+)?=\s*[rfbuRFBU]*['"]\//m.test(text) ||
      /request\s*\.\s*(?:args|query_params)|\bos\s*\.\s*(?:getenv|environ)|\bgetenv\s*\(/.test(
        text,
      ) ||
      /\b(?:Depends|Security)\s*\(/.test(text)
    );
  }
  if (isGoPath(path)) {
    if (classifyGo(text) !== undefined) return false;
    return (
      (/\b(?:const|var)\b/.test(text) && /"\//.test(text)) ||
      /\.Query\(\)|FormValue\(|\bc\.(?:Query|DefaultQuery|GetQuery|QueryParam)\(|os\.Getenv/.test(
        text,
      )
    );
  }
  return false;
}
