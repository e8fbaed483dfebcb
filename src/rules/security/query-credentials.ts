import { z } from 'zod';
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

const CREDENTIAL =
  /^(?:access_?token|token|id_?token|refresh_?token|auth|auth_?token|authorization|api_?key|apikey|x_?api_?key|key|secret|client_?secret|password|passwd|pwd|jwt|bearer|session_?id|sid|credentials?)$/i;

const OptionsSchema = z.object({ tests: testsOption(), ignore: ignoreOption() }).strict();

export const rule = defineRule({
  meta: {
    code: 'security/query-credentials',
    description:
      'A credential (token, api_key, password, …) is read from the URL query string, or put into one.',
    rationale:
      'URLs end up in access logs, proxy logs, browser history and Referer headers, so a token in the query string leaks to everyone who can read any of them. The rule finds handlers that read credential-named query parameters (req.query.token, request.args.get("api_key"), r.URL.Query().Get("token"), FastAPI `Query()` parameters, searchParams) and code that builds URLs with `?token=` or `&api_key=` outside tests.',
    remediation:
      'Send credentials in a header (Authorization: Bearer …, or X-API-Key) and read them from there. For browser streams that cannot set headers (EventSource), use a client that can (fetch-event-source) or a short-lived, single-use ticket.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const isTest = matcher(context.options.tests);
    const ignored = matcher(context.options.ignore);
    for (const match of matchesFor(context, 'query-credentials', ignored)) {
      let names: string[];
      if (match.variant === 'destructure') {
        names = (match.captures.PROPS ?? '')
          .split(',')
          .map((p) => (p.split(/[:=]/)[0] ?? '').trim())
          .filter((p) => CREDENTIAL.test(p));
        if (names.length === 0) continue;
      } else if (match.variant === 'url') {
        if (isTest(match.file)) continue;
        names = [];
      } else {
        names = [unquote(match.captures.NAME ?? '')];
      }
      const message =
        match.variant === 'url'
          ? `a credential is put into a URL query string: ${snippet(match.text)}`
          : `credential ${names.join(', ')} is read from the URL query string: ${snippet(match.text)}`;
      context.report({
        message,
        data: {
          variant: match.variant,
          ...(names.length ? { parameter: names.join(', ') } : {}),
          match: snippet(match.text),
        },
        location: locationOf(match),
      });
    }
  },
});
