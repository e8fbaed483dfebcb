import type { SkippedInput } from './rule.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const BINARY_SNIFF_BYTES = 8000;

export type Decoded =
  { text: string } | { skipped: SkippedInput['reason']; size?: number } | { ignored: true };

export interface DecodePolicy {
  maxFileSize: number;
  largeFiles?: 'skip' | 'read';
  binaryFiles?: 'skip' | 'ignore';
}

/** Turns raw bytes into text, or says why the file cannot be checked as text. */
export function decodeSource(content: Buffer | Error, policy: DecodePolicy): Decoded {
  if (content instanceof Error) return { skipped: 'unreadable' };
  const sniff = content.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0))
    return policy.binaryFiles === 'ignore'
      ? { ignored: true }
      : { skipped: 'binary', size: content.length };
  if (content.length > policy.maxFileSize && policy.largeFiles !== 'read')
    return { skipped: 'too-large', size: content.length };
  try {
    return { text: decoder.decode(content) };
  } catch {
    return { skipped: 'not-utf8', size: content.length };
  }
}
