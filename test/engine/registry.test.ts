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

describe('what rules declare they read', () => {
  // An edit is judged from the edited files alone on the strength of these declarations
  // (src/engine/edit-check.ts), so a rule whose code reads more must say so.
  const source = (code: string): string =>
    readFileSync(path.join(ROOT, 'src', 'rules', `${code}.ts`), 'utf8');
  const local = (rule: (typeof registeredRules)[number]): boolean =>
    rule.meta.locality === 'file' || rule.meta.locality === 'change';

  it('a rule that reads the change is local to it, or declares it', () => {
    for (const rule of registeredRules) {
      if (!/context\.change\b/.test(source(rule.meta.code)) || local(rule)) continue;
      const declared = Boolean(
        rule.meta.readsChange ||
        rule.meta.commandsToRun ||
        rule.meta.factsBefore ||
        rule.meta.factsOfChange ||
        rule.meta.factsBeforeForContract,
      );
      expect(declared, `${rule.meta.code} reads context.change`).toBe(true);
    }
  });

  it('a rule without extractors that asks about files declares which (presence)', () => {
    for (const rule of registeredRules) {
      const text = source(rule.meta.code);
      const extractors = Boolean(
        rule.meta.facts?.length ||
        rule.meta.factsFor ||
        rule.meta.factsForContract ||
        rule.meta.factsOfChange?.length,
      );
      if (extractors || rule.meta.command) continue;
      if (/context\.(has|files)\b/.test(text))
        expect(rule.meta.presence, `${rule.meta.code} reads the file list`).toBeDefined();
    }
  });
});
