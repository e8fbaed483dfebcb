import { createHash } from 'node:crypto';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Extractor } from '../extractor.js';
import { parseWithPositions } from './document.js';
import type { PositionIndex, Span } from './document.js';
import { expandedSize, MAX_EXPANDED_NODES, rootSpan, validateRoot } from './validate.js';

export interface SpecProblem {
  /**
   * syntax: not YAML/JSON; invalid: fails validation; unsupported: cannot be validated;
   * too-large: its $refs expand to more than the validator is given to walk.
   */
  kind: 'syntax' | 'invalid' | 'unsupported' | 'too-large';
  message: string;
  span: Span;
}

/** One YAML/JSON file of a spec: the root document or a file its $refs point to. */
export interface SpecFileFacts {
  /** The parsed content (null when it does not parse). */
  data: unknown;
  positions: PositionIndex;
  problems: SpecProblem[];
  /** Set for a source's own file: what kind of document it is. */
  root?: { specification: 'openapi' | 'swagger' | null; version: string | null };
}

export interface SpecFileSelection {
  /** The source's own file. */
  path: string;
  /** Globs of the files its $refs may point to; default: the YAML/JSON files in its folder. */
  files?: readonly string[];
}

const SPEC_EXTENSIONS = /\.(ya?ml|json)$/i;
/** Files under a spec folder that are never OpenAPI fragments. */
const NEVER_SPEC = [
  '**/node_modules/**',
  '**/package.json',
  '**/package-lock.json',
  '**/pnpm-lock.yaml',
  '**/tsconfig*.json',
  '**/jsconfig*.json',
  '**/composer.json',
  '**/.*rc.json',
  '.github/**',
  '.vscode/**',
  '.charter/**',
];

/** The globs of the files a source's $refs may point to. */
export function specFileGlobs(selection: SpecFileSelection): readonly string[] {
  if (selection.files && selection.files.length > 0) return selection.files;
  const dir = path.posix.dirname(selection.path);
  return [dir === '.' ? '**/*.{yaml,yml,json}' : `${dir}/**/*.{yaml,yml,json}`];
}

/**
 * Parses every YAML/JSON file a contract's OpenAPI sources may consist of. Root documents
 * are validated here (the result is cached with the file); joining files happens later, in
 * a pure function over these facts (assemble.ts), since an extractor sees one file.
 */
export function openapiExtractor(
  selections: readonly SpecFileSelection[],
): Extractor<SpecFileFacts> {
  const roots = new Set(selections.map((s) => s.path));
  const matchers = selections.map((s) => {
    const explicit = Boolean(s.files && s.files.length > 0);
    return picomatch([...specFileGlobs(s)], {
      dot: true,
      ...(explicit ? {} : { ignore: NEVER_SPEC }),
    });
  });
  const configKey = createHash('sha1')
    .update(JSON.stringify(selections.map((s) => [s.path, s.files ?? []])))
    .digest('hex');
  return {
    id: 'openapi',
    // 2: a document whose $refs expand past MAX_EXPANDED_NODES is not validated.
    version: 2,
    configKey,
    binaryFiles: 'skip',
    appliesTo: (file) =>
      roots.has(file) || (SPEC_EXTENSIONS.test(file) && matchers.some((m) => m(file))),
    async extract(file) {
      const parsed = parseWithPositions(file.text);
      const problems: SpecProblem[] = parsed.problems.map((p) => ({
        kind: 'syntax',
        message: p.message,
        span: p.span,
      }));
      // Examples and extensions are never read by the rules and may hold sample credentials;
      // facts are cached on disk, so they are dropped (validation below sees the original).
      const facts: SpecFileFacts = {
        data: withoutExamples(parsed.data, ''),
        positions: parsed.positions,
        problems,
      };
      if (!roots.has(file.path)) return facts;
      const doc = parsed.data;
      const record =
        doc !== null && typeof doc === 'object' && !Array.isArray(doc)
          ? (doc as Record<string, unknown>)
          : undefined;
      const openapi = record?.openapi;
      const swagger = record?.swagger;
      const version =
        typeof openapi === 'string' ? openapi : typeof swagger === 'string' ? swagger : null;
      facts.root = {
        specification:
          typeof openapi === 'string' ? 'openapi' : typeof swagger === 'string' ? 'swagger' : null,
        version,
      };
      if (problems.length > 0) return facts;
      if (!record || version === null) {
        problems.push({
          kind: 'invalid',
          message:
            'not an OpenAPI or Swagger document (no top-level "openapi" or "swagger" version)',
          span: [1, 1, 1, 1],
        });
        return facts;
      }
      const supported =
        (facts.root.specification === 'swagger' && version === '2.0') ||
        (facts.root.specification === 'openapi' && /^3\.[01]\.\d+$/.test(version));
      if (!supported) {
        problems.push({
          kind: 'unsupported',
          message: `${facts.root.specification === 'swagger' ? 'Swagger' : 'OpenAPI'} ${version} cannot be validated (supported: Swagger 2.0, OpenAPI 3.0 and 3.1)`,
          span: rootSpan(parsed.positions, true),
        });
        return facts;
      }
      if (expandedSize(record) > MAX_EXPANDED_NODES) {
        problems.push({
          kind: 'too-large',
          message: `its $refs expand to more than ${MAX_EXPANDED_NODES} nodes (a schema reached through many $refs, many levels deep), more than Charter validates; reduce the fan-out of its $refs`,
          span: rootSpan(parsed.positions),
        });
        return facts;
      }
      for (const problem of await validateRoot(record, parsed.positions, hasExternalRefs(record)))
        problems.push({ kind: 'invalid', message: problem.message, span: problem.span });
      return facts;
    },
  };
}

const DROPPED = /^(example|examples|x-.*)$/;

function withoutExamples(node: unknown, parent: string): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((item) => withoutExamples(item, ''));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Keep named components (components.examples) so $refs to them still resolve.
    out[key] = DROPPED.test(key) && parent !== 'components' ? null : withoutExamples(value, key);
  }
  return out;
}

function hasExternalRefs(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasExternalRefs);
  const ref = (node as Record<string, unknown>).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) return true;
  return Object.values(node).some(hasExternalRefs);
}
