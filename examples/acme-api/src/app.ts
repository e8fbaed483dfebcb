import express from 'express';
import { accountsRouter } from './routes/accounts.js';
import { runsRouter } from './routes/runs.js';

export const app = express();
app.use(express.json());
app.use('/api/v1/accounts', accountsRouter);
app.use('/api/v1/runs', runsRouter);
