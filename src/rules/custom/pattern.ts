import { z } from 'zod';
import { defineRule } from '../../engine/rule.js';
import { compileError, PatternSchema } from '../../facts/patterns/compile.js';
import { patternMatchExtractor } from '../../facts/patterns/extractor.js';
import { validateGlob } from '../../contract/validators.js';

const OptionsSchema = z
  .object({
    patterns: z.array(PatternSchema).default([]).describe('The team’s own structural rules'),
  })
  .strict()
  .superRefine(
    (options, ctx) => {
      if (!Array.isArray(options.patterns)) return;
      const ids = new Set<string>();
      options.patterns.forEach((pattern, index) => {
        // Runs even when another entry is malformed, so every problem is reported at once.
        if (!PatternSchema.safeParse(pattern).success) return;
        if (ids.has(pattern.id))
          ctx.addIssue({
            code: 'custom',
            path: ['patterns', index, 'id'],
            message: `duplicate pattern id "${pattern.id}"`,
          });
        ids.add(pattern.id);
        for (const key of ['files', 'ignores'] as const) {
          pattern[key]?.forEach((glob, globIndex) => {
            const error = validateGlob(glob);
            if (error)
              ctx.addIssue({
                code: 'custom',
                path: ['patterns', index, key, globIndex],
                message: error,
              });
          });
        }
        const error = compileError(pattern);
        if (error)
          ctx.addIssue({ code: 'custom', path: ['patterns', index, 'rule'], message: error });
      });
    },
    { when: () => true },
  );

const CODE_PREFIX = 'custom/';

export const rule = defineRule({
  meta: {
    code: 'custom/pattern',
    description: 'Structural rules the team writes in the contract, in ast-grep’s rule format.',
    rationale:
      'Turns a prose rule such as "never read process.env.SKIP_AUTH" or "handlers never update job status directly" into a structural check on TypeScript, JavaScript, TSX, Python and Go. Each entry reports under its own code, custom/<id>.',
    remediation: 'Change the code so the pattern no longer matches, as the message says.',
    defaultSeverity: 'error',
    locality: 'file',
    options: OptionsSchema,
    reportsCodes: (options) => options.patterns.map((p) => `${CODE_PREFIX}${p.id}`),
    factsFor: (options) =>
      options.patterns.length > 0 ? [patternMatchExtractor(options.patterns)] : [],
  },
  check(context) {
    const { patterns } = context.options;
    if (patterns.length === 0) return;
    const byId = new Map(patterns.map((p) => [p.id, p]));
    const facts = context.facts(patternMatchExtractor(patterns));
    for (const [file, matches] of facts) {
      for (const match of matches) {
        const pattern = byId.get(match.id);
        if (!pattern) continue;
        // `$NAME` and `$$$NAME` (a multi-node capture) both interpolate the capture named NAME.
        const message = pattern.message.replace(
          /\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g,
          (whole, name: string) => match.captures[name] ?? whole,
        );
        context.report({
          code: `${CODE_PREFIX}${pattern.id}`,
          message,
          ...(pattern.severity ? { severity: pattern.severity } : {}),
          ...(pattern.remediation ? { remediation: pattern.remediation } : {}),
          data: { pattern: pattern.id, match: match.text, ...match.captures },
          location: {
            file,
            line: match.start.line + 1,
            column: match.start.column + 1,
            endLine: match.end.line + 1,
            endColumn: match.end.column + 1,
          },
        });
      }
    }
  },
});
