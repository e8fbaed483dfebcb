import { z } from 'zod';
import { validateGlob, validateRegex } from '../../contract/validators.js';
import { globMatcher } from '../../engine/globs.js';
import { defineRule } from '../../engine/rule.js';
import { secretsExtractor } from '../../facts/secrets/extractor.js';
import type { SecretsExtractorConfig } from '../../facts/secrets/extractor.js';
import { detectorIds, RULE_CODE } from '../../facts/secrets/scan.js';
import type { SecretFact } from '../../facts/secrets/scan.js';

const DETECTORS = detectorIds();

const OptionsSchema = z
  .object({
    allow: z
      .array(z.string().min(1))
      .default([])
      .describe('Regular expressions: a value that matches one is not reported (known fakes)'),
    disable: z
      .array(z.string().min(1))
      .default([])
      .describe(`Detectors to turn off: ${DETECTORS.join(', ')}`),
    fixtures: z
      .array(z.string().min(1))
      .default(['charter-tests/**'])
      .describe('Globs of fixture files that hold fake credentials on purpose; not scanned'),
    inlineAllow: z
      .boolean()
      .default(true)
      .describe(
        'Honour `charter:allow secrets/hardcoded-secret -- <reason>` comments (false: report everything)',
      ),
    localConnectionStrings: z
      .boolean()
      .default(false)
      .describe('Also report passwords in URLs to localhost, 127.0.0.1 and other local hosts'),
  })
  .strict()
  .superRefine((options, ctx) => {
    options.allow.forEach((source, index) => {
      const error = validateRegex(source);
      if (error) ctx.addIssue({ code: 'custom', path: ['allow', index], message: error });
    });
    options.disable.forEach((id, index) => {
      if (!DETECTORS.includes(id))
        ctx.addIssue({
          code: 'custom',
          path: ['disable', index],
          message: `unknown detector "${id}"; known: ${DETECTORS.join(', ')}`,
        });
    });
    options.fixtures.forEach((glob, index) => {
      const error = validateGlob(glob);
      if (error) ctx.addIssue({ code: 'custom', path: ['fixtures', index], message: error });
    });
  });

type Options = z.output<typeof OptionsSchema>;

function extractorConfig(options: Options): SecretsExtractorConfig {
  return {
    allow: options.allow,
    disable: options.disable,
    localConnectionStrings: options.localConnectionStrings,
  };
}

function describe(secret: SecretFact): string {
  if (secret.detector === 'generic-password' || secret.detector === 'generic-secret')
    return `${secret.label} assigned to ${secret.name ?? 'a secret name'} is hardcoded: ${secret.masked}`;
  if (secret.detector === 'connection-string' || secret.detector === 'url-credentials')
    return `${secret.label} for ${secret.name ?? 'a URL'} is hardcoded: ${secret.masked}`;
  if (secret.detector === 'private-key') return `${secret.label} is hardcoded: ${secret.masked}`;
  return `${secret.provider} ${secret.label} is hardcoded: ${secret.masked}`;
}

export const rule = defineRule({
  meta: {
    code: RULE_CODE,
    description:
      'A credential is written into a file: a provider token, a private key, a JWT, a password in a connection string, or a high-entropy value assigned to a secret name.',
    rationale:
      'A secret in a file is in every clone, fork, backup and log of the repository, and stays in git history after it is deleted. Charter recognises the published formats of cloud, VCS, chat, payment, LLM and package-registry tokens, private key blocks, JWTs and URLs with passwords, and judges values assigned to names like password, secret, token or api_key by their entropy. Placeholders, providers’ documented example keys, values read from the environment, lockfile hashes and declared fixtures are not reported. Findings never contain the value: only a short prefix and its length.',
    remediation:
      'Delete the value and rotate it: it has been exposed. Read it at run time instead (process.env.NAME, os.environ["NAME"], os.Getenv("NAME"), a secret manager). If the value is a documented fake, put `charter:allow secrets/hardcoded-secret -- <reason>` on its line or the line above.',
    defaultSeverity: 'error',
    locality: 'file',
    options: OptionsSchema,
    factsFor: (options) => [secretsExtractor(extractorConfig(options))],
  },
  check(context) {
    const options = context.options;
    const isFixture = globMatcher(options.fixtures, false);
    const facts = context.facts(secretsExtractor(extractorConfig(options)));
    for (const [file, found] of facts) {
      if (isFixture(file)) continue;
      for (const secret of found.secrets) {
        if (secret.allowed !== undefined && options.inlineAllow) continue;
        context.report({
          message: describe(secret),
          data: {
            detector: secret.detector,
            provider: secret.provider,
            secret: secret.masked,
            length: secret.length,
            ...(secret.name !== undefined ? { name: secret.name } : {}),
          },
          location: {
            file,
            line: secret.line,
            column: secret.column,
            endLine: secret.endLine,
            endColumn: secret.endColumn,
          },
        });
      }
      for (const allow of found.allows) {
        if (allow.reason) continue;
        context.report({
          message: `charter:allow ${RULE_CODE} without a reason allows nothing: add \`-- <reason>\``,
          remediation: `Write why the value is not a secret after \`--\`, e.g. \`charter:allow ${RULE_CODE} -- documented example key\`, or remove the comment.`,
          data: { problem: 'allow-without-reason' },
          location: { file, line: allow.line, column: allow.column, endColumn: allow.endColumn },
        });
      }
    }
  },
});
