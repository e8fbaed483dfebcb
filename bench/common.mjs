// Helpers the benchmarks share: the machine and build a run describes, GNU time, tables.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The machine and the Charter build a run measured. */
export function machineInfo() {
  const cpus = os.cpus();
  let project = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bin'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    project = `${head}${dirty ? ' (with uncommitted changes in src/ or bin/)' : ''}`;
  } catch {
    // not a git checkout
  }
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const built = statSync(path.join(ROOT, 'dist', 'cli', 'main.js')).mtime.toISOString();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${process.arch}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1073741824) * 10) / 10,
    charter: `${pkg.version} @ ${project}, dist/ built ${built}`,
  };
}

/** GNU time, which reports max RSS and CPU of the measured process; undefined elsewhere. */
export function detectGnuTime() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/time')) return undefined;
  const probe = spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' });
  return `${probe.stdout}${probe.stderr}`.includes('GNU') ? '/usr/bin/time' : undefined;
}

/** A Markdown table; `align` marks right-aligned columns with 'r'. */
export function mdTable(header, rows, align) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
