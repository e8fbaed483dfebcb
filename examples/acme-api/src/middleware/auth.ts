import type { NextFunction, Request, Response } from 'express';
import { verifyJwt, verifyApiKey } from './verify.js';

export function requireBearer(req: Request, res: Response, next: NextFunction): void {
  // Deliberate violation for the example: an auth bypass flag.
  if (process.env.SKIP_AUTH === 'true') return next();
  const header = req.header('authorization') ?? '';
  if (!header.startsWith('Bearer ') || !verifyJwt(header.slice(7))) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
}

export function requireApiKey(req: Request, res: Response, next: NextFunction): void {
  // Deliberate violation for the example: a credential read from the URL.
  const key = req.header('x-api-key') ?? req.query.api_key;
  if (typeof key !== 'string' || !verifyApiKey(key)) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
}
