import type { ParserOptions, validate as validateSpec } from '@readme/openapi-parser';
import { joinPointer, locatePointer, splitPointer } from './document.js';
import type { PositionIndex, Span } from './document.js';

export interface ValidationProblem {
  message: string;
  span: Span;
  /** The JSON pointer in the file the problem was located at. */
  pointer: string;
}

const VALIDATION_TIMEOUT_MS = 20_000;

type Validate = typeof validateSpec;
let loading: Promise<Validate> | undefined;

/**
 * The validator is loaded on first use (about 0.1 s of module loading): commands and checks
 * that never validate a spec do not pay for it.
 */
function loadValidator(): Promise<Validate> {
  loading ??= import('@readme/openapi-parser').then(
    (module) => module.validate,
    (error: unknown) => {
      // A failed load is not remembered: a long-lived process tries again next time.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Validates one root document with @readme/openapi-parser: schema (ajv) and the parser's
 * semantic checks. `$ref`s to other files are left alone (never read here, never fetched);
 * checks that need them resolved are skipped when a document has them, since Charter's
 * assembler checks those references itself.
 */
export async function validateRoot(
  data: unknown,
  positions: PositionIndex,
  hasExternalRefs: boolean,
): Promise<ValidationProblem[]> {
  const needsResolved = hasExternalRefs ? 'warning' : 'error';
  const options: ParserOptions = {
    resolve: { external: false, file: false },
    timeoutMs: VALIDATION_TIMEOUT_MS,
    validate: {
      rules: {
        openapi: {
          // api/operation-id reports duplicates with both locations.
          'duplicate-operation-id': 'warning',
          'path-parameters-not-in-parameters': needsResolved,
          'path-parameters-not-in-path': needsResolved,
          'non-optional-path-parameters': needsResolved,
          'duplicate-non-request-body-parameters': needsResolved,
        },
        swagger: {
          'duplicate-operation-id': 'warning',
          'path-parameters-not-in-parameters': needsResolved,
          'path-parameters-not-in-path': needsResolved,
          'non-optional-path-parameters': needsResolved,
          'duplicate-non-request-body-parameters': needsResolved,
        },
      },
    },
  };
  // validate() dereferences its argument in place; the copy is what its code frames show.
  const copy = structuredClone(data) as Parameters<Validate>[0];
  let result: Awaited<ReturnType<Validate>>;
  try {
    const validate = await loadValidator();
    result = await validate(copy, options);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    return [{ message, pointer: '', span: rootSpan(positions) }];
  }
  if (result.valid) return [];
  let lines: string[] | undefined;
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  for (const error of result.errors) {
    const [headline = '', ...frame] = error.message.split('\n');
    // The assembler reports unresolvable $refs itself, at the $ref.
    if (headline.startsWith('Missing $ref pointer')) continue;
    let pointer: string | undefined;
    const lineMatch = frame.map((l) => /^>\s*(\d+)\s*\|/.exec(l)).find((m) => m !== null);
    if (lineMatch) {
      lines ??= jsonLinePointers(copy);
      const derefPointer = lines[Number(lineMatch[1]) - 1];
      if (derefPointer !== undefined) pointer = originalPointer(data, derefPointer);
    }
    pointer ??= pointerInMessage(data, headline);
    const detail = frame.find((l) => /^\s*\|\s*\^/.test(l))?.replace(/^\s*\|\s*\^+\s*/, '');
    const message =
      lineMatch && detail && !headline.includes(detail)
        ? `${headline.trim()}: ${detail.trim()}`
        : headline.trim();
    const span = pointer !== undefined ? locatePointer(positions, pointer) : rootSpan(positions);
    const key = `${span.join(':')}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ message, span, pointer: pointer ?? '' });
  }
  if (result.additionalErrors > 0) {
    problems.push({
      message: `and ${result.additionalErrors} more validation errors`,
      span: rootSpan(positions),
      pointer: '',
    });
  }
  return problems;
}

/**
 * The validator dereferences a document and walks the result as a tree: a shared schema is
 * walked once per $ref to it, so ten $refs per level over thirty levels is 10^30 nodes. Past
 * this many nodes the document is not validated (and the check says it could not be).
 */
export const MAX_EXPANDED_NODES = 2_000_000;
/** Deeper than the validator's own dereference depth limit: such a document is not validated. */
const MAX_EXPANDED_DEPTH = 1_000;

/**
 * How many nodes the validator would walk: the document with every local `$ref` replaced by
 * its target, except circular ones (left as they are). The size of a target is remembered
 * when no circular `$ref` was cut below it (then it is the same wherever it is used), and
 * counting stops past `limit`: the count itself is never more work than the limit.
 */
export function expandedSize(document: unknown, limit = MAX_EXPANDED_NODES): number {
  let count = 0;
  let cuts = 0;
  const active = new Set<string>();
  const sizes = new Map<string, number>();
  const visit = (node: unknown, depth: number): void => {
    count++;
    if (count > limit || node === null || typeof node !== 'object') return;
    if (depth > MAX_EXPANDED_DEPTH) {
      count = limit + 1;
      return;
    }
    const ref = safeLocalRef(node);
    if (ref !== undefined) {
      const known = sizes.get(ref);
      if (known !== undefined) count += known - 1;
      else if (active.has(ref)) cuts++;
      else {
        const target = resolveLocal(document, ref);
        if (target !== undefined) {
          const [countBefore, cutsBefore] = [count, cuts];
          active.add(ref);
          visit(target, depth + 1);
          active.delete(ref);
          if (cuts === cutsBefore && count <= limit) sizes.set(ref, count - countBefore + 1);
        }
      }
      // Siblings of a $ref are merged into its target.
      for (const key in node)
        if (key !== '$ref') visit((node as Record<string, unknown>)[key], depth + 1);
      return;
    }
    if (Array.isArray(node)) for (const child of node) visit(child, depth + 1);
    else for (const key in node) visit((node as Record<string, unknown>)[key], depth + 1);
  };
  visit(document, 0);
  return count;
}

function safeLocalRef(node: object): string | undefined {
  try {
    return localRef(node);
  } catch {
    return undefined; // a malformed escape: the validator cannot follow it either
  }
}

/** The `openapi:`/`swagger:` key, or the first line. */
export function rootSpan(positions: PositionIndex, value = false): Span {
  const entry = positions['/openapi'] ?? positions['/swagger'];
  if (!entry) return [1, 1, 1, 1];
  return value && entry.value ? entry.value : entry.at;
}

/**
 * For each line of JSON.stringify(value, null, 2), the pointer of the node that line shows
 * (closing brackets belong to their container): how ajv error frames map back to nodes.
 */
export function jsonLinePointers(value: unknown): string[] {
  const lines: string[] = [];
  const visit = (node: unknown, pointer: string): void => {
    lines.push(pointer);
    if (node !== null && typeof node === 'object') {
      const json = (node as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return;
      const entries = Array.isArray(node)
        ? node.map((v, i) => [String(i), v === undefined ? null : v] as const)
        : Object.entries(node).filter(
            ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
          );
      if (entries.length === 0) return;
      for (const [key, child] of entries) visit(child, joinPointer(pointer, key));
      lines.push(pointer);
    }
  };
  visit(value, '');
  return lines;
}

/** Maps a pointer into the dereferenced document back to the node written in the file. */
export function originalPointer(data: unknown, derefPointer: string): string {
  let node: unknown = data;
  let pointer = '';
  for (const segment of splitPointer(derefPointer)) {
    for (let hops = 0; hops < 32; hops++) {
      const ref = localRef(node);
      if (ref === undefined) break;
      const target = resolveLocal(data, ref);
      if (target === undefined) break;
      node = target;
      pointer = ref;
    }
    if (node === null || typeof node !== 'object') break;
    const child = (node as Record<string, unknown>)[segment];
    if (child === undefined) break;
    node = child;
    pointer = joinPointer(pointer, segment);
  }
  return pointer;
}

function localRef(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const ref = (node as Record<string, unknown>).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  return decodeURIComponent(ref.slice(1));
}

function resolveLocal(data: unknown, pointer: string): unknown {
  let node = data;
  for (const segment of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Messages without a code frame name the node: "`/paths/users/{id}/get` is …", a $ref, … */
function pointerInMessage(data: unknown, message: string): string | undefined {
  const named = /`(\/(?:paths|components|definitions|parameters)[^`]*)`/.exec(message)?.[1];
  if (named) {
    const doc = data as { paths?: Record<string, unknown> };
    if (named.startsWith('/paths/') && doc.paths && typeof doc.paths === 'object') {
      const rest = named.slice('/paths'.length);
      const pathName = Object.keys(doc.paths)
        .filter((p) => rest === p || rest.startsWith(`${p}/`))
        .sort((a, b) => b.length - a.length)[0];
      if (pathName !== undefined) {
        const tail = rest.slice(pathName.length).split('/').filter(Boolean);
        return joinPointer('', 'paths', pathName, ...tail);
      }
    }
    return joinPointer('', ...named.split('/').filter(Boolean));
  }
  const ref = /\$ref pointer "([^"]+)"/.exec(message)?.[1];
  if (ref) return findRef(data, ref, '');
  return undefined;
}

function findRef(node: unknown, ref: string, pointer: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (!Array.isArray(node) && (node as Record<string, unknown>).$ref === ref)
    return joinPointer(pointer, '$ref');
  for (const [key, child] of Object.entries(node)) {
    const found = findRef(child, ref, joinPointer(pointer, key));
    if (found) return found;
  }
  return undefined;
}
