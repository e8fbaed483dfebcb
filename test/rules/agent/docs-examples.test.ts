import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHookFinding } from '../../../src/hooks/evaluate.js';
import { findingsReason } from '../../../src/hooks/message.js';
import { commandFindings } from './command-case.js';

/**
 * The Invalid example of each agent rule's page is what the hook really answers: the page's
 * Configuration contract and the command it names, through the engine and the denial text.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function blocks(page: string, section: string): { lang: string; text: string }[] {
  const start = page.indexOf(`\n## ${section}\n`);
  const end = page.indexOf('\n## ', start + 1);
  const body = page.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] ?? '',
    text: m[2] ?? '',
  }));
}

const EXAMPLES: { code: string; command: string; files?: Record<string, string> }[] = [
  {
    code: 'agent/protected-write',
    command: "cd .claude && echo '{}' > settings.json",
    files: { '.claude/settings.json': '{}\n' },
  },
  { code: 'agent/bypass-verification', command: 'npm test && git commit -nm "wip"' },
  { code: 'agent/destructive-command', command: 'git fetch && git push --force origin main' },
];

describe.each(EXAMPLES)('docs/rules/$code.md', ({ code, command, files }) => {
  it('its Invalid example is what the hook answers', async () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'rules', `${code}.md`), 'utf8');
    const contract = blocks(page, 'Configuration').find((b) => b.lang === 'yaml')?.text ?? '';
    const shown =
      blocks(page, 'Invalid')
        .find((b) => b.lang === 'text')
        ?.text.trimEnd() ?? '';
    const findings = await commandFindings(
      { contract, command, ...(files ? { files } : {}) },
      code,
    );
    expect(findingsReason('command', findings.map(toHookFinding))).toBe(shown);
  });
});
