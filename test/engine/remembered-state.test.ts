import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkProposedEdit } from '../../src/engine/edit-check.js';
import type { ChangeCheckResult } from '../../src/engine/edit-check.js';
import { CollectionMemo, rememberCollections } from '../../src/engine/collection-memo.js';
import { RuleResultMemo, rememberRuleResults } from '../../src/engine/rule-memo.js';
import { FactCache, keepFactCacheResident } from '../../src/repo/cache-store.js';
import { blobId, rememberWorktreeListings } from '../../src/repo/snapshot.js';
import { routeExtractors } from '../../src/facts/routes/index.js';
import { cachePackName } from '../../src/engine/collect-facts.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { EVAL_CONTRACT } from './fixtures.js';

// This file's process keeps fact packs, listings, collected facts and rule results between
// checks, as the hook daemon does (test files run isolated): every answer must still be the
// answer of the current state.
keepFactCacheResident();
rememberRuleResults();
rememberCollections();
rememberWorktreeListings();

afterEach(() => {
  vi.restoreAllMocks();
});

const CONTRACT = EVAL_CONTRACT.replace(
  'rules:\n',
  'sources:\n  - { id: api, path: openapi.yaml, kind: openapi }\nrules:\n  api/unimplemented-operation: off\n',
);

const SPEC = `openapi: 3.0.3
info: { title: Jobs, version: '1.0.0' }
paths:
  /api/jobs:
    get:
      operationId: listJobs
      responses: { '200': { description: ok } }
`;

const APP = `import express from 'express';
import { jobs } from './jobs';

export const app = express();
app.use('/api', jobs);
`;

const route = (routePath: string): string =>
  `jobs.get('${routePath}', (req, res) => {\n  res.json([]);\n});\n`;
const jobsFile = (...paths: string[]): string =>
  `import { Router } from 'express';\n\nexport const jobs = Router();\n${paths.map(route).join('')}`;

function repoWithApi(): TestRepo {
  const repo = makeRepo({
    'charter.yaml': CONTRACT,
    'openapi.yaml': SPEC,
    'src/app.ts': APP,
    'src/jobs.ts': jobsFile('/jobs'),
  });
  repo.commit('initial');
  return repo;
}

async function propose(repo: TestRepo, file: string, content: string): Promise<ChangeCheckResult> {
  return checkProposedEdit({
    cwd: repo.root,
    overlay: new Map([[path.join(repo.root, file), content]]),
    failOn: 'error',
    cache: true,
  });
}

const introduced = (result: ChangeCheckResult): string[] =>
  result.introduced.map((f) => `${f.code} ${f.location.file}:${f.location.line}`).sort();

/** Which rule results came from the memo during `run`. */
async function recalled(run: () => Promise<unknown>): Promise<number> {
  const recall = vi.spyOn(RuleResultMemo.prototype, 'recall');
  await run();
  const hits = recall.mock.results.filter((r) => r.value !== undefined).length;
  recall.mockRestore();
  return hits;
}

