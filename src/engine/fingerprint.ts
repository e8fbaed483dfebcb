import { createHash } from 'node:crypto';

export function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/**
 * A fingerprint that survives line shifts: it hashes what is on the line, not where the line
 * is, plus how many identical findings precede it in the same file.
 */
export function fingerprintOf(
  code: string,
  file: string,
  lineText: string,
  occurrence: number,
): string {
  return createHash('sha256')
    .update(`${code}\0${file}\0${normalizeLine(lineText)}\0${occurrence}`)
    .digest('hex')
    .slice(0, 32);
}
