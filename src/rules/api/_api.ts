import picomatch from 'picomatch';
import type { LoadedContract } from '../../contract/load.js';
import type { Source } from '../../contract/schema.js';
import type { RuleContext } from '../../engine/rule.js';
import type { Extractor } from '../../facts/extractor.js';
import { assembleSpec } from '../../facts/openapi/assemble.js';
import type { SpecModel, SpecOperation } from '../../facts/openapi/assemble.js';
import { openapiExtractor } from '../../facts/openapi/extractor.js';
import type { SpecFileFacts } from '../../facts/openapi/extractor.js';
import { ModuleResolver } from '../../facts/imports/resolve.js';
import { tsconfigExtractor } from '../../facts/manifests/tsconfig.js';
import { routeExtractors, routeFacts } from '../../facts/routes/index.js';
import { LinkResolutions, linkRoutes, mergeFacts } from '../../facts/routes/link.js';
import type { LinkResult, LinkedRoute } from '../../facts/routes/link.js';
import { shapeMatches, specShape } from '../../facts/routes/path.js';
import type { PathShape } from '../../facts/routes/path.js';
import type { Middleware, RouteFileFacts } from '../../facts/routes/types.js';

/** Shared by the api rules: which facts they need, and the spec and route models built from them. */

/** Code that is not served: tests and fixtures register routes of their own. */
export const DEFAULT_NOT_GOVERNED = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.go',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/testdata/**',
  '**/fixtures/**',
  '**/e2e/**',
];

export type OpenapiSource = Source & { kind: 'openapi' };

export function openapiSources(contract: LoadedContract): OpenapiSource[] {
  return (contract.data.sources ?? []).filter((s): s is OpenapiSource => s.kind === 'openapi');
}

/** The sources an api rule compares code with (RuleMeta.sourcesOfTruth). */
export function openapiSourceIds(_options: unknown, contract: LoadedContract): string[] {
  return openapiSources(contract).map((s) => s.id);
}

const extractorMemo = new WeakMap<LoadedContract, Extractor<SpecFileFacts> | undefined>();

/**
 * The extractor of the contract's OpenAPI sources. Every api rule asks for it, for its facts
 * and for its declared extractors, and building it compiles globs: one per contract.
 */
export function specExtractor(contract: LoadedContract): Extractor<SpecFileFacts> | undefined {
  if (extractorMemo.has(contract)) return extractorMemo.get(contract);
  const sources = openapiSources(contract);
  const extractor =
    sources.length === 0
      ? undefined
      : openapiExtractor(
          sources.map((s) => ({ path: s.path, ...(s.files ? { files: s.files } : {}) })),
        );
  extractorMemo.set(contract, extractor);
  return extractor;
}

/** The extractors of rules that compare specs with code. */
export function specAndRouteFacts(contract: LoadedContract): Extractor<unknown>[] {
  const spec = specExtractor(contract);
  return spec ? [spec, ...routeFacts] : [];
}

export function specFacts(contract: LoadedContract): Extractor<unknown>[] {
  const spec = specExtractor(contract);
  return spec ? [spec] : [];
}

const specMemo = new WeakMap<object, SpecModel[]>();

/** Every OpenAPI source of the contract, assembled across its files. */
export function loadSpecs(context: RuleContext<unknown>): SpecModel[] {
  const extractor = specExtractor(context.contract);
  if (!extractor) return [];
  const facts = context.facts(extractor);
  const memo = specMemo.get(facts);
  if (memo) return memo;
  const models = openapiSources(context.contract).map((source) =>
    assembleSpec(
      {
        id: source.id,
        path: source.path,
        ...(source.basePath !== undefined ? { basePath: source.basePath } : {}),
      },
      { facts, exists: (file) => context.has(file) },
    ),
  );
  specMemo.set(facts, models);
  return models;
}

/** The specs as they were before the change (for comparisons), or undefined without a change. */
export function loadSpecsBefore(context: RuleContext<unknown>): SpecModel[] | undefined {
  const extractor = specExtractor(context.contract);
  if (!extractor || !context.change) return undefined;
  const now = context.facts(extractor);
  const before = context.factsBefore(extractor);
  // A change that touches none of the spec's files leaves the specs as they are now.
  if (!touchesSpecFiles(context.change, now, before)) return loadSpecs(context);
  const merged = new Map(now);
  for (const change of context.change) {
    if (change.status === 'added') merged.delete(change.path);
    if (change.status === 'renamed') merged.delete(change.path);
    const old = change.oldPath ?? change.path;
    const facts = before.get(old);
    if (facts) merged.set(old, facts);
    else if (change.status !== 'added' && change.status !== 'renamed') merged.delete(old);
  }
  return openapiSources(context.contract).map((source) =>
    assembleSpec(
      {
        id: source.id,
        path: source.path,
        ...(source.basePath !== undefined ? { basePath: source.basePath } : {}),
      },
      { facts: merged, exists: (file) => merged.has(file) || context.has(file) },
    ),
  );
}

