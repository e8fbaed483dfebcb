/**
 * Deterministic fake credentials for tests, built at run time so the test sources hold no
 * literal that looks like a key (Charter checks its own repository with this rule).
 */
export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64 = `${BASE62}+/`;
export const BASE64URL = `${BASE62}-_`;
export const HEX = '0123456789abcdef';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let counter = 1;

/** `length` random characters of `alphabet`, different on every call, same on every run. */
export function random(length: number, alphabet = BASE62, seed = counter++): string {
  const next = mulberry32(seed * 7919);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** prefix + random body: the shape of most provider tokens. */
export function token(prefix: string, length: number, alphabet = BASE62): string {
  return prefix + random(length, alphabet);
}

const b64url = (text: string): string => Buffer.from(text).toString('base64url');

/** A signed-looking JWT with the given claims. */
export function jwt(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.${random(43, BASE64URL)}`;
}

/** A PEM private key block of `lines` base64 lines. */
export function pem(kind = 'RSA PRIVATE KEY', lines = 4): string {
  const body = Array.from({ length: lines }, () => random(64, BASE64));
  return [`-----BEGIN ${kind}-----`, ...body, `-----END ${kind}-----`].join('\n');
}
