#!/usr/bin/env node
// Writes dist/build-id: a digest of every file tsc emitted. The hook daemon is named after it,
// so a rebuilt or upgraded Charter never asks a daemon that runs other code.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? files(full) : entry.name.endsWith('.js') ? [full] : [];
    })
    .sort();
}

const hash = createHash('sha1');
for (const file of files(DIST))
  hash.update(path.relative(DIST, file)).update('\0').update(readFileSync(file));
writeFileSync(path.join(DIST, 'build-id'), `${hash.digest('hex')}\n`);
