import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registeredRules } from '../../src/rules/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function renderRegistry(): Promise<string> {
  const url = pathToFileURL(path.join(ROOT, 'scripts', 'registry.mjs')).href;
  const module = (await import(url)) as { renderRegistry: (root: string) => string };
  return module.renderRegistry(ROOT);
}

describe('src/rules/registry.ts', () => {
  it('is up to date with the rule files', async () => {
    const checkedIn = readFileSync(path.join(ROOT, 'src', 'rules', 'registry.ts'), 'utf8');
    const rendered = await renderRegistry();
    const missing = rendered.split('\n').filter((line) => !checkedIn.split('\n').includes(line));
    const extra = checkedIn.split('\n').filter((line) => !rendered.split('\n').includes(line));
    expect(
      checkedIn === rendered,
      `src/rules/registry.ts is stale: run \`npm run generate\` and commit the result (missing: ${JSON.stringify(missing)}, extra: ${JSON.stringify(extra)})`,
    ).toBe(true);
  });

  it('registers each rule once, under a code that matches its file', async () => {
    const codes = registeredRules.map((rule) => rule.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of registeredRules) {
      const code = rule.meta.code;
      expect(code).toMatch(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/);
      const url = pathToFileURL(path.join(ROOT, 'src', 'rules', `${code}.ts`)).href;
      const module = (await import(url)) as { rule: unknown };
      expect(module.rule, `the rule at src/rules/${code}.ts`).toBe(rule);
    }
  });
});
