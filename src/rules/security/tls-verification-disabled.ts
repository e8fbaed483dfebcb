import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  securityExtractor,
  snippet,
} from './_pack.js';

const OptionsSchema = z.object({ ignore: ignoreOption() }).strict();

export const rule = defineRule({
  meta: {
    code: 'security/tls-verification-disabled',
    description:
      'TLS certificate verification is turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0, verify=False, CERT_NONE, InsecureSkipVerify: true).',
    rationale:
      'Without certificate verification, TLS still encrypts but no longer proves who is on the other end: anyone on the network path can intercept credentials and data. It is the usual quick fix for a self-signed certificate error, and it ships. The rule finds the switches of Node.js (https, undici, request, pg, axios agents), Python (requests, httpx, aiohttp, ssl) and Go (crypto/tls).',
    remediation:
      'Keep verification on and trust the right certificate instead: pass the CA bundle (ca: …, verify="/path/ca.pem", RootCAs), or fix the server’s certificate chain.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    for (const match of matchesFor(
      context,
      'tls-verification-disabled',
      matcher(context.options.ignore),
    )) {
      context.report({
        message: `TLS certificate verification is disabled: ${snippet(match.text)}`,
        data: { variant: match.variant, match: snippet(match.text) },
        location: locationOf(match),
      });
    }
  },
});
