import type { SgNode } from '@ast-grep/napi';
import type { Extractor } from '../extractor.js';
import { languageOfPath, parseSource } from '../ast-grep.js';
import { literalValue, spanOf } from './ast.js';
import type { ImportFacts, ImportRecord } from './types.js';

/** Imports of one Go file; resolution against go.mod happens later. */
export function extractGoImports(root: SgNode): { imports: ImportRecord[]; package?: string } {
  const imports: ImportRecord[] = [];
  for (const spec of root.findAll({ rule: { kind: 'import_spec' } })) {
    const pathNode = spec.field('path');
    const specifier = literalValue(pathNode);
    if (specifier === undefined) continue;
    const alias = spec.field('name')?.text();
    imports.push({
      specifier,
      kind: alias === '_' ? 'side-effect' : 'static',
      typeOnly: false,
      names: alias ? [alias] : [],
      ...spanOf(spec),
    });
  }
  const pkg = root
    .find({ rule: { kind: 'package_clause' } })
    ?.namedChildren()
    .find((c) => c.kind() === 'package_identifier')
    ?.text();
  return { imports, ...(pkg ? { package: pkg } : {}) };
}

export const goImportsExtractor: Extractor<ImportFacts> = {
  id: 'imports-go',
  version: 1,
  binaryFiles: 'ignore',
  appliesTo: (path) => languageOfPath(path) === 'go',
  async extract(file) {
    const root = await parseSource('go', file.text);
    return { language: 'go', ...extractGoImports(root.root()) };
  },
};
