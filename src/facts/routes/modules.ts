import type { Extractor } from '../extractor.js';
import { parseSource } from '../ast-grep.js';
import { isGoPath, isJsPath, isModuleOfInterest, isPythonPath, jsLanguage } from './classify.js';
import { scanGo } from './go.js';
import { scanJavaScript } from './javascript.js';
import { scanPython } from './python.js';
import type { RouteFileFacts } from './types.js';

/**
 * Modules that declare no routes but that routes depend on: path constants imported as
 * prefixes, barrels that re-export routers, handlers that live in their own files, and code
 * that reads query parameters. Only files the cheap prefilter selects are parsed.
 */
export const modulesExtractor: Extractor<RouteFileFacts | null> = {
  id: 'routes-modules',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: (path) => isJsPath(path) || isPythonPath(path) || isGoPath(path),
  async extract(file) {
    if (!isModuleOfInterest(file.path, file.text)) return null;
    if (isPythonPath(file.path)) return scanPython(await parseSource('python', file.text), 'none');
    if (isGoPath(file.path)) return scanGo(await parseSource('go', file.text), false);
    return scanJavaScript(
      await parseSource(jsLanguage(file.path), file.text),
      'none',
      jsLanguage(file.path),
    ).facts;
  },
};
