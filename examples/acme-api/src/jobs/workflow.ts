import { db } from './db.js';

const started = new Map<string, { id: string }>();

/** The only place allowed to move a job between states. */
export async function startRun(idempotencyKey: string, _input: unknown): Promise<{ id: string }> {
  const existing = started.get(idempotencyKey);
  if (existing) return existing;
  const run = { id: `run_${started.size + 1}` };
  started.set(idempotencyKey, run);
  await db.jobs.update({ where: { id: run.id }, data: { status: 'queued' } });
  return run;
}
