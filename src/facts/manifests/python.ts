import { parse as parseToml } from 'smol-toml';
import type { Extractor } from '../extractor.js';
import { LineIndex, normalizePythonName } from './text.js';
import type { ManifestFacts } from './types.js';

export interface PythonManifestFacts extends ManifestFacts {
  kind: 'pyproject' | 'requirements' | 'pipfile';
  /** pyproject: the project's distribution name. */
  name?: string;
  /** Folders, relative to the manifest, that hold import packages (src layouts, poetry `from`). */
  packageRoots: string[];
}

const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** The line of a dependency: the quoted requirement, or a `name =` key after the section header. */
function locate(
  lines: LineIndex,
  text: string,
  literal: string | undefined,
  key: string | undefined,
  from = 0,
): { line: number; column: number; endLine: number; endColumn: number } {
  if (literal !== undefined) {
    for (const quote of ['"', "'"]) {
      const at = text.indexOf(`${quote}${literal}${quote}`, from);
      if (at >= 0) return lines.span(at, literal.length + 2);
    }
  }
  if (key !== undefined) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^[ \\t]*["']?${escaped}["']?[ \\t]*=`, 'gmi');
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match) {
      const start = match.index + (match[0].length - match[0].trimStart().length);
      const end = text.indexOf('\n', start);
      return lines.span(start, (end < 0 ? text.length : end) - start);
    }
  }
  return lines.lineSpan(1);
}

