import { z } from 'zod';
import { registeredRules } from '../rules/registry.js';
import { ContractSchema, SeveritySchema } from './schema.js';

export const SCHEMA_ID = 'https://unpkg.com/agent-charter/schema/charter.schema.json';

/**
 * The published JSON Schema: the contract schema, with `rules` spelled out per rule so
 * editors complete rule codes and validate each rule's options.
 */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ContractSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of [...registeredRules].sort((a, b) => a.meta.code.localeCompare(b.meta.code))) {
    const severity = z.toJSONSchema(SeveritySchema);
    delete severity.$schema;
    const entry: Record<string, unknown> = {
      type: 'object',
      properties: {
        severity,
        ...(rule.meta.options
          ? {
              options: stripSchemaKey(
                z.toJSONSchema(rule.meta.options, { io: 'input', unrepresentable: 'any' }),
              ),
            }
          : {}),
      },
      required: ['severity'],
      additionalProperties: false,
    };
    ruleProperties[rule.meta.code] = {
      description: rule.meta.description,
      anyOf: [severity, entry],
    };
  }
  properties.rules = {
    type: 'object',
    description: 'Rule code → severity, or { severity, options }. `charter rules` lists the codes.',
    properties: ruleProperties,
    additionalProperties: false,
  };
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'Charter contract (charter.yaml)',
    ...schema,
  };
}

function stripSchemaKey(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

export function renderContractJsonSchema(): string {
  return `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
}
