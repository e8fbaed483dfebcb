import ignore from 'ignore';

/** Charter's local state (the fact cache): never committed. */
export const CHARTER_DIR_ENTRY = '.charter/';

export interface GitignoreUpdate {
  /** The new content, or undefined when nothing changes. */
  text: string | undefined;
  action: 'created' | 'appended' | 'present';
}

/** Adds `.charter/` to a .gitignore's text (undefined: there is none yet) unless it already ignores it. */
export function ensureCharterIgnored(current: string | undefined): GitignoreUpdate {
  if (current === undefined) return { text: `${CHARTER_DIR_ENTRY}\n`, action: 'created' };
  if (ignore().add(current).ignores(CHARTER_DIR_ENTRY))
    return { text: undefined, action: 'present' };
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return { text: `${current}${separator}${CHARTER_DIR_ENTRY}\n`, action: 'appended' };
}
