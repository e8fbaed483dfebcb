import { describe, expect, it } from 'vitest';
import { OverlaySnapshot, blobId } from '../../src/repo/snapshot.js';
import { MemorySnapshot } from '../../src/testing/memory-snapshot.js';

const id = (text: string): string => blobId(Buffer.from(text));

const under = new MemorySnapshot(
  '/repo',
  Object.entries({ 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' }).map(([path, text]) => ({
    path,
    content: Buffer.from(text),
  })),
);

describe('content ids of proposed contents', () => {
  it('are the proposed ones, however the files are asked for', async () => {
    const edit = new OverlaySnapshot(under, new Map([['b.ts', 'B\n']]));
    // An edit of existing files keeps the list below: asked with it, and with a copy of it.
    expect(edit.files).toBe(under.files);
    const expected = new Map([
      ['a.ts', id('a\n')],
      ['b.ts', id('B\n')],
      ['c.ts', id('c\n')],
    ]);
    expect(await edit.contentIds(edit.files)).toEqual(expected);
    expect(await edit.contentIds([...edit.files])).toEqual(expected);
    expect(await edit.contentIds(['b.ts'])).toEqual(new Map([['b.ts', id('B\n')]]));
  });

  it('leave out deleted files and add new ones', async () => {
    const edit = new OverlaySnapshot(
      under,
      new Map<string, string | null>([
        ['a.ts', null],
        ['d.ts', 'd\n'],
      ]),
    );
    expect(edit.files).toEqual(['b.ts', 'c.ts', 'd.ts']);
    const expected = new Map([
      ['b.ts', id('b\n')],
      ['c.ts', id('c\n')],
      ['d.ts', id('d\n')],
    ]);
    expect(await edit.contentIds(edit.files)).toEqual(expected);
    // Asked about the list below, which still names the deleted file: it has no id.
    const below = await edit.contentIds(under.files);
    expect(below.has('a.ts')).toBe(false);
    expect(below.get('b.ts')).toBe(id('b\n'));
  });
});
