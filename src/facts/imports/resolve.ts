import { builtinModules } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import type { GoModFacts } from '../manifests/go-mod.js';
import type { PackageJsonFacts } from '../manifests/package-json.js';
import type { PythonManifestFacts } from '../manifests/python.js';
import type { TsconfigFacts } from '../manifests/tsconfig.js';
import type { PnpmWorkspaceFacts } from '../manifests/workspaces.js';
import { PYTHON_STDLIB } from './python-stdlib.js';
import type { ImportLanguage, ImportRecord, ImportTarget } from './types.js';

/** Everything resolution needs: the file list and the facts of the configuration files. */
export interface ResolverInput {
  files: readonly string[];
  /** Existence of a file outside `files` (excluded from checking but still importable). */
  has?: (file: string) => boolean;
  packageJson?: ReadonlyMap<string, PackageJsonFacts>;
  tsconfig?: ReadonlyMap<string, TsconfigFacts>;
  pnpmWorkspace?: ReadonlyMap<string, PnpmWorkspaceFacts>;
  goMod?: ReadonlyMap<string, GoModFacts>;
  pythonManifests?: ReadonlyMap<string, PythonManifestFacts>;
}

const posix = path.posix;
const dirOf = (file: string): string => {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
};
const join = (...parts: string[]): string => {
  const joined = posix.normalize(parts.filter((p) => p !== '').join('/') || '.');
  return joined === '.' ? '' : joined.replace(/\/$/, '');
};
const isOutside = (file: string): boolean =>
  file === '..' || file.startsWith('../') || file.startsWith('/');

const NODE_BUILTINS = new Set(builtinModules);

/** Extensions tried for an extensionless specifier, TypeScript sources first. */
const JS_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.d.ts',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
];
/** What a `.js`-style specifier may stand for in a TypeScript project (NodeNext imports). */
const SUBSTITUTES: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
};
/** Build output folders; a missing target inside one is looked for in the sources. */
const BUILD_DIRS = new Set(['dist', 'lib', 'build', 'out', 'esm', 'cjs', 'es', 'types', 'dts']);

interface EffectiveTsconfig {
  baseUrl?: string;
  paths?: { patterns: Record<string, string[]>; base: string };
  outDir?: string;
  rootDir?: string;
}

interface LocalPackage {
  name: string;
  dir: string;
  facts: PackageJsonFacts;
}

interface PythonEntry {
  file: string;
  /** The folder the dotted name starts from. */
  root: string;
  /** A loose script's folder: only files in it import from it. */
  local: boolean;
}

interface GoModule {
  path: string;
  dir: string;
  facts?: GoModFacts;
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leaves);
  return [];
}

/** Targets of one subpath in an `exports` or `imports` map, every condition in order. */
export function mapTargets(map: unknown, subpath: string): string[] {
  if (typeof map === 'string' || Array.isArray(map)) return subpath === '.' ? leaves(map) : [];
  if (typeof map !== 'object' || map === null) return [];
  const entries = map as Record<string, unknown>;
  const keys = Object.keys(entries);
  const isSubpathMap = keys.some((k) => k.startsWith('.') || k.startsWith('#'));
  if (!isSubpathMap) return subpath === '.' ? leaves(map) : [];
  if (Object.prototype.hasOwnProperty.call(entries, subpath)) return leaves(entries[subpath]);
  let best: { key: string; star: string } | undefined;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star >= 0) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (
        subpath.startsWith(prefix) &&
        subpath.endsWith(suffix) &&
        subpath.length >= prefix.length + suffix.length &&
        (!best || prefix.length > best.key.indexOf('*'))
      ) {
        best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
      }
    } else if (key.endsWith('/') && subpath.startsWith(key)) {
      if (!best || key.length > best.key.length) best = { key, star: subpath.slice(key.length) };
    }
  }
  if (!best) return [];
  const found = best;
  return leaves(entries[found.key]).map((target) =>
    found.key.includes('*') ? target.replace(/\*/g, found.star) : target + found.star,
  );
}

/** `@scope/name/sub` → name `@scope/name`, subpath `./sub`. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, count).join('/');
  const rest = parts.slice(count).join('/');
  return { name, subpath: rest ? `./${rest}` : '.' };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Resolves import specifiers to files of the repository or to external packages, the way
 * the languages' own tools do: TypeScript with tsconfig `paths`/`baseUrl` and package.json
 * `exports`/`imports` of workspace packages, Python against its package roots, Go against
 * go.mod (and go.work, and local `replace` directives). A pure function of its input.
 */
