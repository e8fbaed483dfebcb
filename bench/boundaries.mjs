#!/usr/bin/env node
// Import boundaries: Charter's boundaries/forbidden-import side by side with dependency-cruiser
// on the synthetic repository of bench/generate.mjs, with the same forbidden rules.
//
// dependency-cruiser reads JavaScript and TypeScript only, so the comparison runs twice:
// Charter on the TypeScript packages alone (the same files dependency-cruiser reads, same
// rules, same violations expected), and Charter on the whole repository, where the same
// contract also holds boundaries for the Python services and a Go module added here.
//
//   node bench/boundaries.mjs [--files 1000] [--runs 5] [--write]
//
// --write puts the figures into bench/RESULTS.md between the boundaries-bench markers.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, generateRepo } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CHARTER = path.join(ROOT, 'bin', 'charter.js');
const DEPCRUISE = path.join(
  ROOT,
  'node_modules',
  'dependency-cruiser',
  'bin',
  'dependency-cruise.mjs',
);
const log = (message) => process.stderr.write(`${message}\n`);

function parseArgs(argv) {
  const args = { files: 1000, runs: 5, write: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--files') args.files = Number(argv[++i]);
    else if (flag === '--runs') args.runs = Number(argv[++i]);
    else if (flag === '--write') args.write = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node bench/boundaries.mjs [--files N] [--runs N] [--write]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(args.files) || args.files < 100) throw new Error('--files must be ≥ 100');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be ≥ 1');
  return args;
}

// ---------------------------------------------------------------------------------------------
// The same boundaries, written for both tools.

const TS_RULES = [
  {
    name: 'handlers-not-db',
    because: 'handlers reach the database through services, in their own package',
    charter: { from: 'packages/<pkg>/src/handlers/**', to: 'packages/<pkg>/src/db/**' },
    depcruise: {
      from: { path: '^packages/([^/]+)/src/handlers/' },
      to: { path: '^packages/$1/src/db/' },
    },
  },
  {
    name: 'models-not-routes',
    because: 'models know nothing of HTTP',
    charter: { from: 'packages/*/src/models/**', to: 'packages/*/src/{routes,handlers}/**' },
    depcruise: {
      from: { path: '^packages/[^/]+/src/models/' },
      to: { path: '^packages/[^/]+/src/(routes|handlers)/' },
    },
  },
  {
    name: 'lib-not-clients',
    because: 'the shared lib does not call external clients',
    charter: { from: 'packages/*/src/lib/**', to: 'packages/*/src/clients/**' },
    depcruise: {
      from: { path: '^packages/[^/]+/src/lib/' },
      to: { path: '^packages/[^/]+/src/clients/' },
    },
  },
];

/** Boundaries only Charter can check here: Python services and the Go module. */
const OTHER_RULES = [
  {
    name: 'py-api-not-repositories',
    because: 'API modules go through services',
    charter: { from: 'services/*/*/api/**', to: 'services/*/*/repositories/**' },
  },
  {
    name: 'py-no-requests-in-models',
    because: 'models do no I/O',
    charter: { from: 'services/*/*/models/**', toPackage: ['requests'] },
  },
  {
    name: 'go-handlers-not-store',
    because: 'Go handlers use the service layer',
    charter: { from: 'go/internal/handlers/**', to: 'go/internal/store/**' },
  },
];

// ---------------------------------------------------------------------------------------------
// A small Go module beside the generated TypeScript and Python (about 5 % of the files).

const GO_AREAS = ['handlers', 'services', 'store', 'models', 'util'];

