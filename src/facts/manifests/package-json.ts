import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { Extractor } from '../extractor.js';
import type { Span } from '../imports/types.js';
import { LineIndex } from './text.js';
import type { DeclaredDependency, ManifestFacts } from './types.js';

export interface PackageScript extends Span {
  name: string;
  command: string;
}

export interface PackageJsonFacts extends ManifestFacts {
  name?: string;
  main?: string;
  module?: string;
  types?: string;
  /** The `exports` field as written (string, conditions or subpath map). */
  exports?: unknown;
  /** The `imports` field (`#internal` specifiers) as written. */
  imports?: unknown;
  /** Workspace globs (npm, yarn, bun: `workspaces`; pnpm: pnpm-workspace.yaml is separate). */
  workspaces?: string[];
  scripts: PackageScript[];
}

const DEPENDENCY_SECTIONS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

function stringAt(root: Node, path: string[]): string | undefined {
  const node = findNodeAtLocation(root, path);
  return node?.type === 'string' ? (node.value as string) : undefined;
}

function firstError(errors: ParseError[], lines: LineIndex): string | undefined {
  const error = errors[0];
  if (!error) return undefined;
  const { line, column } = lines.position(error.offset);
  return `${printParseErrorCode(error.error)} at ${line}:${column}`;
}

export function parsePackageJson(text: string): PackageJsonFacts {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = firstError(errors, lines);
  if (!root || root.type !== 'object') {
    return { dependencies: [], scripts: [], error: error ?? 'not a JSON object' };
  }
  const dependencies: DeclaredDependency[] = [];
  for (const section of DEPENDENCY_SECTIONS) {
    const node = findNodeAtLocation(root, [section]);
    for (const property of node?.type === 'object' ? (node.children ?? []) : []) {
      const [key, value] = property.children ?? [];
      if (!key || key.type !== 'string') continue;
      dependencies.push({
        name: key.value as string,
        spec: value?.type === 'string' ? (value.value as string) : '',
        ecosystem: 'npm',
        section,
        ...lines.span(property.offset, property.length),
      });
    }
  }
  const scripts: PackageScript[] = [];
  const scriptsNode = findNodeAtLocation(root, ['scripts']);
  for (const property of scriptsNode?.type === 'object' ? (scriptsNode.children ?? []) : []) {
    const [key, value] = property.children ?? [];
    if (!key || key.type !== 'string' || value?.type !== 'string') continue;
    scripts.push({
      name: key.value as string,
      command: value.value as string,
      ...lines.span(property.offset, property.length),
    });
  }
  const workspacesNode = findNodeAtLocation(root, ['workspaces']);
  const workspacesValue: unknown = workspacesNode ? getNodeValue(workspacesNode) : undefined;
  const workspaceList = Array.isArray(workspacesValue)
    ? workspacesValue
    : typeof workspacesValue === 'object' && workspacesValue !== null
      ? (workspacesValue as { packages?: unknown }).packages
      : undefined;
  const workspaces = Array.isArray(workspaceList)
    ? workspaceList.filter((w): w is string => typeof w === 'string')
    : undefined;
  const exportsNode = findNodeAtLocation(root, ['exports']);
  const facts: PackageJsonFacts = { dependencies, scripts };
  const name = stringAt(root, ['name']);
  if (name !== undefined) facts.name = name;
  for (const field of ['main', 'module', 'types'] as const) {
    const value =
      stringAt(root, [field]) ?? (field === 'types' ? stringAt(root, ['typings']) : undefined);
    if (value !== undefined) facts[field] = value;
  }
  if (exportsNode) facts.exports = getNodeValue(exportsNode) as unknown;
  const importsNode = findNodeAtLocation(root, ['imports']);
  if (importsNode) facts.imports = getNodeValue(importsNode) as unknown;
  if (workspaces) facts.workspaces = workspaces;
  if (error) facts.error = error;
  return facts;
}

export const packageJsonExtractor: Extractor<PackageJsonFacts> = {
  id: 'package-json',
  version: 1,
  appliesTo: (path) => path === 'package.json' || path.endsWith('/package.json'),
  extract: (file) => parsePackageJson(file.text),
};
