import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { userSecret } from '../../src/repo/user-state.js';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { HOME_DIR, ROOT_DIR, runHook } from './harness.js';
import { spawnSync } from 'node:child_process';

/**
 * No cache can hide a finding: fact packs under .charter/cache are forged the way an agent or
 * a pull request could (fault matrix #46, #47, #48), and every mode still reports the finding.
 * Everything runs through the built binary, with the user state of harness.HOME_DIR.
 */

const CONTRACT = `version: 1
protect: [charter.yaml, secret/**, .claude/**]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - { id: no-eval, language: typescript, rule: { pattern: 'eval($$$A)' }, message: eval is forbidden }
`;
const POISON = 'eval(poisoned)\n';
/** Each test starts several processes; a loaded machine must not time them out. */
const SLOW = { timeout: 180_000 };

const outside: string[] = [];
afterAll(() => {
  for (const dir of outside.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder outside the repository. */
function outsideFolder(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-elsewhere-')));
  outside.push(dir);
  return dir;
}

interface Repo extends TestRepo {
  real: string;
}

/** common.sh's mkrepo: a clean committed repository with .charter/ ignored, cache warmed. */
async function repository(): Promise<Repo> {
  const repo = makeRepo({
    'charter.yaml': CONTRACT,
    '.gitignore': '.charter/\n',
    'src/a.ts': 'export const a = 1;\n',
  });
  repo.commit('init');
  const real = realpathSync(repo.root);
  expect((await charter(['check'], real)).code).toBe(0);
  return { ...repo, real };
}

function charter(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runHook(args, '', cwd, env);
}

const userKey = async (): Promise<Buffer> => {
  const key = await userSecret('cache', { HOME: HOME_DIR });
  if (!key) throw new Error('no key');
  return key;
};

type Row = [string, string, unknown];

/** The rows of every pack in `dir`, by pack file. */
function packRows(dir: string): Map<string, Row[]> {
  const packs = new Map<string, Row[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    packs.set(name, JSON.parse(text.slice(text.indexOf('\n') + 1)) as Row[]);
  }
  return packs;
}

/**
 * How a pack's header is made: forge.py's unkeyed sha1 (the format before packs were
 * authenticated), an HMAC under a key of the forger's choosing, or under the user's own key
 * (what only the user's Charter can make: stands for a key that leaked, to show the folder
 * checks hold on their own).
 */
type Signer = (name: string, body: string) => Promise<string>;
const FORGE_PY: Signer = async (_name, body) =>
  `charter-cache 2 ${createHash('sha1').update(body).digest('hex')}`;
const hmacWith =
  (key: () => Promise<Buffer>): Signer =>
  async (name, body) =>
    `charter-cache 3 ${createHmac('sha256', await key())
      .update(`3\n${name}\n`)
      .update(body)
      .digest('hex')}`;
const FORGER_KEY = hmacWith(async () => randomBytes(32));
const USER_KEY = hmacWith(userKey);

/**
 * forge.py in TypeScript: every pack in `dir` records "no facts" for the blob id `content`
 * would have at `file`. "No facts" are those of the clean src/a.ts where the pack has them
 * (forge.py takes the first row's, which for some extractors has another shape).
 */
async function forge(dir: string, file: string, content: string, sign: Signer): Promise<void> {
  const oid = createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0`)
    .update(content)
    .digest('hex');
  for (const [name, rows] of packRows(dir)) {
    const clean = rows.find((r) => r[0] === 'src/a.ts') ?? rows[0];
    const empty = name.startsWith('secrets-') ? { secrets: [], allows: [] } : clean ? clean[2] : [];
    const body = JSON.stringify([...rows.filter((r) => r[0] !== file), [file, oid, empty]]);
    const header = await sign(path.basename(name, '.json'), body);
    writeFileSync(path.join(dir, name), `${header}\n${body}`);
  }
}

/** Copies the warmed packs of `repo` into `dir`. */
function copyPacks(repo: Repo, dir: string): void {
  const from = path.join(repo.real, '.charter', 'cache');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(from))
    writeFileSync(path.join(dir, name), readFileSync(path.join(from, name)));
}

const notes = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.startsWith('charter: note:'));

const event = (repo: Repo, fields: Record<string, unknown>): string =>
  JSON.stringify({
    session_id: 's',
    transcript_path: '/tmp/t',
    cwd: repo.real,
    tool_response: {},
    tool_use_id: 'u',
    ...fields,
  });
const writeEvent = (repo: Repo, file: string, content: string): string =>
  event(repo, {
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repo.real, file), content },
  });
const stopEvent = (repo: Repo): string =>
  event(repo, { hook_event_name: 'Stop', stop_hook_active: false });

const DENIED = /"permissionDecision":"deny"/;
const BLOCKED = /"decision":"block"/;

describe('#46 forged packs in the working tree', SLOW, () => {
  it.each([
    ['forge.py (unkeyed checksum)', FORGE_PY],
    ['an HMAC under a key of its own', FORGER_KEY],
  ])('check, PreToolUse and Stop still find the poisoned file: %s', async (_name, sign) => {
    const repo = await repository();
    const cache = path.join(repo.real, '.charter', 'cache');
    repo.write({ 'src/evil.ts': POISON });
    await forge(cache, 'src/evil.ts', POISON, sign);
    const check = await charter(['check', '--format', 'json'], repo.real);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { findings: { code: string; location: unknown }[] };
    expect(report.findings.map((f) => [f.code, f.location])).toEqual([
      ['custom/no-eval', { file: 'src/evil.ts', line: 1, column: 1, endLine: 1, endColumn: 15 }],
    ]);

    await forge(cache, 'src/evil.ts', POISON, sign);
    const stop = await runHook(['hook', 'claude', 'Stop'], stopEvent(repo), repo.real);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(BLOCKED);
    expect(stop.stdout).toContain('src/evil.ts');

    // PreToolUse: the agent writes the file whose facts the forged packs claim.
    repo.remove('src/evil.ts');
    await forge(cache, 'src/evil.ts', POISON, sign);
    const pre = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      writeEvent(repo, 'src/evil.ts', POISON),
      repo.real,
    );
    expect(pre.code).toBe(2);
    expect(pre.stdout).toMatch(DENIED);
    expect(pre.stdout).toContain('custom/no-eval');
  });

  it('a pack that does not authenticate is noted, rebuilt, and authenticates afterwards', async () => {
    const repo = await repository();
    repo.write({ 'src/evil.ts': POISON });
    const cache = path.join(repo.real, '.charter', 'cache');
    await forge(cache, 'src/evil.ts', POISON, FORGER_KEY);
    const run = await charter(['check'], repo.real);
    expect(run.code).toBe(1);
    const [first] = notes(run.stderr);
    expect(first).toMatch(
      /^charter: note: \.charter\/cache\/[a-z_-]+-[0-9a-f]{12}\.json: corrupt cache ignored and rebuilt \(authentication failed: altered, or not written with this user's key\)$/,
    );
    const again = await charter(['check'], repo.real);
    expect(again.code).toBe(1);
    expect(notes(again.stderr)).toEqual([]);
  });
});

/** A branch `feature` off main that commits `.charter` as the forger arranges it. */
async function pullRequest(arrange: (repo: Repo) => Promise<void>): Promise<Repo> {
  const repo = await repository();
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({ 'src/evil.ts': POISON });
  await arrange(repo);
  repo.git('add', '-A');
  repo.git('add', '-f', '.charter');
  repo.git('commit', '-q', '-m', 'feature');
  return repo;
}

const SIGNERS = [
  ['forge.py', FORGE_PY],
  ["the user's own key", USER_KEY],
] as const;

const TRACKED_NOTE =
  'charter: note: .charter: is in git (committed or staged); the fact cache was not used (add .charter/ to .gitignore and remove it from git: git rm -r --cached .charter)';

describe('#47/#48 a pull request that commits .charter', SLOW, () => {
  it.each(SIGNERS)(
    'as a symlink to a folder of forged packs (%s): check --base main finds the poisoned file',
    async (_name, sign) => {
      const forged = path.join(outsideFolder(), 'packs');
      const repo = await pullRequest(async (pr) => {
        copyPacks(pr, path.join(forged, 'cache'));
        await forge(path.join(forged, 'cache'), 'src/evil.ts', POISON, sign);
        rmSync(path.join(pr.real, '.charter'), { recursive: true });
        symlinkSync(forged, path.join(pr.real, '.charter'));
      });
      expect(repo.git('ls-files', '-s', '.charter')).toMatch(/^120000 /);
      const before = readdirSync(path.join(forged, 'cache')).map((f) =>
        readFileSync(path.join(forged, 'cache', f), 'utf8'),
      );

      const run = await charter(['check', '--base', 'main'], repo.real);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('src/evil.ts');
      expect(notes(run.stderr)).toEqual([
        'charter: note: .charter: is a symbolic link; the fact cache was not used (remove it: Charter creates it again as a folder)',
      ]);
      // Nothing was written where the link points.
      expect(
        readdirSync(path.join(forged, 'cache')).map((f) =>
          readFileSync(path.join(forged, 'cache', f), 'utf8'),
        ),
      ).toEqual(before);
      expect((await charter(['check', '--base', 'main', '--no-cache'], repo.real)).code).toBe(1);
    },
  );

  it.each(SIGNERS)(
    'as a folder of forged packs (%s): check --base main and --staged find the poisoned file',
    async (_name, sign) => {
      const repo = await pullRequest(async (pr) => {
        await forge(path.join(pr.real, '.charter', 'cache'), 'src/evil.ts', POISON, sign);
      });
      const run = await charter(['check', '--base', 'main'], repo.real);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('src/evil.ts');
      expect(notes(run.stderr)).toEqual([TRACKED_NOTE]);

      // The same in the working tree (the commit checked out), and in the Stop hook.
      await forge(path.join(repo.real, '.charter', 'cache'), 'src/evil.ts', POISON, sign);
      const worktree = await charter(['check'], repo.real);
      expect(worktree.code).toBe(1);
      expect(worktree.stdout).toContain('src/evil.ts');
      expect(notes(worktree.stderr)).toEqual([TRACKED_NOTE]);
      repo.write({ 'src/other.ts': POISON });
      const stop = await runHook(['hook', 'claude', 'Stop'], stopEvent(repo), repo.real);
      expect(stop.stdout).toMatch(BLOCKED);
      expect(stop.stdout).toContain('src/other.ts');
      repo.remove('src/other.ts');

      // The same, staged for a commit.
      repo.git('reset', '-q', '--soft', 'main');
      await forge(path.join(repo.real, '.charter', 'cache'), 'src/evil.ts', POISON, sign);
      repo.git('add', '-f', '.charter');
      const staged = await charter(['check', '--staged'], repo.real);
      expect(staged.code).toBe(1);
      expect(staged.stdout).toContain('src/evil.ts');
      expect(notes(staged.stderr)).toEqual([TRACKED_NOTE]);
    },
  );

  it('in the base only (the head removed it): not used either', async () => {
    const repo = await repository();
    await forge(path.join(repo.real, '.charter', 'cache'), 'src/evil.ts', POISON, USER_KEY);
    repo.git('add', '-f', '.charter');
    repo.git('commit', '-q', '-m', 'cache in main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.git('rm', '-q', '-r', '--cached', '.charter');
    repo.write({ 'src/evil.ts': POISON });
    repo.git('add', 'src/evil.ts');
    repo.git('commit', '-q', '-m', 'feature');
    // The forged packs stay on disk, untracked now (ignored by .gitignore).
    const run = await charter(['check', '--base', 'main'], repo.real);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/evil.ts');
    expect(notes(run.stderr)).toEqual([TRACKED_NOTE]);
  });
});

describe('symlinks in .charter of the working tree', SLOW, () => {
  it('.charter as a symlink: never read, never written through, in check, PreToolUse and Stop', async () => {
    const repo = await repository();
    const forged = outsideFolder();
    copyPacks(repo, path.join(forged, 'cache'));
    await forge(path.join(forged, 'cache'), 'src/evil.ts', POISON, USER_KEY);
    rmSync(path.join(repo.real, '.charter'), { recursive: true });
    symlinkSync(forged, path.join(repo.real, '.charter'));
    const snapshot = (): string[] =>
      readdirSync(forged, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((f) => {
          const full = path.join(forged, f);
          return lstatSync(full).isFile() ? `${f}:${readFileSync(full, 'utf8')}` : f;
        });
    const before = snapshot();

    const pre = await runHook(
      ['hook', 'claude', 'PreToolUse'],
      writeEvent(repo, 'src/evil.ts', POISON),
      repo.real,
    );
    expect(pre.code).toBe(2);
    expect(pre.stdout).toMatch(DENIED);
    expect(pre.stdout).toContain('custom/no-eval');
    repo.write({ 'src/evil.ts': POISON });
    const stop = await runHook(['hook', 'claude', 'Stop'], stopEvent(repo), repo.real);
    expect(stop.stdout).toMatch(BLOCKED);
    expect(stop.stdout).toContain('custom/no-eval');
    const check = await charter(['check'], repo.real);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('src/evil.ts');
    expect(notes(check.stderr)).toEqual([
      'charter: note: .charter: is a symbolic link; the fact cache was not used (remove it: Charter creates it again as a folder)',
    ]);
    // Neither the packs nor the audit log went where the link points.
    expect(snapshot()).toEqual(before);
    expect(lstatSync(path.join(repo.real, '.charter')).isSymbolicLink()).toBe(true);
  });

  it('.charter/cache as a symlink: not used', async () => {
    const repo = await repository();
    const forged = outsideFolder();
    copyPacks(repo, forged);
    await forge(forged, 'src/evil.ts', POISON, USER_KEY);
    rmSync(path.join(repo.real, '.charter', 'cache'), { recursive: true });
    symlinkSync(forged, path.join(repo.real, '.charter', 'cache'));
    repo.write({ 'src/evil.ts': POISON });
    const check = await charter(['check'], repo.real);
    expect(check.code).toBe(1);
    expect(notes(check.stderr)).toEqual([
      'charter: note: .charter/cache: is a symbolic link; the fact cache was not used (remove it: Charter creates it again as a folder)',
    ]);
  });

  it('a pack that is a symlink: not read, and replaced by a real pack (its target untouched)', async () => {
    const repo = await repository();
    const cache = path.join(repo.real, '.charter', 'cache');
    const [pack] = readdirSync(cache).filter((f) => f.startsWith('custom-patterns-'));
    const target = path.join(outsideFolder(), pack as string);
    writeFileSync(target, readFileSync(path.join(cache, pack as string)));
    await forge(path.dirname(target), 'src/evil.ts', POISON, USER_KEY);
    const forged = readFileSync(target, 'utf8');
    rmSync(path.join(cache, pack as string));
    symlinkSync(target, path.join(cache, pack as string));
    repo.write({ 'src/evil.ts': POISON });

    const check = await charter(['check'], repo.real);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('src/evil.ts');
    expect(notes(check.stderr)).toEqual([
      `charter: note: .charter/cache/${pack}: is a symbolic link: ignored and rebuilt`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe(forged);
    expect(lstatSync(path.join(cache, pack as string)).isFile()).toBe(true);
  });
});

describe('without a user state folder (no HOME, no XDG_STATE_HOME)', SLOW, () => {
  it('checks without the persistent cache, and says nothing about it', async () => {
    const repo = makeRepo({ 'charter.yaml': CONTRACT, 'src/evil.ts': POISON });
    repo.commit('init');
    const run = await charter(['check'], repo.root, { HOME: '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/evil.ts');
    expect(notes(run.stderr)).toEqual([]);
    expect(existsSync(path.join(repo.root, '.charter', 'cache'))).toBe(false);
  });
});

describe.skipIf(process.getuid === undefined)('the hook daemon', SLOW, () => {
  const runtimes: string[] = [];
  const daemon = (args: string[], runtime: string) =>
    spawnSync(process.execPath, [path.join(ROOT_DIR, 'bin', 'charter.js'), 'daemon', ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: HOME_DIR, XDG_RUNTIME_DIR: runtime },
    });
  afterEach(() => {
    for (const runtime of runtimes.splice(0)) daemon(['stop', '--all'], runtime);
  });

  it.each([
    ['forged packs', false],
    ['a .charter symlink to packs made with the user key', true],
  ])('reads no pack it cannot trust: %s', async (_name, linked) => {
    const runtime = outsideFolder();
    runtimes.push(runtime);
    const env = { CHARTER_HOOK_DAEMON: '', XDG_RUNTIME_DIR: runtime };
    const repo = await repository();
    if (linked) {
      const forged = outsideFolder();
      copyPacks(repo, path.join(forged, 'cache'));
      await forge(path.join(forged, 'cache'), 'src/evil.ts', POISON, USER_KEY);
      rmSync(path.join(repo.real, '.charter'), { recursive: true });
      symlinkSync(forged, path.join(repo.real, '.charter'));
    } else {
      await forge(path.join(repo.real, '.charter', 'cache'), 'src/evil.ts', POISON, FORGER_KEY);
    }
    const write = writeEvent(repo, 'src/evil.ts', POISON);
    // The first hook starts the daemon (and checks in its own process meanwhile).
    const first = await runHook(['hook', 'claude', 'PreToolUse'], write, repo.real, env);
    expect(first.code).toBe(2);
    const until = Date.now() + 20_000;
    while (daemon(['status'], runtime).status !== 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await runHook(['hook', 'claude', 'PreToolUse'], write, repo.real, env);
    expect(second.code).toBe(2);
    expect(second.stdout).toMatch(DENIED);
    expect(second.stdout).toContain('custom/no-eval');
    expect(daemon(['status'], runtime).stdout).toMatch(/\(1 hook requests answered\)/);
  });
});
