import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRepo } from '../helpers/git-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';

export const ROOT_DIR = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT_DIR, 'bin', 'charter.js');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Pipes `input` into the built binary, as an agent runs its hook. */
export function runHook(
  args: readonly string[],
  input: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<HookRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      // A generous deadline: a loaded test machine must not turn a check into a timeout
      // denial (the deadline itself has its own test).
      env: {
        PATH: process.env.PATH ?? '',
        HOME: HOME_DIR,
        NO_COLOR: '1',
        CHARTER_HOOK_DEADLINE_MS: '120000',
        // Each run checks in its own process; the daemon has tests of its own.
        CHARTER_HOOK_DAEMON: '0',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

export const HOME_DIR = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'charter-home-')));

/** A fixture event with ${ROOT} and ${COMMAND} filled in, as the JSON text an agent sends. */
export function fixture(name: string, vars: Record<string, string>): string {
  const raw = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown;
  return JSON.stringify(substituteDeep(raw, vars));
}

function substituteDeep(value: unknown, vars: Record<string, string>): unknown {
  return substituteWith(value, vars);
}

function substituteWith(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(
      /\$\{([A-Z]+)\}|__([A-Z]+)__/g,
      (whole, a?: string, b?: string) => vars[(a ?? b) as string] ?? whole,
    );
  if (Array.isArray(value)) return value.map((v) => substituteWith(v, vars));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'toolArgs' && typeof v === 'string') {
        const inner = JSON.parse(v.replace(/\$\{([A-Z]+)\}/g, '__$1__')) as unknown;
        out[key] = JSON.stringify(substituteWith(inner, vars));
      } else out[key] = substituteWith(v, vars);
    }
    return out;
  }
  return value;
}

export const CONTRACT = `version: 1
readBeforeCode: [docs/PRD.md]
protect: [charter.yaml, .claude/**, .github/workflows/**, .husky/**]
rules:
  custom/pattern:
    severity: error
    options:
      patterns:
        - id: no-skip-auth
          language: typescript
          rule: { pattern: process.env.SKIP_AUTH }
          message: auth bypass flag process.env.SKIP_AUTH
          remediation: Delete the bypass; tests sign real tokens with a test key.
  agent/destructive-command:
    severity: error
    options:
      protectedBranches: [main, release/**]
cites:
  'AGENTS.md#hard-guardrails': [custom/no-skip-auth, agent/protected-write, agent/bypass-verification, agent/destructive-command, charter/protected-path]
`;

const NOTEBOOK = `${JSON.stringify(
  {
    cells: [
      {
        id: 'a1b2c3',
        cell_type: 'code',
        metadata: {},
        source: ['print(1)\n'],
        outputs: [],
        execution_count: null,
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  },
  null,
  1,
)}\n`;

export const FILES: Record<string, string> = {
  'charter.yaml': CONTRACT,
  'AGENTS.md': '# Agents\n\n## Hard guardrails\n\nNever bypass auth. Never edit charter.yaml.\n',
  'docs/PRD.md': '# PRD\n\nACM-001 accounts are listed by id.\n',
  'src/middleware/auth.ts': [
    "import type { NextFunction, Request, Response } from 'express';",
    '',
    'export function requireBearer(req: Request, res: Response, next: NextFunction) {',
    "  const header = req.headers.authorization ?? '';",
    '  const token = header.slice(7);',
    '  if (!token) return res.status(401).end();',
    '  return next();',
    '}',
    '',
  ].join('\n'),
  'src/routes/accounts.ts': [
    'export async function listAccounts(db: { query(sql: string): Promise<unknown[]> }) {',
    "  const rows = await db.query('select * from accounts');",
    '  return rows;',
    '}',
    '',
  ].join('\n'),
  'src/legacy/flags.ts': 'export const skip = Boolean(process.env.SKIP_AUTH);\n',
  'notebooks/usage.ipynb': NOTEBOOK,
  '.claude/settings.json': '{}\n',
  '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs: {}\n',
  '.husky/pre-commit': 'npx charter check --staged\n',
};

export interface HookRepo extends TestRepo {
  /** The real path of the root (what git reports). */
  real: string;
}

/** The fixture repository, committed on main. */
export function hookRepo(extra: Record<string, string> = {}): HookRepo {
  const repo = makeRepo({ ...FILES, ...extra });
  repo.commit('base');
  return { ...repo, real: realpathSync(repo.root) };
}
