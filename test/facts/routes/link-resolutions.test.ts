import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeExtractors } from '../../../src/facts/routes/index.js';
import { LinkResolutions, linkRoutes, mergeFacts } from '../../../src/facts/routes/link.js';
import type { LinkResult } from '../../../src/facts/routes/link.js';
import type { RouteFileFacts } from '../../../src/facts/routes/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/api');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

/** Every route extractor over an app's files, merged per file as the api rules merge them. */
async function factsOf(app: string): Promise<{
  files: string[];
  facts: Map<string, RouteFileFacts>;
}> {
  const dir = path.join(FIXTURES, app);
  const files = filesUnder(dir).sort();
  const facts = new Map<string, RouteFileFacts>();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const extractor of routeExtractors) {
      if (!extractor.appliesTo(file)) continue;
      const result = await extractor.extract({ path: file, text });
      if (!result) continue;
      const existing = facts.get(file);
      facts.set(file, existing ? mergeFacts(existing, result) : result);
    }
  }
  return { files, facts };
}

/** Everything a link says, in its order (routes' bodies are read through their getters). */
const described = (result: LinkResult): string => JSON.stringify(result);

const apps = readdirSync(FIXTURES).filter((name) => !name.startsWith('_'));

/** Edits of one file's facts that leave every name and module resolving as before. */
function routeEdits(facts: RouteFileFacts): RouteFileFacts[] {
  const edits: RouteFileFacts[] = [];
  const [first] = facts.routes;
  if (first) {
    edits.push({ ...facts, routes: facts.routes.slice(1) });
    edits.push({
      ...facts,
      routes: [
        ...facts.routes,
        { ...first, path: { parts: [{ lit: '/added-by-the-edit/{id}' }] } },
      ],
    });
  }
  if (facts.queryReads.length > 0) edits.push({ ...facts, queryReads: [] });
  return edits;
}

describe('a link that starts from an earlier link’s answers', () => {
  it.each(apps)('%s: finds what a fresh link finds, after each edit', async (app) => {
    const { files, facts } = await factsOf(app);
    const resolutions = new LinkResolutions();
    const resolverKey = {};
    const linked = (state: ReadonlyMap<string, RouteFileFacts>): LinkResult =>
      linkRoutes(state, files, { resolutions: { memo: resolutions, resolverKey } });
    expect(described(linked(facts))).toBe(described(linkRoutes(facts, files)));
    let edits = 0;
    let reused = 0;
    for (const [file, own] of facts) {
      for (const edited of routeEdits(own)) {
        edits++;
        const state = new Map(facts).set(file, edited);
        const answers = resolutions.state?.nameMemo;
        expect(described(linked(state))).toBe(described(linkRoutes(state, files)));
        if (resolutions.state?.nameMemo === answers) reused++;
        // And back: the state before the edit, from the edit's answers.
        expect(described(linked(facts))).toBe(described(linkRoutes(facts, files)));
      }
    }
    // Every route edit starts from the earlier answers.
    expect(reused).toBe(edits);
  });

  it('starts over when an edit changes what names resolve to', async () => {
    const { files, facts } = await factsOf('express-matched');
    const resolutions = new LinkResolutions();
    const resolverKey = {};
    const linked = (state: ReadonlyMap<string, RouteFileFacts>): LinkResult =>
      linkRoutes(state, files, { resolutions: { memo: resolutions, resolverKey } });
    linked(facts);
    const withConstants = [...facts].find(([, f]) => Object.keys(f.constants).length > 0);
    expect(withConstants).toBeDefined();
    const [file, own] = withConstants as [string, RouteFileFacts];
    const renamed: RouteFileFacts = {
      ...own,
      constants: Object.fromEntries(
        Object.entries(own.constants).map(([name]) => [name, { parts: [{ lit: '/renamed' }] }]),
      ),
    };
    const state = new Map(facts).set(file, renamed);
    const answers = resolutions.state?.nameMemo;
    expect(described(linked(state))).toBe(described(linkRoutes(state, files)));
    expect(resolutions.state?.nameMemo).not.toBe(answers);

    // Another resolver (tsconfig paths read again), or another file list: nothing is reused.
    const otherKey = {};
    const before = resolutions.state?.nameMemo;
    linkRoutes(facts, files, { resolutions: { memo: resolutions, resolverKey: otherKey } });
    expect(resolutions.state?.nameMemo).not.toBe(before);
    const same = resolutions.state?.nameMemo;
    linkRoutes(facts, [...files], { resolutions: { memo: resolutions, resolverKey: otherKey } });
    expect(resolutions.state?.nameMemo).toBe(same);
    linkRoutes(facts, [...files, 'src/new-file.ts'], {
      resolutions: { memo: resolutions, resolverKey: otherKey },
    });
    expect(resolutions.state?.nameMemo).not.toBe(same);
  });
});