function touchesSpecFiles(
  change: NonNullable<RuleContext<unknown>['change']>,
  now: ReadonlyMap<string, SpecFileFacts>,
  before: ReadonlyMap<string, SpecFileFacts>,
): boolean {
  return change.some((c) => {
    const old = c.oldPath ?? c.path;
    return now.has(c.path) || now.has(old) || before.has(old);
  });
}

const linkMemo = new WeakMap<object, { maps: object[]; result: LinkResult }>();
const resolutionsMemo = new WeakMap<LoadedContract, LinkResolutions>();
const mergedMemo = new WeakMap<RouteFileFacts, WeakMap<RouteFileFacts, RouteFileFacts>>();

/** One file's facts of two frameworks, merged once: the same facts merge to the same object. */
function merged(a: RouteFileFacts, b: RouteFileFacts): RouteFileFacts {
  let withA = mergedMemo.get(a);
  if (!withA) {
    withA = new WeakMap();
    mergedMemo.set(a, withA);
  }
  let both = withA.get(b);
  if (!both) {
    both = mergeFacts(a, b);
    withA.set(b, both);
  }
  return both;
}

/** Routes of every framework, linked across files. */
export function loadRoutes(context: RuleContext<unknown>): LinkResult {
  const tsconfig = context.facts(tsconfigExtractor);
  const maps: object[] = [...routeExtractors.map((e) => context.facts(e)), tsconfig];
  const first = maps[0] as object;
  const memo = linkMemo.get(first);
  if (memo && memo.maps.every((m, i) => m === maps[i])) return memo.result;
  const byFile = new Map<string, RouteFileFacts>();
  for (const extractor of routeExtractors) {
    // Most files declare no routes: forEach walks these large maps much faster than for…of.
    context.facts(extractor).forEach((facts, file) => {
      if (!facts) return;
      const existing = byFile.get(file);
      byFile.set(file, existing ? merged(existing, facts) : facts);
    });
  }
  // What the previous link of this contract resolved, for a process that checks again.
  let resolutions = resolutionsMemo.get(context.contract);
  if (!resolutions) {
    resolutions = new LinkResolutions();
    resolutionsMemo.set(context.contract, resolutions);
  }
  // Imports through tsconfig `paths` lead where the import graph says they do. Built on the
  // first bare specifier: relative imports, the most common, never need it.
  let resolver: ModuleResolver | undefined;
  const result = linkRoutes(byFile, context.files, {
    resolveJs: (importer, specifier) =>
      (resolver ??= new ModuleResolver({ files: context.files, tsconfig })).resolveJsFile(
        importer,
        specifier,
      ),
    resolutions: { memo: resolutions, resolverKey: tsconfig },
  });
  linkMemo.set(first, { maps, result });
  return result;
}

export interface Governance {
  /** The specs that govern a code file (empty: the file is not governed). */
  specsOf(file: string): readonly SpecModel[];
  /** The code files a spec governs. */
  governs(spec: SpecModel, file: string): boolean;
}

type FileMatcher = (file: string) => boolean;

/** Whether a source governs a file, by source id; a file's answer is kept (routes share files). */
function governedFiles(contract: LoadedContract): Map<string, FileMatcher> {
  const matchers = new Map<string, FileMatcher>();
  for (const source of openapiSources(contract)) {
    const globs = source.governs && source.governs.length > 0 ? source.governs : ['**'];
    matchers.set(source.id, rememberedPerFile(governedBy(globs)));
  }
  return matchers;
}

/**
 * The files of the globs, less tests and fixtures (they start apps of their own; they are
 * never governed). What picomatch's `ignore` option does, with the ignore globs' regular
 * expressions run only on paths that hold the text they require.
 */
function governedBy(globs: readonly string[]): FileMatcher {
  try {
    const included = picomatch([...globs], { dot: true });
    const excluded = picomatch(DEFAULT_NOT_GOVERNED, { dot: true });
    return (file) => included(file) && !(mayBeNotGoverned(file) && excluded(file));
  } catch {
    return () => false;
  }
}

const NOT_GOVERNED_TEXT = DEFAULT_NOT_GOVERNED.map(requiredText);

function mayBeNotGoverned(file: string): boolean {
  return NOT_GOVERNED_TEXT.some((text) => text === undefined || file.includes(text));
}

/**
 * Text that every path a glob matches contains (for the fixtures glob above: `fixtures`), for
 * a glob of plain characters, `*` and `/`; undefined for any other glob.
 */
