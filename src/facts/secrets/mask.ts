/**
 * How a secret is shown anywhere Charter prints it (messages, data, reports, facts, cache):
 * a short prefix and the length, never the value. `publicPrefix` is the part of a provider
 * format that carries no secret (`ghp_`, `sk_live_`, `AKIA`); without one, at most four
 * characters and never more than an eighth of the value are shown.
 */
export function maskSecret(value: string, publicPrefix = 0): string {
  const shown =
    publicPrefix > 0
      ? Math.min(publicPrefix, value.length - 1)
      : Math.min(4, Math.floor(value.length / 8));
  return `${value.slice(0, Math.max(0, shown))}… (${value.length} chars)`;
}