export class ModuleResolver {
  private readonly fileSet: Set<string>;
  private readonly tsconfigByDir = new Map<string, string | undefined>();
  private readonly effective = new Map<string, EffectiveTsconfig>();
  private localPackages: Map<string, LocalPackage> | undefined;
  private pythonIndex: Map<string, PythonEntry[]> | undefined;
  private goModules: GoModule[] | undefined;
  private goPackages: Map<string, string[]> | undefined;

  constructor(private readonly input: ResolverInput) {
    this.fileSet = new Set(input.files);
  }

  exists(file: string): boolean {
    return this.fileSet.has(file) || (this.input.has?.(file) ?? false);
  }

  resolve(importer: string, language: ImportLanguage, record: ImportRecord): ImportTarget[] {
    switch (language) {
      case 'javascript':
        return [this.resolveJs(importer, record.specifier)];
      case 'python':
        return this.resolvePython(importer, record);
      case 'go':
        return [this.resolveGo(importer, record.specifier)];
    }
  }

  /**
   * The repository file a JavaScript/TypeScript specifier leads to (tsconfig `paths` and
   * `baseUrl`, package `imports`, workspace packages), or undefined when it leads to a
   * package, a built-in or nowhere. For callers that follow modules without import records.
   */
  resolveJsFile(importer: string, specifier: string): string | undefined {
    const target = this.resolveJs(importer, specifier);
    return target.kind === 'file' && target.approximate !== true ? target.path : undefined;
  }

  // ---------------------------------------------------------------------------------------
  // TypeScript and JavaScript

  private resolveJs(importer: string, specifier: string): ImportTarget {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      if (specifier.startsWith('/')) return { kind: 'unresolved', reason: 'absolute path' };
      const wanted = join(dirOf(importer), specifier.replace(/[?#].*$/, ''));
      if (isOutside(wanted)) return { kind: 'unresolved', reason: 'outside the repository' };
      const found = this.probeJs(wanted);
      return found
        ? { kind: 'file', path: found }
        : { kind: 'unresolved', reason: `no file for ${specifier}` };
    }
    if (specifier.startsWith('node:'))
      return { kind: 'builtin', name: specifier, ecosystem: 'npm' };
    const config = this.tsconfigFor(importer);
    if (config?.paths) {
      const viaPaths = this.resolveTsPaths(config.paths, specifier);
      if (viaPaths) return { kind: 'file', path: viaPaths };
    }
    if (specifier.startsWith('#')) {
      const owner = this.nearestPackage(importer);
      if (owner?.facts.imports !== undefined) {
        for (const target of mapTargets(owner.facts.imports, specifier)) {
          if (!target.startsWith('./')) {
            return this.resolveJs(importer, target);
          }
          const found = this.resolveBuilt(owner.dir, target);
          if (found) return { kind: 'file', path: found };
        }
      }
      return { kind: 'unresolved', reason: `no "imports" entry for ${specifier}` };
    }
    const { name, subpath } = splitPackageSpecifier(specifier);
    if (NODE_BUILTINS.has(name) || NODE_BUILTINS.has(specifier)) {
      return { kind: 'builtin', name: `node:${specifier}`, ecosystem: 'npm' };
    }
    const local = this.workspacePackage(importer, name);
    if (local) {
      const found = this.resolvePackageEntry(local, subpath);
      return found
        ? { kind: 'file', path: found, package: name }
        : {
            kind: 'file',
            path: join(local.dir, 'package.json'),
            package: name,
            approximate: true,
          };
    }
    if (config?.baseUrl !== undefined) {
      const found = this.probeJs(join(config.baseUrl, specifier));
      if (found) return { kind: 'file', path: found };
    }
    return { kind: 'package', name, ecosystem: 'npm' };
  }

  /** The file a path stands for: itself, a TypeScript source for a .js name, an index file. */
  probeJs(wanted: string): string | undefined {
    const ext = posix.extname(wanted);
    const substitutes = SUBSTITUTES[ext];
    if (substitutes) {
      const stem = wanted.slice(0, -ext.length);
      for (const candidate of substitutes)
        if (this.exists(stem + candidate)) return stem + candidate;
    }
    if (wanted !== '' && this.exists(wanted)) return wanted;
    for (const candidate of JS_EXTENSIONS)
      if (this.exists(wanted + candidate)) return wanted + candidate;
    for (const candidate of JS_EXTENSIONS) {
      const index = join(wanted, `index${candidate}`);
      if (this.exists(index)) return index;
    }
    const manifest = this.input.packageJson?.get(join(wanted, 'package.json'));
    if (manifest) {
      for (const entry of [manifest.types, manifest.module, manifest.main]) {
        if (!entry) continue;
        const found = this.probeJsFile(join(wanted, entry));
        if (found) return found;
      }
    }
    return undefined;
  }

  private probeJsFile(wanted: string): string | undefined {
    const found = this.probeJs(wanted);
    return found && !found.endsWith('/package.json') ? found : undefined;
  }

  private resolveTsPaths(
    paths: NonNullable<EffectiveTsconfig['paths']>,
    specifier: string,
  ): string | undefined {
    let best: { pattern: string; star: string; rank: number } | undefined;
    for (const pattern of Object.keys(paths.patterns)) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === specifier) {
          best = { pattern, star: '', rank: Number.MAX_SAFE_INTEGER };
          break;
        }
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (
        specifier.startsWith(prefix) &&
        specifier.endsWith(suffix) &&
        specifier.length >= prefix.length + suffix.length &&
        (!best || prefix.length > best.rank)
      ) {
        best = {
          pattern,
          star: specifier.slice(prefix.length, specifier.length - suffix.length),
          rank: prefix.length,
        };
      }
    }
    if (!best) return undefined;
    for (const target of paths.patterns[best.pattern] ?? []) {
      const wanted = join(paths.base, target.replace('*', best.star));
      if (isOutside(wanted)) continue;
      const found = this.probeJs(wanted);
      if (found) return found;
    }
    return undefined;
  }

