/**
 * Provider token formats, written from each provider's published description of its
 * credentials (prefixes, lengths and alphabets). Every detector names the literal anchors
 * the prefilter looks for; the pattern is then tried only where an anchor occurs.
 *
 * Patterns are sticky (`y`) and tried at the token's first character. `back` lets a token
 * start before its anchor (when the distinctive part sits in the middle, like Azure's `Q~`):
 * the scanner walks back over the characters `back` accepts.
 */
export interface ProviderDetector {
  id: string;
  provider: string;
  /** What the credential is, e.g. "personal access token". */
  label: string;
  /** Lower-case literals; the prefilter finds them case-insensitively. */
  anchors: readonly string[];
  /** Sticky pattern tried at the token start; group `secret` (when present) is the value. */
  pattern: RegExp;
  /** Characters a token may have before its anchor, and how many at most. */
  back?: { chars: RegExp; max: number };
  /** Length of the part of the value that is format, not secret (shown when masking). */
  publicPrefix: number | ((value: string) => number);
  /** Minimum Shannon entropy (bits per character) of the part after the public prefix. */
  minEntropy?: number;
  /** Breaks ties between detectors that match the same span (higher wins; default 0). */
  rank?: number;
  /** Extra structural validation (e.g. a JWT must decode to a JSON header). */
  validate?: (value: string) => boolean;
}

/** Characters that continue a token: a match next to one of them is part of something longer. */
export const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~]/;

const upTo =
  (marker: string, nth = 1) =>
  (value: string) => {
    let index = -1;
    for (let i = 0; i < nth; i++) {
      index = value.indexOf(marker, index + 1);
      if (index < 0) return 0;
    }
    return index + 1;
  };

