import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/api');

/** The files of fixture folders under test/fixtures/api, merged (later folders win). */
export function fixture(...names: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of names) {
    const base = path.join(ROOT, name);
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else
          files[path.relative(base, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
      }
    };
    walk(base);
  }
  return files;
}

/** The shop spec (split over five files) and a contract with planes and a production-gated path. */
export const SHOP_CONTRACT = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
planes:
  human:
    paths: ['/api/v1/accounts/**']
    auth: [bearer]
    middleware: [requireBearer, BearerGuard, require_bearer, RequireBearer, withBearer]
  machine:
    paths: ['/api/v1/runs/**']
    auth: [apiKey]
    middleware: [requireApiKey, requireAPIKey, ApiKeyGuard, require_api_key, RequireAPIKey, withApiKey]
environments:
  variable: APP_MODE
  modes:
    local: {}
    prod: { production: true }
  productionGated: ['/__debug/**']
rules:
  api/missing-idempotency-key: error
  api/undocumented-route:
    severity: error
    options: { ignore: ['/__debug/**'] }
`;

export const isApiCode = (code: string): boolean => code.startsWith('api/');

/** A framework app checked against the shop spec. */
export function shopApp(name: string): Record<string, string> {
  return fixture('_specs/shop', name);
}
