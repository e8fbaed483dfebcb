#!/usr/bin/env node
// Secrets bench: Charter's secrets/hardcoded-secret next to secretlint (preset-recommend), in
// one run, on the same files.
//
// 1. Accuracy on the labelled corpus (bench/secrets/corpus.mjs): precision and recall per
//    sample line. A finding on a line labelled not-secret, or on an unlabelled line, is a
//    false positive; a secret line without a finding is a false negative.
// 2. Throughput on the synthetic repository of bench/generate.mjs (10k files): the scanner
//    alone in-process (file contents already in memory, decode + scan), and both command
//    lines end to end (process start, listing, reading, scanning, JSON output).
//
//   node bench/secrets.mjs [--runs 3] [--scaling] [--accuracy] [--write]
//
// --accuracy stops after the corpus (seconds instead of minutes).
// --scaling also times secretlint's executeOnFiles on 1000 and 2000 files in one call (slow).
// --write puts the figures into bench/RESULTS.md between the secrets-bench markers.

import { execFileSync, spawnSync } from 'node:child_process';
import { TextDecoder } from 'node:util';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCorpus } from './secrets/corpus.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const OUT = path.join(HERE, 'out');
const MIB = 1024 * 1024;

function arg(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const RUNS = Number(arg('--runs', '3'));
// Its own copies of the synthetic repositories (same generator, same seed): another bench may
// be changing bench/out/repo-* while this one runs.
const REPO = path.join(OUT, 'secrets-repo-10000');
const SMALL_REPO = path.join(OUT, 'secrets-repo-1000');
const WRITE = process.argv.includes('--write');
const SCALING = process.argv.includes('--scaling');
const ACCURACY_ONLY = process.argv.includes('--accuracy');
/** secretlint slows down as one process lints more files; fresh processes keep it fast. */
const SECRETLINT_BATCH = 200;

const log = (text) => process.stderr.write(`${text}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---------------------------------------------------------------------------------------
// Setup: a built Charter, the corpus, the synthetic repository.

function ensureBuilt() {
  const built = path.join(ROOT, 'dist', 'facts', 'secrets', 'extractor.js');
  const source = path.join(ROOT, 'src', 'facts', 'secrets', 'scan.ts');
  if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
    log('building charter (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
}

function ensureRepo(dir, files) {
  if (existsSync(path.join(dir, '.git'))) return;
  log(`generating ${path.relative(ROOT, dir)} (node bench/generate.mjs)…`);
  execFileSync(
    process.execPath,
    [path.join(HERE, 'generate.mjs'), '--files', String(files), '--out', dir],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const gitFiles = (dir) =>
  execFileSync('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 28 })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);

// ---------------------------------------------------------------------------------------
// The two tools, in-process.

async function charterScanner() {
  const { secretsExtractor } = await import(
    pathToFileURL(path.join(ROOT, 'dist', 'facts', 'secrets', 'extractor.js')).href
  );
  const extractor = secretsExtractor();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    /** file path → flagged 1-based lines. */
    scan(files) {
      const flagged = new Map();
      for (const { file, content } of files) {
        if (content.subarray(0, 8000).includes(0)) continue; // binary: passed over, like the engine
        const facts = extractor.extract({ path: file, text: decoder.decode(content) });
        if (facts.secrets.length) flagged.set(file, new Set(facts.secrets.map((s) => s.line)));
      }
      return flagged;
    },
  };
}

const SECRETLINT_CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] };

async function secretlintScanner(cwd) {
  const { createEngine } = await import('@secretlint/node');
  const engine = await createEngine({
    cwd,
    configFileJSON: SECRETLINT_CONFIG,
    formatter: 'json',
    color: false,
    maskSecrets: true,
  });
  return {
    /**
     * One executeOnFiles call per file by default: secretlint slows down more than linearly
     * with the number of files in one call, so this is its fastest way through many files.
     */
    async scan(absolutePaths, { oneCall = false } = {}) {
      const results = [];
      const batches = oneCall ? [absolutePaths] : absolutePaths.map((file) => [file]);
      for (const filePathList of batches) {
        const { output } = await engine.executeOnFiles({ filePathList });
        results.push(...JSON.parse(output));
      }
      const flagged = new Map();
      for (const result of results) {
        const file = path.relative(cwd, result.filePath).split(path.sep).join('/');
        for (const message of result.messages ?? []) {
          const line = message.loc?.start?.line ?? message.line;
          if (!flagged.has(file)) flagged.set(file, new Set());
          flagged.get(file).add(line);
        }
      }
      return flagged;
    },
  };
}

// ---------------------------------------------------------------------------------------
// 1. Accuracy on the labelled corpus.

function score(flagged, labels, corpusFiles, corpusDir) {
  const byFile = new Map();
  for (const label of labels) {
    if (!byFile.has(label.file)) byFile.set(label.file, new Map());
    byFile.get(label.file).set(label.line, label);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const missed = new Map();
  const falseAlarms = new Map();
  for (const file of corpusFiles) {
    const lineCount = readFileSync(path.join(corpusDir, file), 'utf8').split('\n').length;
    const hits = flagged.get(file) ?? new Set();
    const fileLabels = byFile.get(file) ?? new Map();
    for (let line = 1; line <= lineCount; line++) {
      const label = fileLabels.get(line);
      if (label?.label === 'ignore') continue;
      const hit = hits.has(line);
      if (label?.label === 'secret') {
        if (hit) tp++;
        else {
          fn++;
          missed.set(label.kind, (missed.get(label.kind) ?? 0) + 1);
        }
      } else if (hit) {
        fp++;
        const kind = label?.kind ?? 'unlabelled line';
        falseAlarms.set(kind, (falseAlarms.get(kind) ?? 0) + 1);
      } else if (label) tn++;
    }
  }
  return {
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    missed: [...missed].sort((a, b) => b[1] - a[1]),
    falseAlarms: [...falseAlarms].sort((a, b) => b[1] - a[1]),
  };
}

// ---------------------------------------------------------------------------------------
// 2. Throughput.

function readAll(dir, files) {
  return files.map((file) => ({ file, content: readFileSync(path.join(dir, file)) }));
}

function timeSync(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** A contract that turns every rule but secrets/hardcoded-secret off. */
function secretsOnlyContract(dir) {
  const registry = readFileSync(path.join(ROOT, 'src', 'rules', 'registry.ts'), 'utf8');
  const codes = [...registry.matchAll(/from '\.\/([^']+)\.js'/g)].map((m) => m[1]);
  const rules = codes.map(
    (code) => `  ${code}: ${code === 'secrets/hardcoded-secret' ? 'error' : 'off'}`,
  );
  const file = path.join(dir, 'charter.secrets-only.yaml');
  writeFileSync(file, `version: 1\nrules:\n${rules.join('\n')}\n`);
  return file;
}

function runProcess(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// ---------------------------------------------------------------------------------------

async function main() {
  ensureBuilt();
  const charter = await charterScanner();

  log('accuracy: writing the labelled corpus…');
  const corpusDir = path.join(OUT, 'secrets-corpus');
  const { files: corpusFiles, labels } = writeCorpus(corpusDir);
  const corpus = readAll(corpusDir, corpusFiles);
  const charterHits = charter.scan(corpus);
  const secretlint = await secretlintScanner(corpusDir);
  const secretlintHits = await secretlint.scan(corpusFiles.map((f) => path.join(corpusDir, f)));
  const accuracy = {
    samples: labels.filter((l) => l.label !== 'ignore').length,
    secrets: labels.filter((l) => l.label === 'secret').length,
    hardNegatives: labels.filter((l) => l.label === 'not-secret').length,
    files: corpusFiles.length,
    lines: corpus.reduce((sum, f) => sum + f.content.toString('utf8').split('\n').length, 0),
    charter: score(charterHits, labels, corpusFiles, corpusDir),
    secretlint: score(secretlintHits, labels, corpusFiles, corpusDir),
  };

  if (ACCURACY_ONLY) {
    process.stdout.write(renderAccuracy(accuracy));
    return;
  }
  log(`throughput: ${path.relative(ROOT, REPO)}…`);
  ensureRepo(REPO, 10000);
  ensureRepo(SMALL_REPO, 1000);
  const repoFiles = gitFiles(REPO);
  const contents = readAll(REPO, repoFiles);
  const mib = contents.reduce((sum, f) => sum + f.content.length, 0) / MIB;
  charter.scan(contents); // warm-up: JIT, regexes
  const charterScan = [];
  let charterRepoFindings = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, result } = timeSync(() => charter.scan(contents));
    charterScan.push(ms);
    charterRepoFindings = [...result.values()].reduce((sum, lines) => sum + lines.size, 0);
  }
  log('throughput: command lines…');
  const tmp = path.join(OUT, 'secrets-bench');
  mkdirSync(tmp, { recursive: true });
  const contract = secretsOnlyContract(tmp);
  const secretlintrc = path.join(tmp, '.secretlintrc.json');
  writeFileSync(secretlintrc, JSON.stringify(SECRETLINT_CONFIG));
  const charterCommand = (dir) =>
    runProcess(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'charter.js'),
        'check',
        '--contract',
        contract,
        '--no-cache',
        '--no-baseline',
        '--format',
        'json',
      ],
      dir,
    );
  // Results go to a file: piped stdout can be cut short when secretlint exits.
  const secretlintOutput = path.join(tmp, 'secretlint.json');
  const secretlintCommand = (dir, files) =>
    runProcess(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js'),
        '--secretlintrc',
        secretlintrc,
        '--format',
        'json',
        '--output',
        secretlintOutput,
        '--no-color',
        '--no-glob',
        ...files,
      ],
      dir,
    );
  const check = (run, name) => {
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`${name} exited ${run.status}: ${run.stderr.slice(0, 500)}`);
    return run.ms;
  };
  /** secretlint over many files: one process per batch, each starting fresh. */
  const secretlintBatched = (dir, files) => {
    let ms = 0;
    let findings = 0;
    for (let i = 0; i < files.length; i += SECRETLINT_BATCH) {
      rmSync(secretlintOutput, { force: true });
      const run = secretlintCommand(dir, files.slice(i, i + SECRETLINT_BATCH));
      ms += check(run, 'secretlint');
      const output = existsSync(secretlintOutput) ? readFileSync(secretlintOutput, 'utf8') : '[]';
      for (const result of JSON.parse(output || '[]')) findings += result.messages?.length ?? 0;
    }
    return { ms, findings };
  };
  const smallFiles = gitFiles(SMALL_REPO);
  const smallMib =
    readAll(SMALL_REPO, smallFiles).reduce((sum, f) => sum + f.content.length, 0) / MIB;
  const cli = { charterLarge: [], charterSmall: [], secretlintSmall: [] };
  for (let i = 0; i < RUNS; i++) {
    cli.charterLarge.push(check(charterCommand(REPO), 'charter check'));
    cli.charterSmall.push(check(charterCommand(SMALL_REPO), 'charter check'));
    cli.secretlintSmall.push(check(secretlintCommand(SMALL_REPO, smallFiles), 'secretlint'));
  }
  log(`throughput: secretlint on the 10k files, ${SECRETLINT_BATCH} per process…`);
  const secretlintLarge = secretlintBatched(REPO, repoFiles);
  let scaling;
  if (SCALING) {
    log('throughput: secretlint, 1000 and 2000 files in one process…');
    scaling = [1000, 2000].map((count) => ({
      count,
      ms: check(secretlintCommand(REPO, repoFiles.slice(0, count)), 'secretlint'),
    }));
  }

  const throughput = {
    files: repoFiles.length,
    mib,
    smallFiles: smallFiles.length,
    smallMib,
    runs: RUNS,
    charterScan: median(charterScan),
    charterCliLarge: median(cli.charterLarge),
    charterCliSmall: median(cli.charterSmall),
    secretlintCliSmall: median(cli.secretlintSmall),
    secretlintCliLarge: secretlintLarge.ms,
    charterRepoFindings,
    secretlintRepoFindings: secretlintLarge.findings,
    scaling,
  };
  const machine = {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores available`,
    node: process.version,
    load: os.loadavg()[0].toFixed(1),
    date: new Date().toISOString(),
  };
  const text = render({ accuracy, throughput, machine });
  process.stdout.write(text);
  if (WRITE) writeResults(text);
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const rate = (ms, mib) => `${(mib / (ms / 1000)).toFixed(1)} MiB/s`;

function renderAccuracy(a) {
  const row = (name, s) =>
    `| ${name} | ${pct(s.precision)} | ${pct(s.recall)} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.tn} |`;
  const kinds = (list) => (list.length ? list.map(([k, n]) => `${k} (${n})`).join(', ') : 'none');
  return `| tool | precision | recall | true pos. | false pos. | false neg. | true neg. |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('charter', a.charter)}
${row('secretlint', a.secretlint)}

- charter missed: ${kinds(a.charter.missed)}; false alarms: ${kinds(a.charter.falseAlarms)}.
- secretlint missed: ${kinds(a.secretlint.missed)}; false alarms: ${kinds(a.secretlint.falseAlarms)}.
`;
}

function render({ accuracy, throughput, machine }) {
  const a = accuracy;
  const t = throughput;
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const mibps = (ms, mib) => mib / (ms / 1000);
  return `## Secrets: secrets/hardcoded-secret and secretlint

Generated by \`node bench/secrets.mjs\` on ${machine.date}: ${machine.cpu}, node ${machine.node}, 1-minute load average ${machine.load} at the end of the run. secretlint ${readVersion('secretlint')} with \`@secretlint/secretlint-rule-preset-recommend\` ${readVersion('@secretlint/secretlint-rule-preset-recommend')}.

### Accuracy on the labelled corpus

${a.samples} labelled sample lines (${a.secrets} secrets, ${a.hardNegatives} hard negatives: digests, UUIDs, base64 blobs, integrity hashes, placeholders, documented example keys, masked and publishable keys, local connection strings, references to the environment) in ${a.files} files of ${a.lines} lines (\`bench/secrets/corpus.mjs\`, generated from a seed). A finding on any line that is not a secret counts as a false positive.

${renderAccuracy(a)}
### Targets (on 2 cores)

| target | measured | |
| --- | --- | --- |
| precision ≥ 0.95 | ${pct(a.charter.precision)} | ${verdict(a.charter.precision >= 0.95)} |
| recall ≥ 0.95 | ${pct(a.charter.recall)} | ${verdict(a.charter.recall >= 0.95)} |
| ≥ 100 MiB/s: the scanner (decode + scan of the 10k contents, one thread) | ${rate(t.charterScan, t.mib)} | ${verdict(mibps(t.charterScan, t.mib) >= 100)} |
| ≥ 100 MiB/s: the whole command line (start-up, git listing, reading, report) | ${rate(t.charterCliLarge, t.mib)} | ${verdict(mibps(t.charterCliLarge, t.mib) >= 100)} |
| faster than secretlint, end to end on the same 10k files | ${(t.secretlintCliLarge / t.charterCliLarge).toFixed(1)}× | ${verdict(t.secretlintCliLarge > t.charterCliLarge)} |

The corpus is written for this bench, from the providers' published formats and the kinds of look-alikes that trip scanners; figures on it say the detectors and the allowlist work as designed, not how they fare on code nobody here wrote.

### Throughput on the synthetic repositories

\`bench/generate.mjs\` with its default seed: 10k = ${t.files} files, ${t.mib.toFixed(1)} MiB; 1k = ${t.smallFiles} files, ${t.smallMib.toFixed(1)} MiB. Median of ${t.runs} runs, except secretlint on 10k (one run).

| measurement | charter | secretlint | secretlint / charter |
| --- | ---: | ---: | ---: |
| secrets scanner in-process, 10k (contents in memory: decode + scan, one thread) | ${t.charterScan.toFixed(0)} ms, ${rate(t.charterScan, t.mib)} | | |
| command line end to end, 1k (start, list, read, scan, JSON report) | ${t.charterCliSmall.toFixed(0)} ms, ${rate(t.charterCliSmall, t.smallMib)} | ${(t.secretlintCliSmall / 1000).toFixed(1)} s, ${rate(t.secretlintCliSmall, t.smallMib)} | ${(t.secretlintCliSmall / t.charterCliSmall).toFixed(1)}× |
| command line end to end, 10k (secretlint: ${SECRETLINT_BATCH} files per process, ${Math.ceil(t.files / SECRETLINT_BATCH)} processes) | ${(t.charterCliLarge / 1000).toFixed(1)} s, ${rate(t.charterCliLarge, t.mib)} | ${(t.secretlintCliLarge / 1000).toFixed(1)} s, ${rate(t.secretlintCliLarge, t.mib)} | ${(t.secretlintCliLarge / t.charterCliLarge).toFixed(1)}× |
| findings on the 10k repository | ${t.charterRepoFindings} lines | ${t.secretlintRepoFindings} | |

Inside \`charter check\` the scanner runs single-threaded, one extractor pass over every file; the command line is \`charter check --no-cache\` with a contract that turns every other rule off, so it includes listing the files with git, reading and decoding them and writing the report. secretlint runs as \`secretlint --no-glob <files>\` on the same files. One secretlint process slows down as it lints more files${t.scaling ? ` (${t.scaling.map((x) => `${x.count} files in one process: ${(x.ms / 1000).toFixed(1)} s`).join('; ')})` : ''}, so on 10k it gets ${SECRETLINT_BATCH} files per process, its fastest way through; Charter checks all of them in one process.
`;
}

function readVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return '?';
  }
}

const BEGIN =
  '<!-- secrets-bench:begin (generated by `node bench/secrets.mjs --write`; edit outside the markers) -->';
const END = '<!-- secrets-bench:end -->';

function writeResults(text) {
  const file = path.join(HERE, 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Charter benchmarks\n';
  const block = `${BEGIN}\n${text.trimEnd()}\n${END}`;
  const start = current.indexOf(BEGIN.slice(0, 26));
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  log(`wrote ${path.relative(ROOT, file)}`);
}

await main();