function decodeBase64Url(part: string): string | undefined {
  try {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

/** A JWT: three base64url parts, the first two JSON objects, the header naming an algorithm. */
export function decodeJwt(
  value: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [head, body] = value.split('.');
  if (head === undefined || body === undefined) return undefined;
  try {
    const header: unknown = JSON.parse(decodeBase64Url(head) ?? '');
    const payload: unknown = JSON.parse(decodeBase64Url(body) ?? '');
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    if (!('alg' in header) && !('typ' in header)) return undefined;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
    };
  } catch {
    return undefined;
  }
}

export const PROVIDER_DETECTORS: readonly ProviderDetector[] = [
  // AWS access key IDs: four-letter type prefix (AKIA long-term, ASIA temporary STS
  // credentials) and 16 characters of upper-case base32.
  {
    id: 'aws-access-key-id',
    provider: 'AWS',
    label: 'access key ID',
    anchors: ['akia', 'asia'],
    pattern: /(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 2.8,
  },
  // Google Cloud / Firebase / Gemini API keys: "AIza" and 35 URL-safe characters.
  {
    id: 'google-api-key',
    provider: 'Google Cloud',
    label: 'API key',
    anchors: ['aiza'],
    pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  // Google OAuth client secrets: "GOCSPX-" and 28 URL-safe characters.
  {
    id: 'google-oauth-client-secret',
    provider: 'Google',
    label: 'OAuth client secret',
    anchors: ['gocspx-'],
    pattern: /GOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])/y,
    publicPrefix: 7,
    minEntropy: 3.3,
  },
  // Google OAuth refresh tokens ("1//0…") and access tokens ("ya29.…").
  {
    id: 'google-oauth-token',
    provider: 'Google',
    label: 'OAuth token',
    anchors: ['1//0', 'ya29.'],
    pattern: /(?:1\/\/0[0-9A-Za-z_-]{40,}|ya29\.[0-9A-Za-z_-]{40,})(?![0-9A-Za-z_-])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  // Azure Storage account keys inside connection strings: AccountKey= and 88 base64 chars.
  {
    id: 'azure-storage-key',
    provider: 'Azure',
    label: 'storage account key',
    anchors: ['accountkey='],
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/y,
    publicPrefix: 0,
    minEntropy: 4,
  },
  // Microsoft Entra ID (Azure AD) client secrets: 3 characters, a digit, "Q~", 31–34 more.
  {
    id: 'azure-client-secret',
    provider: 'Azure',
    label: 'Entra ID client secret',
    anchors: ['q~'],
    back: { chars: /[0-9A-Za-z_~.-]/, max: 4 },
    pattern: /[0-9A-Za-z_~.-]{3}\dQ~[0-9A-Za-z_~.-]{31,34}(?![0-9A-Za-z_~.-])/y,
    publicPrefix: 0,
    minEntropy: 3.5,
  },
  // GitHub tokens: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_
  // (server-to-server), ghr_ (refresh), then at least 36 base62 characters.
  {
    id: 'github-token',
    provider: 'GitHub',
    label: 'token',
    anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  // GitHub fine-grained personal access tokens: github_pat_, 22 characters, "_", 59 more.
  {
    id: 'github-fine-grained-token',
    provider: 'GitHub',
    label: 'fine-grained personal access token',
    anchors: ['github_pat_'],
    pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,}(?![A-Za-z0-9_])/y,
    publicPrefix: 11,
    minEntropy: 3.5,
  },
  // GitLab tokens: gl<type>- prefixes (personal, deploy, runner, OAuth secret, CI job,
  // feed, incoming mail, agent, pipeline trigger) and at least 20 URL-safe characters.
  {
    id: 'gitlab-token',
    provider: 'GitLab',
    label: 'token',
    anchors: [
      'glpat-',
      'gldt-',
      'glrt-',
      'glsoat-',
      'glcbt-',
      'glft-',
      'glimt-',
      'glagent-',
      'gloas-',
      'glptt-',
    ],
    pattern:
      /gl(?:pat|dt|rt|soat|cbt|ft|imt|agent|oas|ptt)-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+)*(?![0-9A-Za-z_.-])/y,
    publicPrefix: upTo('-'),
    minEntropy: 3.3,
  },
  // GitLab runner registration tokens: GR1348941 and 20 characters.
  {
    id: 'gitlab-runner-registration-token',
    provider: 'GitLab',
    label: 'runner registration token',
    anchors: ['gr1348941'],
    pattern: /GR1348941[0-9A-Za-z_-]{20}(?![0-9A-Za-z_-])/y,
    publicPrefix: 9,
    minEntropy: 3.3,
  },
  // Atlassian API tokens (ATATT3…) and Bitbucket app passwords (ATBB…).
  {
    id: 'atlassian-token',
    provider: 'Atlassian',
    label: 'API token',
    anchors: ['atatt3', 'atbb'],
    pattern: /(?:ATATT3[A-Za-z0-9_=-]{180,}|ATBB[A-Za-z0-9]{28,})(?![A-Za-z0-9_=-])/y,
    publicPrefix: (value) => (value.startsWith('ATATT3') ? 6 : 4),
    minEntropy: 3.5,
  },
  // Slack tokens: xoxb- (bot), xoxp- (user), xoxa-/xoxr- (workspace app access/refresh),
  // xoxo-, xoxs-, xoxe- (rotating), optionally after an "xoxe." config-token prefix.
  {
    id: 'slack-token',
    provider: 'Slack',
    label: 'token',
    anchors: ['xoxa-', 'xoxb-', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.'],
    pattern: /xox[abposre](?:\.xox[bp])?-[0-9A-Za-z]+(?:-[0-9A-Za-z]+){1,5}(?![0-9A-Za-z-])/y,
    publicPrefix: upTo('-'),
    minEntropy: 3.3,
    validate: (value) => value.length >= 30 && /\d{6,}/.test(value),
  },
  // Slack app-level tokens: xapp-<n>-<app id>-<n>-<64 hex>.
  {
    id: 'slack-app-token',
    provider: 'Slack',
    label: 'app-level token',
    anchors: ['xapp-'],
    pattern: /xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}(?![A-Za-z0-9])/y,
    publicPrefix: 5,
    minEntropy: 3,
  },
  // Incoming webhooks: Slack, Discord and Microsoft Teams URLs carry their secret in the path.
  {
    id: 'slack-webhook',
    provider: 'Slack',
    label: 'incoming webhook URL',
    anchors: ['hooks.slack.com/'],
    pattern:
      /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]{16,}(?![A-Za-z0-9])/y,
    publicPrefix: upTo('/', 2),
    minEntropy: 3.3,
  },
  {
    id: 'discord-webhook',
    provider: 'Discord',
    label: 'webhook URL',
    anchors: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{60,}(?![A-Za-z0-9_-])/y,
    publicPrefix: upTo('/', 3),
    minEntropy: 3.5,
  },
  {
    id: 'teams-webhook',
    provider: 'Microsoft Teams',
    label: 'incoming webhook URL',
    anchors: ['webhook.office.com/webhookb2/'],
    pattern: /webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/._-]{60,}(?![A-Za-z0-9@/_-])/y,
    publicPrefix: upTo('/', 2),
    minEntropy: 3.3,
  },
  // Telegram bot tokens: the numeric bot ID, ":AA" and 33 URL-safe characters.
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    label: 'bot token',
    anchors: [':aa'],
    back: { chars: /[0-9]/, max: 10 },
    pattern: /\d{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])/y,
    publicPrefix: 0,
    minEntropy: 3.5,
  },
  // Stripe secret (sk_) and restricted (rk_) keys, live and test mode. Publishable keys
  // (pk_) are meant to be public and are not reported.
  {
    id: 'stripe-key',
    provider: 'Stripe',
    label: 'secret key',
    anchors: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    pattern: /[sr]k_(?:live|test)_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/y,
    publicPrefix: 8,
    minEntropy: 3.5,
  },
  {
    id: 'stripe-webhook-secret',
    provider: 'Stripe',
    label: 'webhook signing secret',
    anchors: ['whsec_'],
    pattern: /whsec_[A-Za-z0-9+/=]{32,}(?![A-Za-z0-9+/=])/y,
    publicPrefix: 6,
    minEntropy: 3.5,
  },
  // Square access tokens (EAAA… production, sq0atp- legacy) and OAuth secrets (sq0csp-).
  {
    id: 'square-token',
    provider: 'Square',
    label: 'access token',
    anchors: ['sq0atp-', 'sq0csp-', 'eaaa'],
    pattern:
      /(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![0-9A-Za-z_-])/y,
    publicPrefix: (value) => (value.startsWith('EAAA') ? 4 : 7),
    minEntropy: 3.5,
  },
  // PayPal Braintree access tokens.
  {
    id: 'braintree-token',
    provider: 'PayPal Braintree',
    label: 'access token',
    anchors: ['access_token$production$'],
    pattern: /access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![0-9a-f])/y,
    publicPrefix: 24,
    minEntropy: 3,
  },
  // Shopify admin API access tokens, custom-app, private-app and shared secrets.
  {
    id: 'shopify-token',
    provider: 'Shopify',
    label: 'access token',
    anchors: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/y,
    publicPrefix: 6,
    minEntropy: 3,
  },
  // OpenAI keys: project, service-account and admin keys (sk-proj-, sk-svcacct-, sk-admin-),
  // and user keys whose body carries the "T3BlbkFJ" marker.
  {
    id: 'openai-key',
    provider: 'OpenAI',
    label: 'API key',
    anchors: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 't3blbkfj'],
    back: { chars: /[A-Za-z0-9_-]/, max: 200 },
    pattern:
      /sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/y,
    publicPrefix: (value) => (/^sk-(?:proj|svcacct|admin)-/.test(value) ? upTo('-', 2)(value) : 3),
    minEntropy: 3.5,
  },
  // Anthropic API and admin keys: sk-ant-api03-…, sk-ant-admin01-….
  {
    id: 'anthropic-key',
    provider: 'Anthropic',
    label: 'API key',
    anchors: ['sk-ant-'],
    pattern: /sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,}(?![A-Za-z0-9_-])/y,
    publicPrefix: upTo('-', 3),
    minEntropy: 3.5,
  },
  // OpenRouter keys: sk-or-v1- and 64 hex characters.
  {
    id: 'openrouter-key',
    provider: 'OpenRouter',
    label: 'API key',
    anchors: ['sk-or-v1-'],
    pattern: /sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9])/y,
    publicPrefix: 9,
    minEntropy: 3,
  },
  // Older 48-character secret keys (sk- and 48 base62 characters, no project prefix).
  {
    id: 'openai-legacy-key',
    provider: 'OpenAI',
    label: 'API key',
    anchors: ['sk-'],
    pattern: /sk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/y,
    publicPrefix: 3,
    rank: -1,
    minEntropy: 4,
  },
  // Hugging Face user access tokens: hf_ and 34+ letters and digits.
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    label: 'access token',
    anchors: ['hf_'],
    pattern: /hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9_])/y,
    publicPrefix: 3,
    minEntropy: 3.8,
  },
  // Groq (gsk_), Replicate (r8_), xAI (xai-) and Perplexity (pplx-) API keys.
  {
    id: 'groq-key',
    provider: 'Groq',
    label: 'API key',
    anchors: ['gsk_'],
    pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 4,
  },
  {
    id: 'replicate-token',
    provider: 'Replicate',
    label: 'API token',
    anchors: ['r8_'],
    pattern: /r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/y,
    publicPrefix: 3,
    minEntropy: 3.8,
  },
  {
    id: 'xai-key',
    provider: 'xAI',
    label: 'API key',
    anchors: ['xai-'],
    pattern: /xai-[A-Za-z0-9]{70,90}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 4,
  },
  {
    id: 'perplexity-key',
    provider: 'Perplexity',
    label: 'API key',
    anchors: ['pplx-'],
    pattern: /pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/y,
    publicPrefix: 5,
    minEntropy: 4,
  },
  // npm access tokens: npm_ and 36 base62 characters.
  {
    id: 'npm-token',
    provider: 'npm',
    label: 'access token',
    anchors: ['npm_'],
    pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  // PyPI API tokens: "pypi-" and a macaroon whose base64 starts with "AgE".
  {
    id: 'pypi-token',
    provider: 'PyPI',
    label: 'API token',
    anchors: ['pypi-age'],
    pattern: /pypi-AgE[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])/y,
    publicPrefix: 5,
    minEntropy: 4,
  },
  // RubyGems API keys, NuGet API keys and Docker Hub personal access tokens.
  {
    id: 'rubygems-key',
    provider: 'RubyGems',
    label: 'API key',
    anchors: ['rubygems_'],
    pattern: /rubygems_[a-f0-9]{48}(?![A-Za-z0-9])/y,
    publicPrefix: 9,
    minEntropy: 3,
  },
  {
    id: 'nuget-key',
    provider: 'NuGet',
    label: 'API key',
    anchors: ['oy2'],
    pattern: /oy2[a-z0-9]{43}(?![A-Za-z0-9])/y,
    publicPrefix: 3,
    minEntropy: 3.8,
  },
  {
    id: 'docker-hub-token',
    provider: 'Docker Hub',
    label: 'personal access token',
    anchors: ['dckr_pat_'],
    pattern: /dckr_pat_[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])/y,
    publicPrefix: 9,
    minEntropy: 3.5,
  },
  // DigitalOcean personal, OAuth and refresh tokens: do[opr]_v1_ and 64 hex characters.
  {
    id: 'digitalocean-token',
    provider: 'DigitalOcean',
    label: 'token',
    anchors: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: /do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])/y,
    publicPrefix: 7,
    minEntropy: 3,
  },
  // HashiCorp Vault service and batch tokens, Terraform Cloud API tokens.
  {
    id: 'vault-token',
    provider: 'HashiCorp Vault',
    label: 'token',
    anchors: ['hvs.', 'hvb.'],
    pattern: /hv[sb]\.[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  {
    id: 'terraform-cloud-token',
    provider: 'Terraform Cloud',
    label: 'API token',
    anchors: ['.atlasv1.'],
    back: { chars: /[A-Za-z0-9]/, max: 14 },
    pattern: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/y,
    publicPrefix: 0,
    minEntropy: 3.5,
  },
  // SendGrid API keys: SG.<22>.<43>.
  {
    id: 'sendgrid-key',
    provider: 'SendGrid',
    label: 'API key',
    anchors: ['sg.'],
    pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/y,
    publicPrefix: 3,
    minEntropy: 3.5,
  },
  // Mailgun private API keys (key- and 32 hex) and Mailchimp API keys (32 hex, -us<dc>).
  {
    id: 'mailgun-key',
    provider: 'Mailgun',
    label: 'API key',
    anchors: ['key-'],
    pattern: /key-[a-f0-9]{32}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 3,
  },
  {
    id: 'mailchimp-key',
    provider: 'Mailchimp',
    label: 'API key',
    anchors: ['-us'],
    back: { chars: /[a-f0-9]/, max: 32 },
    pattern: /[a-f0-9]{32}-us\d{1,2}(?![A-Za-z0-9])/y,
    publicPrefix: 0,
    minEntropy: 3,
  },
  // Postman, Linear, Notion, Sentry, New Relic and Grafana tokens.
  {
    id: 'postman-key',
    provider: 'Postman',
    label: 'API key',
    anchors: ['pmak-'],
    pattern: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![A-Za-z0-9])/y,
    publicPrefix: 5,
    minEntropy: 3,
  },
  {
    id: 'linear-key',
    provider: 'Linear',
    label: 'API key',
    anchors: ['lin_api_'],
    pattern: /lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9])/y,
    publicPrefix: 8,
    minEntropy: 3.5,
  },
  {
    id: 'notion-token',
    provider: 'Notion',
    label: 'integration token',
    anchors: ['ntn_', 'secret_'],
    pattern: /(?:ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])/y,
    publicPrefix: (value) => (value.startsWith('ntn_') ? 4 : 7),
    minEntropy: 3.5,
  },
  {
    id: 'sentry-token',
    provider: 'Sentry',
    label: 'auth token',
    anchors: ['sntrys_', 'sntryu_'],
    pattern: /(?:sntrys_[A-Za-z0-9+/=_]{60,}|sntryu_[a-f0-9]{64})(?![A-Za-z0-9+/=_])/y,
    publicPrefix: 7,
    minEntropy: 3,
  },
  {
    id: 'newrelic-key',
    provider: 'New Relic',
    label: 'user API key',
    anchors: ['nrak-'],
    pattern: /NRAK-[A-Z0-9]{27}(?![A-Za-z0-9])/y,
    publicPrefix: 5,
    minEntropy: 3.3,
  },
  {
    id: 'grafana-token',
    provider: 'Grafana',
    label: 'token',
    anchors: ['glc_', 'glsa_'],
    pattern:
      /(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9+/=_])/y,
    publicPrefix: (value) => (value.startsWith('glc_') ? 4 : 5),
    minEntropy: 3.5,
  },
  // Supabase personal access tokens (sbp_) and secret API keys (sb_secret_).
  {
    id: 'supabase-key',
    provider: 'Supabase',
    label: 'secret key',
    anchors: ['sbp_', 'sb_secret_'],
    pattern: /(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/y,
    publicPrefix: (value) => (value.startsWith('sbp_') ? 4 : 10),
    minEntropy: 3,
  },
  // PlanetScale passwords and service tokens, Databricks, Fly.io and Doppler tokens.
  {
    id: 'planetscale-token',
    provider: 'PlanetScale',
    label: 'password or token',
    anchors: ['pscale_'],
    pattern: /pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}(?![A-Za-z0-9_.-])/y,
    publicPrefix: upTo('_', 2),
    minEntropy: 3.5,
  },
  {
    id: 'databricks-token',
    provider: 'Databricks',
    label: 'personal access token',
    anchors: ['dapi'],
    pattern: /dapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 3,
  },
  {
    id: 'flyio-token',
    provider: 'Fly.io',
    label: 'access token',
    anchors: ['fo1_', 'fm2_'],
    pattern: /(?:fo1_[A-Za-z0-9_-]{43}|fm2_[A-Za-z0-9+/=_-]{100,})(?![A-Za-z0-9+/=_-])/y,
    publicPrefix: 4,
    minEntropy: 3.5,
  },
  {
    id: 'doppler-token',
    provider: 'Doppler',
    label: 'token',
    anchors: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    pattern: /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9])/y,
    publicPrefix: upTo('.', 2),
    minEntropy: 3.5,
  },
  // Heroku API keys in the prefixed format (HRKU-).
  {
    id: 'heroku-key',
    provider: 'Heroku',
    label: 'API key',
    anchors: ['hrku-'],
    pattern: /HRKU-[A-Za-z0-9_-]{30,}(?![A-Za-z0-9_-])/y,
    publicPrefix: 5,
    minEntropy: 3.5,
  },
  // Alibaba Cloud AccessKey IDs (LTAI…).
  {
    id: 'alibaba-access-key-id',
    provider: 'Alibaba Cloud',
    label: 'AccessKey ID',
    anchors: ['ltai'],
    pattern: /LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/y,
    publicPrefix: 4,
    minEntropy: 3.3,
  },
  // Cloudflare Origin CA keys.
  {
    id: 'cloudflare-origin-ca-key',
    provider: 'Cloudflare',
    label: 'Origin CA key',
    anchors: ['v1.0-'],
    pattern: /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9])/y,
    publicPrefix: 5,
    minEntropy: 3,
  },
  // Mapbox secret tokens ("sk." and a JWT-like body) and Facebook user access tokens.
  {
    id: 'mapbox-secret-token',
    provider: 'Mapbox',
    label: 'secret token',
    anchors: ['sk.eyj'],
    pattern: /sk\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/y,
    publicPrefix: 3,
    minEntropy: 3.5,
  },
  {
    id: 'facebook-access-token',
    provider: 'Facebook',
    label: 'access token',
    anchors: ['eaacedeose0cba'],
    pattern: /EAACEdEose0cBA[0-9A-Za-z]{20,}(?![0-9A-Za-z])/y,
    publicPrefix: 14,
    minEntropy: 3.5,
  },
  // age encryption secret keys (Bech32).
  {
    id: 'age-secret-key',
    provider: 'age',
    label: 'secret key',
    anchors: ['age-secret-key-1'],
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/y,
    publicPrefix: 16,
    minEntropy: 3.5,
  },
  // JSON Web Tokens: base64url JSON header and payload (both start "eyJ", which is "{"),
  // and a signature (empty for alg "none", which is a forged token waiting to happen).
  {
    id: 'jwt',
    provider: 'JWT',
    label: 'JSON Web Token',
    anchors: ['eyj'],
    pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_.-])/y,
    publicPrefix: 3,
    rank: -1,
    minEntropy: 3.5,
    validate: (value) => {
      const decoded = decodeJwt(value);
      if (!decoded) return false;
      // Supabase's anon key is a JWT for the public role, published to browsers by design.
      return decoded.payload.role !== 'anon';
    },
  },
];
