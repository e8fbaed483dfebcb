import type { SgNode } from '@ast-grep/napi';
import type { Extractor } from '../extractor.js';
import { languageOfPath, parseSource } from '../ast-grep.js';
import { literalValue, spanOf } from './ast.js';
import { pythonImportHead } from './header.js';
import type { ImportFacts, ImportRecord } from './types.js';

function insideTypeChecking(node: SgNode): boolean {
  for (const ancestor of node.ancestors()) {
    if (ancestor.kind() !== 'if_statement') continue;
    const condition = ancestor.field('condition')?.text().replace(/\s+/g, '');
    if (condition === 'TYPE_CHECKING' || condition === 'typing.TYPE_CHECKING') {
      // Only the body counts: an import under `else:` runs.
      const consequence = ancestor.field('consequence');
      const range = node.range();
      const body = consequence?.range();
      if (body && range.start.index >= body.start.index && range.end.index <= body.end.index)
        return true;
    }
  }
  return false;
}

function nameOf(node: SgNode): string {
  if (node.kind() === 'aliased_import') return node.field('name')?.text() ?? node.text();
  return node.text();
}

/** Imports of one Python file: `import a.b`, `from .x import y`, literal importlib calls. */
export function extractPythonImports(root: SgNode, text = root.text()): ImportRecord[] {
  const imports: ImportRecord[] = [];
  const typeChecking = text.includes('TYPE_CHECKING');
  const statements = root.findAll({
    rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
  });
  for (const statement of statements.filter((s) => s.kind() === 'import_statement')) {
    const typeOnly = typeChecking && insideTypeChecking(statement);
    for (const child of statement.namedChildren()) {
      if (child.kind() !== 'dotted_name' && child.kind() !== 'aliased_import') continue;
      imports.push({
        specifier: nameOf(child),
        kind: 'static',
        typeOnly,
        names: [],
        ...spanOf(statement),
      });
    }
  }
  for (const statement of statements.filter((s) => s.kind() === 'import_from_statement')) {
    const moduleNode = statement.field('module_name');
    if (!moduleNode) continue;
    let level = 0;
    let specifier = moduleNode.text();
    if (moduleNode.kind() === 'relative_import') {
      const prefix = moduleNode.children().find((c) => c.kind() === 'import_prefix');
      level = prefix?.text().length ?? 0;
      specifier =
        moduleNode
          .children()
          .find((c) => c.kind() === 'dotted_name')
          ?.text() ?? '';
    }
    const names: string[] = [];
    for (const child of statement.namedChildren()) {
      if (child.range().start.index === moduleNode.range().start.index) continue;
      if (child.kind() === 'wildcard_import') names.push('*');
      else if (child.kind() === 'dotted_name' || child.kind() === 'aliased_import')
        names.push(nameOf(child));
    }
    imports.push({
      specifier,
      kind: 'static',
      typeOnly: typeChecking && insideTypeChecking(statement),
      names,
      ...(level > 0 ? { level } : {}),
      ...spanOf(statement),
    });
  }
  const dynamic = /\b(__import__|import_module)\s*\(/.test(text);
  for (const call of (dynamic ? root : undefined)?.findAll({
    rule: {
      kind: 'call',
      has: {
        field: 'function',
        any: [
          { kind: 'identifier', regex: '^__import__$' },
          { kind: 'attribute', regex: '^importlib\\.import_module$' },
          { kind: 'identifier', regex: '^import_module$' },
        ],
      },
    },
  }) ?? []) {
    const args = call.field('arguments')?.namedChildren() ?? [];
    const specifier = literalValue(args[0]);
    if (specifier === undefined || specifier.startsWith('.')) continue;
    imports.push({ specifier, kind: 'dynamic', typeOnly: false, names: [], ...spanOf(call) });
  }
  imports.sort((a, b) => a.line - b.line || a.column - b.column);
  return imports;
}

export const pythonImportsExtractor: Extractor<ImportFacts> = {
  id: 'imports-python',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: (path) => languageOfPath(path) === 'python',
  async extract(file) {
    const head = pythonImportHead(file.text);
    const root = await parseSource('python', head);
    return { language: 'python', imports: extractPythonImports(root.root(), head) };
  },
};
