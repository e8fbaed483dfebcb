import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { locOf } from './ast.js';
import { isJsPath, jsLanguage } from './classify.js';
import { objectProperty, scanJavaScript, unwrap } from './javascript.js';
import type { SgNode } from '@ast-grep/napi';
import { args, middlewareOf } from './ast.js';
import { dotted } from './javascript.js';
import type { Middleware, RouteFileFacts } from './types.js';

/** `withAuth(withRateLimit(handler))` → withAuth, withRateLimit. */
function wrappersOf(value: SgNode): Middleware[] {
  const out: Middleware[] = [];
  let current = unwrap(value);
  for (let i = 0; i < 10 && current.kind() === 'call_expression'; i++) {
    const callee = current.field('function');
    const name = callee ? dotted(callee) : undefined;
    if (name) out.push(middlewareOf(name, current));
    const first = args(current.field('arguments'))[0];
    if (!first) break;
    current = unwrap(first);
  }
  return out;
}

const ROUTE_FILE = /(^|\/)route\.(ts|js|tsx|jsx|mjs|mts|cjs)$/;
const CONFIG_FILE = /(^|\/)next\.config\.(js|mjs|cjs|ts|mts)$/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function isNextRouteFile(path: string): boolean {
  return ROUTE_FILE.test(path);
}

export function isNextConfigFile(path: string): boolean {
  return CONFIG_FILE.test(path);
}

/**
 * Next.js app router: the HTTP methods a `app/**\/route.ts` file exports (functions, constants,
 * `export { handler as GET }`, re-exports), and `basePath` from next.config. The URL comes
 * from the folders (`[id]`, `[...slug]`, `(group)`), which the linker reads from the path.
 */
export const nextjsExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-nextjs',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: (path) => isJsPath(path) && (ROUTE_FILE.test(path) || CONFIG_FILE.test(path)),
  async extract(file) {
    if (CONFIG_FILE.test(file.path)) {
      if (!/\bbasePath\b/.test(file.text)) return null;
      const root = await parseSource(jsLanguage(file.path), file.text);
      const scan = scanJavaScript(root, 'none', jsLanguage(file.path));
      const facts = scan.facts;
      facts.framework = 'nextjs';
      for (const object of root
        .root()
        .findAll({ rule: { kind: 'object', has: { kind: 'pair', regex: '^basePath\\s*:' } } })) {
        const value = objectProperty(object, 'basePath');
        if (value) facts.nextBasePath = { value: scan.str(unwrap(value)), loc: locOf(value) };
      }
      return facts;
    }
    if (!METHODS.some((m) => file.text.includes(m))) return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    const scan = scanJavaScript(root, 'none', jsLanguage(file.path));
    const facts = scan.facts;
    facts.framework = 'nextjs';
    facts.nextRoute = [];
    const top = root.root();
    const exported = new Set<string>();
    for (const statement of top.children()) {
      if (statement.kind() !== 'export_statement') continue;
      const declaration = statement.field('declaration');
      const names: { name: string; node: SgNode; local?: string; wrappers?: Middleware[] }[] = [];
      if (declaration) {
        const kind = declaration.kind();
        if (kind === 'function_declaration') {
          const name = declaration.field('name');
          if (name) names.push({ name: name.text(), node: name });
        } else if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
          for (const declarator of declaration
            .children()
            .filter((c) => c.kind() === 'variable_declarator')) {
            const name = declarator.field('name');
            const value = declarator.field('value');
            if (name)
              names.push({
                name: name.text(),
                node: name,
                wrappers: value ? wrappersOf(value) : [],
              });
          }
        }
      }
      const clause = statement.children().find((c) => c.kind() === 'export_clause');
      for (const spec of clause?.children().filter((c) => c.kind() === 'export_specifier') ?? []) {
        const name = spec.field('name');
        const alias = spec.field('alias');
        if (name) names.push({ name: (alias ?? name).text(), node: spec, local: name.text() });
      }
      for (const { name, node, local, wrappers } of names) {
        if (!METHODS.includes(name) || exported.has(name)) continue;
        exported.add(name);
        const fromOtherModule = statement.field('source') !== null;
        facts.nextRoute.push({
          method: name,
          loc: locOf(node),
          ...(fromOtherModule ? {} : { handler: { name: local ?? name } }),
          ...(wrappers && wrappers.length > 0 ? { middleware: wrappers } : {}),
        });
      }
    }
    return facts.nextRoute.length > 0 || facts.queryReads.length > 0 ? facts : null;
  },
};
