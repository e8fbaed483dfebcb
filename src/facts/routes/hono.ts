import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyJs, isJsPath, jsLanguage } from './classify.js';
import { scanJavaScript } from './javascript.js';
import type { RouteFileFacts } from './types.js';

/**
 * Hono routes: `app.get/post/…/all/on`, chained declarations (`new Hono().get(…).post(…)`),
 * `app.route(prefix, sub)` mounts, `basePath()` and `app.use(path, middleware)`.
 */
export const honoExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-hono',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isJsPath,
  async extract(file) {
    if (classifyJs(file.text) !== 'hono') return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    return scanJavaScript(root, 'hono', jsLanguage(file.path)).facts;
  },
};
