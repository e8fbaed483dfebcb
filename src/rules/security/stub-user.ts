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

const OptionsSchema = z.object({ tests: testsOption(), ignore: ignoreOption() }).strict();

export const rule = defineRule({
  meta: {
    code: 'security/stub-user',
    description:
      'Outside tests: a hardcoded user is put on the request (req.user = { … }), returned by a current-user function, or declared as a stub/fake/mock user.',
    rationale:
      'A stub user is a ghost principal: every request that reaches it acts as someone nobody authenticated, usually with an admin role. It appears when auth is "temporarily" replaced to unblock work and then ships. The rule finds object literals assigned to request.user, request.state.user, g.user or res.locals.user, current-user functions that return a literal, context values holding a literal user (Go), and variables named stubUser, FAKE_USER, mockAdmin and the like, outside tests.',
    remediation:
      'Take the user from verified credentials only (the session or a verified token). Tests create users through the real sign-up path or a fixture; local development signs in against a local identity provider.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const isTest = matcher(context.options.tests);
    const ignored = matcher(context.options.ignore);
    for (const match of matchesFor(context, 'stub-user', (file) => isTest(file) || ignored(file))) {
      const name = unquote(match.captures.NAME ?? '');
      const message =
        match.variant === 'named'
          ? `stub user ${name} declared outside tests`
          : match.variant === 'return'
            ? `a current-user function returns a hardcoded user: ${snippet(match.text)}`
            : `a hardcoded user is put on the request: ${snippet(match.text)}`;
      context.report({
        message,
        data: { variant: match.variant, match: snippet(match.text), ...(name ? { name } : {}) },
        location: locationOf(match),
      });
    }
  },
});
