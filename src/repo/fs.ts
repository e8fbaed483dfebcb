import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** File-system access for everything outside a snapshot: cache, baseline, reports, init. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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

export async function fileExists(file: string): Promise<boolean> {
  return (await readTextIfExists(file).catch(() => '')) !== undefined;
}
