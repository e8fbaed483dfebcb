import { describe, expect, it } from 'vitest';
import { maskSecrets, maskSecretsIn } from '../../../src/facts/secrets/redact.js';
import { BASE64, pem, random, token } from './fake.js';

describe('maskSecrets: any text Charter prints or writes', () => {
  it('masks a provider token wherever it stands: in quotes, in a path, after a dot', () => {
    const github = token('ghp_', 36);
    const text = `src/${github}.ts quotes "${github}" and rules.${github}: unknown`;
    expect(maskSecrets(text)).toBe(
      'src/ghp_… (40 chars).ts quotes "ghp_… (40 chars)" and rules.ghp_… (40 chars): unknown',
    );
  });

  it('masks a secret assigned on a command line, where no quotes mark it', () => {
    const key = random(40, BASE64);
    expect(maskSecrets(`AWS_SECRET_ACCESS_KEY=${key} rm -rf charter.yaml`)).toBe(
      `AWS_SECRET_ACCESS_KEY=${key.slice(0, 4)}… (40 chars) rm -rf charter.yaml`,
    );
  });

  it('masks a private key whole, its body included, and keeps the text around it', () => {
    const block = pem();
    const masked = maskSecrets(`before\n${block}\nafter`);
    expect(masked).toMatch(/^before\n-----BEGIN RSA PRIVATE KEY-----… \(\d+ chars\)\nafter$/);
    for (const line of block.split('\n').slice(1, -1)) expect(masked).not.toContain(line);
  });

  it('leaves text without secrets as it is, and masked text as it was masked', () => {
    const plain = 'custom/no-eval: eval is forbidden at src/app.ts:3:1 (token expired)';
    expect(maskSecrets(plain)).toBe(plain);
    const once = maskSecrets(`token ${token('ghp_', 36)}`);
    expect(maskSecrets(once)).toBe(once);
  });

  it('masks every string of plain data except the keys asked to keep', () => {
    const github = token('ghp_', 36);
    expect(
      maskSecretsIn(
        { fingerprint: github, list: [github, 3], nested: { file: `${github}.ts`, ok: true } },
        new Set(['fingerprint']),
      ),
    ).toEqual({
      fingerprint: github,
      list: ['ghp_… (40 chars)', 3],
      nested: { file: 'ghp_… (40 chars).ts', ok: true },
    });
  });
});
