import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyJs, isJsPath, jsLanguage } from './classify.js';
import { scanJavaScript } from './javascript.js';
import type { RouteFileFacts } from './types.js';

/**
 * Express routes: `app`/`router` method calls (`get`, `post`, …, `all`), `router.route(path)` chains,
 * `app.use(prefix, …middleware, router)` mounts (followed across files by the linker), router
 * factories, and modules handed an app (`module.exports = (app) => …`, `registerRoutes(app)`).
 */
export const expressExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-express',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isJsPath,
  async extract(file) {
    if (classifyJs(file.text) !== 'express') return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    return scanJavaScript(root, 'express', jsLanguage(file.path)).facts;
  },
};
