/**
 * Rejects regular expressions that can backtrack catastrophically on adversarial input: a
 * repeated group that itself contains an unbounded repetition (`(a+)+`, `(\w*)*`), i.e. a
 * star height above one. Conservative on purpose: a contract regex runs on every file of an
 * untrusted change, so a pattern that may hang a hook is refused.
 */
export function checkRegexSafety(source: string): string | undefined {
  const stack: { quantified: boolean }[] = [{ quantified: false }];
  let lastClosed: { quantified: boolean } | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      lastClosed = undefined;
      continue;
    }
    if (ch === '[') {
      // Skip a character class; quantifiers inside it are literals.
      i++;
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++;
        i++;
      }
      lastClosed = undefined;
      continue;
    }
    if (ch === '(') {
      stack.push({ quantified: false });
      lastClosed = undefined;
      continue;
    }
    if (ch === ')') {
      lastClosed = stack.length > 1 ? stack.pop() : undefined;
      continue;
    }
    const isQuantifier =
      ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\d*\}/.test(source.slice(i)));
    if (isQuantifier) {
      const unbounded = ch !== '{' || /^\{\d+,\}/.test(source.slice(i));
      if (lastClosed?.quantified && unbounded) {
        return `unsafe regular expression: the repeated group before offset ${i} contains a repetition itself and can backtrack exponentially; rewrite it without nested repetition`;
      }
      const top = stack[stack.length - 1];
      if (top && unbounded) top.quantified = true;
      lastClosed = undefined;
      continue;
    }
    if (ch === '?') continue;
    lastClosed = undefined;
  }
  return undefined;
}
