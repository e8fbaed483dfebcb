import { Router } from 'express';
import { requireBearer } from '../middleware/auth.js';

export const accountsRouter = Router();

accountsRouter.get('/me', requireBearer, (req, res) => {
  res.json({ id: 'acct_1', name: 'Example' });
});
