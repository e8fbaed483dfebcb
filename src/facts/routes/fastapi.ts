import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { classifyPython, isPythonPath } from './classify.js';
import { scanPython } from './python.js';
import type { RouteFileFacts } from './types.js';

/**
 * FastAPI: `@app.get(path)` / `@router.post(path)` / `api_route(methods=)` decorators,
 * `APIRouter(prefix=, dependencies=)`, `include_router(router, prefix=)` across modules,
 * `add_api_route`, `Depends`/`Security` dependencies as middleware, and plain handler
 * parameters (which FastAPI reads from the query string).
 */
export const fastapiExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-fastapi',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: isPythonPath,
  async extract(file) {
    if (classifyPython(file.text) !== 'fastapi') return null;
    const root = await parseSource('python', file.text);
    return scanPython(root, 'fastapi');
  },
};
