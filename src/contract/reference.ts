import { contractJsonSchema } from './json-schema.js';
import { registeredRules } from '../rules/registry.js';
import { ENGINE_CODES } from '../engine/engine-codes.js';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'object';
}

function rows(schema: JsonSchema, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (key === '$schema' || (prefix === '' && key === 'rules')) continue;
    const name = `${prefix}${key}`;
    const required = schema.required?.includes(key) ? 'yes' : '';
    const item = child.type === 'array' ? child.items : undefined;
    const shown = item?.properties ? 'list of objects' : typeOf(child);
    out.push(
      `| \`${name}\` | ${shown} | ${required} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`,
    );
    if (item?.properties) out.push(...rows(item, `${name}[].`));
  }
  return out;
}

/** The README's contract reference, generated from the schema so it cannot drift. */
export function renderContractReference(): string {
  const schema = contractJsonSchema() as JsonSchema;
  return [
    '| key | type | required | meaning |',
    '|---|---|---|---|',
    ...rows(schema, ''),
    '| `rules` | map of rule code → `error` \\| `warn` \\| `off` \\| `{ severity, options }` |  | Rule code → severity, or { severity, options }; options per rule are in the rule’s docs page and the JSON Schema |',
  ].join('\n');
}

/** The README's rule list, generated from the registry. */
export function renderRuleList(): string {
  return [
    '| code | default | what it reports |',
    '|---|---|---|',
    ...registeredRules.map(
      (r) =>
        `| [\`${r.meta.code}\`](docs/rules/${r.meta.code}.md) | ${r.meta.defaultSeverity} | ${r.meta.description} |`,
    ),
    ...ENGINE_CODES.map(
      (c) => `| [\`${c.code}\`](docs/rules/${c.code}.md) | error (engine) | ${c.description} |`,
    ),
  ].join('\n');
}