function addGoModule(dir, count, seed) {
  const rng = createRng(`${seed}:go:${count}`);
  const files = {};
  const packages = GO_AREAS.map((area) => ({ area, names: [] }));
  for (let i = 0; i < count; i++) {
    const pkg = packages[i % packages.length];
    pkg.names.push(`${pkg.area}_${i}`);
  }
  files['go/go.mod'] =
    'module example.com/acme\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n';
  for (const pkg of packages) {
    for (const name of pkg.names) {
      const imports = ['"fmt"'];
      for (const other of rng.sample(
        GO_AREAS.filter((a) => a !== pkg.area),
        rng.int(0, 2),
      ))
        imports.push(`"example.com/acme/internal/${other}"`);
      if (rng.chance(0.2)) imports.push('"github.com/google/uuid"');
      const body = Array.from(
        { length: rng.int(10, 60) },
        (_, k) => `\tfmt.Println("${name} step ${k}")`,
      );
      files[`go/internal/${pkg.area}/${name}.go`] =
        `package ${pkg.area}\n\nimport (\n${imports.map((i) => `\t${i}`).join('\n')}\n)\n\nfunc ${name.replace(/_(\w)/g, (_, c) => c.toUpperCase())}() {\n${body.join('\n')}\n}\n`;
    }
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Object.keys(files).length;
}

// ---------------------------------------------------------------------------------------------

async function registeredCodes() {
  const registry = path.join(ROOT, 'dist', 'rules', 'registry.js');
  if (!existsSync(registry)) {
    log('building dist/ (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  const { registeredRules } = await import(pathToFileURL(registry).href);
  return registeredRules.map((rule) => rule.meta.code);
}

function contractYaml(codes, rules, include) {
  const lines = ['version: 1'];
  if (include) lines.push(`include: [${include.map((g) => `'${g}'`).join(', ')}]`);
  lines.push('rules:');
  for (const code of codes)
    if (code !== 'boundaries/forbidden-import') lines.push(`  ${code}: off`);
  lines.push(
    '  boundaries/forbidden-import:',
    '    severity: error',
    '    options:',
    '      forbidden:',
  );
  for (const rule of rules) {
    lines.push(`        - name: ${rule.name}`);
    for (const [key, value] of Object.entries(rule.charter))
      lines.push(`          ${key}: ${JSON.stringify(value)}`);
    lines.push(`          because: ${JSON.stringify(rule.because)}`);
  }
  return `${lines.join('\n')}\n`;
}

function depcruiseConfig(rules) {
  const forbidden = rules.map((rule) => ({
    name: rule.name,
    severity: 'error',
    comment: rule.because,
    ...rule.depcruise,
  }));
  return `module.exports = ${JSON.stringify(
    {
      forbidden,
      options: {
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
        enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
      },
    },
    null,
    2,
  )};\n`;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command; wall time, and user+sys CPU from GNU time when there is one. */
function measure(command, args, cwd) {
  const start = process.hrtime.bigint();
  const child = TIME
    ? spawnSync(TIME, ['-f', '%U %S %M', command, ...args], {
        cwd,
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
      })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  let cpu;
  let rssMb;
  if (TIME) {
    const last = child.stderr.trim().split('\n').pop() ?? '';
    const [user, sys, rss] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpu = (user + sys) * 1000;
    if (Number.isFinite(rss)) rssMb = rss / 1024;
  }
  return { wall, cpu, rssMb, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function repeat(runs, run) {
  const results = Array.from({ length: runs }, run);
  const cpu = results.every((r) => r.cpu !== undefined)
    ? median(results.map((r) => r.cpu))
    : undefined;
  return {
    wall: median(results.map((r) => r.wall)),
    cpu,
    rssMb: median(results.map((r) => r.rssMb ?? 0)),
    last: results[results.length - 1],
  };
}

function charterFindings(stdout) {
  const report = JSON.parse(stdout);
  if (report.exitCode === 2)
    throw new Error(
      `charter could not check: ${JSON.stringify(report.findings.filter((f) => f.incomplete)).slice(0, 400)}`,
    );
  return report.findings
    .filter((f) => f.code === 'boundaries/forbidden-import')
    .map((f) => ({ rule: f.data.boundary, from: f.data.from, to: f.data.to }));
}

function depcruiseFindings(stdout) {
  const result = JSON.parse(stdout);
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

const key = (f) => `${f.rule}\0${f.from}\0${f.to}`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const codes = await registeredCodes();
  const dir = path.join(HERE, 'out', `boundaries-${args.files}`);
  log(`generating ${args.files} files in ${path.relative(ROOT, dir)}…`);
  const made = generateRepo({ dir, files: args.files });
  const goFiles = addGoModule(dir, Math.max(10, Math.round(args.files * 0.05)), made.seed);
  writeFileSync(
    path.join(dir, 'charter.boundaries.yaml'),
    contractYaml(codes, [...TS_RULES, ...OTHER_RULES]),
  );
  writeFileSync(
    path.join(dir, 'charter.boundaries-ts.yaml'),
    contractYaml(codes, TS_RULES, ['packages/**', 'package.json']),
  );
  writeFileSync(path.join(dir, '.dependency-cruiser.cjs'), depcruiseConfig(TS_RULES));
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Bench',
      '-c',
      'user.email=bench@example.com',
      'commit',
      '-q',
      '-m',
      'go module and boundary contracts',
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      },
    },
  );
  const counts = { ts: made.counts.typescript, py: made.counts.python, go: goFiles - 1 };

  const charter = (contract, cache) => [
    CHARTER,
    'check',
    '--contract',
    contract,
    '--format',
    'json',
    '--no-baseline',
    ...(cache ? [] : ['--no-cache']),
  ];
  const runs = args.runs;
  log(`dependency-cruiser (${runs} runs)…`);
  const dc = repeat(runs, () =>
    measure(
      process.execPath,
      [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'packages'],
      dir,
    ),
  );
  log(`charter, TypeScript only, cold (${runs} runs)…`);
  const tsCold = repeat(runs, () =>
    measure(process.execPath, charter('charter.boundaries-ts.yaml', false), dir),
  );
  log(`charter, whole repository, cold (${runs} runs)…`);
  const allCold = repeat(runs, () =>
    measure(process.execPath, charter('charter.boundaries.yaml', false), dir),
  );
  measure(process.execPath, charter('charter.boundaries.yaml', true), dir); // fill the cache
  log(`charter, whole repository, warm cache (${runs} runs)…`);
  const allWarm = repeat(runs, () =>
    measure(process.execPath, charter('charter.boundaries.yaml', true), dir),
  );

  const dcFound = depcruiseFindings(dc.last.stdout);
  const tsFound = charterFindings(tsCold.last.stdout);
  const allFound = charterFindings(allCold.last.stdout);
  const dcKeys = new Set(dcFound.map(key));
  const tsKeys = new Set(tsFound.map(key));
  const onlyDc = [...dcKeys].filter((k) => !tsKeys.has(k));
  const onlyCharter = [...tsKeys].filter((k) => !dcKeys.has(k));
  const byRule = (found) =>
    Object.fromEntries(
      [...TS_RULES, ...OTHER_RULES].map((r) => [
        r.name,
        found.filter((f) => f.rule === r.name).length,
      ]),
    );
  const figures = {
    date: new Date().toISOString(),
    files: made.files + goFiles,
    counts,
    commit: execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
    }).trim(),
    runs,
    load: os.loadavg()[0],
    cpus: os.availableParallelism(),
    depcruise: { ...dc, version: readVersion('dependency-cruiser'), violations: dcFound.length },
    tsCold: { ...tsCold, violations: tsFound.length },
    allCold: { ...allCold, violations: allFound.length },
    allWarm,
    agree: onlyDc.length === 0 && onlyCharter.length === 0,
    onlyDc,
    onlyCharter,
    byRule: {
      depcruise: byRule(dcFound),
      charterTs: byRule(tsFound),
      charterAll: byRule(allFound),
    },
  };
  const text = render(figures);
  process.stdout.write(`${text}\n`);
  if (!figures.agree)
    log(
      `findings differ: only dependency-cruiser ${onlyDc.length}, only charter ${onlyCharter.length}`,
    );
  if (args.write) writeResults(text);
}

function readVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return '?';
  }
}

