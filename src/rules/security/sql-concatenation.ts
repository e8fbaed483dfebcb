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
    code: 'security/sql-concatenation',
    description: 'SQL text is built by concatenating or interpolating request input.',
    rationale:
      'SQL built from request input is SQL injection: the caller writes part of the query. The rule finds string concatenation (+, %), template literals, f-strings, str.format and fmt.Sprintf that contain SQL (SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM, WHERE …=) together with request input (req.body, req.query, req.params, request.args, request.form, r.URL.Query(), c.Query(), …). Tagged templates (sql`…`) that parameterise are not reported.',
    remediation:
      'Use placeholders and pass the values separately: db.query("… WHERE id = $1", [id]), cursor.execute("… WHERE id = %s", (id,)), db.Query("… WHERE id = ?", id), or a query builder / ORM. Identifiers (column or table names) come from a fixed allowlist, never from input.',
    defaultSeverity: 'off',
    locality: 'file',
    options: OptionsSchema,
    facts: [securityExtractor],
  },
  check(context) {
    for (const match of matchesFor(context, 'sql-concatenation', matcher(context.options.ignore))) {
      context.report({
        message: `SQL is built from request input: ${snippet(match.text)}`,
        data: { variant: match.variant, match: snippet(match.text) },
        location: locationOf(match),
      });
    }
  },
});
