import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import {
  ignoreOption,
  locationOf,
  matcher,
  matchesFor,
  nameWords,
  securityExtractor,
  snippet,
  unquote,
} from './_pack.js';

const AUTH_WORDS = new Set([
  'auth',
  'authn',
  'authz',
  'authentication',
  'authorization',
  'rbac',
  'acl',
  'login',
  'jwt',
  'security',
  'permission',
  'permissions',
  'sso',
  'oauth',
]);
const BYPASS_WORDS = new Set([
  'skip',
  'disable',
  'disabled',
  'bypass',
  'no',
  'off',
  'insecure',
  'fake',
  'mock',
  'stub',
  'unsafe',
  'ignore',
  'none',
]);

/** SKIP_AUTH, DISABLE_AUTH, AUTH_DISABLED, noAuth, bypassRbac, JWT_VERIFY_DISABLED. */
export function isBypassName(name: string): boolean {
  const words = nameWords(name).flatMap((w) =>
    w.startsWith('no') && AUTH_WORDS.has(w.slice(2)) ? ['no', w.slice(2)] : [w],
  );
  return words.some((w) => AUTH_WORDS.has(w)) && words.some((w) => BYPASS_WORDS.has(w));
}

const OptionsSchema = z.object({ ignore: ignoreOption() }).strict();

export const rule = defineRule({
  meta: {
    code: 'security/auth-bypass-flag',
    description:
      'Code reads or sets an auth bypass flag (SKIP_AUTH, DISABLE_AUTH, AUTH_DISABLED, …) or skips auth middleware when an environment check passes.',
    rationale:
      'A switch that turns authentication off is a production incident waiting for one wrong environment variable, and agents add them to make a failing test pass. The rule finds environment reads and constants whose names combine an auth word (auth, rbac, jwt, login, security) with a bypass word (skip, disable, bypass, no, off, insecure, fake, mock), options like `skipAuth: true`, and auth functions that call `next()` or return early when NODE_ENV, DEBUG or another environment condition holds, in TypeScript, JavaScript, Python and Go.',
    remediation:
      'Delete the bypass and the code path behind it. Tests that need a user sign in for real or sign a token with a test key; local development uses the same auth with a local identity provider or seeded user.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    const skip = matcher(context.options.ignore);
    for (const match of matchesFor(context, 'auth-bypass-flag', skip)) {
      const name = unquote(match.captures.NAME ?? '');
      let message: string;
      if (match.variant === 'env-skip') {
        message = `auth is skipped when an environment condition holds: ${snippet(match.text)}`;
      } else {
        const flag = name || snippet(match.text).split(/[\s:=]/)[0] || '';
        if (!isBypassName(flag)) continue;
        message =
          match.variant === 'env'
            ? `auth bypass flag ${flag} is read from the environment`
            : match.variant === 'option'
              ? `auth bypass option ${flag} is switched on`
              : `auth bypass flag ${flag} is switched on in code`;
      }
      context.report({
        message,
        data: {
          variant: match.variant,
          ...(name ? { flag: name } : {}),
          match: snippet(match.text),
        },
        location: locationOf(match),
      });
    }
  },
});
