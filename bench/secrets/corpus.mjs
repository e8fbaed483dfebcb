// A labelled secrets corpus for the bench: files of the kinds secrets hide in (.env, code in
// four languages, YAML, JSON, Markdown, shell, PEM, lockfiles), where every sample line is
// labelled `secret` or `not-secret`. About half the samples are hard negatives: digests,
// UUIDs, base64 blobs, integrity hashes, placeholders, documented example keys, masked and
// publishable keys, local connection strings, references to the environment.
//
// The values are generated from a seed (no literal credentials in this file), so the corpus
// is the same on every run and this repository holds nothing that looks like a key.
//
//   node bench/secrets/corpus.mjs [--out bench/out/secrets-corpus]

import { Buffer } from 'node:buffer';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_VERSION = 1;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const B64 = `${B62}+/`;
const B64URL = `${B62}-_`;
const HEX = '0123456789abcdef';
const B32 = `${UPPER}234567`;

/** Builds the corpus: a list of files, each a list of lines with an optional label. */
export function buildCorpus(seed = 20260521) {
  const next = mulberry32(seed);
  const r = (n, alphabet = B62) => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const pick = (list) => list[Math.floor(next() * list.length)];
  const b64url = (text) => Buffer.from(text).toString('base64url');
  const jwt = (claims) =>
    `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.${r(43, B64URL)}`;
  const uuid = () =>
    `${r(8, HEX)}-${r(4, HEX)}-4${r(3, HEX)}-${pick(['8', '9', 'a', 'b'])}${r(3, HEX)}-${r(12, HEX)}`;
  const password = (symbols = ['!', '#', '%', '*', '-', '_', '.', '~']) =>
    `${pick(['Tr', 'Qz', 'Mv', 'Xk', 'Pw'])}${r(4)}${pick(symbols)}${r(5)}`;
  // In a URL, a password is percent-encoded or keeps to the characters that need no encoding.
  const urlPassword = () => password(['!', '*', '-', '_', '.', '~']);

  // Provider tokens, from the providers' published formats.
  const tokens = {
    aws: () => `AKIA${r(16, B32)}`,
    awsTemp: () => `ASIA${r(16, B32)}`,
    awsSecret: () => r(40, B64),
    gcp: () => `AIza${r(35, B64URL)}`,
    googleOauth: () => `GOCSPX-${r(28, B64URL)}`,
    azureSecret: () => `${r(3)}${r(1, DIGITS)}Q~${r(31, B64URL)}`,
    azureStorage: () =>
      `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${r(86, B64)}==;EndpointSuffix=core.windows.net`,
    github: () => `${pick(['ghp_', 'gho_', 'ghs_', 'ghu_'])}${r(36)}`,
    githubFine: () => `github_pat_${r(22)}_${r(59)}`,
    gitlab: () => `glpat-${r(20, B64URL)}`,
    slack: () => `xoxb-${r(11, DIGITS)}-${r(12, DIGITS)}-${r(24)}`,
    slackWebhook: () =>
      `https://hooks.slack.com/services/T${r(8, UPPER + DIGITS)}/B${r(10, UPPER + DIGITS)}/${r(24)}`,
    discordWebhook: () => `https://discord.com/api/webhooks/${r(18, DIGITS)}/${r(68, B64URL)}`,
    telegram: () => `${r(10, '123456789')}:AA${r(33, B64URL)}`,
    stripe: () => `${pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r(pick([24, 99]))}`,
    stripeWebhook: () => `whsec_${r(32)}`,
    square: () => `EAAA${r(60, B64URL)}`,
    shopify: () => `shpat_${r(32, HEX)}`,
    openai: () => `sk-proj-${r(48, B64URL)}T3BlbkFJ${r(48, B64URL)}`,
    anthropic: () => `sk-ant-api03-${r(93, B64URL)}AA`,
    huggingface: () => `hf_${r(34)}`,
    groq: () => `gsk_${r(52)}`,
    replicate: () => `r8_${r(37)}`,
    npm: () => `npm_${r(36)}`,
    pypi: () => `pypi-AgEIcHlwaS5vcmc${r(70, B64URL)}`,
    dockerHub: () => `dckr_pat_${r(27, B64URL)}`,
    digitalocean: () => `dop_v1_${r(64, HEX)}`,
    vault: () => `hvs.${r(90, B64URL)}`,
    sendgrid: () => `SG.${r(22, B64URL)}.${r(43, B64URL)}`,
    mailchimp: () => `${r(32, HEX)}-us${pick(['6', '14', '21'])}`,
    linear: () => `lin_api_${r(40)}`,
    sentry: () => `sntryu_${r(64, HEX)}`,
    newrelic: () => `NRAK-${r(27, UPPER + DIGITS)}`,
    grafana: () => `glsa_${r(32)}_${r(8, HEX)}`,
    supabase: () => `sbp_${r(40, HEX)}`,
    databricks: () => `dapi${r(32, HEX)}`,
    age: () => `AGE-SECRET-KEY-1${r(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`,
    jwt: () =>
      jwt({
        sub: `svc-${r(6, LOWER)}`,
        role: pick(['service_role', 'admin', 'worker']),
        iat: 1700000000 + Math.floor(next() * 1e7),
      }),
  };
  const keys = Object.keys(tokens);

  const files = [];
  const file = (name) => {
    const f = { path: name, lines: [] };
    files.push(f);
    return f;
  };
  const secret = (f, text, kind) => f.lines.push({ text, label: 'secret', kind });
  const clean = (f, text, kind) => f.lines.push({ text, label: 'not-secret', kind });
  const plain = (f, text) => f.lines.push({ text });

  // .env files
  const env = file('config/.env.production');
  plain(env, '# production settings');
  for (const key of keys) {
    if (key === 'azureStorage' || key === 'slackWebhook' || key === 'discordWebhook') continue;
    secret(env, `${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_KEY=${tokens[key]()}`, key);
  }
  secret(env, `AZURE_STORAGE_CONNECTION_STRING="${tokens.azureStorage()}"`, 'azureStorage');
  secret(env, `SLACK_WEBHOOK_URL=${tokens.slackWebhook()}`, 'slackWebhook');
  secret(
    env,
    `DATABASE_URL=postgres://app:${urlPassword()}@db-main.${r(6, LOWER)}.eu-west-1.rds.amazonaws.com:5432/app`,
    'connection-string',
  );
  secret(
    env,
    `REDIS_URL=rediss://default:${r(32)}@redis-${r(5, DIGITS)}.c1.us-east-1-2.ec2.cloud.redislabs.com:6379`,
    'connection-string',
  );
  secret(env, `SESSION_SECRET=${r(48, B64)}`, 'generic');
  secret(env, `AOS_API_KEY=${r(64, HEX)}`, 'generic');
  secret(env, `DB_PASSWORD=${password()}`, 'generic-password');
  clean(env, 'DB_PASSWORD=${DB_PASSWORD}', 'reference');
  clean(env, 'API_KEY=<your-api-key>', 'placeholder');
  clean(env, 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder');
  clean(env, 'SENDGRID_API_KEY=changeme', 'placeholder');
  clean(env, 'JWT_SECRET=your-jwt-secret-goes-here', 'placeholder');
  clean(env, 'DATABASE_URL=postgresql://nova:novapass@localhost:6432/nova_aos', 'local-connection');
  clean(env, 'REDIS_URL=redis://localhost:6379/0', 'url');
  clean(env, `BUILD_SHA=${r(40, HEX)}`, 'digest');
  clean(env, `RELEASE_ID=${uuid()}`, 'uuid');
  clean(env, 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'documented-example');
  clean(
    env,
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'documented-example',
  );
  clean(env, `STRIPE_PUBLISHABLE_KEY=pk_live_${r(24)}`, 'publishable');
  clean(env, 'LOG_LEVEL=info', 'config');
  clean(env, 'MAX_TOKENS=4096', 'config');

  // TypeScript
  const ts = file('src/services/clients.ts');
  plain(ts, "import { createClient } from './lib/client.js';");
  for (const key of [
    'github',
    'githubFine',
    'gitlab',
    'slack',
    'stripe',
    'openai',
    'anthropic',
    'groq',
    'npm',
    'sendgrid',
    'linear',
    'square',
    'shopify',
    'huggingface',
  ]) {
    secret(ts, `export const ${key}Client = createClient({ token: '${tokens[key]()}' });`, key);
  }
  secret(ts, `const headers = { Authorization: \`Bearer ${r(40)}\` };`, 'bearer');
  secret(ts, `const serviceToken = "${tokens.jwt()}";`, 'jwt');
  secret(
    ts,
    `const db = new Pool({ connectionString: "postgres://svc:${urlPassword()}@10.2.${r(1, '123456789')}.17:5432/orders" });`,
    'connection-string',
  );
  secret(ts, `const config = { clientSecret: "${r(32)}", clientId: "web" };`, 'generic');
  secret(ts, `const apiKey = '${r(40, HEX)}';`, 'generic');
  secret(ts, `webhook.send("${tokens.discordWebhook()}", payload);`, 'discordWebhook');
  clean(ts, 'export const token = process.env.GITHUB_TOKEN;', 'reference');
  clean(ts, "const apiKey = process.env.OPENAI_API_KEY ?? '';", 'reference');
  clean(ts, `const requestId = '${uuid()}';`, 'uuid');
  clean(ts, `const digest = '${r(64, HEX)}';`, 'digest');
  clean(ts, `const logo = 'data:image/png;base64,${r(180, B64)}';`, 'base64');
  clean(ts, "const tokenType = 'Bearer';", 'word');
  clean(ts, "const TOKEN_URL = 'https://auth.example.com/oauth/token';", 'url');
  clean(ts, "const secretName = 'prod/payments/stripe';", 'word');
  clean(ts, "const API_KEY_HEADER = 'X-Api-Key';", 'word');
  clean(ts, 'const maxTokens = 8192;', 'config');
  clean(ts, "const password = await prompt('Password: ');", 'code');
  clean(
    ts,
    `const anon = '${jwt({ role: 'anon', iss: 'supabase', ref: r(20, LOWER) })}';`,
    'publishable',
  );
  clean(ts, "const masked = 'ghp_************************************';", 'masked');
  clean(
    ts,
    'const jwtExample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";',
    'documented-example',
  );
  clean(ts, 'const stripeDocs = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";', 'documented-example');
  clean(ts, `export const ${'indexNotificationShipmentTokenResolver'} = () => null;`, 'identifier');
  clean(ts, `const cacheKey = \`user:\${id}:${r(8, HEX)}\`;`, 'code');
  clean(ts, `const publicKey = 'pk_test_${r(24)}';`, 'publishable');

  // Python
  const py = file('app/settings.py');
  plain(py, 'import os');
  for (const key of [
    'aws',
    'awsTemp',
    'gcp',
    'googleOauth',
    'azureSecret',
    'replicate',
    'pypi',
    'vault',
    'databricks',
    'supabase',
    'telegram',
  ]) {
    secret(py, `${key.toUpperCase()}_CREDENTIAL = "${tokens[key]()}"`, key);
  }
  secret(py, `AWS_SECRET_ACCESS_KEY = "${tokens.awsSecret()}"`, 'awsSecret');
  secret(
    py,
    `SECRET_KEY = "django-insecure-${r(50, LOWER + DIGITS + '!@#$%^&*(-_=+)')}"`,
    'generic',
  );
  secret(
    py,
    `requests.get(url, auth=("deploy", "${password()}"), headers={"X-Api-Key": "${r(32)}"})`,
    'generic',
  );
  secret(
    py,
    `engine = create_engine("mysql+pymysql://report:${urlPassword()}@analytics.${r(5, LOWER)}.internal.example.com/reports")`,
    'connection-string',
  );
  secret(py, `client = OpenAI(api_key="${tokens.openai()}")`, 'openai');
  secret(py, `password = "${password()}"`, 'generic-password');
  clean(py, 'SECRET_KEY = os.environ["SECRET_KEY"]', 'reference');
  clean(py, 'DB_PASSWORD = os.getenv("DB_PASSWORD", "")', 'reference');
  clean(py, `PASSWORD_HASH = "$2b$12$${r(53, B64.replace('+', '.'))}"`, 'hash');
  clean(py, `CHECKSUM = "sha256:${r(64, HEX)}"`, 'digest');
  clean(py, `TRACE_ID = "${uuid()}"`, 'uuid');
  clean(py, `FIXTURE_IMAGE = "${r(120, B64)}=="`, 'base64');
  clean(py, 'API_KEY = "your-api-key-here"', 'placeholder');
  clean(py, 'TOKEN = "REPLACE_ME"', 'placeholder');
  clean(py, 'password = input("Password: ")', 'code');
  clean(py, 'token_type = "bearer"', 'word');
  clean(py, 'max_tokens = 1024', 'config');
  clean(
    py,
    'DATABASE_URL = "postgresql://postgres:postgres@localhost:5432/test"',
    'local-connection',
  );
  clean(py, `COMMIT = "${r(40, HEX)}"`, 'digest');
  clean(py, 'secret_name = "projects/acme/secrets/db-password/versions/latest"', 'reference');

  // Go
  const go = file('internal/config/config.go');
  plain(go, 'package config');
  for (const key of [
    'digitalocean',
    'sentry',
    'newrelic',
    'grafana',
    'dockerHub',
    'mailchimp',
    'age',
    'stripeWebhook',
  ]) {
    secret(go, `var ${key}Token = "${tokens[key]()}"`, key);
  }
  secret(
    go,
    `const dsn = "postgres://billing:${urlPassword()}@billing-db.prod.example.net:5432/billing?sslmode=require"`,
    'connection-string',
  );
  secret(go, `req.Header.Set("Authorization", "Bearer ${r(48)}")`, 'bearer');
  secret(go, `var clientSecret = "${r(40)}"`, 'generic');
  clean(go, 'var token = os.Getenv("API_TOKEN")', 'reference');
  clean(go, `var buildID = "${uuid()}"`, 'uuid');
  clean(go, `const sum = "${r(64, HEX)}"`, 'digest');
  clean(go, 'const apiKeyHeader = "X-API-Key"', 'word');
  clean(go, 'var password = flag.String("password", "", "database password")', 'code');
  clean(go, `var blob = []byte("${r(96, B64)}")`, 'base64');

  // YAML (Kubernetes / CI / Helm values)
  const yaml = file('deploy/values.yaml');
  plain(yaml, 'app:');
  for (const key of ['slack', 'gcp', 'github', 'npm', 'jwt'])
    secret(yaml, `  ${key}Token: ${tokens[key]()}`, key);
  secret(
    yaml,
    `  databaseUrl: "mongodb+srv://svc:${urlPassword()}@cluster0.${r(5, LOWER)}.mongodb.net/prod"`,
    'connection-string',
  );
  secret(yaml, `  apiKey: ${r(32)}`, 'generic');
  secret(yaml, `  password: ${password()}`, 'generic-password');
  clean(yaml, '  password: ${DB_PASSWORD}', 'reference');
  clean(yaml, '  apiKey: "{{ .Values.apiKey }}"', 'reference');
  clean(yaml, '  token: !vault |', 'reference');
  clean(yaml, `  image: ghcr.io/acme/api@sha256:${r(64, HEX)}`, 'digest');
  clean(yaml, `  podUid: ${uuid()}`, 'uuid');
  clean(yaml, '  secretName: api-credentials', 'word');
  clean(yaml, '  tokenTtl: 3600', 'config');
  clean(yaml, '  apiKey: changeme', 'placeholder');
  clean(yaml, '  - secretKeyRef: { name: db, key: password }', 'reference');
  clean(yaml, `  caBundle: ${r(160, B64)}`, 'base64');

  // JSON
  const json = file('config/appsettings.json');
  plain(json, '{');
  secret(json, `  "StripeKey": "${tokens.stripe()}",`, 'stripe');
  secret(json, `  "SendGridKey": "${tokens.sendgrid()}",`, 'sendgrid');
  secret(json, `  "client_secret": "${r(40)}",`, 'generic');
  secret(
    json,
    `  "ConnectionString": "Server=tcp:acme.database.windows.net;Database=app;User Id=app;Password=${password()};",`,
    'generic-password',
  );
  clean(json, `  "private_key_id": "${r(40, HEX)}",`, 'identifier');
  clean(json, `  "integrity": "sha512-${r(86, B64)}==",`, 'integrity');
  clean(json, `  "requestId": "${uuid()}",`, 'uuid');
  clean(json, '  "apiKey": "",', 'empty');
  clean(json, '  "password": null,', 'empty');
  clean(json, '  "tokenEndpoint": "https://login.example.com/oauth2/v2.0/token",', 'url');
  clean(json, '  "secretRef": "projects/acme/secrets/api-key",', 'reference');
  clean(json, `  "etag": "W/\\"${r(32, HEX)}\\"",`, 'digest');
  plain(json, '  "end": true');
  plain(json, '}');

  // Markdown with shell blocks
  const md = file('docs/setup.md');
  plain(md, '# Setup');
  plain(md, '```bash');
  secret(md, `export OPENAI_API_KEY=${tokens.openai()}`, 'openai');
  secret(
    md,
    `curl -H "Authorization: Bearer ${tokens.github()}" https://api.github.com/user`,
    'github',
  );
  secret(md, `AOS_API_KEY=${r(64, HEX)}`, 'generic');
  secret(md, `git clone https://deploy:${r(24)}@git.example.com/acme/app.git`, 'url-credentials');
  clean(md, 'export OPENAI_API_KEY=sk-...', 'placeholder');
  clean(md, 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com', 'reference');
  clean(md, 'curl -H "X-Api-Key: <your key>" https://api.example.com/v1/runs', 'placeholder');
  clean(md, 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'documented-example');
  clean(md, `docker pull acme/api@sha256:${r(64, HEX)}`, 'digest');
  clean(md, `The request id is ${uuid()}.`, 'uuid');
  plain(md, '```');

  // Shell
  const sh = file('scripts/deploy.sh');
  plain(sh, '#!/bin/sh');
  secret(sh, `export HF_TOKEN=${tokens.huggingface()}`, 'huggingface');
  secret(sh, `docker login -u acme -p ${tokens.dockerHub()}`, 'dockerHub');
  secret(
    sh,
    `curl -u "admin:${urlPassword()}" https://jenkins.example.com/job/deploy/build`,
    'url-credentials',
  );
  secret(
    sh,
    `curl -H "Authorization: Basic ${Buffer.from(`deploy:${urlPassword()}`).toString('base64')}" https://ci.example.com`,
    'basic-auth',
  );
  clean(sh, 'export HF_TOKEN="$(vault kv get -field=token secret/hf)"', 'reference');
  clean(sh, 'docker login -u acme --password-stdin < token.txt', 'code');
  clean(sh, `echo "${r(64, HEX)}  dist/app.tar.gz" | sha256sum -c`, 'digest');
  clean(sh, 'curl -u "$CI_USER:$CI_PASSWORD" https://ci.example.com', 'reference');

  // Private keys: the BEGIN line is the sample, the body is not counted.
  const pem = file('deploy/keys/service.pem');
  // Bodies start the way DER and OpenSSH encodings of such keys start. (The header is built,
  // not written, so this file does not hold a key block.)
  const begin = (kind) => ['-----BEGIN', `${kind}-----`].join(' ');
  const DER = {
    'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA',
    'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    'EC PRIVATE KEY': 'MHcCAQEEI',
    'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  };
  for (const kind of ['RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY']) {
    secret(pem, begin(kind), 'private-key');
    const body = DER[kind] + r(256 - DER[kind].length, B64);
    for (let i = 0; i < 4; i++)
      pem.lines.push({ text: body.slice(i * 64, i * 64 + 64), label: 'ignore' });
    pem.lines.push({ text: `-----END ${kind}-----`, label: 'ignore' });
  }
  clean(pem, '-----BEGIN PUBLIC KEY-----', 'public-key');
  for (let i = 0; i < 3; i++) pem.lines.push({ text: r(64, B64), label: 'ignore' });
  pem.lines.push({ text: '-----END PUBLIC KEY-----', label: 'ignore' });
  clean(pem, '-----BEGIN CERTIFICATE-----', 'certificate');
  for (let i = 0; i < 3; i++) pem.lines.push({ text: r(64, B64), label: 'ignore' });
  pem.lines.push({ text: '-----END CERTIFICATE-----', label: 'ignore' });

  // A service account JSON with an escaped PEM.
  const sa = file('deploy/keys/service-account.json');
  plain(sa, '{');
  plain(sa, '  "type": "service_account",');
  secret(
    sa,
    `  "private_key": "${begin('PRIVATE KEY')}\\n${DER['PRIVATE KEY']}${r(14, B64)}\\n${r(64, B64)}\\n${r(64, B64)}\\n-----END PRIVATE KEY-----\\n",`,
    'private-key',
  );
  clean(sa, '  "client_email": "deploy@acme-prod.iam.gserviceaccount.com",', 'identifier');
  clean(sa, `  "client_id": "${r(21, DIGITS)}",`, 'identifier');
  plain(sa, '  "token_uri": "https://oauth2.googleapis.com/token"');
  plain(sa, '}');

  // Terraform
  const tf = file('infra/main.tf');
  plain(tf, 'resource "aws_db_instance" "main" {');
  secret(tf, `  password = "${password()}"`, 'generic-password');
  secret(tf, `  access_key = "${tokens.aws()}"`, 'aws');
  secret(tf, `  secret_key = "${tokens.awsSecret()}"`, 'awsSecret');
  secret(tf, `  token      = "${tokens.github()}"`, 'github');
  secret(tf, `  api_key    = "${r(32, HEX)}"`, 'generic');
  clean(tf, '  password = var.db_password', 'reference');
  clean(tf, '  access_key = data.aws_ssm_parameter.key.value', 'reference');
  clean(tf, `  kms_key_id = "arn:aws:kms:eu-west-1:${r(12, DIGITS)}:key/${uuid()}"`, 'identifier');
  clean(tf, `  source_hash = "${r(64, HEX)}"`, 'digest');
  clean(tf, '  etag = filemd5("dist/app.zip")', 'code');
  clean(tf, `  snapshot_identifier = "rds:prod-${r(8, DIGITS)}-${r(4, DIGITS)}"`, 'identifier');
  clean(tf, '  secret_name = "prod/db/master"', 'word');
  plain(tf, '}');

  // TOML
  const toml = file('config/settings.toml');
  plain(toml, '[services]');
  secret(toml, `sentry_token = "${tokens.sentry()}"`, 'sentry');
  secret(toml, `linear_api_key = "${tokens.linear()}"`, 'linear');
  secret(toml, `webhook_secret = "${r(40, B64)}"`, 'generic');
  secret(
    toml,
    `db_url = "postgresql://svc:${urlPassword()}@pg-main.${r(6, LOWER)}.example.org/app"`,
    'connection-string',
  );
  clean(toml, 'webhook_secret = ""', 'empty');
  clean(toml, `build = "${r(7, HEX)}"`, 'digest');
  clean(toml, `instance_id = "${uuid()}"`, 'uuid');
  clean(toml, 'token_ttl_seconds = 900', 'config');
  clean(toml, 'api_key_env = "PAYMENTS_API_KEY"', 'reference');

  // Java
  const java = file('src/main/java/com/acme/Config.java');
  plain(java, 'public final class Config {');
  secret(java, `  private static final String API_KEY = "${r(40)}";`, 'generic');
  secret(java, `  private static final String SLACK = "${tokens.slack()}";`, 'slack');
  secret(
    java,
    `  private static final String JDBC = "jdbc:postgresql://prod-db.acme.example.com:5432/app?user=app&password=${urlPassword()}";`,
    'generic-password',
  );
  secret(java, `  private static final String TOKEN = "${tokens.gitlab()}";`, 'gitlab');
  clean(java, '  private static final String API_KEY = System.getenv("API_KEY");', 'reference');
  clean(java, `  private static final long SERIAL = ${r(18, DIGITS)}L;`, 'number');
  clean(java, `  private static final String UUID_NS = "${uuid()}";`, 'uuid');
  clean(java, `  private static final String SHA = "${r(40, HEX)}";`, 'digest');
  clean(java, '  private static final String TOKEN_PREFIX = "Bearer ";', 'word');
  plain(java, '}');

  // Kubernetes Secret and a GitHub workflow
  const k8s = file('k8s/secret.yaml');
  plain(k8s, 'apiVersion: v1');
  plain(k8s, 'kind: Secret');
  plain(k8s, 'data:');
  secret(k8s, `  password: ${Buffer.from(password()).toString('base64')}`, 'generic-password');
  secret(k8s, `  api-token: ${Buffer.from(r(32)).toString('base64')}`, 'generic');
  clean(k8s, `  ca.crt: ${r(120, B64)}`, 'base64');
  clean(
    k8s,
    `  config.json: ${Buffer.from('{"region":"eu-west-1","retries":3}').toString('base64')}`,
    'base64',
  );
  const wf = file('.github/workflows/release.yml');
  plain(wf, 'on: push');
  plain(wf, 'env:');
  secret(wf, `  GH_TOKEN: ${tokens.github()}`, 'github');
  secret(wf, `  NPM_TOKEN: ${tokens.npm()}`, 'npm');
  clean(wf, '  GH_TOKEN: ${{ secrets.GH_TOKEN }}', 'reference');
  clean(wf, '  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}', 'reference');
  clean(wf, `  CACHE_KEY: deps-${r(64, HEX)}`, 'digest');
  clean(wf, `  - uses: actions/checkout@${r(40, HEX)}`, 'digest');

  // HTML with subresource integrity and a browser key
  const html = file('web/index.html');
  plain(html, '<!doctype html>');
  secret(
    html,
    `<script src="https://maps.googleapis.com/maps/api/js?key=${tokens.gcp()}"></script>`,
    'gcp',
  );
  clean(
    html,
    `<script src="/app.${r(8, HEX)}.js" integrity="sha384-${r(64, B64)}" crossorigin="anonymous"></script>`,
    'integrity',
  );
  clean(html, `<link rel="stylesheet" href="/main.${r(20, HEX)}.css">`, 'digest');
  clean(html, `<meta name="csrf-param" content="authenticity_token">`, 'word');
  clean(html, `<img src="data:image/webp;base64,${r(200, B64)}">`, 'base64');
  clean(html, `<script nonce="${r(24, B64)}">boot()</script>`, 'nonce');

  // More hard negatives of the shapes scanners trip over
  const misc = file('src/lib/fixtures.ts');
  plain(misc, '// values that look random and are not credentials');
  for (let i = 0; i < 6; i++)
    clean(misc, `export const hash${i} = '${r(pick([32, 40, 64]), HEX)}';`, 'digest');
  for (let i = 0; i < 6; i++) clean(misc, `export const id${i} = '${uuid()}';`, 'uuid');
  for (let i = 0; i < 5; i++)
    clean(misc, `export const blob${i} = '${r(pick([64, 96, 128]), B64)}==';`, 'base64');
  for (let i = 0; i < 4; i++)
    clean(
      misc,
      `export const sourceMap${i} = '//# sourceMappingURL=data:application/json;base64,${r(120, B64)}';`,
      'base64',
    );
  clean(misc, "export const apiKey = 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';", 'placeholder');
  clean(misc, "export const token = '<token>';", 'placeholder');
  clean(misc, "export const secret = 'replace-with-your-secret';", 'placeholder');
  clean(misc, "export const password = 'password123';", 'placeholder');
  clean(misc, "export const awsKey = 'AKIAXXXXXXXXXXXXXXXX';", 'placeholder');
  clean(misc, "export const ghToken = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';", 'placeholder');
  clean(misc, "export const dummyKey = 'sk_live_0000000000000000000000000';", 'placeholder');
  clean(misc, "export const example = 'AKIAIOSFODNN7EXAMPLE';", 'documented-example');
  clean(misc, `export const objectId = '${r(24, HEX)}';`, 'identifier');
  clean(
    misc,
    `export const ulid = '01${r(24, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')}';`,
    'identifier',
  );
  clean(misc, `export const ethAddress = '0x${r(40, HEX)}';`, 'identifier');
  clean(misc, `export const color = '#${r(6, HEX)}';`, 'config');
  clean(misc, `export const route = '/api/v1/runs/${uuid()}/artifacts';`, 'url');
  clean(
    misc,
    `export const longIdentifier = 'createNotificationShipmentTokenResolverFactory';`,
    'identifier',
  );
  clean(misc, `export const tokenizer = 'cl100k_base';`, 'word');
  clean(misc, `export const publishable = 'pk_live_${r(24)}';`, 'publishable');
  clean(misc, `export const sessionCookieName = '__Host-session_${r(6, LOWER)}';`, 'word');
  clean(misc, `export const regex = /^[A-Za-z0-9_-]{36}$/;`, 'code');

  // Credentials files and notebooks: where people paste keys on purpose.
  const creds = file('config/credentials.yml');
  plain(creds, 'production:');
  for (const key of [
    'anthropic',
    'openai',
    'stripe',
    'sendgrid',
    'twilio',
    'mapbox',
    'algolia',
    'pusher',
    'segment',
    'mixpanel',
  ]) {
    const value = tokens[key] ? tokens[key]() : r(32);
    secret(
      creds,
      `  ${key}_${tokens[key] ? 'api_key' : 'secret'}: ${value}`,
      tokens[key] ? key : 'generic',
    );
  }
  secret(creds, `  secret_key_base: ${r(128, HEX)}`, 'generic');
  const nb = file('notebooks/explore.py');
  plain(nb, 'import openai, anthropic, requests');
  secret(nb, `openai.api_key = "${tokens.openai()}"`, 'openai');
  secret(nb, `client = anthropic.Anthropic(api_key="${tokens.anthropic()}")`, 'anthropic');
  secret(nb, `hf_token = "${tokens.huggingface()}"`, 'huggingface');
  secret(nb, `headers = {"Authorization": "Bearer ${tokens.replicate()}"}`, 'replicate');
  secret(nb, `requests.post(url, json=payload, headers={"api-key": "${r(32, HEX)}"})`, 'generic');
  secret(nb, `GROQ_API_KEY = "${tokens.groq()}"`, 'groq');
  clean(nb, 'openai.api_key = os.environ["OPENAI_API_KEY"]', 'reference');
  clean(nb, 'client = anthropic.Anthropic()', 'code');
  clean(nb, `df = pd.read_parquet("s3://acme-data/events/${uuid()}.parquet")`, 'uuid');

  // Lockfiles and checksums: only hard negatives.
  const lock = file('package-lock.json');
  plain(lock, '{');
  for (const name of ['js-tokens', 'secretlint', 'passport', 'jsonwebtoken', 'token-types']) {
    clean(
      lock,
      `  "node_modules/${name}": { "version": "4.0.${r(1, DIGITS)}", "integrity": "sha512-${r(86, B64)}==" },`,
      'integrity',
    );
  }
  plain(lock, '  "end": true');
  plain(lock, '}');
  const sum = file('go.sum');
  for (let i = 0; i < 5; i++)
    clean(
      sum,
      `github.com/acme/${pick(['auth', 'token', 'secrets', 'crypto'])}${i} v1.${i}.0 h1:${r(43, B64)}=`,
      'digest',
    );

  return files;
}

/** Writes the corpus and its labels; returns the label index. */
export function writeCorpus(out, seed) {
  const files = buildCorpus(seed);
  rmSync(out, { recursive: true, force: true });
  const labels = [];
  for (const f of files) {
    const full = path.join(out, f.path);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, `${f.lines.map((l) => l.text).join('\n')}\n`);
    f.lines.forEach((l, index) => {
      if (l.label) labels.push({ file: f.path, line: index + 1, label: l.label, kind: l.kind });
    });
  }
  writeFileSync(
    path.join(out, 'labels.json'),
    `${JSON.stringify({ version: CORPUS_VERSION, labels }, null, 2)}\n`,
  );
  return { files: files.map((f) => f.path), labels };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out =
    at > 0
      ? process.argv[at + 1]
      : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'secrets-corpus');
  const { labels } = writeCorpus(out);
  const count = (label) => labels.filter((l) => l.label === label).length;
  console.log(
    `wrote ${out}: ${count('secret')} secret and ${count('not-secret')} not-secret sample lines`,
  );
}
