import path from 'node:path';
import { BaselineSchema } from '../engine/baseline.js';
import type { Baseline } from '../engine/baseline.js';
import { CharterError } from './errors.js';
import { readTextIfExists, SpecialFileError, writeFileAtomic } from './fs.js';

export async function readBaseline(file: string): Promise<Baseline | undefined> {
  const text = await readTextIfExists(file).catch((error: unknown) => {
    if (!(error instanceof SpecialFileError)) throw error;
    throw new CharterError(
      'baseline/unreadable',
      error.message,
      'the baseline must be a regular file; regenerate it with "charter baseline"',
    );
  });
  return text === undefined ? undefined : parseBaseline(text, file);
}

/** A baseline's text, as read from disk or from a commit; `file` names it in errors. */
export function parseBaseline(text: string, file: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CharterError(
      'baseline/invalid',
      `${file} is not valid JSON: ${(error as Error).message}`,
      'regenerate it with "charter baseline"',
    );
  }
  const result = BaselineSchema.safeParse(parsed);
  if (!result.success) {
    throw new CharterError(
      'baseline/invalid',
      `${file} is not a Charter baseline: ${result.error.issues[0]?.message ?? 'invalid'}`,
      'regenerate it with "charter baseline"',
    );
  }
  return result.data;
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFileAtomic(path.resolve(file), `${JSON.stringify(baseline, null, 2)}\n`);
}
