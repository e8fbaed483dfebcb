import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CharterError } from './errors.js';
import { readBytesIfExists, readTextIfExists } from './fs.js';

/**
 * Reads the fixture folders of `charter test`:
 *
 *   charter-tests/<pack>/<rule>/charter.yaml            optional: the contract for these cases
 *   charter-tests/<pack>/<rule>/valid/<case>            a file, or a folder of files
 *   charter-tests/<pack>/<rule>/invalid/<case>
 *   charter-tests/<pack>/<rule>/invalid/<case>.expected.yaml   the expected findings
 */

export interface FixtureFile {
  /** Relative to the case: the file's path in the repository the case stands for. */
  path: string;
  content: Buffer;
}

export interface FixtureCase {
  kind: 'valid' | 'invalid';
  /** The entry's name under valid/ or invalid/. */
  name: string;
  /** Where the case is, relative to the fixtures root, for messages. */
  location: string;
  files: FixtureFile[];
  /** The sidecar with expected findings, when there is one. */
  expected?: { location: string; text: string };
}

export interface FixtureSuite {
  /** The rule code, from the folder names (`custom/no-auth-bypass`). */
  code: string;
  location: string;
  contract?: { location: string; text: string };
  cases: FixtureCase[];
}

const EXPECTED = /\.expected\.ya?ml$/;
const SKIPPED = new Set(['.git', 'node_modules', '.DS_Store']);

async function isDirectory(target: string): Promise<boolean> {
  return (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIPPED.has(entry.name)) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

/** A fixture file's bytes; a FIFO or a device is an error, never a read that blocks. */
async function readFixtureFile(file: string): Promise<Buffer> {
  const bytes = await readBytesIfExists(file);
  if (bytes === undefined) throw new Error(`${file} disappeared while it was read`);
  return bytes;
}

async function readCase(
  root: string,
  kindDir: string,
  kind: 'valid' | 'invalid',
  name: string,
): Promise<FixtureCase> {
  const full = path.join(kindDir, name);
  const location = path.relative(root, full).split(path.sep).join('/');
  const files: FixtureFile[] = [];
  if (await isDirectory(full)) {
    for (const file of await listFiles(full))
      files.push({ path: file, content: await readFixtureFile(path.join(full, file)) });
  } else {
    files.push({ path: name, content: await readFixtureFile(full) });
  }
  let expected: FixtureCase['expected'];
  for (const ext of ['yaml', 'yml']) {
    const sidecar = `${full}.expected.${ext}`;
    const text = await readTextIfExists(sidecar);
    if (text !== undefined) {
      expected = { location: path.relative(root, sidecar).split(path.sep).join('/'), text };
      break;
    }
  }
  return { kind, name, location, files, ...(expected ? { expected } : {}) };
}

/** Every suite under `dir`; an empty list when the folder does not exist. */
export async function readFixtureSuites(root: string, dir: string): Promise<FixtureSuite[]> {
  const base = path.resolve(root, dir);
  if (!(await isDirectory(base))) return [];
  const suites: FixtureSuite[] = [];
  try {
    for (const pack of (await readdir(base)).sort()) {
      if (!(await isDirectory(path.join(base, pack))) || SKIPPED.has(pack)) continue;
      for (const name of (await readdir(path.join(base, pack))).sort()) {
        const suiteDir = path.join(base, pack, name);
        if (!(await isDirectory(suiteDir))) continue;
        const cases: FixtureCase[] = [];
        for (const kind of ['valid', 'invalid'] as const) {
          const kindDir = path.join(suiteDir, kind);
          if (!(await isDirectory(kindDir))) continue;
          for (const entry of (await readdir(kindDir)).sort()) {
            if (EXPECTED.test(entry) || SKIPPED.has(entry)) continue;
            cases.push(await readCase(root, kindDir, kind, entry));
          }
        }
        const contractFile = path.join(suiteDir, 'charter.yaml');
        const contractText = await readTextIfExists(contractFile);
        suites.push({
          code: `${pack}/${name}`,
          location: path.relative(root, suiteDir).split(path.sep).join('/'),
          ...(contractText !== undefined
            ? {
                contract: {
                  location: path.relative(root, contractFile).split(path.sep).join('/'),
                  text: contractText,
                },
              }
            : {}),
          cases,
        });
      }
    }
  } catch (error) {
    throw new CharterError(
      'usage/unreadable-fixtures',
      `cannot read the fixtures under ${dir}: ${(error as Error).message}`,
    );
  }
  return suites;
}
