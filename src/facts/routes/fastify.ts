import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyJs, isJsPath, jsLanguage } from './classify.js';
import { scanJavaScript } from './javascript.js';
import type { RouteFileFacts } from './types.js';

/**
 * Fastify routes: shorthands (`app.get(path, [options], handler)`), `app.route({ method, url })`,
 * `app.register(plugin, { prefix })` with plugins declared inline, wrapped in `fastify-plugin`,
 * imported or required, and `preHandler`/`onRequest` hooks as middleware.
 */
export const fastifyExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-fastify',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isJsPath,
  async extract(file) {
    if (classifyJs(file.text) !== 'fastify') return null;
    const root = await parseSource(jsLanguage(file.path), file.text);
    return scanJavaScript(root, 'fastify', jsLanguage(file.path)).facts;
  },
};
