/** Shannon entropy in bits per character: how unpredictable a value's characters are. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export interface CharacterClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
  /** How many of the four classes occur. */
  count: number;
}

export function characterClasses(value: string): CharacterClasses {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 48 && c <= 57) digit = true;
    else symbol = true;
  }
  return { lower, upper, digit, symbol, count: +lower + +upper + +digit + +symbol };
}

export const isHex = (value: string): boolean =>
  /^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value);
