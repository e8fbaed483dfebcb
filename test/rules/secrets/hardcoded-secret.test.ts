import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/load.js';
import { ContractError } from '../../../src/contract/problems.js';
import { runCheck } from '../../../src/engine/check.js';
import { maskSecret } from '../../../src/facts/secrets/mask.js';
import { reporterFor, REPORT_FORMATS } from '../../../src/reporters/index.js';
import { codeInfos } from '../../../src/engine/code-info.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { BASE64, HEX, pem, random, token } from './fake.js';

const CODE = 'secrets/hardcoded-secret';
const contract = 'version: 1\n';
const RULE_DATA = {
  detector: 'github-token',
  provider: 'GitHub',
  secret: 'ghp_… (40 chars)',
  length: 40,
};

const gh = token('ghp_', 36);
const stripe = token('sk_live_', 24);
const apiKey = random(64, HEX);
const dbPassword = random(16);
const big = token('npm_', 36);

ruleTester(CODE, {
  valid: [
    {
      name: 'credentials read from the environment',
      contract,
      files: {
        'src/config.ts':
          'export const token = process.env.GITHUB_TOKEN;\nexport const key = process.env.STRIPE_KEY ?? "";\n',
        'app/settings.py':
          'SECRET_KEY = os.environ["SECRET_KEY"]\nDB_PASSWORD = os.getenv("DB_PASSWORD")\n',
        '.env.example':
          'DB_PASSWORD=changeme\nAPI_KEY=<your-api-key>\nGITHUB_TOKEN=${GITHUB_TOKEN}\n',
      },
    },
    {
      name: 'documented example keys and hashes',
      contract,
      files: {
        'docs/aws.md': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
        'package-lock.json': `{"integrity": "sha512-${random(86, BASE64)}=="}\n`,
        'checksums.txt': `${random(64, HEX)}  dist/app.tar.gz\n`,
      },
    },
    {
      name: 'an allow comment with a reason',
      contract,
      change: {
        'test/stripe.test.ts': `// charter:allow secrets/hardcoded-secret -- Stripe test double, not a real key\nconst key = '${token('sk_test_', 24)}';\n`,
      },
    },
    {
      name: 'fixture folders of charter test',
      contract,
      files: {
        'charter-tests/secrets/hardcoded-secret/invalid/leak.ts': `const t = "${token('ghp_', 36)}";\n`,
      },
    },
    {
      name: 'binary files',
      contract,
      files: {
        'assets/blob.bin': Buffer.concat([
          Buffer.from([0, 1, 2, 0]),
          Buffer.from(token('ghp_', 36)),
        ]),
      },
    },
    {
      name: 'values the contract allows, detectors it turns off',
      contract: `version: 1
rules:
  secrets/hardcoded-secret:
    severity: error
    options:
      allow: ['^sk_test_']
      disable: [jwt]
`,
      files: {
        'a.ts': `const k = '${token('sk_test_', 24)}';\n`,
        'b.ts': `const t = 'eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"42","n":"x"}').toString('base64url')}.${random(43)}';\n`,
      },
    },
    {
      name: 'rule turned off',
      contract: 'version: 1\nrules:\n  secrets/hardcoded-secret: off\n',
      files: { 'a.ts': `const t = "${token('ghp_', 36)}";\n` },
    },
  ],
  invalid: [
    {
      name: 'a GitHub token in code',
      contract,
      files: {
        'src/client.ts': `import { Octokit } from 'octokit';\nconst octokit = new Octokit({ auth: "${gh}" });\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'src/client.ts',
          line: 2,
          column: 38,
          endLine: 2,
          endColumn: 78,
          data: RULE_DATA,
          message: 'GitHub token is hardcoded: ghp_… (40 chars)',
        },
      ],
    },
    {
      name: 'an API key in an agent context file (the shape of the real example)',
      contract,
      files: {
        'CLAUDE.md': `## Environment Variables\n\n\`\`\`bash\n# Key variables (in .env)\nDATABASE_URL=postgresql://nova:novapass@localhost:6432/nova_aos\nAOS_API_KEY=${apiKey}\n\`\`\`\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'CLAUDE.md',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 77,
          data: {
            detector: 'generic-secret',
            provider: 'generic',
            secret: maskSecret(apiKey),
            length: 64,
            name: 'AOS_API_KEY',
          },
        },
      ],
    },
    {
      name: 'a bare allow allows nothing and is itself a finding',
      contract,
      change: {
        'src/pay.ts': `const key = '${stripe}'; // charter:allow secrets/hardcoded-secret\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'src/pay.ts',
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 46,
          data: {
            detector: 'stripe-key',
            provider: 'Stripe',
            secret: 'sk_live_… (32 chars)',
            length: 32,
          },
        },
        {
          code: CODE,
          file: 'src/pay.ts',
          line: 1,
          column: 52,
          endLine: 1,
          endColumn: 90,
          data: { problem: 'allow-without-reason' },
        },
      ],
    },
    {
      name: 'a staged connection string with a password',
      contract,
      mode: 'staged',
      change: {
        'deploy/.env.production': `DATABASE_URL=postgres://app:${dbPassword}@db.prod.example.com:5432/app\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'deploy/.env.production',
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 45,
          data: {
            detector: 'connection-string',
            provider: 'Database',
            secret: maskSecret(dbPassword),
            length: 16,
            name: 'postgres://db.prod.example.com',
          },
        },
      ],
    },
    {
      name: 'a private key committed in a range',
      contract,
      mode: 'range',
      change: { 'deploy/key.pem': `${pem('OPENSSH PRIVATE KEY', 3)}\n` },
      errors: [
        {
          code: CODE,
          file: 'deploy/key.pem',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 36,
          data: {
            detector: 'private-key',
            provider: 'Private key',
            secret: '-----BEGIN OPENSSH PRIVATE KEY-----… (264 chars)',
            length: 264,
          },
        },
      ],
    },
    {
      name: 'a file larger than maxFileSize is scanned, not skipped',
      contract: 'version: 1\nmaxFileSize: 1000\n',
      files: { 'dist/bundle.js': `${'var a=1;\n'.repeat(2000)}var t="${big}";\n` },
      errors: [
        {
          code: CODE,
          file: 'dist/bundle.js',
          line: 2001,
          column: 8,
          endLine: 2001,
          endColumn: 48,
          data: { detector: 'npm-token', provider: 'npm', secret: 'npm_… (40 chars)', length: 40 },
        },
      ],
    },
    {
      name: 'allow comments are ignored when the contract turns them off',
      contract: `version: 1
rules:
  secrets/hardcoded-secret:
    severity: warn
    options: { inlineAllow: false }
`,
      files: { 'a.py': `# charter:allow secrets/hardcoded-secret -- fine\nTOKEN = "${gh}"\n` },
      errors: [
        {
          code: CODE,
          file: 'a.py',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 50,
          data: RULE_DATA,
          severity: 'warn',
        },
      ],
    },
    {
      name: 'local connection strings when the contract asks for them',
      contract: `version: 1
rules:
  secrets/hardcoded-secret: { severity: error, options: { localConnectionStrings: true } }
`,
      files: {
        'docker-compose.yml': `services:\n  app:\n    environment:\n      DATABASE_URL: postgres://app:${dbPassword}@localhost/app\n`,
      },
      errors: [
        {
          code: CODE,
          file: 'docker-compose.yml',
          line: 4,
          column: 36,
          endLine: 4,
          endColumn: 52,
          data: {
            detector: 'connection-string',
            provider: 'Database',
            secret: maskSecret(dbPassword),
            length: 16,
            name: 'postgres://localhost',
          },
        },
      ],
    },
  ],
});

