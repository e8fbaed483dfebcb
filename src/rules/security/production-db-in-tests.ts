import { z } from 'zod';
import { contractRegex } from '../../contract/regex-safety.js';
import { validateRegex } from '../../contract/validators.js';
import { defineRule } from '../../engine/rule.js';
import {
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  securityExtractor,
  snippet,
  testsOption,
  unquote,
} from './_pack.js';

/** Managed database hosts: a URL to one of these is a real database, not a test container. */
const MANAGED_HOSTS =
  /\.(?:rds\.amazonaws\.com|neon\.tech|supabase\.co|pooler\.supabase\.com|psdb\.cloud|planetscale\.com|mongodb\.net|database\.windows\.net|postgres\.database\.azure\.com|mysql\.database\.azure\.com|cockroachlabs\.cloud|aivencloud\.com|render\.com|railway\.app|rlwy\.net|upstash\.io|redislabs\.com|redis-cloud\.com|timescale\.com|tsdb\.cloud\.timescale\.com|elephantsql\.com|digitaloceanspaces\.com|db\.ondigitalocean\.com|cloudsql|googleapis\.com|xata\.sh|turso\.io)$/i;
const PRODUCTION_WORD = /(?:^|[._\-/])(?:prod|production|prd|live|primary|master)(?:[._\-/]|\d|$)/i;
const TEST_WORD =
  /(?:^|[._\-/])(?:test|tests|testing|staging|stage|stg|dev|development|ci|sandbox|local|preview|qa|e2e|demo|example)(?:[._\-/]|\d|$)/i;
const PROD_DB_ENV =
  /(?:^|_)(?:prod|production|live|primary)(?:_[a-z0-9]+)*_(?:database|db|postgres|pg|mysql|mongo|redis|dsn)(?:_[a-z0-9]+)*$|(?:^|_)(?:database|db|dsn)(?:_[a-z0-9]+)*_(?:prod|production|live)$/i;

const OptionsSchema = z
  .object({
    tests: testsOption(),
    productionHosts: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Regular expressions for hosts of production databases, on top of managed-database hosts and "prod" names',
      )
      .superRefine((list, ctx) =>
        list.forEach((source, index) => {
          const error = validateRegex(source, 'iu');
          if (error) ctx.addIssue({ code: 'custom', path: [index], message: error });
        }),
      ),
    ignore: ignoreOption(),
  })
  .strict();

/** scheme://[user[:pass]@]host[:port][/db] from a string literal's text. */
export function parseDatabaseUrl(
  text: string,
): { scheme: string; host: string; database: string } | undefined {
  const match =
    /([a-z][a-z0-9+]*):\/\/(?:[^@/\s'"`]*@)?([^/:?\s'"`,]+)(?::\d+)?(?:\/([^?\s'"`]*))?/i.exec(
      text,
    );
  if (!match) return undefined;
  return {
    scheme: (match[1] as string).toLowerCase(),
    host: (match[2] as string).toLowerCase(),
    database: match[3] ?? '',
  };
}

export const rule = defineRule({
  meta: {
    code: 'security/production-db-in-tests',
    description:
      'A test connects to a production database: a URL to a managed or production-named database host, a PROD_DATABASE_URL variable, or the contract’s mode variable set to a production mode.',
    rationale:
      'Tests write, truncate and reseed; pointed at production they destroy or contaminate real data, and the credentials they need should never be in a test run. In test files the rule reports database URLs whose host is a managed database service (RDS, Neon, Supabase, PlanetScale, Atlas, Azure, …) or whose host or database name says prod/production/live (unless it also says test, staging, dev, ci), reads of PROD_DATABASE_URL-style variables, and tests that set the contract’s `environments` mode variable to a mode marked `production: true`.',
    remediation:
      'Point tests at a disposable database: a container (testcontainers, docker compose), a per-run branch, or the test mode’s own DATABASE_URL from the environment. Keep production credentials out of the test environment entirely.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const isTest = matcher(context.options.tests);
    const ignored = matcher(context.options.ignore);
    const extraHosts = context.options.productionHosts.map((source) => contractRegex(source, 'iu'));
    const environments = context.contract.data.environments;
    const productionModes = new Set(
      Object.entries(environments?.modes ?? {})
        .filter(([, mode]) => mode.production)
        .map(([name]) => name),
    );
    for (const match of matchesFor(
      context,
      'production-db-in-tests',
      (file) => !isTest(file) || ignored(file),
    )) {
      let message: string | undefined;
      let detail: Record<string, string> = {};
      if (match.variant === 'url') {
        const url = parseDatabaseUrl(unquote(match.text));
        if (!url) continue;
        const where = `${url.host}/${url.database}`;
        const production =
          extraHosts.some((re) => re.test(url.host)) ||
          (!TEST_WORD.test(where) && (MANAGED_HOSTS.test(url.host) || PRODUCTION_WORD.test(where)));
        if (!production) continue;
        message = `a test connects to a production database at ${url.scheme}://${url.host}`;
        detail = { host: url.host };
      } else if (match.variant === 'env') {
        const name = unquote(match.captures.NAME ?? '');
        if (!PROD_DB_ENV.test(name)) continue;
        message = `a test reads the production database variable ${name}`;
        detail = { variable: name };
      } else {
        const name = unquote(match.captures.NAME ?? '');
        const value = unquote(match.captures.V ?? '');
        if (!environments || name !== environments.variable || !productionModes.has(value))
          continue;
        message = `a test switches ${name} to the production mode "${value}"`;
        detail = { variable: name, mode: value };
      }
      context.report({
        message,
        data: { variant: match.variant, ...detail, match: snippet(match.text) },
        location: locationOf(match),
      });
    }
  },
});