const ms = (value) =>
  value === undefined
    ? '–'
    : value >= 10_000
      ? `${(value / 1000).toFixed(1)} s`
      : `${value.toFixed(0)} ms`;

function render(f) {
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : '–');
  const rows = [
    [
      'dependency-cruiser ' + f.depcruise.version + ' (TypeScript only)',
      f.depcruise,
      f.depcruise.violations,
      '1.0×',
      '1.0×',
    ],
    [
      'charter, same files (TypeScript only), cold',
      f.tsCold,
      f.tsCold.violations,
      ratio(f.depcruise.wall, f.tsCold.wall),
      ratio(f.depcruise.cpu, f.tsCold.cpu),
    ],
    [
      'charter, whole repository (TS + Python + Go), cold',
      f.allCold,
      f.allCold.violations,
      ratio(f.depcruise.wall, f.allCold.wall),
      ratio(f.depcruise.cpu, f.allCold.cpu),
    ],
    [
      'charter, whole repository, warm fact cache',
      f.allWarm,
      f.allCold.violations,
      ratio(f.depcruise.wall, f.allWarm.wall),
      ratio(f.depcruise.cpu, f.allWarm.cpu),
    ],
  ];
  const ruleRows = Object.keys(f.byRule.charterAll).map(
    (name) =>
      `| ${name} | ${f.byRule.depcruise[name] ?? 0} | ${f.byRule.charterTs[name] ?? 0} | ${f.byRule.charterAll[name]} |`,
  );
  return `## Import boundaries: charter vs dependency-cruiser

Run on ${f.date.slice(0, 10)} with \`node bench/boundaries.mjs --files ${f.files - f.counts.go - 1} --runs ${f.runs}\`: the synthetic repository of bench/generate.mjs (${f.counts.ts} TypeScript, ${f.counts.py} Python files) plus a Go module of ${f.counts.go} files, ${f.files} files in all, commit \`${f.commit}\`; ${f.cpus} cores, load average ${f.load.toFixed(1)} at the end${f.load > f.cpus ? ' (**busy machine**: compare CPU times)' : ''}. Medians of ${f.runs} runs of each command line, end to end (process start, file listing, parsing, resolution, rules, JSON output).

| tool | wall | CPU (user+sys) | max RSS | violations | faster (wall) | faster (CPU) |
| --- | --- | --- | --- | --- | --- | --- |
${rows.map(([name, r, v, w, c]) => `| ${name} | ${ms(r.wall)} | ${ms(r.cpu)} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '–'} | ${v} | ${w} | ${c} |`).join('\n')}

Same forbidden rules in both tools (three TypeScript boundaries, one relating both sides: a handler may not import the \`db\` folder of its own package). Violations found: ${f.agree ? '**identical** (same rule, importing file and imported file for every one)' : `**different**: ${f.onlyDc.length} only dependency-cruiser, ${f.onlyCharter.length} only charter`}. The whole-repository run adds boundaries dependency-cruiser cannot check: Python modules (resolved against their package roots) and Go packages (resolved against go.mod).

| boundary | dependency-cruiser | charter, TypeScript only | charter, whole repository |
| --- | --- | --- | --- |
${ruleRows.join('\n')}

Commands: \`depcruise --config .dependency-cruiser.cjs --output-type json packages\` (\`tsPreCompilationDeps\`, no cache) and \`charter check --contract charter.boundaries[-ts].yaml --format json --no-baseline [--no-cache]\` with every other rule off. Charter parses with ast-grep (tree-sitter) on all cores and resolves imports itself; dependency-cruiser parses with acorn or the TypeScript compiler and resolves with enhanced-resolve.`;
}

const BEGIN =
  '<!-- boundaries-bench:begin (generated by `node bench/boundaries.mjs --write`; edit outside the markers) -->';
const END = '<!-- boundaries-bench:end -->';

function writeResults(text) {
  const file = path.join(HERE, 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Charter benchmarks\n';
  const block = `${BEGIN}\n${text.trimEnd()}\n${END}`;
  const start = current.indexOf(BEGIN.slice(0, 30));
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  log(`wrote ${path.relative(ROOT, file)}`);
}

await main();
