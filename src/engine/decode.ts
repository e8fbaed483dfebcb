import type { SkippedInput } from './rule.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const BINARY_SNIFF_BYTES = 8000;

export type Decoded = { text: string } | { skipped: SkippedInput['reason']; size?: number };

/** Turns raw bytes into text, or says why the file cannot be checked as text. */
export function decodeSource(content: Buffer | Error, maxFileSize: number): Decoded {
  if (content instanceof Error) return { skipped: 'unreadable' };
  if (content.length > maxFileSize) return { skipped: 'too-large', size: content.length };
  const sniff = content.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { skipped: 'binary', size: content.length };
  try {
    return { text: decoder.decode(content) };
  } catch {
    return { skipped: 'not-utf8', size: content.length };
  }
}