describe('secrets in hook edits', () => {
  it('checks the proposed content of an edit before it lands', async () => {
    const repo = makeRepo({ 'charter.yaml': contract, 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('base');
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      overlay: new Map([['src/a.ts', `export const a = 1;\nconst t = '${gh}';\n`]]),
      failOn: 'error',
      cache: false,
      baselineFile: null,
    });
    expect(result.report.decision).toBe('deny');
    expect(result.report.findings.map((f) => [f.code, f.location.file, f.location.line])).toEqual([
      [CODE, 'src/a.ts', 2],
    ]);
  });
});

describe('masking everywhere', () => {
  it('no report format and no cache file holds the value', async () => {
    const secrets = [token('ghp_', 36), random(64, HEX), random(16)];
    const repo = makeRepo({
      'charter.yaml': contract,
      'src/a.ts': `const t = '${secrets[0]}';\n`,
      '.env': `API_KEY=${secrets[1]}\nDATABASE_URL=mysql://root:${secrets[2]}@db.example.com/app\n`,
    });
    repo.commit('base');
    const result = await runCheck({
      cwd: repo.root,
      mode: 'worktree',
      failOn: 'error',
      cache: true,
      baselineFile: null,
    });
    expect(result.report.findings).toHaveLength(3);
    const outputs = REPORT_FORMATS.map((format) =>
      reporterFor(format)(result.report, { color: false, codes: codeInfos(result.contract) }),
    );
    const cacheDir = path.join(repo.root, '.charter', 'cache');
    const cached = readdirSync(cacheDir).map((f) => readFileSync(path.join(cacheDir, f), 'utf8'));
    expect(readdirSync(cacheDir).some((file) => file.startsWith('secrets-'))).toBe(true);
    for (const text of [...outputs, ...cached]) {
      for (const secret of secrets) expect(text).not.toContain(secret.slice(4));
    }
  });
});

describe('options are checked when the contract loads', () => {
  it('rejects invalid regexes, unknown detectors and bad globs with their locations', () => {
    const text = `version: 1
rules:
  secrets/hardcoded-secret:
    severity: error
    options:
      allow: ['(unclosed']
      disable: [no-such-detector]
      fixtures: ['/abs/**']
`;
    let error: unknown;
    try {
      loadContract({ file: 'charter.yaml', text });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractError);
    const problems = (error as ContractError).problems.map((p) => [
      p.path,
      p.span.line,
      p.span.column,
    ]);
    expect(problems).toEqual([
      ['rules.secrets/hardcoded-secret.options.allow[0]', 6, 15],
      ['rules.secrets/hardcoded-secret.options.disable[0]', 7, 17],
      ['rules.secrets/hardcoded-secret.options.fixtures[0]', 8, 18],
    ]);
  });
});
