/** Everything a command may touch of the outside world, injected so tests can capture it. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): void; isTTY?: boolean };
  stderr: { write(text: string): void; isTTY?: boolean };
  /** Standard input, read fully; only commands that need it call it. */
  readStdin?: () => Promise<string>;
}

/** Colour follows the conventions users expect: NO_COLOR wins, FORCE_COLOR forces, else a TTY. */
export function colorEnabled(io: CliIo, stream: 'stdout' | 'stderr'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io[stream].isTTY === true && io.env.TERM !== 'dumb';
}
