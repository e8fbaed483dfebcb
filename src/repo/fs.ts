import { constants as fsConstants } from 'node:fs';
import type { Stats } from 'node:fs';
import { mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What reading one file found: its bytes, nothing there, or a reason it was not read. */
export type FileRead =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'missing' }
  /** A FIFO, a device or a socket: never read, since a read may never end. */
  | { kind: 'special'; what: string }
  | { kind: 'too-large'; size: number };

/** What a file that is not a regular file (nor a folder) is, in words; undefined otherwise. */
export function specialFileKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return undefined;
}

/**
 * Reads a file (following symlinks) without ever blocking on it: a FIFO or a device is
 * recognised before it is opened, and once more after a non-blocking open (it may have been
 * swapped in between). A file over `maxBytes` is not read past the limit.
 */
export async function readRegularFile(file: string, maxBytes = Infinity): Promise<FileRead> {
  let before: Stats;
  try {
    before = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const special = specialFileKind(before);
  if (special) return { kind: 'special', what: special };
  const handle = await open(
    file,
    fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY,
  );
  try {
    const opened = await handle.stat();
    const swapped = specialFileKind(opened);
    if (swapped) return { kind: 'special', what: swapped };
    if (opened.size > maxBytes) return { kind: 'too-large', size: opened.size };
    if (maxBytes === Infinity) return { kind: 'bytes', bytes: await handle.readFile() };
    // The file may grow while it is read: never read more than one byte past the limit.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { kind: 'too-large', size: length };
    }
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

/** A file that is a FIFO, a device or a socket, where a regular file was expected. */
export class SpecialFileError extends Error {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(`${file} is ${what}, not a regular file; Charter does not read it`);
    this.name = 'SpecialFileError';
  }
}

/** A file's bytes, undefined when there is none; a FIFO or a device is a SpecialFileError. */
export async function readBytesIfExists(file: string): Promise<Buffer | undefined> {
  const read = await readRegularFile(file);
  switch (read.kind) {
    case 'missing':
      return undefined;
    case 'special':
      throw new SpecialFileError(file, read.what);
    case 'too-large': // only with a limit, and none was given
      throw new Error(`${file} is larger than ${read.size} bytes`);
    case 'bytes':
      return read.bytes;
  }
}

/** File-system access for everything outside a snapshot: cache, baseline, reports, init. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  return (await readBytesIfExists(file))?.toString('utf8');
}

export async function readBytes(file: string): Promise<Buffer> {
  return readFile(file);
}

/** Writes through a temporary file and a rename, so readers never see half a file. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

/** Whether anything is at `file` (a FIFO too: it is found, and refused when it is read). */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