  private tsconfigFor(importer: string): EffectiveTsconfig | undefined {
    const configs = this.input.tsconfig;
    if (!configs || configs.size === 0) return undefined;
    let dir = dirOf(importer);
    const visited: string[] = [];
    let found: string | undefined;
    for (;;) {
      if (this.tsconfigByDir.has(dir)) {
        found = this.tsconfigByDir.get(dir);
        break;
      }
      visited.push(dir);
      const candidate = [join(dir, 'tsconfig.json'), join(dir, 'jsconfig.json')].find((c) =>
        configs.has(c),
      );
      if (candidate) {
        found = candidate;
        break;
      }
      if (dir === '') break;
      dir = dirOf(dir);
    }
    for (const d of visited) this.tsconfigByDir.set(d, found);
    return found ? this.effectiveTsconfig(found, new Set()) : undefined;
  }

  private effectiveTsconfig(file: string, seen: Set<string>): EffectiveTsconfig {
    const cached = this.effective.get(file);
    if (cached) return cached;
    const facts = this.input.tsconfig?.get(file);
    const result: EffectiveTsconfig = {};
    if (!facts || seen.has(file)) return result;
    seen.add(file);
    const dir = dirOf(file);
    for (const parent of facts.extends) {
      // Configs from node_modules are not in the repository; their paths cannot be local.
      if (!parent.startsWith('.') && !parent.startsWith('/')) continue;
      let target = join(dir, parent);
      if (!target.endsWith('.json')) {
        target = this.input.tsconfig?.has(`${target}.json`)
          ? `${target}.json`
          : join(target, 'tsconfig.json');
      }
      Object.assign(result, this.effectiveTsconfig(target, seen));
    }
    if (facts.baseUrl !== undefined) result.baseUrl = join(dir, facts.baseUrl);
    if (facts.outDir !== undefined) result.outDir = join(dir, facts.outDir);
    if (facts.rootDir !== undefined) result.rootDir = join(dir, facts.rootDir);
    if (facts.paths) result.paths = { patterns: facts.paths, base: dir };
    // Paths are relative to baseUrl when there is one, else to the config that declares them.
    if (result.paths && result.baseUrl !== undefined)
      result.paths = { ...result.paths, base: result.baseUrl };
    this.effective.set(file, result);
    return result;
  }