function requiredText(glob: string): string | undefined {
  if (!/^[\w.\-/*]+$/.test(glob)) return undefined;
  const literals = glob.split(/[/*]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
  return literals.sort((a, b) => b.length - a.length)[0];
}

function rememberedPerFile(match: FileMatcher): FileMatcher {
  const answers = new Map<string, boolean>();
  return (file) => {
    let answer = answers.get(file);
    if (answer === undefined) {
      answer = match(file);
      answers.set(file, answer);
    }
    return answer;
  };
}

interface ContractGovernance {
  matchers: Map<string, FileMatcher>;
  bySpecs: WeakMap<readonly SpecModel[], Governance>;
}

const governanceMemo = new WeakMap<LoadedContract, ContractGovernance>();

/** Which specs govern which code files. Several rules ask, about the same routes. */
export function governance(contract: LoadedContract, specs: readonly SpecModel[]): Governance {
  let memo = governanceMemo.get(contract);
  if (!memo) {
    memo = { matchers: governedFiles(contract), bySpecs: new WeakMap() };
    governanceMemo.set(contract, memo);
  }
  let found = memo.bySpecs.get(specs);
  if (!found) {
    found = governanceOver(memo.matchers, specs);
    memo.bySpecs.set(specs, found);
  }
  return found;
}

function governanceOver(
  matchers: ReadonlyMap<string, FileMatcher>,
  specs: readonly SpecModel[],
): Governance {
  const governs = (spec: SpecModel, file: string): boolean =>
    matchers.get(spec.source)?.(file) ?? false;
  const owners = new Map<string, readonly SpecModel[]>();
  const specsOf = (file: string): readonly SpecModel[] => {
    let found = owners.get(file);
    if (!found) {
      found = specs.filter((spec) => governs(spec, file));
      owners.set(file, found);
    }
    return found;
  };
  return { governs, specsOf };
}

/** Kept per operation: operations live as long as the spec assembled from their facts. */
const shapeCache = new WeakMap<SpecOperation, PathShape | null>();
export function operationShape(operation: SpecOperation): PathShape | undefined {
  let shape = shapeCache.get(operation);
  if (shape === undefined) {
    shape = specShape(operation.fullPath) ?? null;
    shapeCache.set(operation, shape);
  }
  return shape ?? undefined;
}

const keyMemo = new WeakMap<PathShape, string | null>();

/**
 * Without rest parameters, a shape matches exactly when its segments (parameters written `{}`)
 * are equal, so operations are indexed by that key and a route finds its own in one lookup.
 */
export function shapeKey(shape: PathShape): string | undefined {
  // Several rules look the same routes and operations up by key; null stands for no key.
  let key = keyMemo.get(shape);
  if (key === undefined) {
    key = shape.segments.some((s) => 'rest' in s)
      ? null
      : shape.segments.map((s) => ('text' in s ? s.text : '')).join('/');
    keyMemo.set(shape, key);
  }
  return key ?? undefined;
}

const indexMemo = new WeakMap<
  SpecModel,
  { byKey: Map<string, SpecOperation[]>; all: { operation: SpecOperation; shape: PathShape }[] }
>();
function indexOf(spec: SpecModel) {
  let index = indexMemo.get(spec);
  if (index) return index;
  index = { byKey: new Map(), all: [] };
  for (const operation of spec.operations) {
    const shape = operationShape(operation);
    if (!shape) continue;
    index.all.push({ operation, shape });
    const key = shapeKey(shape);
    if (key === undefined) continue;
    const list = index.byKey.get(key) ?? [];
    list.push(operation);
    index.byKey.set(key, list);
  }
  indexMemo.set(spec, index);
  return index;
}

/** Spec operations a route shape serves (any method). */
export function operationsAt(shape: PathShape, specs: readonly SpecModel[]): SpecOperation[] {
  const out: SpecOperation[] = [];
  const key = shapeKey(shape);
  for (const spec of specs) {
    const index = indexOf(spec);
    if (key !== undefined) out.push(...(index.byKey.get(key) ?? []));
    else
      for (const { operation, shape: opShape } of index.all)
        if (shapeMatches(shape, opShape)) out.push(operation);
  }
  return out;
}

export function methodMatches(route: LinkedRoute, operation: SpecOperation): boolean {
  return route.methods.includes('*') || route.methods.includes(operation.method.toUpperCase());
}

/** Whether a middleware used in code is one the contract names (`requireBearer`, `auth.jwt`, `passport.authenticate('jwt')`). */
export function middlewareNamed(middleware: Middleware, name: string): boolean {
  return (
    middleware.name === name ||
    middleware.name.endsWith(`.${name}`) ||
    middleware.text === name ||
    middleware.text.replace(/\s+/g, '') === name.replace(/\s+/g, '')
  );
}

export function globMatcher(globs: readonly string[]): (value: string) => boolean {
  if (globs.length === 0) return () => false;
  try {
    return picomatch([...globs], { dot: true });
  } catch {
    return () => false;
  }
}

export function specList(specs: readonly SpecModel[]): string {
  return specs.map((s) => s.file).join(', ');
}

export function operationLabel(operation: SpecOperation): string {
  return `${operation.method.toUpperCase()} ${operation.fullPath}${operation.operationId ? ` (${operation.operationId})` : ''}`;
}
