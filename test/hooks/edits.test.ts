import { describe, expect, it } from 'vitest';
import { applyHunks, parseApplyPatch } from '../../src/hooks/apply-patch.js';
import { applyReplacements, resultingFiles } from '../../src/hooks/edits.js';
import { HookInputError } from '../../src/hooks/types.js';

const files: Record<string, string> = {
  '/repo/src/app.ts':
    'import x from "x";\n\nexport function a() {\n  return 1;\n}\n\nexport function b() {\n  return 1;\n}\n',
  '/repo/old.txt': 'old\n',
};
const read = async (file: string): Promise<string | undefined> => files[file];

describe('apply_patch', () => {
  it('parses adds, updates with moves, and deletes into per-file edits', () => {
    const edits = parseApplyPatch(
      [
        '*** Begin Patch',
        '*** Add File: docs/new.md',
        '+# New',
        '+',
        '+text',
        '*** Update File: src/app.ts',
        '*** Move to: src/main.ts',
        '@@ export function b() {',
        '-  return 1;',
        '+  return 2;',
        '*** Delete File: old.txt',
        '*** End Patch',
      ].join('\n'),
      '/repo',
    );
    expect(edits).toEqual([
      { type: 'write', path: '/repo/docs/new.md', content: '# New\n\ntext\n' },
      {
        type: 'move',
        from: '/repo/src/app.ts',
        to: '/repo/src/main.ts',
        replacements: [
          {
            anchor: 'export function b() {',
            oldLines: ['  return 1;'],
            newLines: ['  return 2;'],
            atEnd: false,
          },
        ],
      },
      { type: 'delete', path: '/repo/old.txt' },
    ]);
  });

  it('applies a section after its anchor, not at the first match', async () => {
    const edits = parseApplyPatch(
      '*** Begin Patch\n*** Update File: src/app.ts\n@@ export function b() {\n-  return 1;\n+  return 2;\n*** End Patch',
      '/repo',
    );
    const result = await resultingFiles(edits, read);
    expect(result.get('/repo/src/app.ts')).toBe(
      'import x from "x";\n\nexport function a() {\n  return 1;\n}\n\nexport function b() {\n  return 2;\n}\n',
    );
  });

  it('matches context that differs only in trailing spaces', () => {
    expect(
      applyHunks(
        'a  \nb\nc\n',
        [{ anchor: undefined, oldLines: ['a', 'b'], newLines: ['a', 'B'], atEnd: false }],
        'f',
      ),
    ).toBe('a\nB\nc\n');
  });

  it('an insertion with no context goes at the end', () => {
    expect(
      applyHunks('a\n', [{ anchor: undefined, oldLines: [], newLines: ['b'], atEnd: false }], 'f'),
    ).toBe('a\nb\n');
  });

  it('fails closed when the context is not in the file', async () => {
    const edits = parseApplyPatch(
      '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-nope\n+yes\n*** End Patch',
      '/repo',
    );
    await expect(resultingFiles(edits, read)).rejects.toThrow(HookInputError);
  });

  it('rejects what is not a patch', () => {
    expect(() => parseApplyPatch('*** Begin Patch\nhello\n*** End Patch', '/repo')).toThrow(
      'line 2 of the patch: "hello" is not a file header',
    );
    expect(() => parseApplyPatch('diff --git a/x b/x', '/repo')).toThrow(
      'the patch has no "*** Begin Patch" line',
    );
  });
});

describe('string replacements', () => {
  it('replaces the first occurrence, or all with replace_all', () => {
    expect(applyReplacements('f', 'a a a', [{ old: 'a', new: 'b', all: false }], false)).toBe(
      'b a a',
    );
    expect(applyReplacements('f', 'a a a', [{ old: 'a', new: 'b', all: true }], false)).toBe(
      'b b b',
    );
  });

  it('applies several edits in order, each to the result of the last', () => {
    expect(
      applyReplacements(
        'f',
        'one two',
        [
          { old: 'one', new: 'three', all: false },
          { old: 'three two', new: 'done', all: false },
        ],
        false,
      ),
    ).toBe('done');
  });

  it('creates a file from an empty old string', () => {
    expect(applyReplacements('f', undefined, [{ old: '', new: 'new\n', all: false }], true)).toBe(
      'new\n',
    );
  });

  it('matches across line endings the agent normalised', () => {
    expect(
      applyReplacements('f', 'a\r\nb\r\n', [{ old: 'a\nb', new: 'c', all: false }], false),
    ).toBe('c\n');
  });

  it('takes a replacement text literally ($& is not special)', () => {
    expect(
      applyReplacements('f', 'price', [{ old: 'price', new: '$&$1', all: false }], false),
    ).toBe('$&$1');
  });

  it('fails closed when the old string is missing or the file does not exist', () => {
    expect(() =>
      applyReplacements('f', 'abc', [{ old: 'x', new: 'y', all: false }], false),
    ).toThrow('f: the text edit 1 replaces ("x") is not in the file');
    expect(() =>
      applyReplacements('f', undefined, [{ old: 'x', new: 'y', all: false }], true),
    ).toThrow('f does not exist, so the edit cannot apply');
  });

  it('replaces a notebook cell by id', async () => {
    const notebook = JSON.stringify({
      cells: [{ id: 'c1', cell_type: 'code', source: ['x = 1\n'] }],
      nbformat: 4,
    });
    const result = await resultingFiles(
      [
        {
          type: 'notebook',
          path: '/nb.ipynb',
          cellId: 'c1',
          source: 'x = 2\ny = 3',
          cellType: undefined,
          mode: 'replace',
        },
      ],
      async () => notebook,
    );
    expect(JSON.parse(result.get('/nb.ipynb') as string).cells[0].source).toEqual([
      'x = 2\n',
      'y = 3',
    ]);
  });
});
