import { createHmac, timingSafeEqual } from 'node:crypto';

const keys = new Set((process.env.ACME_API_KEYS ?? '').split(',').filter(Boolean));

export function verifyApiKey(key: string): boolean {
  return keys.has(key);
}

export function verifyJwt(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const secret = process.env.ACME_JWT_SECRET;
  if (!secret) return false;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return (
    expected.length === signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}
