import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, detectorIds, scanText } from '../../../src/facts/secrets/scan.js';
import type { ScanConfig } from '../../../src/facts/secrets/scan.js';
import { maskSecret } from '../../../src/facts/secrets/mask.js';
import { BASE32, BASE64, BASE64URL, HEX, jwt, pem, random, token } from './fake.js';

const config: ScanConfig = { allow: [], localConnectionStrings: false, disabled: new Set() };
const scan = (text: string, file = 'config/settings.yaml', cfg = config) =>
  scanText(file, text, cfg).secrets;
const detected = (text: string, file?: string) => scan(text, file).map((s) => s.detector);

/** One realistic value per provider format, and the detector that must name it. */
const positives: [string, string][] = [
  ['aws-access-key-id', token('AKIA', 16, BASE32)],
  ['aws-access-key-id', token('ASIA', 16, BASE32)],
  ['google-api-key', token('AIza', 35, BASE64URL)],
  ['google-oauth-client-secret', token('GOCSPX-', 28, BASE64URL)],
  ['google-oauth-token', token('ya29.', 60, BASE64URL)],
  ['azure-storage-key', `AccountKey=${random(86, BASE64)}==`],
  ['azure-client-secret', `${random(3)}8Q~${random(31, BASE64URL)}`],
  ['github-token', token('ghp_', 36)],
  ['github-token', token('ghs_', 36)],
  ['github-fine-grained-token', `github_pat_${random(22)}_${random(59)}`],
  ['gitlab-token', token('glpat-', 20, BASE64URL)],
  ['gitlab-runner-registration-token', token('GR1348941', 20, BASE64URL)],
  ['atlassian-token', token('ATATT3', 186, BASE64URL)],
  ['slack-token', `xoxb-${random(11, '0123456789')}-${random(12, '0123456789')}-${random(24)}`],
  [
    'slack-app-token',
    `xapp-1-A${random(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${random(13, '0123456789')}-${random(64, HEX)}`,
  ],
  [
    'slack-webhook',
    `https://hooks.slack.com/services/T${random(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B${random(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/${random(24)}`,
  ],
  [
    'discord-webhook',
    `https://discord.com/api/webhooks/${random(18, '0123456789')}/${random(68, BASE64URL)}`,
  ],
  ['telegram-bot-token', `${random(10, '123456789')}:AA${random(33, BASE64URL)}`],
  ['stripe-key', token('sk_live_', 24)],
  ['stripe-key', token('rk_test_', 99)],
  ['stripe-webhook-secret', token('whsec_', 32)],
  ['square-token', token('EAAA', 60, BASE64URL)],
  ['shopify-token', token('shpat_', 32, HEX)],
  ['openai-key', token('sk-proj-', 120, BASE64URL)],
  ['openai-key', `sk-${random(20)}T3BlbkFJ${random(20)}`],
  ['openai-legacy-key', token('sk-', 48)],
  ['anthropic-key', `sk-ant-api03-${random(93, BASE64URL)}AA`],
  ['openrouter-key', token('sk-or-v1-', 64, HEX)],
  ['huggingface-token', token('hf_', 34)],
  ['groq-key', token('gsk_', 52)],
  ['replicate-token', token('r8_', 37)],
  ['xai-key', token('xai-', 80)],
  ['perplexity-key', token('pplx-', 48)],
  ['npm-token', token('npm_', 36)],
  ['pypi-token', `pypi-AgEIcHlwaS5vcmc${random(60, BASE64URL)}`],
  ['rubygems-key', token('rubygems_', 48, HEX)],
  ['nuget-key', token('oy2', 43, 'abcdefghijklmnopqrstuvwxyz0123456789')],
  ['docker-hub-token', token('dckr_pat_', 27, BASE64URL)],
  ['digitalocean-token', token('dop_v1_', 64, HEX)],
  ['vault-token', token('hvs.', 90, BASE64URL)],
  ['terraform-cloud-token', `${random(14)}.atlasv1.${random(67, BASE64URL)}`],
  ['sendgrid-key', `SG.${random(22, BASE64URL)}.${random(43, BASE64URL)}`],
  ['mailgun-key', token('key-', 32, HEX)],
  ['mailchimp-key', `${random(32, HEX)}-us14`],
  ['postman-key', `PMAK-${random(24, HEX)}-${random(34, HEX)}`],
  ['linear-key', token('lin_api_', 40)],
  ['notion-token', `ntn_${random(11, '0123456789')}${random(35)}`],
  ['sentry-token', token('sntryu_', 64, HEX)],
  ['newrelic-key', token('NRAK-', 27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')],
  ['grafana-token', `glsa_${random(32)}_${random(8, HEX)}`],
  ['supabase-key', token('sbp_', 40, HEX)],
  ['planetscale-token', token('pscale_pw_', 43, BASE64URL)],
  ['databricks-token', token('dapi', 32, HEX)],
  ['flyio-token', token('fo1_', 43, BASE64URL)],
  ['doppler-token', token('dp.pt.', 43)],
  ['heroku-key', token('HRKU-', 60, BASE64URL)],
  ['alibaba-access-key-id', token('LTAI', 20)],
  ['cloudflare-origin-ca-key', `v1.0-${random(24, HEX)}-${random(146, HEX)}`],
  [
    'mapbox-secret-token',
    `sk.${Buffer.from('{"u":"acme","a":"ck9x"}').toString('base64url')}.${random(22, BASE64URL)}`,
  ],
  [
    'teams-webhook',
    `https://acme.webhook.office.com/webhookb2/${random(36, HEX)}@${random(36, HEX)}/IncomingWebhook/${random(32, HEX)}/${random(36, HEX)}`,
  ],
  ['age-secret-key', token('AGE-SECRET-KEY-1', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')],
  ['jwt', jwt({ sub: 'user-42', role: 'service_role', iat: 1700000000 })],
];

describe('provider formats', () => {
  for (const [detector, value] of positives) {
    it(`${detector}: ${maskSecret(value, 4)}`, () => {
      for (const line of [`value: "${value}"`, `VALUE=${value}`, `call('${value}')`]) {
        const found = scan(line, 'src/app.ts');
        expect(found.map((s) => s.detector)).toEqual([detector]);
        const shown = value.replace(/^AccountKey=/, '').replace(/^https:\/\/(?:acme\.)?/, '');
        expect(found[0]?.length).toBe(shown.length);
      }
    });
  }

  it('covers every provider detector with a sample', () => {
    const covered = new Set(positives.map(([id]) => id));
    const providers = detectorIds().filter(
      (id) =>
        ![
          'aws-secret-access-key',
          'private-key',
          'connection-string',
          'url-credentials',
          'bearer-token',
          'basic-auth',
          'generic-secret',
          'generic-password',
          'braintree-token',
          'facebook-access-token',
        ].includes(id),
    );
    expect(providers.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('does not report a token that is part of a longer word or blob', () => {
    expect(detected(`x${token('ghp_', 36)}`)).toEqual([]);
    expect(
      detected(`${random(40, BASE64)}${token('AKIA', 16, BASE32)}${random(10, BASE64)}`),
    ).toEqual([]);
  });

  it('does not report Stripe publishable keys or Supabase anon keys', () => {
    expect(detected(token('pk_live_', 24))).toEqual([]);
    expect(detected(jwt({ role: 'anon', iss: 'supabase' }))).toEqual([]);
  });
});

describe('placeholders, examples and hard negatives', () => {
  const negatives: [string, string][] = [
    ['a masked token', 'ghp_************************************'],
    ['a repeated-character key', `AKIA${'X'.repeat(16)}`],
    ['a template token', 'sk_live_YOUR_KEY_GOES_HERE_0123456789'],
    ['a placeholder password', 'password: "changeme"'],
    ['a password read from the environment', 'password = os.environ["DB_PASSWORD"]'],
    ['an env reference', 'DB_PASSWORD=${DB_PASSWORD}'],
    ['a secret manager reference', 'api_key: "vault:secret/data/app#api_key"'],
    ['a SHA-256 digest', `sha256 = "${random(64, HEX)}"`],
    ['a git commit id', `commit: ${random(40, HEX)}`],
    [
      'a UUID',
      `request_id = "${random(8, HEX)}-${random(4, HEX)}-4${random(3, HEX)}-a${random(3, HEX)}-${random(12, HEX)}"`,
    ],
    ['an npm integrity hash', `"integrity": "sha512-${random(86, BASE64)}=="`],
    ['a base64 blob', `data: ${random(200, BASE64)}`],
    ['a bcrypt hash in a password field', `password: "$2b$12$${random(53, BASE64)}"`],
    ['a token type', 'token_type = "bearer"'],
    ['a token URL', 'token_url = "https://auth.example.com/oauth/token"'],
    ['a secret name', 'secret_name: "prod/api/stripe"'],
    ['an API key header name', 'API_KEY_HEADER = "X-Api-Key"'],
    ['an env variable name', 'token_env = "GITHUB_TOKEN"'],
    ['a max token count', 'max_tokens: 4096'],
    ['a code expression', 'const token = await getToken(request)'],
    ['a type annotation', 'password: string;'],
    [
      'a public key block',
      `-----BEGIN PUBLIC KEY-----\n${random(64, BASE64)}\n-----END PUBLIC KEY-----`,
    ],
    [
      'a placeholder private key',
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    ],
    ['a local database URL', 'DATABASE_URL=postgresql://nova:novapass@localhost:6432/nova_aos'],
    ['a templated database URL', 'url: postgres://${DB_USER}:${DB_PASSWORD}@db.example.com/app'],
    ['a default compose password', 'postgres://postgres:postgres@db:5432/app'],
    [
      'the jwt.io example',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
    ['AWS documentation keys', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
  ];
  for (const [name, text] of negatives) {
    it(name, () => expect(scan(text, 'config/app.py')).toEqual([]));
  }

  it('ignores generic names in lockfiles but still finds provider tokens there', () => {
    const text = `"secret": "${random(32)}",\n"resolved": "https://${token('npm_', 36)}@registry.example.com/x.tgz"`;
    expect(detected(text, 'package-lock.json')).toEqual(['npm-token']);
  });
});

describe('generic assignments', () => {
  it('judges values assigned to secret names by entropy', () => {
    const hex = random(64, HEX);
    expect(detected(`AOS_API_KEY=${hex}`, 'docs/setup.md')).toEqual(['generic-secret']);
    expect(detected(`client_secret: '${random(32)}'`, 'src/auth.ts')).toEqual(['generic-secret']);
    expect(detected(`"password": "Tr0ub4dor&3x"`, 'config.json')).toEqual(['generic-password']);
    expect(detected(`db.password=${random(16)}`, 'app.properties')).toEqual(['generic-password']);
    expect(detected(`os.getenv("API_TOKEN", "${random(40)}")`, 'app.py')).toEqual([
      'generic-secret',
    ]);
    expect(
      detected(`"Server=tcp:db.example.com;User Id=app;Password=${random(14)};"`, 'Db.cs'),
    ).toEqual(['generic-password']);
    expect(detected(`aws_secret_access_key = ${random(40, BASE64)}`, '.aws/credentials')).toEqual([
      'aws-secret-access-key',
    ]);
  });

  it('needs quotes in code: an unquoted value there is an expression', () => {
    expect(detected(`api_key = ${random(32)}`, 'src/app.py')).toEqual([]);
    expect(detected(`api_key = ${random(32)}`, '.env')).toEqual(['generic-secret']);
  });

  it('leaves low-entropy and word-like values alone', () => {
    expect(detected('secret: "my-application-secret-name"')).toEqual([]);
    expect(detected('api_key: "ServiceAccountTokenName"')).toEqual([]);
    expect(detected('password: "abc"')).toEqual([]);
  });
});

describe('structures', () => {
  it('private key blocks, PEM in JSON strings included', () => {
    expect(detected(pem())).toEqual(['private-key']);
    expect(detected(pem('OPENSSH PRIVATE KEY'))).toEqual(['private-key']);
    const json = `{"private_key": "${pem('PRIVATE KEY').replace(/\n/g, '\\n')}"}`;
    const found = scan(json, 'sa.json');
    expect(found.map((s) => s.detector)).toEqual(['private-key']);
    expect(found[0]?.masked).toBe(
      '-----BEGIN PRIVATE KEY-----… (' + (found[0]?.length ?? 0) + ' chars)',
    );
  });

  it('passwords in connection strings and URLs, not their user names', () => {
    const password = random(14);
    const found = scan(
      `DATABASE_URL=postgres://app:${password}@db.prod.example.com:5432/app`,
      '.env',
    );
    expect(found).toEqual([
      expect.objectContaining({
        detector: 'connection-string',
        column: 29,
        length: 14,
        name: 'postgres://db.prod.example.com',
      }),
    ]);
    expect(detected(`https://deploy:${random(20)}@git.example.com/repo.git`)).toEqual([
      'url-credentials',
    ]);
    const local = `postgres://app:${password}@localhost/app`;
    expect(detected(local)).toEqual([]);
    expect(
      scanText('.env', local, { ...config, localConnectionStrings: true }).secrets.map(
        (s) => s.detector,
      ),
    ).toEqual(['connection-string']);
  });

  it('bearer and basic credentials in headers', () => {
    expect(detected(`headers = { "Authorization": "Bearer ${random(40)}" }`, 'a.py')).toEqual([
      'bearer-token',
    ]);
    const basic = Buffer.from(`admin:${random(16)}`).toString('base64');
    expect(detected(`-H "Authorization: Basic ${basic}"`, 'deploy.sh')).toEqual(['basic-auth']);
    expect(detected('Authorization: Bearer <token>', 'README.md')).toEqual([]);
  });

  it('prefers the provider format over the generic name when both match', () => {
    expect(detected(`OPENAI_API_KEY="${token('sk-proj-', 100, BASE64URL)}"`, '.env')).toEqual([
      'openai-key',
    ]);
  });
});

describe('masking', () => {
  it('keeps the public prefix or at most four characters, and the length', () => {
    expect(maskSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789', 4)).toBe('ghp_… (40 chars)');
    expect(maskSecret('Tr0ub4dor&3x')).toBe('T… (12 chars)');
    expect(maskSecret('0123456789abcdef0123456789abcdef0123456789abcdef')).toBe('0123… (48 chars)');
  });

  it('never puts the value into the facts', () => {
    const value = token('ghp_', 36);
    const facts = scanText('a.ts', `const t = "${value}";`, config);
    expect(JSON.stringify(facts)).not.toContain(value.slice(4));
  });
});

describe('inline allow comments', () => {
  const value = token('sk_live_', 24);
  it('allow a value on the same line or the next one, with a reason', () => {
    const same = scanText(
      'a.ts',
      `k = "${value}" // charter:allow secrets/hardcoded-secret -- documented fake`,
      config,
    );
    expect(same.secrets[0]?.allowed).toBe('documented fake');
    const above = scanText(
      'a.py',
      `# charter:allow secrets/hardcoded-secret -- test double\nk = "${value}"`,
      config,
    );
    expect(above.secrets[0]?.allowed).toBe('test double');
    const file = scanText(
      'a.py',
      `# charter:allow-file secrets/hardcoded-secret -- fixture data\n\n\nk = "${value}"`,
      config,
    );
    expect(file.secrets[0]?.allowed).toBe('fixture data');
  });

  it('a bare allow allows nothing and is listed', () => {
    const bare = scanText(
      'a.ts',
      `k = "${value}" // charter:allow secrets/hardcoded-secret`,
      config,
    );
    expect(bare.secrets[0]?.allowed).toBeUndefined();
    expect(bare.allows).toEqual([
      { line: 1, column: 43, endColumn: 81, reason: '', scope: 'line' },
    ]);
  });

  it('an allow for another rule does not cover secrets', () => {
    const other = scanText(
      'a.ts',
      `k = "${value}" // charter:allow security/fake-jwt -- no`,
      config,
    );
    expect(other.secrets[0]?.allowed).toBeUndefined();
    expect(other.allows).toEqual([]);
  });
});

describe('large input', () => {
  it('finds a token that crosses a chunk boundary', () => {
    const value = token('ghp_', 36);
    const prefix = 'x'.repeat(CHUNK_SIZE - 2) + '\n';
    const text = `${prefix}${value}\n${'y'.repeat(1000)}`;
    const found = scan(text, 'big.txt');
    expect(found.map((s) => [s.detector, s.line, s.column])).toEqual([['github-token', 2, 1]]);
  });

  it('scans files of several chunks end to end', () => {
    const filler = `${'const a = 1;\n'.repeat(200_000)}`;
    const value = token('npm_', 36);
    const found = scan(`${filler}t = "${value}"\n${filler}`, 'bundle.js');
    expect(found.map((s) => [s.detector, s.line])).toEqual([['npm-token', 200_001]]);
  });
});
