import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyJs, isJsPath, jsLanguage } from './classify.js';
import { scanJavaScript } from './javascript.js';
import type { RouteFileFacts } from './types.js';

/**
 * Koa routes with @koa/router (or koa-router): `router.get([name,] path, …)`, the `prefix`
 * option, nested `router.use(prefix, child.routes())` and `app.use(router.routes())`.
 */
export const koaExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-koa',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isJsPath,
  async extract(file) {
    if (classifyJs(file.text) !== 'koa') return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    return scanJavaScript(root, 'koa', jsLanguage(file.path)).facts;
  },
};