describe('a long-lived process that remembers rule results', () => {
  it('answers every edit from the current state, reusing what an earlier request found', async () => {
    const repo = repoWithApi();
    const withReports = jobsFile('/jobs', '/reports');

    // 1. A new route not in the spec: denied.
    const first = await propose(repo, 'src/jobs.ts', withReports);
    expect(first.strategy).toBe('repository');
    expect(introduced(first)).toEqual(['api/undocumented-route src/jobs.ts:7']);

    // 2. The same again: the state before it is remembered, the answer is the same.
    let again: ChangeCheckResult | undefined;
    expect(
      await recalled(async () => (again = await propose(repo, 'src/jobs.ts', withReports))),
    ).toBeGreaterThan(0);
    expect(introduced(again as ChangeCheckResult)).toEqual(introduced(first));

    // 3. Another undocumented route lands on disk: it is pre-existing from now on, and only
    //    the proposed one is new. A result remembered from the state without it would
    //    report both.
    //    The facts collected earlier are reused for every file but the changed one.
    repo.write({ 'src/jobs.ts': jobsFile('/jobs', '/legacy') });
    const start = vi.spyOn(CollectionMemo.prototype, 'start');
    const third = await propose(repo, 'src/jobs.ts', jobsFile('/jobs', '/legacy', '/reports'));
    expect(start.mock.results.some((r) => r.value !== undefined)).toBe(true);
    start.mockRestore();
    expect(introduced(third)).toEqual(['api/undocumented-route src/jobs.ts:10']);

    // 4. Removing the pre-existing route introduces nothing.
    const fourth = await propose(repo, 'src/jobs.ts', jobsFile('/jobs'));
    expect(fourth.exitCode).toBe(0);
    expect(fourth.introduced).toEqual([]);

    // 5. The edit of step 4 lands: the state before the next edit is the state after step 4,
    //    remembered then. A new eval in another file is judged with it.
    repo.write({ 'src/jobs.ts': jobsFile('/jobs') });
    let fifth: ChangeCheckResult | undefined;
    const hits = await recalled(
      async () =>
        (fifth = await propose(repo, 'src/jobs.ts', `${jobsFile('/jobs', '/reports')}eval(x);\n`)),
    );
    expect(hits).toBeGreaterThan(0);
    expect(introduced(fifth as ChangeCheckResult)).toEqual([
      'api/undocumented-route src/jobs.ts:7',
      'custom/no-eval src/jobs.ts:10',
    ]);
  });

  it('a contract change is a new state: nothing remembered from the old one applies', async () => {
    const repo = repoWithApi();
    const withReports = jobsFile('/jobs', '/reports');
    expect(introduced(await propose(repo, 'src/jobs.ts', withReports))).toEqual([
      'api/undocumented-route src/jobs.ts:7',
    ]);
    // Hooks read the contract from HEAD: the change counts once committed.
    repo.write({
      'charter.yaml': CONTRACT.replace('rules:\n', 'rules:\n  api/undocumented-route: off\n'),
    });
    repo.commit('contract');
    const result = await propose(repo, 'src/jobs.ts', withReports);
    expect(result.exitCode).toBe(0);
    expect(result.introduced).toEqual([]);
  });

  it('the spec is part of the state: an operation added on disk is no longer undocumented', async () => {
    const repo = repoWithApi();
    const withReports = jobsFile('/jobs', '/reports');
    expect((await propose(repo, 'src/jobs.ts', withReports)).exitCode).toBe(1);
    repo.write({
      'openapi.yaml': `${SPEC}  /api/reports:\n    get:\n      operationId: listReports\n      responses: { '200': { description: ok } }\n`,
    });
    const result = await propose(repo, 'src/jobs.ts', withReports);
    expect(result.exitCode).toBe(0);
  });
});

describe('fact packs kept in memory through proposed edits', () => {
  it('keep the facts of the file on disk, which the next check of the repository reads', async () => {
    const repo = repoWithApi();
    const onDisk = blobId(Buffer.from(jobsFile('/jobs')));
    // Edits that leave the routes as they were and edits that change them, one after another.
    for (let n = 0; n < 3; n++) {
      const comment = `${jobsFile('/jobs')}// reviewed ${n}\n`;
      expect((await propose(repo, 'src/jobs.ts', comment)).exitCode).toBe(0);
      expect((await propose(repo, 'src/jobs.ts', jobsFile('/jobs', `/new-${n}`))).exitCode).toBe(1);
    }
    const cache = new FactCache(repo.root, true);
    const readers = routeExtractors.filter((extractor) => extractor.appliesTo('src/jobs.ts'));
    expect(readers.length).toBeGreaterThan(1);
    for (const extractor of readers) {
      const pack = cachePackName(extractor);
      await cache.load(pack);
      expect(cache.get(pack, 'src/jobs.ts', onDisk), extractor.id).toBeDefined();
    }
  });
});
