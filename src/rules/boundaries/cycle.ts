import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import type { ImportEdge } from '../../facts/imports/graph.js';
import { importGraph, importGraphFacts, moduleOf } from '../../facts/imports/graph.js';
import { checkGlobs, globMatches, GlobsSchema, importLocation } from './_match.js';

const OptionsSchema = z
  .object({
    paths: GlobsSchema.optional().describe('Only cycles among these files (default: every file)'),
    ignoreTypeOnly: z
      .boolean()
      .default(true)
      .describe('Type-only imports are erased at run time and do not make a cycle'),
    ignoreDynamic: z
      .boolean()
      .default(false)
      .describe('Dynamic import() and importlib calls load lazily and do not make a cycle'),
  })
  .strict()
  .superRefine((options, ctx) => checkGlobs(options.paths, ctx, ['paths']));

/** Strongly connected components (Tarjan), iteratively, in a deterministic order. */
function components(
  nodes: readonly string[],
  next: (node: string) => readonly string[],
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const successors = next(frame.node);
      if (frame.edge < successors.length) {
        const successor = successors[frame.edge++] as string;
        if (!index.has(successor)) {
          index.set(successor, counter);
          low.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, edge: 0 });
        } else if (onStack.has(successor)) {
          low.set(
            frame.node,
            Math.min(low.get(frame.node) as number, index.get(successor) as number),
          );
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(
          parent.node,
          Math.min(low.get(parent.node) as number, low.get(frame.node) as number),
        );
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
          if (member === frame.node) break;
        }
        result.push(component.sort());
      }
    }
  }
  return result;
}

/** The shortest cycle through `start` inside one component (breadth-first). */
function shortestCycle(
  start: string,
  members: ReadonlySet<string>,
  next: (node: string) => readonly string[],
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const successor of next(node)) {
      if (!members.has(successor)) continue;
      if (successor === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!previous.has(successor) && successor !== start) {
        previous.set(successor, node);
        queue.push(successor);
      }
    }
  }
  return [start, start];
}

export const rule = defineRule({
  meta: {
    code: 'boundaries/cycle',
    description: 'Modules import each other in a cycle.',
    rationale:
      'An import cycle makes initialisation order matter (undefined values at import time in JavaScript, partially initialised modules in Python), makes the parts impossible to understand or test alone, and is how layering erodes. Each cycle is reported once, at the import that starts its shortest loop, with the loop in the message. Go packages are compared as packages (the compiler forbids cycles between them).',
    remediation:
      'Break the loop: move what both sides need into a module they both import, or invert one dependency (pass a function or an interface in instead of importing it).',
    defaultSeverity: 'warn',
    options: OptionsSchema,
    facts: importGraphFacts,
  },
  check(context) {
    const { paths, ignoreTypeOnly, ignoreDynamic } = context.options;
    const inScope = (file: string): boolean => !paths || paths.some((g) => globMatches(g, file));
    const graph = importGraph(context);
    const adjacency = new Map<string, Map<string, ImportEdge>>();
    for (const edge of graph.edges) {
      if (edge.target.kind !== 'file' || edge.target.approximate) continue;
      if (ignoreTypeOnly && edge.record.typeOnly) continue;
      if (ignoreDynamic && edge.record.kind === 'dynamic') continue;
      if (!inScope(edge.from) || !(edge.target.files ?? [edge.target.path]).some(inScope)) continue;
      const from = moduleOf(edge.from, edge.language);
      const to = edge.target.path;
      if (from === to && edge.language === 'go') continue; // same package
      const out = adjacency.get(from) ?? new Map<string, ImportEdge>();
      // The first import of a module, in file and line order, stands for the edge.
      if (!out.has(to)) out.set(to, edge);
      adjacency.set(from, out);
    }
    const sortedNext = new Map<string, string[]>();
    const next = (node: string): readonly string[] => {
      let list = sortedNext.get(node);
      if (!list) {
        list = [...(adjacency.get(node)?.keys() ?? [])].sort();
        sortedNext.set(node, list);
      }
      return list;
    };
    const nodes = [...adjacency.keys()].sort();
    for (const component of components(nodes, next)) {
      const start = component[0] as string;
      const selfLoop = component.length === 1 && next(start).includes(start);
      if (component.length === 1 && !selfLoop) continue;
      const cycle = shortestCycle(start, new Set(component), next);
      const first = adjacency.get(start)?.get(cycle[1] as string);
      if (!first) continue;
      const text = cycle.join(' → ');
      context.report({
        message: `import cycle: ${text}${component.length > cycle.length - 1 ? ` (${component.length} modules are in cycles with each other)` : ''}`,
        data: { cycle: text, length: cycle.length - 1, modules: component.length },
        location: importLocation(first),
      });
    }
  },
});
