import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { ContractError } from '../../src/contract/problems.js';
import { docsPathFor } from '../../src/engine/code-info.js';
import { ENGINE_CODES } from '../../src/engine/engine-codes.js';
import { registeredRules } from '../../src/rules/registry.js';

/*
 * Conventions, enforced here:
 * - every registered rule and every engine code has a page docs/rules/<code>.md with the
 *   title `# <code>`, a one-line summary and the sections below, in this order;
 * - every such code has a test file test/rules/<code>.test.ts (engine codes included, so
 *   there is one place to look for the cases of any code a finding can carry);
 * - every ```yaml block in docs/rules that is a contract (starts with `version: 1`) loads
 *   without a problem, so the examples cannot drift from the schema, the rule options or
 *   the ast-grep rule format.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs', 'rules');
const TESTS = path.join(ROOT, 'test', 'rules');
const REQUIRED_SECTIONS = ['Why', 'Configuration', 'Invalid', 'Valid', 'How to fix', 'Waiving'];

const CODES = [
  ...registeredRules.map((rule) => ({ code: rule.meta.code, kind: 'rule' })),
  ...ENGINE_CODES.map((engine) => ({ code: engine.code, kind: 'engine code' })),
];

interface CodeBlock {
  lang: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

interface Page {
  lines: string[];
  /** `## ` headings outside code blocks, in order, with their 0-based line index. */
  sections: { title: string; index: number }[];
  blocks: CodeBlock[];
}

function parsePage(text: string): Page {
  const lines = text.split('\n');
  const sections: Page['sections'] = [];
  const blocks: CodeBlock[] = [];
  let open: { lang: string; start: number } | undefined;
  lines.forEach((line, index) => {
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence) {
      if (open) {
        blocks.push({
          lang: open.lang,
          text: lines.slice(open.start + 1, index).join('\n') + '\n',
          line: open.start + 1,
        });
        open = undefined;
      } else {
        open = { lang: fence[1] ?? '', start: index };
      }
      return;
    }
    if (!open && line.startsWith('## ')) sections.push({ title: line.slice(3).trim(), index });
  });
  if (open) throw new Error(`unclosed code block at line ${open.start + 1}`);
  return { lines, sections, blocks };
}

function sectionBody(page: Page, title: string): { from: number; to: number } {
  const at = page.sections.findIndex((s) => s.title === title);
  const from = page.sections[at]?.index ?? -1;
  const to = page.sections[at + 1]?.index ?? page.lines.length;
  return { from, to };
}

function blocksIn(page: Page, title: string): CodeBlock[] {
  const { from, to } = sectionBody(page, title);
  return page.blocks.filter((block) => block.line - 1 > from && block.line - 1 < to);
}

/** The first line that is neither blank nor a comment. */
function firstStatement(yaml: string): string | undefined {
  return yaml.split('\n').find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

const isContract = (block: CodeBlock): boolean =>
  block.lang === 'yaml' && firstStatement(block.text) === 'version: 1';

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

function contractProblems(text: string): string[] {
  try {
    loadContract({ file: 'charter.yaml', text });
    return [];
  } catch (error) {
    if (error instanceof ContractError) {
      return error.problems.map((p) => `${p.span.line}:${p.span.column} ${p.path}: ${p.message}`);
    }
    throw error;
  }
}

describe.each(CODES)('$code ($kind)', ({ code }) => {
  const file = path.join(ROOT, docsPathFor(code));
  const page = existsSync(file) ? parsePage(readFileSync(file, 'utf8')) : undefined;

  it(`has a page ${docsPathFor(code)}`, () => {
    expect(page, `write ${docsPathFor(code)}`).toBeDefined();
  });

  it('is titled with the code and starts with a one-line summary', () => {
    expect(page?.lines[0]).toBe(`# ${code}`);
    expect(page?.lines[1]).toBe('');
    const summary = page?.lines[2] ?? '';
    expect(summary, 'a summary sentence after the title').toMatch(/^[A-Z`].*\.$/);
    expect(page?.lines[3], 'the summary is one line, followed by a blank line').toBe('');
  });

  it(`has the sections ${REQUIRED_SECTIONS.join(', ')}, in this order`, () => {
    const titles = page?.sections.map((s) => s.title) ?? [];
    expect(titles.filter((t) => REQUIRED_SECTIONS.includes(t))).toEqual(REQUIRED_SECTIONS);
    for (const title of REQUIRED_SECTIONS) {
      const { from, to } = page ? sectionBody(page, title) : { from: 0, to: 0 };
      const body =
        page?.lines
          .slice(from + 1, to)
          .join('\n')
          .trim() ?? '';
      expect(body, `section "${title}" is empty`).not.toBe('');
    }
  });

  it('shows a contract under Configuration and the report under Invalid', () => {
    const configuration = page ? blocksIn(page, 'Configuration') : [];
    expect(
      configuration.filter(isContract),
      'a ```yaml block starting with `version: 1`',
    ).not.toEqual([]);
    const invalid = page ? blocksIn(page, 'Invalid') : [];
    expect(
      invalid.filter((block) => block.lang === 'text' || block.lang === 'json'),
      'a ```text (terminal) or ```json block with what gets reported',
    ).not.toEqual([]);
  });

  it(`has a test file test/rules/${code}.test.ts`, () => {
    expect(
      existsSync(path.join(TESTS, `${code}.test.ts`)),
      `write test/rules/${code}.test.ts`,
    ).toBe(true);
  });
});

describe('docs/rules', () => {
  const pages = markdownFiles(DOCS);

  it('documents only codes that exist', () => {
    const known = new Set(CODES.map(({ code }) => `${code}.md`));
    expect(pages.filter((page) => !known.has(page))).toEqual([]);
  });

  const blocks = pages.flatMap((page) =>
    parsePage(readFileSync(path.join(DOCS, page), 'utf8'))
      .blocks.filter((block) => block.lang === 'yaml')
      .map((block) => ({ ...block, where: `${page}:${block.line}` })),
  );

  it('has contract examples to validate', () => {
    expect(blocks.filter(isContract).length).toBeGreaterThanOrEqual(CODES.length);
  });

  it('every yaml block with a top-level version starts with `version: 1`', () => {
    const misplaced = blocks
      .filter((block) => /^version:/m.test(block.text) && !isContract(block))
      .map((block) => block.where);
    expect(misplaced, 'put `version: 1` first so the example is validated').toEqual([]);
  });

  it.each(blocks.filter(isContract).map((block) => [block.where, block.text] as const))(
    'the contract at %s loads',
    (_where, text) => {
      expect(contractProblems(text)).toEqual([]);
    },
  );
});
