import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextIfExists } from './fs.js';

/** The package's own docs folder: `charter explain` reads rule pages from it. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readDocsPage(relative: string): Promise<string | undefined> {
  return readTextIfExists(path.join(PACKAGE_ROOT, relative));
}
