import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  globList,
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  securityExtractor,
  snippet,
} from './_pack.js';

export const DEFAULT_MIGRATIONS = [
  '**/migrations/**',
  '**/migration/**',
  '**/migrate/**',
  '**/alembic/versions/**',
  '**/db/migrate/**',
  '**/*.migration.*',
  '**/*_migration.*',
];

const OptionsSchema = z
  .object({
    migrations: globList('Where database migrations live', DEFAULT_MIGRATIONS),
    ignore: ignoreOption(),
  })
  .strict();

export const rule = defineRule({
  meta: {
    code: 'security/http-in-migration',
    description: 'A database migration makes an HTTP call.',
    rationale:
      'Migrations belong to the database plane: they run with DATABASE_URL, must be repeatable, and must not depend on a running service, its auth or the network. An HTTP call inside one mixes planes, fails or double-applies when the service is down or retried, and usually carries credentials it should not have. The rule finds fetch, axios, got, http(s).request, requests, httpx, urllib, aiohttp and Go net/http calls in files matching `migrations`.',
    remediation:
      'Do the data change in SQL (or the migration tool’s operations) only. If data must come from another service, export it first and load it as a seed, or run a separate backfill job after the migration.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const isMigration = matcher(context.options.migrations);
    const ignored = matcher(context.options.ignore);
    for (const match of matchesFor(
      context,
      'http-in-migration',
      (file) => !isMigration(file) || ignored(file),
    )) {
      context.report({
        message: `HTTP call in a database migration: ${snippet(match.text)}`,
        data: { variant: match.variant, match: snippet(match.text) },
        location: locationOf(match),
      });
    }
  },
});