  private packagesByName(): Map<string, LocalPackage> {
    if (this.localPackages) return this.localPackages;
    const packages = new Map<string, LocalPackage>();
    const manifests = this.input.packageJson ?? new Map<string, PackageJsonFacts>();
    const declarations: { dir: string; globs: string[] }[] = [];
    for (const [file, facts] of manifests)
      if (facts.workspaces?.length)
        declarations.push({ dir: dirOf(file), globs: facts.workspaces });
    for (const [file, facts] of this.input.pnpmWorkspace ?? new Map<string, PnpmWorkspaceFacts>())
      if (facts.packages.length) declarations.push({ dir: dirOf(file), globs: facts.packages });
    const members = declarations.map(({ dir, globs }) => {
      const include = globs
        .filter((g) => !g.startsWith('!'))
        .map((g) => g.replace(/^\.\//, '').replace(/\/$/, ''));
      const exclude = globs
        .filter((g) => g.startsWith('!'))
        .map((g) => g.slice(1).replace(/^\.\//, '').replace(/\/$/, ''));
      const isIn = include.length ? picomatch(include, { dot: true }) : () => false;
      const isOut = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
      return { dir, isIn, isOut };
    });
    const sorted = [...manifests.keys()].sort((a, b) => a.length - b.length || a.localeCompare(b));
    for (const file of sorted) {
      const facts = manifests.get(file) as PackageJsonFacts;
      if (!facts.name || packages.has(facts.name)) continue;
      const dir = dirOf(file);
      const member = members.some(({ dir: root, isIn, isOut }) => {
        if (root !== '' && !dir.startsWith(`${root}/`)) return false;
        const relative = root === '' ? dir : dir.slice(root.length + 1);
        return relative !== '' && isIn(relative) && !isOut(relative);
      });
      if (member) packages.set(facts.name, { name: facts.name, dir, facts });
    }
    this.localPackages = packages;
    return packages;
  }

  private nearestPackage(importer: string): LocalPackage | undefined {
    let dir = dirOf(importer);
    for (;;) {
      const file = join(dir, 'package.json');
      const facts = this.input.packageJson?.get(file);
      if (facts) return { name: facts.name ?? '', dir, facts };
      if (dir === '') return undefined;
      dir = dirOf(dir);
    }
  }

  private workspacePackage(importer: string, name: string): LocalPackage | undefined {
    const member = this.packagesByName().get(name);
    if (member) return member;
    const own = this.nearestPackage(importer);
    return own && own.name === name ? own : undefined;
  }

  private resolvePackageEntry(pkg: LocalPackage, subpath: string): string | undefined {
    if (pkg.facts.exports !== undefined) {
      for (const target of mapTargets(pkg.facts.exports, subpath)) {
        const found = this.resolveBuilt(pkg.dir, target);
        if (found) return found;
      }
    }
    if (subpath === '.') {
      for (const entry of [pkg.facts.types, pkg.facts.module, pkg.facts.main]) {
        if (!entry) continue;
        const found = this.resolveBuilt(pkg.dir, entry);
        if (found) return found;
      }
      return (
        this.probeJsFile(join(pkg.dir, 'src', 'index')) ?? this.probeJsFile(join(pkg.dir, 'index'))
      );
    }
    return (
      this.probeJsFile(join(pkg.dir, subpath)) ?? this.probeJsFile(join(pkg.dir, 'src', subpath))
    );
  }

  /** A package entry point, or its source when the entry is build output not in the repository. */
  private resolveBuilt(dir: string, target: string): string | undefined {
    const wanted = join(dir, target);
    if (isOutside(wanted)) return undefined;
    const direct = this.probeJsFile(wanted);
    if (direct) return direct;
    const stem = wanted.replace(/\.d\.[mc]?ts$|\.[mc]?[jt]sx?$/, '');
    const config = this.effectiveTsconfigAt(dir);
    if (config?.outDir && (stem === config.outDir || stem.startsWith(`${config.outDir}/`))) {
      const source = join(config.rootDir ?? join(dir, 'src'), stem.slice(config.outDir.length));
      const found = this.probeJsFile(source);
      if (found) return found;
    }
    const relative = dir === '' ? stem : stem.slice(dir.length + 1);
    const [first, ...rest] = relative.split('/');
    if (first && BUILD_DIRS.has(first)) {
      for (const replacement of ['src', '']) {
        const found = this.probeJsFile(join(dir, replacement, ...rest));
        if (found) return found;
      }
    }
    return undefined;
  }

  private effectiveTsconfigAt(dir: string): EffectiveTsconfig | undefined {
    const file = join(dir, 'tsconfig.json');
    return this.input.tsconfig?.has(file) ? this.effectiveTsconfig(file, new Set()) : undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Python

  private pythonModules(): Map<string, PythonEntry[]> {
    if (this.pythonIndex) return this.pythonIndex;
    const pyFiles = this.input.files.filter((f) => f.endsWith('.py') || f.endsWith('.pyi'));
    // Roots every file can import from: the repository, project folders and their src/,
    // declared package folders, and the folder above each outermost regular package.
    const roots = new Set<string>(['']);
    const srcCandidates = new Set<string>();
    for (const file of this.input.files) {
      const base = posix.basename(file);
      if (base === 'pyproject.toml' || base === 'setup.py' || base === 'setup.cfg') {
        roots.add(dirOf(file));
        srcCandidates.add(join(dirOf(file), 'src'));
      }
    }
    for (const file of pyFiles) {
      for (let dir = dirOf(file); dir !== ''; dir = dirOf(dir)) {
        if (srcCandidates.has(dir)) roots.add(dir);
      }
    }
    for (const [file, facts] of this.input.pythonManifests ??
      new Map<string, PythonManifestFacts>())
      for (const root of facts.packageRoots) roots.add(join(dirOf(file), root));
    const initDirs = new Set(
      pyFiles.filter((f) => /(^|\/)__init__\.pyi?$/.test(f)).map((f) => dirOf(f)),
    );
    // A loose script's folder is on its own path only (python puts the script's folder first).
    const localRoots = new Set<string>();
    for (const file of pyFiles) {
      let dir = dirOf(file);
      let top: string | undefined;
      while (dir !== '' && initDirs.has(dir)) {
        top = dir;
        dir = dirOf(dir);
      }
      if (top !== undefined) roots.add(dirOf(top));
      else if (!roots.has(dirOf(file))) localRoots.add(dirOf(file));
    }
    const index = new Map<string, PythonEntry[]>();
    for (const file of pyFiles) {
      let dir = dirOf(file);
      for (;;) {
        const local = !roots.has(dir) && localRoots.has(dir);
        if (roots.has(dir) || local) {
          const relative = dir === '' ? file : file.slice(dir.length + 1);
          const parts = relative.replace(/\.pyi?$/, '').split('/');
          if (parts[parts.length - 1] === '__init__') parts.pop();
          if (parts.length > 0 && parts.every((p) => IDENTIFIER.test(p))) {
            const name = parts.join('.');
            const list = index.get(name) ?? [];
            // A .py module wins over its .pyi stub; both may exist.
            const at = list.findIndex((entry) => entry.root === dir);
            if (at < 0) list.push({ file, root: dir, local });
            else if (file.endsWith('.py')) list[at] = { file, root: dir, local };
            index.set(name, list);
          }
        }
        if (dir === '') break;
        dir = dirOf(dir);
      }
    }
    this.pythonIndex = index;
    return index;
  }

  private lookupPython(importer: string, name: string): string | undefined {
    const candidates = this.pythonModules()
      .get(name)
      ?.filter((entry) => !entry.local || dirOf(importer) === entry.root);
    if (!candidates?.length) return undefined;
    if (candidates.length === 1) return candidates[0]?.file;
    // The candidate whose root is the closest ancestor of the importer, then the shortest path.
    const score = (root: string): number =>
      root === '' ? 0 : importer.startsWith(`${root}/`) ? root.length + 1 : -1;
    return [...candidates].sort(
      (a, b) =>
        score(b.root) - score(a.root) ||
        a.file.length - b.file.length ||
        a.file.localeCompare(b.file),
    )[0]?.file;
  }

  private pythonAt(dir: string, dotted: string): string | undefined {
    const base = join(dir, ...dotted.split('.').filter(Boolean));
    for (const candidate of [
      `${base}.py`,
      `${base}.pyi`,
      join(base, '__init__.py'),
      join(base, '__init__.pyi'),
    ])
      if (this.exists(candidate)) return candidate;
    return undefined;
  }

  private resolvePython(importer: string, record: ImportRecord): ImportTarget[] {
    const names = record.names.filter((n) => n !== '*');
    if (record.level) {
      let dir = dirOf(importer);
      for (let i = 1; i < record.level; i++) {
        if (dir === '')
          return [{ kind: 'unresolved', reason: 'relative import above the repository' }];
        dir = dirOf(dir);
      }
      const targets: ImportTarget[] = [];
      let needsModule = names.length === 0;
      for (const name of names) {
        const sub = this.pythonAt(dir, record.specifier ? `${record.specifier}.${name}` : name);
        if (sub) targets.push({ kind: 'file', path: sub });
        else needsModule = true;
      }
      if (needsModule) {
        const module = record.specifier
          ? this.pythonAt(dir, record.specifier)
          : [join(dir, '__init__.py'), join(dir, '__init__.pyi')].find((f) => this.exists(f));
        if (module) targets.push({ kind: 'file', path: module });
        else if (targets.length === 0)
          targets.push({
            kind: 'unresolved',
            reason: `no module ${'.'.repeat(record.level)}${record.specifier}`,
          });
      }
      return targets;
    }
    const targets: ImportTarget[] = [];
    let needsModule = names.length === 0;
    for (const name of names) {
      const sub = this.lookupPython(importer, `${record.specifier}.${name}`);
      if (sub) targets.push({ kind: 'file', path: sub });
      else needsModule = true;
    }
    if (!needsModule) return targets;
    const parts = record.specifier.split('.');
    for (let end = parts.length; end > 0; end--) {
      const found = this.lookupPython(importer, parts.slice(0, end).join('.'));
      if (found) {
        targets.push({
          kind: 'file',
          path: found,
          ...(end < parts.length ? { approximate: true } : {}),
        });
        return targets;
      }
    }
    const top = parts[0] ?? record.specifier;
    targets.push(
      PYTHON_STDLIB.has(top)
        ? { kind: 'builtin', name: top, ecosystem: 'pypi' }
        : { kind: 'package', name: top, ecosystem: 'pypi' },
    );
    return targets;
  }

  // ---------------------------------------------------------------------------------------
  // Go

  private modules(): GoModule[] {
    if (this.goModules) return this.goModules;
    const modules: GoModule[] = [];
    for (const [file, facts] of this.input.goMod ?? new Map<string, GoModFacts>()) {
      if (facts.kind !== 'go.mod' || !facts.module) continue;
      modules.push({ path: facts.module, dir: dirOf(file), facts });
    }
    for (const [file, facts] of this.input.goMod ?? new Map<string, GoModFacts>()) {
      for (const replace of facts.replace) {
        if (!replace.to.startsWith('./') && !replace.to.startsWith('../')) continue;
        const dir = join(dirOf(file), replace.to);
        if (isOutside(dir) || modules.some((m) => m.path === replace.from)) continue;
        modules.push({ path: replace.from, dir });
      }
    }
    modules.sort((a, b) => b.path.length - a.path.length);
    this.goModules = modules;
    return modules;
  }

  private packageDirs(): Map<string, string[]> {
    if (this.goPackages) return this.goPackages;
    const dirs = new Map<string, string[]>();
    for (const file of this.input.files) {
      if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
      const dir = dirOf(file);
      dirs.set(dir, [...(dirs.get(dir) ?? []), file]);
    }
    this.goPackages = dirs;
    return dirs;
  }

  private owningModule(importer: string): GoModule | undefined {
    const modules = this.modules();
    let best: GoModule | undefined;
    for (const module of modules) {
      if (module.dir !== '' && !importer.startsWith(`${module.dir}/`)) continue;
      if (!best || module.dir.length > best.dir.length) best = module;
    }
    return best;
  }

  private resolveGo(importer: string, specifier: string): ImportTarget {
    for (const module of this.modules()) {
      if (specifier !== module.path && !specifier.startsWith(`${module.path}/`)) continue;
      const dir = join(module.dir, specifier.slice(module.path.length).replace(/^\//, ''));
      const files = this.packageDirs().get(dir);
      if (files?.length) return { kind: 'file', path: dir, files, package: module.path };
      return { kind: 'unresolved', reason: `no Go files in ${dir || '.'}` };
    }
    const first = specifier.split('/')[0] ?? '';
    if (!first.includes('.')) return { kind: 'builtin', name: specifier, ecosystem: 'go' };
    const owner = this.owningModule(importer);
    const required = owner?.facts?.dependencies
      .map((d) => d.name)
      .filter((name) => specifier === name || specifier.startsWith(`${name}/`))
      .sort((a, b) => b.length - a.length)[0];
    return { kind: 'package', name: required ?? specifier, ecosystem: 'go' };
  }
}
