/**
 * An error that stops a run before any rule runs: bad usage, a bad contract, a missing git
 * revision. It always maps to exit 2 and carries a stable code and a hint for the user.
 */
export class CharterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CharterError';
  }
}
