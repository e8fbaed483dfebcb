import { z } from 'zod';
import { contractRegex } from '../../contract/regex-safety.js';
import { validateRegex } from '../../contract/validators.js';
import { defineRule } from '../../engine/rule.js';
import { routeFacts } from '../../facts/routes/index.js';
import {
  DEFAULT_NOT_GOVERNED,
  globMatcher,
  loadRoutes,
  loadSpecs,
  openapiSourceIds,
  specExtractor,
} from './_api.js';

const OptionsSchema = z
  .object({
    names: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Regular expressions (case-insensitive) for credential names; default: names made of words such as token, secret, password, api key, access key, jwt, auth, session, signature',
      ),
    allow: z
      .array(z.string().min(1))
      .default([])
      .describe('Query parameter names that are not credentials (e.g. page_token)'),
    ignoreFiles: z
      .array(z.string().min(1))
      .optional()
      .describe('Code files not checked (default: tests and fixtures)'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.names?.forEach((source, index) => {
      const error = validateRegex(source, 'i');
      if (error) ctx.addIssue({ code: 'custom', path: ['names', index], message: error });
    });
  });

const CREDENTIAL_WORDS = new Set([
  'token',
  'tokens',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'apikey',
  'jwt',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'bearer',
  'sessionid',
  'sid',
  'signature',
  'sig',
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'private',
  'secret',
  'client',
  'auth',
  'session',
  'signing',
]);
/** Words that make a "token" something else: pagination cursors, idempotency keys. */
const NOT_CREDENTIAL = new Set([
  'page',
  'next',
  'prev',
  'previous',
  'continuation',
  'cursor',
  'sync',
  'idempotency',
  'csrf',
  'xsrf',
  'captcha',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a parameter name names a credential (token, api_key, X-API-Key, accessToken, …). */
export function isCredentialName(name: string, patterns?: readonly RegExp[]): boolean {
  if (patterns) return patterns.some((p) => p.test(name));
  const list = words(name);
  if (list.some((w) => NOT_CREDENTIAL.has(w))) return false;
  if (list.some((w) => CREDENTIAL_WORDS.has(w))) return true;
  // sessionId, api_key, access-key: compounds written as two words
  if (list.some((w, i) => i > 0 && CREDENTIAL_WORDS.has(`${list[i - 1] as string}${w}`)))
    return true;
  if (list.length === 1 && list[0] === 'key') return true;
  return list.some((w, i) => w === 'key' && i > 0 && KEY_QUALIFIERS.has(list[i - 1] as string));
}

export const rule = defineRule({
  meta: {
    code: 'api/query-token-auth',
    description:
      'Credentials travel in the URL: a spec query parameter or apiKey scheme, or code reading one.',
    rationale:
      'URLs end up in server logs, proxy logs, browser history and Referer headers; a token in the query string leaks through all of them. Operating contracts forbid it ("no query-token auth"). Charter reports a spec query parameter named like a credential, an apiKey security scheme `in: query`, and code that reads such a query value (req.query.token, request.query_params["access_token"], r.URL.Query().Get("api_key"), …).',
    remediation:
      'Send credentials in a header (Authorization: Bearer …, or an API key header) or a cookie; change the spec’s parameter or scheme to `in: header` and read the header in code. A query parameter that is not a credential (a pagination token) goes in the rule’s `allow` option.',
    defaultSeverity: 'error',
    sourcesOfTruth: openapiSourceIds,
    options: OptionsSchema,
    factsForContract: (_options, contract) => {
      const spec = specExtractor(contract);
      return spec ? [spec, ...routeFacts] : [...routeFacts];
    },
  },
  check(context) {
    const patterns = context.options.names?.map((source) => contractRegex(source, 'i'));
    const allow = new Set(context.options.allow.map((n) => n.toLowerCase()));
    const credential = (name: string): boolean =>
      !allow.has(name.toLowerCase()) && isCredentialName(name, patterns);
    for (const spec of loadSpecs(context)) {
      const reported = new Set<string>();
      for (const operation of spec.operations) {
        for (const parameter of operation.parameters) {
          if (
            parameter.in !== 'query' ||
            !credential(parameter.name) ||
            reported.has(parameter.definedAt)
          )
            continue;
          reported.add(parameter.definedAt);
          context.report({
            message: `query parameter "${parameter.name}" (${operation.method.toUpperCase()} ${operation.path}) carries a credential in the URL`,
            data: { name: parameter.name, in: 'query', spec: spec.source, where: 'spec' },
            location: parameter.location,
          });
        }
      }
      for (const scheme of spec.schemes) {
        if (scheme.type !== 'apiKey' || scheme.in !== 'query') continue;
        context.report({
          message: `security scheme "${scheme.name}" takes the API key ${scheme.parameterName ? `"${scheme.parameterName}" ` : ''}from the query string`,
          data: {
            name: scheme.parameterName ?? scheme.name,
            in: 'query',
            spec: spec.source,
            where: 'spec',
            scheme: scheme.name,
          },
          location: scheme.location,
        });
      }
    }
    const ignored = globMatcher(context.options.ignoreFiles ?? DEFAULT_NOT_GOVERNED);
    for (const read of loadRoutes(context).queryReads) {
      if (ignored(read.file) || !credential(read.name)) continue;
      context.report({
        message: `reads the credential "${read.name}" from the query string (${read.text})`,
        data: { name: read.name, in: 'query', where: 'code' },
        location: { file: read.file, ...read.loc },
      });
    }
  },
});
