import type { SgNode } from '@ast-grep/napi';
import type { Extractor } from '../extractor.js';
import { languageOfPath, parseSource } from '../ast-grep.js';
import { literalValue, spanOf } from './ast.js';
import { jsImportHead } from './header.js';
import type { ImportFacts, ImportRecord } from './types.js';

const JS_LANGUAGES = new Set(['typescript', 'tsx', 'javascript']);

function hasToken(node: SgNode, token: string): boolean {
  return node.children().some((child) => !child.isNamed() && child.kind() === token);
}

function importNames(clause: SgNode | undefined): { names: string[]; allTypes: boolean } {
  if (!clause) return { names: [], allTypes: false };
  const names: string[] = [];
  let specifiers = 0;
  let typeSpecifiers = 0;
  for (const child of clause.children()) {
    const kind = child.kind();
    if (kind === 'identifier') names.push('default');
    else if (kind === 'namespace_import') names.push('*');
    else if (kind === 'named_imports') {
      for (const spec of child.children()) {
        if (spec.kind() !== 'import_specifier') continue;
        specifiers++;
        if (hasToken(spec, 'type')) typeSpecifiers++;
        const name = spec.field('name') ?? spec.namedChildren()[0];
        if (name) names.push(literalValue(name) ?? name.text());
      }
    }
  }
  // `import { type A, type B } from 'x'` imports nothing at run time, like `import type`.
  const allTypes = specifiers > 0 && typeSpecifiers === specifiers && names.length === specifiers;
  return { names, allTypes };
}

function exportNames(statement: SgNode): string[] {
  const names: string[] = [];
  for (const child of statement.children()) {
    if (child.kind() === 'export_clause') {
      for (const spec of child.children()) {
        if (spec.kind() !== 'export_specifier') continue;
        const name = spec.field('name') ?? spec.namedChildren()[0];
        if (name) names.push(literalValue(name) ?? name.text());
      }
    } else if (child.kind() === 'namespace_export' || child.kind() === '*') {
      names.push('*');
    }
  }
  return names;
}

/** Imports of one TypeScript or JavaScript file (ESM, CommonJS, literal dynamic import()). */
export function extractJsImports(root: SgNode, text = root.text()): ImportRecord[] {
  const imports: ImportRecord[] = [];
  // ESM declarations sit at the top level, except inside `declare module '…' { }` blocks:
  // walking the program's children is enough, and much cheaper than searching the tree.
  const nested = /\bdeclare\s+(module|namespace|global)\b/.test(text);
  const topLevel = nested
    ? root.findAll({ rule: { any: [{ kind: 'import_statement' }, { kind: 'export_statement' }] } })
    : root.children();
  const importStatements = topLevel.filter((node) => node.kind() === 'import_statement');
  const exportStatements = topLevel.filter(
    (node) => node.kind() === 'export_statement' && node.field('source') !== null,
  );
  for (const statement of importStatements) {
    const requireClause = statement.children().find((c) => c.kind() === 'import_require_clause');
    if (requireClause) {
      const source = requireClause.children().find((c) => c.kind() === 'string');
      const specifier = literalValue(source);
      if (specifier === undefined) continue;
      imports.push({
        specifier,
        kind: 'require',
        typeOnly: hasToken(statement, 'type'),
        names: ['default'],
        ...spanOf(statement),
      });
      continue;
    }
    const specifier = literalValue(statement.field('source'));
    if (specifier === undefined) continue;
    const clause = statement.children().find((c) => c.kind() === 'import_clause');
    const { names, allTypes } = importNames(clause);
    imports.push({
      specifier,
      kind: clause ? 'static' : 'side-effect',
      typeOnly: hasToken(statement, 'type') || allTypes,
      names,
      ...spanOf(statement),
    });
  }
  for (const statement of exportStatements) {
    const specifier = literalValue(statement.field('source'));
    if (specifier === undefined) continue;
    imports.push({
      specifier,
      kind: 'reexport',
      typeOnly: hasToken(statement, 'type'),
      names: exportNames(statement),
      ...spanOf(statement),
    });
  }
  const calls = /\brequire\s*\(|\bimport\s*\(/.test(text)
    ? root.findAll({
        rule: {
          kind: 'call_expression',
          has: {
            field: 'function',
            any: [{ kind: 'import' }, { kind: 'identifier', regex: '^require$' }],
          },
        },
      })
    : [];
  for (const call of calls) {
    const callee = call.field('function');
    const args = call.field('arguments')?.namedChildren() ?? [];
    if (args.length < 1) continue;
    const specifier = literalValue(args[0]);
    if (specifier === undefined) continue;
    const dynamic = callee?.kind() === 'import';
    imports.push({
      specifier,
      kind: dynamic ? 'dynamic' : 'require',
      typeOnly: false,
      names: ['*'],
      ...spanOf(call),
    });
  }
  imports.sort((a, b) => a.line - b.line || a.column - b.column);
  return imports;
}

export const jsImportsExtractor: Extractor<ImportFacts> = {
  id: 'imports-js',
  version: 2,
  binaryFiles: 'ignore',
  appliesTo: (path) => JS_LANGUAGES.has(languageOfPath(path) ?? ''),
  async extract(file) {
    const language = languageOfPath(file.path);
    if (!language) return { language: 'javascript', imports: [] };
    const head = jsImportHead(file.text);
    const root = await parseSource(language, head);
    return { language: 'javascript', imports: extractJsImports(root.root(), head) };
  },
};
