import { parse } from 'yaml';
import { z } from 'zod';

/** One finding a fixture expects; fields left out are not compared. */
export const ExpectedFindingSchema = z
  .object({
    code: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    line: z.number().int().min(1),
    column: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
    endColumn: z.number().int().min(1).optional(),
    message: z.string().optional(),
    severity: z.enum(['error', 'warn']).optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export type ExpectedFinding = z.infer<typeof ExpectedFindingSchema> & {
  code: string;
  file: string;
};

const ListSchema = z.array(ExpectedFindingSchema);

/** Parses an `<case>.expected.yaml`; throws with a readable message. */
export function parseExpected(
  text: string,
  defaults: { code: string; file?: string },
): ExpectedFinding[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new Error(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  // A list of findings, or { findings: [...] }.
  const raw =
    typeof data === 'object' && data !== null && !Array.isArray(data) && 'findings' in data
      ? (data as { findings: unknown }).findings
      : (data ?? []);
  const parsed = ListSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues
        .map(
          (i) =>
            `${
              i.path
                .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
                .join('')
                .replace(/^\./, '') || '(root)'
            }: ${i.message}`,
        )
        .join('; '),
    );
  }
  return parsed.data.map((item, index) => {
    const file = item.file ?? defaults.file;
    if (!file) throw new Error(`[${index}]: "file" is needed when a case has several files`);
    return { ...item, code: item.code ?? defaults.code, file };
  });
}

const MARKER = /charter-expect(?::[ \t]*([a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*))?/g;

/**
 * Inline expectations: a `charter-expect` comment (optionally `charter-expect: <code>`)
 * expects a finding on its own line, or, on a line of its own, on the next line.
 */
export function inlineExpectations(
  file: string,
  text: string,
  defaultCode: string,
): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((content, index) => {
    for (const match of content.matchAll(MARKER)) {
      const before = content
        .slice(0, match.index)
        .replace(/(?:\/\/+|\/\*+|\*+|#+|<!--|--|;+)/g, '')
        .trim();
      out.push({
        code: match[1] ?? defaultCode,
        file,
        line: before === '' ? index + 2 : index + 1,
      });
    }
  });
  return out;
}
