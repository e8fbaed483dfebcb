#!/usr/bin/env node
// Deterministic synthetic repository for the benchmarks: N files of TypeScript (~60 %) and
// Python (~40 %) in nested packages, an OpenAPI file, a requirements document, AGENTS.md, a
// charter.yaml with the core rules and custom patterns, and the same patterns as an ast-grep
// project (sgconfig.yml + sg-rules/) so both tools can be run on the same tree.
//
// Same seed, size and --off list → byte-identical files and the same git commit id. No Math.random.
//
//   node bench/generate.mjs --files 1000 [--seed charter-bench] [--out bench/out/repo-1000]
//                           [--off rule,rule,…]   (rules to switch off in charter.yaml; run.mjs
//                                                  passes every rule that is not a core rule)
//                           [--route-files N]     (only N files declare routes, the TypeScript
//                                                  anchor included; default: every handler,
//                                                  routes and Python api file does)

import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 'charter-bench';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a, 32 bit: turns a string into a PRNG seed. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for synthetic data, and fully determined by its seed. */
export function createRng(seed) {
  let a = typeof seed === 'number' ? seed >>> 0 : hashString(String(seed));
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    sample(list, count) {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, Math.min(count, copy.length));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const words = (text) => text.trim().split(/\s+/);

const NOUNS = words(`
account invoice job run user session token report order payment webhook audit event metric
tenant project workspace artifact schedule notification quota plan subscription ledger
search queue member role policy document upload customer product price refund shipment
device
`);
const VERBS = words(`
create update list get remove sync validate resolve compute load save render parse format
schedule retry publish archive merge index
`);
const TS_AREAS = 'handlers services models lib routes utils jobs clients db config'.split(' ');
const PY_AREAS = 'api services models repositories tasks utils schemas clients'.split(' ');
const SUBDIRS = ['internal', 'v1', 'v2', 'common', 'adapters', 'helpers', 'core', 'legacy_compat'];
const TS_PACKAGES =
  'core legacy billing accounts runs web-api notifications search admin ingest'.split(' ');
const PY_SERVICES = 'worker analytics scheduler exporter ml reconciler mailer etl'.split(' ');
const FIELD_TYPES = ['string', 'number', 'boolean', 'string[]', 'Date', 'Record<string, string>'];
const PY_TYPES = ['str', 'int', 'bool', 'float', 'list[str]', 'dict[str, str]', 'Optional[str]'];

/** Resources the OpenAPI file documents and the route handlers serve. */
const RESOURCES = NOUNS.slice(0, 24).map((n) => `${n}s`);

const pascal = (words) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = (words) => words[0] + pascal(words.slice(1));
const snake = (words) => words.join('_');

// ---------------------------------------------------------------------------------------------
// Custom patterns: one definition, written both into charter.yaml and as ast-grep rules.

export const PATTERNS = [
  {
    id: 'no-skip-auth',
    language: 'typescript',
    rule: { pattern: 'process.env.SKIP_AUTH' },
    message: 'process.env.SKIP_AUTH bypasses authentication',
    remediation: 'Remove the bypass; tests use the auth fixtures instead.',
  },
  {
    id: 'no-console-log',
    language: 'typescript',
    files: ['packages/**'],
    ignores: ['**/*.test.ts'],
    rule: { pattern: 'console.log($$$ARGS)' },
    message: 'use the structured logger instead of console.log',
    severity: 'warn',
  },
  {
    id: 'no-any-cast',
    language: 'typescript',
    rule: { kind: 'as_expression', has: { kind: 'predefined_type', regex: '^any$' } },
    message: 'a cast to any hides type errors',
    severity: 'warn',
  },
  {
    id: 'handlers-no-job-status',
    language: 'typescript',
    files: ['**/handlers/**'],
    rule: {
      pattern: '$JOB.status = $VALUE',
      inside: {
        any: [
          { kind: 'function_declaration' },
          { kind: 'method_definition' },
          { kind: 'arrow_function' },
        ],
        stopBy: 'end',
      },
    },
    message: 'handlers never set $JOB.status directly; call jobs.transition()',
  },
  {
    id: 'py-no-eval',
    language: 'python',
    rule: { pattern: 'eval($X)' },
    message: 'eval($X) executes arbitrary code',
  },
  {
    id: 'py-no-verify-false',
    language: 'python',
    rule: { pattern: '$LIB.$METHOD($$$ARGS, verify=False)' },
    message: 'TLS verification is disabled in $LIB.$METHOD',
  },
];

const SG_LANGUAGE = { typescript: 'TypeScript', python: 'Python' };

function sgRule(pattern) {
  return {
    id: pattern.id,
    language: SG_LANGUAGE[pattern.language],
    severity: pattern.severity === 'warn' ? 'warning' : 'error',
    message: pattern.message,
    ...(pattern.files ? { files: pattern.files } : {}),
    ...(pattern.ignores ? { ignores: pattern.ignores } : {}),
    rule: pattern.rule,
  };
}

// ---------------------------------------------------------------------------------------------
// Planning: where every file goes and what it exports, before any content is written.

function lineTarget(rng) {
  // 30–300 lines, skewed towards smaller files like real code (mean about 140).
  return 30 + Math.floor(270 * rng.next() ** 1.6);
}

function uniqueName(rng, taken, make) {
  for (let attempt = 0; ; attempt++) {
    const name = attempt < 8 ? make() : `${make()}-${attempt}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function planDirs(rng, count, makeDir) {
  const dirs = [];
  const seen = new Set();
  let guard = 0;
  while (dirs.length < count && guard++ < count * 50) {
    const dir = makeDir();
    if (!seen.has(dir)) {
      seen.add(dir);
      dirs.push(dir);
    }
  }
  return dirs;
}

function planTypeScript(rng, count) {
  const packageCount = Math.min(TS_PACKAGES.length, Math.max(3, Math.ceil(count / 300)));
  const packages = TS_PACKAGES.slice(0, packageCount);
  const dirs = planDirs(rng, Math.max(4, Math.ceil(count / 14)), () => {
    const parts = ['packages', rng.pick(packages), 'src', rng.pick(TS_AREAS)];
    const depth = rng.pick([0, 0, 1, 1, 2]);
    for (let d = 0; d < depth; d++) parts.push(rng.pick(SUBDIRS).replace(/_/g, '-'));
    return parts.join('/');
  });
  const taken = new Map(dirs.map((d) => [d, new Set()]));
  const files = [];
  for (let i = 0; i < count; i++) {
    const test = rng.chance(0.1);
    let dir = rng.pick(dirs);
    if (test) dir = dir.replace('/src/', '/test/');
    if (!taken.has(dir)) taken.set(dir, new Set());
    const base = uniqueName(rng, taken.get(dir), () => `${rng.pick(NOUNS)}-${rng.pick(VERBS)}`);
    const words = base.split('-').filter((w) => /^[a-z]+$/.test(w));
    const exports = test
      ? []
      : Array.from({ length: rng.int(2, 5) }, (_, k) =>
          camel([rng.pick(VERBS), ...words.slice(0, 1), ...(k ? [rng.pick(NOUNS)] : [])]),
        );
    files.push({
      path: `${dir}/${base}${test ? '.test' : ''}.ts`,
      kind: 'ts',
      test,
      pkg: dir.split('/')[1],
      area: dir.split('/')[3],
      words,
      exports: [...new Set(exports)],
      lines: lineTarget(rng),
    });
  }
  return files;
}

function planPython(rng, count) {
  const serviceCount = Math.min(PY_SERVICES.length, Math.max(2, Math.ceil(count / 300)));
  const services = PY_SERVICES.slice(0, serviceCount);
  const dirs = planDirs(rng, Math.max(3, Math.ceil(count / 14)), () => {
    const service = rng.pick(services);
    const parts = ['services', service, service, rng.pick(PY_AREAS)];
    const depth = rng.pick([0, 0, 1, 2]);
    for (let d = 0; d < depth; d++) parts.push(rng.pick(SUBDIRS));
    return parts.join('/');
  });
  const taken = new Map(dirs.map((d) => [d, new Set()]));
  const files = [];
  // Every package directory gets an __init__.py, as Python packages do.
  const packageDirs = new Set();
  for (const dir of dirs) {
    const parts = dir.split('/');
    for (let end = 3; end <= parts.length; end++) packageDirs.add(parts.slice(0, end).join('/'));
  }
  for (const dir of [...packageDirs].sort()) {
    if (files.length >= count) break;
    files.push({ path: `${dir}/__init__.py`, kind: 'py-init', dir });
  }
  while (files.length < count) {
    const test = rng.chance(0.1);
    let dir = rng.pick(dirs);
    if (test) dir = `services/${dir.split('/')[1]}/tests`;
    if (!taken.has(dir)) taken.set(dir, new Set());
    const base = uniqueName(rng, taken.get(dir), () => `${rng.pick(NOUNS)}_${rng.pick(VERBS)}`);
    const words = base.split('_').filter((w) => /^[a-z]+$/.test(w));
    const exports = test
      ? []
      : Array.from({ length: rng.int(2, 5) }, (_, k) =>
          snake([rng.pick(VERBS), ...words.slice(0, 1), ...(k ? [rng.pick(NOUNS)] : [])]),
        );
    files.push({
      path: `${dir}/${test ? 'test_' : ''}${base}.py`,
      kind: 'py',
      test,
      service: dir.split('/')[1],
      area: dir.split('/')[3],
      words,
      exports: [...new Set(exports)],
      lines: lineTarget(rng),
    });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// TypeScript content

function tsStatements(rng, ctx, depth = 1) {
  const pad = '  '.repeat(depth);
  const field = rng.pick(ctx.fields);
  const callee = rng.pick(ctx.callees);
  const noun = rng.pick(NOUNS);
  switch (rng.int(0, 9)) {
    case 0:
      return [
        `${pad}const ${noun}Count = items.filter((item) => item.${field} !== undefined).length;`,
      ];
    case 1:
      return [
        `${pad}if (!input.${field}) {`,
        `${pad}  logger.warn('missing ${field}', { id: input.id });`,
        `${pad}  return undefined;`,
        `${pad}}`,
      ];
    case 2:
      return [
        `${pad}for (const item of items) {`,
        `${pad}  if (item.${field} === input.${field}) {`,
        `${pad}    seen.add(item.id);`,
        `${pad}  }`,
        `${pad}}`,
      ];
    case 3:
      return [
        `${pad}const ${noun}Result = await ${callee}(input);`,
        `${pad}results.push(${noun}Result);`,
      ];
    case 4:
      return [
        `${pad}try {`,
        `${pad}  await ${callee}({ ...input, ${field}: input.${field} });`,
        `${pad}} catch (error) {`,
        `${pad}  logger.error('${callee} failed', { error: String(error) });`,
        `${pad}  throw new ${ctx.errorName}('${noun} could not be processed', { cause: error });`,
        `${pad}}`,
      ];
    case 5:
      return [
        `${pad}const mapped = items`,
        `${pad}  .filter((item) => item.id !== input.id)`,
        `${pad}  .map((item) => ({ id: item.id, ${field}: item.${field} }));`,
        `${pad}results.push(...mapped);`,
      ];
    case 6:
      return [`${pad}logger.debug('${ctx.fn} step', { ${noun}: input.id, size: items.length });`];
    case 7:
      return [
        `${pad}switch (input.status) {`,
        `${pad}  case 'pending':`,
        `${pad}    pending += 1;`,
        `${pad}    break;`,
        `${pad}  case 'failed':`,
        `${pad}    failed += 1;`,
        `${pad}    break;`,
        `${pad}  default:`,
        `${pad}    break;`,
        `${pad}}`,
      ];
    case 8:
      return [
        `${pad}const deadline = Date.now() + ${rng.int(1, 60) * 1000};`,
        `${pad}if (Date.now() > deadline) return undefined;`,
      ];
    default:
      return [`${pad}seen.add(\`\${input.id}:${noun}\`);`];
  }
}

function tsFunction(rng, ctx, name, target, extra) {
  const lines = [
    `export async function ${name}(input: ${ctx.typeName}, items: ${ctx.typeName}[] = []): Promise<${ctx.typeName}[] | undefined> {`,
    '  const results: unknown[] = [];',
    '  const seen = new Set<string>();',
    '  let pending = 0;',
    '  let failed = 0;',
  ];
  const body = rng.int(Math.max(2, Math.floor(target / 8)), Math.max(3, Math.floor(target / 4)));
  for (let i = 0; i < body; i++) lines.push(...tsStatements(rng, { ...ctx, fn: name }));
  lines.push(...extra.map((line) => `  ${line}`));
  lines.push(
    `  logger.info('${name} done', { pending, failed, seen: seen.size, results: results.length });`,
  );
  lines.push('  return items;', '}', '');
  return lines;
}

function tsFile(rng, file, byPackage) {
  const typeName = pascal(file.words.length ? file.words : ['item']);
  const fields = [
    'id',
    ...rng.sample(
      ['name', 'status', 'ownerId', 'createdAt', 'amount', 'tags', 'region', 'version'],
      rng.int(3, 6),
    ),
  ];
  const lines = [];
  lines.push(
    `// ${file.path.split('/').pop()}: ${rng.pick(VERBS)} ${rng.pick(NOUNS)}s for the ${file.pkg} package.`,
  );
  // Imports: a few siblings from the same package (ESM .js specifiers), a logger, a library or two.
  const siblings = rng.sample(
    (byPackage.get(file.pkg) ?? []).filter((f) => f !== file && f.exports.length),
    rng.int(0, 4),
  );
  const callees = [];
  for (const sibling of siblings) {
    let spec = path.posix
      .relative(path.posix.dirname(file.path), sibling.path)
      .replace(/\.ts$/, '.js');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    const symbol = rng.pick(sibling.exports);
    if (callees.includes(symbol)) continue;
    callees.push(symbol);
    lines.push(`import { ${symbol} } from '${spec}';`);
  }
  if (rng.chance(0.5)) lines.push("import { z } from 'zod';");
  const routes =
    !file.test && (file.area === 'routes' || file.area === 'handlers') && file.routes !== false;
  if (routes)
    lines.push(
      "import { Router } from 'express';",
      "import type { Request, Response } from 'express';",
    );
  if (file.test) lines.push("import { describe, expect, it } from 'vitest';");
  lines.push("import { logger } from '@acme/logging';", '');
  if (!callees.length) callees.push('Promise.resolve');
  const errorName = `${typeName}Error`;
  const ctx = { typeName, fields, callees, errorName };

  if (file.test) {
    const subject = rng.pick(NOUNS);
    lines.push(`describe('${subject}', () => {`);
    while (lines.length < file.lines - 6) {
      const value = rng.int(1, 999);
      lines.push(
        `  it('handles ${rng.pick(VERBS)} of ${rng.pick(NOUNS)} ${value}', async () => {`,
        `    const input = { id: '${subject}-${value}', status: 'pending', amount: ${value} };`,
        `    const output = await Promise.resolve({ ...input, status: 'done' });`,
        `    expect(output.id).toBe(input.id);`,
        `    expect(output.status).toBe('done');`,
      );
      if (rng.chance(0.15)) lines.push(`    console.log('debug', output);`);
      lines.push('  });', '');
    }
    lines.push('});', '');
    return lines.join('\n');
  }

  lines.push(`export interface ${typeName} {`);
  for (const f of fields.filter((name) => name !== 'status')) {
    lines.push(`  ${f}${f === 'id' ? '' : '?'}: ${f === 'id' ? 'string' : rng.pick(FIELD_TYPES)};`);
  }
  lines.push("  status?: 'pending' | 'running' | 'done' | 'failed';", '}', '');
  lines.push(`export class ${errorName} extends Error {}`, '');
  if (lines.some((l) => l.includes("from 'zod'"))) {
    lines.push(`export const ${camel([...file.words, 'schema'])} = z.object({`);
    for (const f of fields)
      lines.push(`  ${f}: z.${f === 'id' ? 'string()' : 'unknown().optional()'},`);
    lines.push('});', '');
  }

  // Deliberate findings, at rates that give a few per hundred files.
  const extras = new Map();
  const addExtra = (...extra) => {
    const name = rng.pick(file.exports);
    extras.set(name, [...(extras.get(name) ?? []), ...extra]);
  };
  if (rng.chance(0.004)) addExtra("if (process.env.SKIP_AUTH === '1') return items;");
  if (rng.chance(0.03)) addExtra("console.log('intermediate results', results.length);");
  if (rng.chance(0.02)) addExtra('const raw = input as any;', 'seen.add(String(raw.id));');
  if (file.area === 'handlers' && rng.chance(0.08)) addExtra("input.status = 'done';");

  const per = Math.max(
    12,
    Math.floor((file.lines - lines.length - (routes ? 16 : 0)) / file.exports.length),
  );
  for (const name of file.exports)
    lines.push(...tsFunction(rng, ctx, name, per, extras.get(name) ?? []));

  if (routes) {
    const resource = rng.pick(RESOURCES);
    const handler = file.exports[0];
    lines.push(
      'export const router = Router();',
      '',
      `router.get('/api/v1/${resource}/:id', async (req: Request, res: Response) => {`,
      `  const found = await ${handler}({ id: String(req.params.id) } as ${typeName});`,
      '  if (!found) {',
      `    res.status(404).json({ error: '${resource} not found' });`,
      '    return;',
      '  }',
      '  res.json(found);',
      '});',
      '',
      `router.post('/api/v1/${resource}', async (req: Request, res: Response) => {`,
      `  const created = await ${handler}(req.body as ${typeName});`,
      '  res.status(201).json(created);',
      '});',
      '',
    );
  }
  // Pad with small helpers up to the planned size.
  let helper = 0;
  while (lines.length < file.lines - 4) {
    const field = rng.pick(fields);
    lines.push(
      `export function ${camel(['pick', field, String(helper++)])}(value: ${typeName}): unknown {`,
      `  return value.${field} ?? null;`,
      '}',
      '',
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Python content

function pyStatements(rng, ctx, depth = 1) {
  const pad = '    '.repeat(depth);
  const field = rng.pick(ctx.fields);
  const callee = rng.pick(ctx.callees);
  const noun = rng.pick(NOUNS);
  switch (rng.int(0, 8)) {
    case 0:
      return [`${pad}${noun}_count = sum(1 for item in items if item.${field} is not None)`];
    case 1:
      return [
        `${pad}if not record.${field}:`,
        `${pad}    logger.warning("missing ${field} for %s", record.id)`,
        `${pad}    return None`,
      ];
    case 2:
      return [
        `${pad}for item in items:`,
        `${pad}    if item.${field} == record.${field}:`,
        `${pad}        seen.add(item.id)`,
      ];
    case 3:
      return [`${pad}${noun}_result = ${callee}(record)`, `${pad}results.append(${noun}_result)`];
    case 4:
      return [
        `${pad}try:`,
        `${pad}    ${callee}(record)`,
        `${pad}except (ValueError, KeyError) as error:`,
        `${pad}    logger.exception("${callee} failed: %s", error)`,
        `${pad}    raise ${ctx.errorName}("${noun} could not be processed") from error`,
      ];
    case 5:
      return [
        `${pad}mapped = [{"id": item.id, "${field}": item.${field}} for item in items if item.id != record.id]`,
        `${pad}results.extend(mapped)`,
      ];
    case 6:
      return [`${pad}logger.debug("${ctx.fn} step %s size=%d", record.id, len(items))`];
    case 7:
      return [
        `${pad}if record.status == "pending":`,
        `${pad}    pending += 1`,
        `${pad}elif record.status == "failed":`,
        `${pad}    failed += 1`,
      ];
    default:
      return [`${pad}seen.add(f"{record.id}:${noun}")`];
  }
}

function pyFile(rng, file, byService) {
  if (file.kind === 'py-init') {
    const name = file.dir.split('/').pop();
    return `"""The ${name} package."""\n\n__all__: list[str] = []\n`;
  }
  const className = pascal(file.words.length ? file.words : ['item']);
  const fields = [
    'id',
    ...rng.sample(
      ['name', 'status', 'owner_id', 'created_at', 'amount', 'tags', 'region', 'version'],
      rng.int(3, 6),
    ),
  ];
  const lines = [
    `"""${rng.pick(VERBS)} ${rng.pick(NOUNS)}s for the ${file.service} service."""`,
    '',
    'from __future__ import annotations',
    '',
  ];
  lines.push('import logging');
  const usesRequests = !file.test && rng.chance(0.25);
  if (usesRequests) lines.push('', 'import requests');
  lines.push(
    'from dataclasses import dataclass, field',
    'from typing import Any, Iterable, Optional',
  );
  const siblings = rng.sample(
    (byService.get(file.service) ?? []).filter((f) => f !== file && f.exports?.length),
    rng.int(0, 4),
  );
  const callees = [];
  for (const sibling of siblings) {
    const symbol = rng.pick(sibling.exports);
    if (callees.includes(symbol)) continue;
    callees.push(symbol);
    const module = sibling.path
      .replace(/^services\/[^/]+\//, '')
      .replace(/\.py$/, '')
      .replace(/\//g, '.');
    lines.push(`from ${module} import ${symbol}`);
  }
  const routes = !file.test && file.area === 'api' && file.routes !== false;
  if (routes) lines.push('from fastapi import APIRouter, HTTPException');
  if (file.test) lines.push('import pytest');
  lines.push('', 'logger = logging.getLogger(__name__)', '');
  if (!callees.length) callees.push('logger.info');
  const errorName = `${className}Error`;

  if (file.test) {
    while (lines.length < file.lines - 6) {
      const value = rng.int(1, 999);
      lines.push(
        '',
        `def test_${rng.pick(VERBS)}_${rng.pick(NOUNS)}_${value}() -> None:`,
        `    record = {"id": "${rng.pick(NOUNS)}-${value}", "status": "pending", "amount": ${value}}`,
        '    output = {**record, "status": "done"}',
        '    assert output["id"] == record["id"]',
        '    assert output["status"] == "done"',
      );
      if (rng.chance(0.1))
        lines.push('    with pytest.raises(ZeroDivisionError):', '        _ = 1 / 0');
    }
    return `${lines.join('\n')}\n`;
  }

  lines.push(
    '',
    `class ${errorName}(Exception):`,
    `    """Raised when a ${className} cannot be processed."""`,
    '',
    '',
  );
  lines.push('@dataclass', `class ${className}:`);
  for (const f of fields)
    lines.push(
      `    ${f}: ${f === 'id' ? 'str' : `${rng.pick(PY_TYPES)} = None  # type: ignore[assignment]`}`,
    );
  lines.push(
    '    status: str = "pending"',
    '    labels: dict[str, str] = field(default_factory=dict)',
    '',
    '',
  );
  const ctx = { fields, callees, errorName };

  const extras = new Map();
  const addExtra = (...extra) => {
    const name = rng.pick(file.exports);
    extras.set(name, [...(extras.get(name) ?? []), ...extra]);
  };
  if (rng.chance(0.01))
    addExtra(
      'expression = str(record.labels.get("expr", "0"))',
      'results.append(eval(expression))',
    );
  if (usesRequests && rng.chance(0.08)) {
    addExtra(
      'response = requests.get(f"https://internal.example/{record.id}", timeout=10, verify=False)',
      'results.append(response.status_code)',
    );
  }

  const per = Math.max(
    12,
    Math.floor((file.lines - lines.length - (routes ? 14 : 0)) / file.exports.length),
  );
  for (const name of file.exports) {
    lines.push(
      `def ${name}(record: ${className}, items: Iterable[${className}] = ()) -> Optional[list[Any]]:`,
      `    """${pascal([rng.pick(VERBS)])} the ${rng.pick(NOUNS)} for one ${className}."""`,
      '    items = list(items)',
      '    results: list[Any] = []',
      '    seen: set[str] = set()',
      '    pending = 0',
      '    failed = 0',
    );
    const body = rng.int(Math.max(2, Math.floor(per / 6)), Math.max(3, Math.floor(per / 3)));
    for (let i = 0; i < body; i++) lines.push(...pyStatements(rng, { ...ctx, fn: name }));
    lines.push(...(extras.get(name) ?? []).map((l) => `    ${l}`));
    lines.push(
      '    logger.info("%s done pending=%d failed=%d", record.id, pending, failed)',
      '    return results',
      '',
      '',
    );
  }
  if (routes) {
    const resource = rng.pick(RESOURCES);
    const handler = file.exports[0];
    lines.push(
      'router = APIRouter()',
      '',
      '',
      `@router.get("/api/v1/${resource}/{item_id}")`,
      `async def get_${snake([resource])}(item_id: str) -> dict[str, Any]:`,
      `    found = ${handler}(${className}(id=item_id))`,
      '    if found is None:',
      `        raise HTTPException(status_code=404, detail="${resource} not found")`,
      '    return {"items": found}',
      '',
      '',
    );
  }
  let helper = 0;
  while (lines.length < file.lines - 3) {
    const f = rng.pick(fields);
    lines.push(
      `def pick_${f}_${helper++}(value: ${className}) -> Any:`,
      `    return getattr(value, "${f}", None)`,
      '',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Fixed files: the same in every size, so "the same one-file change" is really the same.

const ANCHOR_TS = 'packages/core/src/handlers/jobs.ts';
const ANCHOR_PY = 'services/worker/worker/tasks/dispatch.py';
export const ANCHORS = { typescript: ANCHOR_TS, python: ANCHOR_PY };

function openapi() {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'Acme platform API', version: '1.0.0' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      },
    },
    paths: {},
  };
  for (const resource of RESOURCES) {
    const schema = pascal([resource.replace(/s$/, '')]);
    doc.components.schemas[schema] = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        status: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] },
      },
    };
    const ref = { $ref: `#/components/schemas/${schema}` };
    const security = [{ bearer: [] }];
    doc.paths[`/api/v1/${resource}`] = {
      post: {
        operationId: camel(['create', resource]),
        security,
        requestBody: { required: true, content: { 'application/json': { schema: ref } } },
        responses: {
          201: { description: 'Created', content: { 'application/json': { schema: ref } } },
        },
      },
    };
    doc.paths[`/api/v1/${resource}/{id}`] = {
      get: {
        operationId: camel(['get', resource]),
        security,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: ref } } },
          404: {
            description: 'Not found',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    };
  }
  return `# The API contract: routes in code must be documented here first.\n${YAML.stringify(doc)}`;
}

function prd() {
  const lines = ['# Acme platform — product requirements', ''];
  RESOURCES.forEach((resource, i) => {
    lines.push(
      `## ACM-${String(101 + i).padStart(3, '0')} ${resource}`,
      '',
      `Users can create and read ${resource}; reads of a missing ${resource.replace(/s$/, '')} answer 404.`,
      '',
    );
  });
  return lines.join('\n');
}

const AGENTS_MD = `# Working on the Acme platform

Read docs/PRD.md and api/openapi.yaml before writing code.

## Hard guardrails

- Never invent an endpoint that is not in api/openapi.yaml.
- Never bypass authentication (no \`process.env.SKIP_AUTH\`), never disable TLS verification.
- Handlers never update job status directly; they call \`jobs.transition()\`.
- \`charter.yaml\`, \`api/openapi.yaml\` and CI workflows are not yours to edit.

## Style

- Use the structured logger, not \`console.log\`; no casts to \`any\`; no \`eval\`.
`;

/** The rules of issue 2: what the "core rules" targets are about. */
export const CORE_RULES = [
  'charter/protected-path',
  'charter/contract-changed',
  'charter/expired-waiver',
  'charter/missing-source',
  'custom/pattern',
];

function charterYaml(off) {
  const contract = {
    version: 1,
    sources: [
      { id: 'prd', path: 'docs/PRD.md', kind: 'requirements', idPattern: '\\bACM-\\d{3}\\b' },
      { id: 'api', path: 'api/openapi.yaml', kind: 'openapi' },
    ],
    readBeforeCode: ['AGENTS.md', 'docs/PRD.md', 'api/openapi.yaml'],
    exclude: ['**/fixtures/**'],
    rules: {
      'charter/protected-path': 'error',
      'charter/contract-changed': 'error',
      'charter/expired-waiver': 'error',
      'charter/missing-source': 'error',
      'custom/pattern': { severity: 'error', options: { patterns: PATTERNS } },
      // Every other rule this Charter has, switched off so the figures are the core rules'.
      ...Object.fromEntries([...off].sort().map((code) => [code, 'off'])),
    },
    protect: [
      'charter.yaml',
      'api/openapi.yaml',
      '.github/workflows/**',
      'sgconfig.yml',
      'sg-rules/**',
    ],
    waivers: [
      {
        rule: 'custom/no-console-log',
        path: 'packages/legacy/**',
        reason: 'LEG-101: the legacy package is being removed',
        expires: '2099-12-31',
      },
    ],
    cites: {
      'AGENTS.md#hard-guardrails': [
        'charter/protected-path',
        'custom/no-skip-auth',
        'custom/handlers-no-job-status',
        'custom/py-no-verify-false',
      ],
      'AGENTS.md#style': ['custom/no-console-log', 'custom/no-any-cast', 'custom/py-no-eval'],
    },
  };
  return `# yaml-language-server: $schema=https://unpkg.com/agent-charter/schema/charter.schema.json\n# Generated by bench/generate.mjs: the Acme platform's operating contract.\n${YAML.stringify(contract, { lineWidth: 0 })}`;
}

function fixedFiles(off) {
  return {
    '.gitignore': 'node_modules/\n.charter/\n__pycache__/\n*.pyc\n',
    'README.md':
      '# Acme platform (synthetic)\n\nGenerated by bench/generate.mjs for Charter benchmarks.\n',
    'AGENTS.md': AGENTS_MD,
    'charter.yaml': charterYaml(off),
    'api/openapi.yaml': openapi(),
    'docs/PRD.md': prd(),
    'package.json': `${JSON.stringify({ name: 'acme-platform', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    'pyproject.toml':
      '[project]\nname = "acme-services"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n',
    '.github/workflows/ci.yml':
      'name: ci\non: [push, pull_request]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx charter check --base origin/main\n',
    'sgconfig.yml': YAML.stringify({ ruleDirs: ['sg-rules'] }),
    ...Object.fromEntries(
      PATTERNS.map((p) => [`sg-rules/${p.id}.yml`, YAML.stringify(sgRule(p), { lineWidth: 0 })]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------

function git(dir, args) {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
    },
  }).trim();
}

/**
 * With `routeFiles`, only that many files declare routes (the TypeScript anchor, a handler,
 * always does); the others of the route areas are written without them. Which ones keep their
 * routes depends on the seed and path alone. Without it nothing changes: every handler, routes
 * and Python api file declares routes, as before.
 */
function limitRouteFiles(plans, routeFiles, seed) {
  if (routeFiles === undefined) return;
  if (!Number.isInteger(routeFiles) || routeFiles < 1) throw new Error('--route-files must be ≥ 1');
  const candidates = plans
    .filter(
      (f) =>
        !f.test &&
        (f.kind === 'ts' ? f.area === 'routes' || f.area === 'handlers' : f.area === 'api'),
    )
    .map((f) => ({ f, rank: hashString(`${seed}:routes:${f.path}`) }))
    .sort((a, b) => a.rank - b.rank || (a.f.path < b.f.path ? -1 : 1));
  candidates.forEach(({ f }, i) => {
    if (i >= routeFiles - 1) f.routes = false;
  });
}

/**
 * Writes the repository and commits it. Returns what was made: the file count, line and byte
 * totals, the commit id (identical for identical inputs) and the path of the anchor files.
 */
export function generateRepo({ dir, files: total, seed = DEFAULT_SEED, off = [], routeFiles }) {
  if (!Number.isInteger(total) || total < 100) throw new Error('--files must be an integer ≥ 100');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const fixed = fixedFiles(off.filter((code) => !CORE_RULES.includes(code)));
  const anchorRng = createRng(`${seed}:anchors`);
  const anchorTs = {
    path: ANCHOR_TS,
    kind: 'ts',
    test: false,
    pkg: 'core',
    area: 'handlers',
    words: ['job'],
    exports: ['transitionJob', 'updateJob', 'listJobs'],
    lines: 160,
  };
  const anchorPy = {
    path: ANCHOR_PY,
    kind: 'py',
    test: false,
    service: 'worker',
    area: 'tasks',
    words: ['dispatch'],
    exports: ['dispatch_task', 'retry_task'],
    lines: 140,
  };
  const anchorCount = 2;
  const budget = total - Object.keys(fixed).length - anchorCount;
  const rng = createRng(`${seed}:${total}`);
  const tsPlan = planTypeScript(rng, Math.round(budget * 0.6));
  const pyPlan = planPython(rng, budget - tsPlan.length);
  limitRouteFiles([...tsPlan, ...pyPlan], routeFiles, seed);
  const contents = new Map(Object.entries(fixed));

  const byPackage = new Map();
  for (const f of tsPlan) byPackage.set(f.pkg, [...(byPackage.get(f.pkg) ?? []), f]);
  const byService = new Map();
  for (const f of pyPlan)
    if (f.kind === 'py') byService.set(f.service, [...(byService.get(f.service) ?? []), f]);

  // Anchors: generated from their own seed with no siblings, so they are identical in every size.
  contents.set(
    ANCHOR_TS,
    tsFile(anchorRng, anchorTs, new Map()).replace(
      'return items;\n}',
      "input.status = 'running';\n  return items;\n}",
    ),
  );
  contents.set(ANCHOR_PY, pyFile(anchorRng, anchorPy, new Map()));
  for (const f of tsPlan) {
    if (!contents.has(f.path))
      contents.set(f.path, tsFile(createRng(`${seed}:${total}:${f.path}`), f, byPackage));
  }
  for (const f of pyPlan) {
    if (!contents.has(f.path))
      contents.set(f.path, pyFile(createRng(`${seed}:${total}:${f.path}`), f, byService));
  }
  // The anchor's folder must be a Python package too.
  for (const init of [
    'services/worker/worker/__init__.py',
    'services/worker/worker/tasks/__init__.py',
  ]) {
    if (!contents.has(init))
      contents.set(
        init,
        `"""The ${init.split('/').at(-2)} package."""\n\n__all__: list[str] = []\n`,
      );
  }

  const madeDirs = new Set();
  let bytes = 0;
  let lines = 0;
  const counts = { typescript: 0, python: 0, other: 0 };
  for (const [file, text] of [...contents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const full = path.join(dir, file);
    const parent = path.dirname(full);
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
    counts[file.endsWith('.ts') ? 'typescript' : file.endsWith('.py') ? 'python' : 'other']++;
  }

  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  git(dir, ['config', 'core.autocrlf', 'false']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `synthetic repository: ${total} files, seed ${seed}`]);
  const commit = git(dir, ['rev-parse', 'HEAD']);
  return {
    dir,
    files: contents.size,
    counts,
    lines,
    bytes,
    commit,
    anchors: ANCHORS,
    seed,
    generatorVersion: GENERATOR_VERSION,
  };
}

function parseArgs(argv) {
  const args = { files: 1000, seed: DEFAULT_SEED, out: undefined, off: [], routeFiles: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--files') args.files = Number(value);
    else if (flag === '--seed') args.seed = value;
    else if (flag === '--out') args.out = value;
    else if (flag === '--off') args.off = value.split(',').filter(Boolean);
    else if (flag === '--route-files') args.routeFiles = Number(value);
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: node bench/generate.mjs --files N [--seed S] [--out DIR] [--off rule,rule,…] [--route-files N]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(args.out ?? path.join(here, 'out', `repo-${args.files}`));
  const made = generateRepo({
    dir,
    files: args.files,
    seed: args.seed,
    off: args.off,
    routeFiles: args.routeFiles,
  });
  process.stdout.write(
    `${JSON.stringify({ ...made, dir: path.relative(process.cwd(), made.dir) }, null, 2)}\n`,
  );
}
