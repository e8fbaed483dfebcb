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

/**
 * The most an agent's event on stdin may hold. Real events are far smaller (a Write of a
 * large file is a few MiB); a larger one is refused before it is held in memory in full.
 */
export const STDIN_MAX_BYTES = 64 * 1024 * 1024;

/** Stdin holds more than the limit: the event is not read, and the hook denies. */
export class StdinTooLargeError extends Error {
  readonly code = 'hook/input-too-large';
  readonly hint =
    'Split the change into smaller edits; an agent event on stdin may hold at most 64 MiB.';
  constructor(readonly maxBytes: number) {
    super(`stdin holds more than ${maxBytes} bytes; the rest of it was not read`);
    this.name = 'StdinTooLargeError';
  }
}

/** The readable side of stdin, as much of it as reading needs. */
export interface StdinStream {
  isTTY?: boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  destroy(): unknown;
}

/**
 * Reads a stream to its end as UTF-8 (a terminal is read as nothing). Past `maxBytes` it stops
 * reading, closes the stream and rejects with StdinTooLargeError.
 */
export function readStdinText(stream: StdinStream, maxBytes = STDIN_MAX_BYTES): Promise<string> {
  if (stream.isTTY) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stream.off('data', onData);
      chunks.length = 0;
      stream.destroy();
      reject(new StdinTooLargeError(maxBytes));
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
