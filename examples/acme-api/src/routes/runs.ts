import { Router } from 'express';
import { requireApiKey } from '../middleware/auth.js';
import { db } from '../jobs/db.js';
import { startRun } from '../jobs/workflow.js';

export const runsRouter = Router();

runsRouter.post('/', requireApiKey, async (req, res) => {
  const run = await startRun(req.header('idempotency-key') ?? '', req.body);
  // Deliberate violation for the example: the handler writes job status itself.
  await db.jobs.update({ where: { id: run.id }, data: { status: 'running' } });
  res.status(202).json(run);
});
