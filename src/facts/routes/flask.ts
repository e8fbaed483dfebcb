import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyPython, isPythonPath } from './classify.js';
import { scanPython } from './python.js';
import type { RouteFileFacts } from './types.js';

/**
 * Flask: `@app.route(path, methods=[…])` and the method shorthands, Blueprints with
 * `url_prefix`, `register_blueprint(bp, url_prefix=)` (nested too), `add_url_rule` (MethodView
 * classes included), view decorators and `before_request` as middleware.
 */
export const flaskExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-flask',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isPythonPath,
  async extract(file) {
    if (classifyPython(file.text) !== 'flask') return null;
    const root = await parseSource('python', file.text);
    return scanPython(root, 'flask');
  },
};