function sectionOffset(text: string, header: string): number {
  const escaped = header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^\\s*\\[${escaped}\\]`, 'm').exec(text);
  return match ? match.index : 0;
}

function requirementName(requirement: string): string | undefined {
  const match = REQUIREMENT_NAME.exec(requirement);
  return match ? normalizePythonName(match[1] as string) : undefined;
}

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parsePyproject(text: string): PythonManifestFacts {
  const lines = new LineIndex(text);
  const facts: PythonManifestFacts = { kind: 'pyproject', dependencies: [], packageRoots: [] };
  let data: Table;
  try {
    data = parseToml(text) as Table;
  } catch (error) {
    facts.error = (error as Error).message.split('\n')[0] ?? 'invalid TOML';
    return facts;
  }
  const add = (requirement: string, section: string, header: string): void => {
    const name = requirementName(requirement);
    if (!name || name === 'python') return;
    facts.dependencies.push({
      name,
      spec: requirement.slice(REQUIREMENT_NAME.exec(requirement)?.[0].length ?? 0).trim(),
      ecosystem: 'pypi',
      section,
      ...locate(lines, text, requirement, undefined, sectionOffset(text, header)),
    });
  };
  const addTable = (table: unknown, section: string, header: string): void => {
    if (!isTable(table)) return;
    for (const [key, value] of Object.entries(table)) {
      const name = normalizePythonName(key);
      if (name === 'python') continue;
      facts.dependencies.push({
        name,
        spec: typeof value === 'string' ? value : '',
        ecosystem: 'pypi',
        section,
        ...locate(lines, text, undefined, key, sectionOffset(text, header)),
      });
    }
  };
  const project = isTable(data.project) ? data.project : undefined;
  if (typeof project?.name === 'string') facts.name = project.name;
  for (const dep of Array.isArray(project?.dependencies) ? project.dependencies : [])
    if (typeof dep === 'string') add(dep, 'project.dependencies', 'project');
  if (isTable(project?.['optional-dependencies'])) {
    for (const [group, deps] of Object.entries(project['optional-dependencies'] as Table))
      for (const dep of Array.isArray(deps) ? deps : [])
        if (typeof dep === 'string')
          add(dep, `project.optional-dependencies.${group}`, 'project.optional-dependencies');
  }
  if (isTable(data['dependency-groups'])) {
    for (const [group, deps] of Object.entries(data['dependency-groups'] as Table))
      for (const dep of Array.isArray(deps) ? deps : [])
        if (typeof dep === 'string') add(dep, `dependency-groups.${group}`, 'dependency-groups');
  }
  const tool = isTable(data.tool) ? data.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : undefined;
  if (poetry) {
    addTable(poetry.dependencies, 'tool.poetry.dependencies', 'tool.poetry.dependencies');
    addTable(
      poetry['dev-dependencies'],
      'tool.poetry.dev-dependencies',
      'tool.poetry.dev-dependencies',
    );
    if (isTable(poetry.group)) {
      for (const [group, body] of Object.entries(poetry.group as Table))
        if (isTable(body))
          addTable(
            body.dependencies,
            `tool.poetry.group.${group}.dependencies`,
            `tool.poetry.group.${group}.dependencies`,
          );
    }
    for (const pkg of Array.isArray(poetry.packages) ? poetry.packages : [])
      if (isTable(pkg) && typeof pkg.from === 'string') facts.packageRoots.push(pkg.from);
  }
  const setuptools = isTable(tool.setuptools) ? tool.setuptools : undefined;
  const packageDir = isTable(setuptools?.['package-dir'])
    ? (setuptools['package-dir'] as Table)
    : undefined;
  if (typeof packageDir?.[''] === 'string') facts.packageRoots.push(packageDir[''] as string);
  const find =
    isTable(setuptools?.packages) && isTable((setuptools.packages as Table).find)
      ? ((setuptools.packages as Table).find as Table)
      : undefined;
  for (const where of Array.isArray(find?.where) ? find.where : [])
    if (typeof where === 'string') facts.packageRoots.push(where);
  const hatch = isTable(tool.hatch) ? tool.hatch : undefined;
  const wheel =
    isTable(hatch?.build) && isTable((hatch.build as Table).targets)
      ? (((hatch.build as Table).targets as Table).wheel as Table | undefined)
      : undefined;
  for (const pkg of Array.isArray(wheel?.packages) ? wheel.packages : [])
    if (typeof pkg === 'string' && pkg.includes('/'))
      facts.packageRoots.push(pkg.slice(0, pkg.lastIndexOf('/')));
  facts.packageRoots = [...new Set(facts.packageRoots.map((r) => r.replace(/^\.\/?|\/$/g, '')))];
  return facts;
}

export function parseRequirements(text: string): PythonManifestFacts {
  const lines = new LineIndex(text);
  const facts: PythonManifestFacts = { kind: 'requirements', dependencies: [], packageRoots: [] };
  text.split('\n').forEach((raw, index) => {
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!content || content.startsWith('-')) return; // options: -r, -c, -e, --index-url
    const name =
      content.includes('://') && !/ @ /.test(content) ? undefined : requirementName(content);
    if (!name) return;
    const span = lines.lineSpan(index + 1);
    const indent = raw.length - raw.trimStart().length;
    facts.dependencies.push({
      name,
      spec: content.slice(REQUIREMENT_NAME.exec(content)?.[0].length ?? 0).trim(),
      ecosystem: 'pypi',
      section: 'requirements',
      ...span,
      column: indent + 1,
    });
  });
  return facts;
}

export function parsePipfile(text: string): PythonManifestFacts {
  const lines = new LineIndex(text);
  const facts: PythonManifestFacts = { kind: 'pipfile', dependencies: [], packageRoots: [] };
  let data: Table;
  try {
    data = parseToml(text) as Table;
  } catch (error) {
    facts.error = (error as Error).message.split('\n')[0] ?? 'invalid TOML';
    return facts;
  }
  for (const section of ['packages', 'dev-packages']) {
    const table = data[section];
    if (!isTable(table)) continue;
    for (const [key, value] of Object.entries(table)) {
      facts.dependencies.push({
        name: normalizePythonName(key),
        spec: typeof value === 'string' ? value : '',
        ecosystem: 'pypi',
        section,
        ...locate(lines, text, undefined, key, sectionOffset(text, section)),
      });
    }
  }
  return facts;
}

const REQUIREMENTS = /(^|\/)(requirements[^/]*\.(txt|in)|requirements\/[^/]+\.(txt|in))$/;

export const pythonManifestExtractor: Extractor<PythonManifestFacts> = {
  id: 'python-manifest',
  version: 1,
  appliesTo: (path) =>
    /(^|\/)pyproject\.toml$/.test(path) || /(^|\/)Pipfile$/.test(path) || REQUIREMENTS.test(path),
  extract(file) {
    if (file.path.endsWith('pyproject.toml')) return parsePyproject(file.text);
    if (file.path.endsWith('Pipfile')) return parsePipfile(file.text);
    return parseRequirements(file.text);
  },
};
