import { describe, expect, it } from 'vitest';
import { runCharter } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { MODES_CONTRACT } from './contract.js';

const prod = {
  AOS_MODE: 'prod',
  DB_AUTHORITY: 'neon',
  CUSTOMER_SANDBOX_ENABLED: 'false',
  LOG_LEVEL: 'info',
  DATABASE_URL: 'postgres://x',
};

describe('charter env check', () => {
  const repo = makeRepo({ 'charter.yaml': MODES_CONTRACT, 'src/app.ts': '' });

  it('exits 0 for a valid combination', async () => {
    const run = await runCharter(['env', 'check'], repo.root, prod);
    expect(run).toEqual({
      code: 0,
      stdout: 'charter: environment ok: AOS_MODE=prod (production)\n',
      stderr: '',
    });
  });

  it('exits 2 on an invalid combination and names each clause', async () => {
    const run = await runCharter(['env', 'check'], `${repo.root}/src`, {
      ...prod,
      DB_AUTHORITY: 'local',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "charter: error [env/invalid] the environment breaks the contract's environments (1 problem)",
        '  DB_AUTHORITY="local" is not allowed with AOS_MODE=prod; it must be "neon" [environments.modes.prod.values.DB_AUTHORITY at charter.yaml:16:23]',
        '  hint: set AOS_MODE and the variables its mode needs as the contract says; do not guess a mode',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON and checks an expected mode', async () => {
    const run = await runCharter(
      ['env', 'check', '--format', 'json', '--expect-mode', 'local'],
      repo.root,
      prod,
    );
    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      decision: 'deny',
      exitCode: 2,
      variable: 'AOS_MODE',
      mode: 'prod',
      production: true,
    });
    expect(json.violations[0].message).toBe('AOS_MODE=prod, but --expect-mode local was asked for');
  });

  it('exits 2 without a contract or without environments', async () => {
    const bare = makeRepo({ 'charter.yaml': 'version: 1\n' });
    const run = await runCharter(['env', 'check'], bare.root, prod);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[env/no-environments]');
    const none = makeRepo({}, { git: false });
    expect((await runCharter(['env', 'check'], none.root, prod)).code).toBe(2);
  });

  it('needs a subcommand', async () => {
    const run = await runCharter(['env'], repo.root, prod);
    expect(run.code).toBe(2);
  });
});
