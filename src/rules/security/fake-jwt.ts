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
} from './_pack.js';

const OptionsSchema = z.object({ tests: testsOption(), ignore: ignoreOption() }).strict();

const MESSAGES: Record<string, string> = {
  'alg-none':
    'JWTs with alg "none" are accepted or made: they carry no signature, so anyone can forge one',
  'unverified-decode': 'a JWT is decoded without verifying its signature',
  'literal-secret':
    'JWTs are signed or verified with a secret written in the code: anyone who can read it can forge tokens',
  literal: 'a JWT is hardcoded in code outside tests',
};

export const rule = defineRule({
  meta: {
    code: 'security/fake-jwt',
    description:
      'Outside tests: a hardcoded JWT, a JWT decoded without verification, the "none" algorithm, or a signing secret written in the code.',
    rationale:
      'A token the server does not really verify is a fake credential: alg "none", `jwt.decode` instead of `jwt.verify`, PyJWT’s `verify_signature: False`, Go’s `ParseUnverified`, or a signing secret in the source that anyone with the repository can use to mint tokens. A JWT literal in application code is a credential that someone will reuse. Tests are exempt (the `tests` option).',
    remediation:
      'Verify every token with the issuer’s key (`jwt.verify`, `jwt.decode(..., algorithms=[...])` with a key, `jwt.Parse` with a key func) and read signing secrets from the environment or a secret manager. Remove hardcoded tokens; tests sign their own with a test key.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const isTest = matcher(context.options.tests);
    const ignored = matcher(context.options.ignore);
    for (const match of matchesFor(context, 'fake-jwt', (file) => isTest(file) || ignored(file))) {
      const text = match.text; // signing secrets are masked by the extractor
      context.report({
        message: `${MESSAGES[match.variant] ?? 'fake JWT'}: ${snippet(text)}`,
        data: { variant: match.variant, match: snippet(text) },
        location: locationOf(match),
      });
    }
  },
});
