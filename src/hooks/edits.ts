import { applyHunks } from './apply-patch.js';
import { HookInputError } from './types.js';
import type { FileEdit, StringReplacement } from './types.js';

/** Reads a file's current text; undefined when it does not exist. */
export type FileReader = (absolutePath: string) => Promise<string | undefined>;

function occurrences(text: string, search: string): number {
  if (search === '') return 0;
  let count = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + search.length))
    count++;
  return count;
}

/** The text after the replacements, in order, the way edit tools apply them. */
export function applyReplacements(
  file: string,
  current: string | undefined,
  replacements: readonly StringReplacement[],
  createIfMissing: boolean,
): string {
  if (current === undefined) {
    const [first, ...rest] = replacements;
    if (createIfMissing && first && first.old === '' && rest.length === 0) return first.new;
    throw new HookInputError(`${file} does not exist, so the edit cannot apply`);
  }
  let text = current;
  for (const [index, r] of replacements.entries()) {
    if (r.old === '') {
      if (text === '') {
        text = r.new;
        continue;
      }
      throw new HookInputError(
        `${file}: edit ${index + 1} has an empty old string for a file that is not empty`,
      );
    }
    let found = occurrences(text, r.old);
    // Agents that normalise line endings match "\n" against "\r\n" files.
    if (found === 0 && text.includes('\r\n')) {
      text = text.replace(/\r\n/g, '\n');
      found = occurrences(text, r.old);
    }
    if (found === 0)
      throw new HookInputError(
        `${file}: the text edit ${index + 1} replaces ("${r.old.slice(0, 60)}${r.old.length > 60 ? '…' : ''}") is not in the file`,
      );
    text = r.all ? text.split(r.old).join(r.new) : text.replace(r.old, () => r.new);
  }
  return text;
}

interface NotebookCell {
  id?: string;
  cell_type?: string;
  source?: string | string[];
  [key: string]: unknown;
}

function applyNotebookEdit(
  file: string,
  current: string | undefined,
  edit: Extract<FileEdit, { type: 'notebook' }>,
): string {
  if (current === undefined)
    throw new HookInputError(`${file} does not exist, so the notebook edit cannot apply`);
  let notebook: { cells?: NotebookCell[]; [key: string]: unknown };
  try {
    notebook = JSON.parse(current) as typeof notebook;
  } catch (error) {
    throw new HookInputError(`${file} is not a valid notebook: ${(error as Error).message}`);
  }
  const cells = Array.isArray(notebook.cells) ? notebook.cells : [];
  const index =
    edit.cellId === undefined
      ? -1
      : cells.findIndex(
          (cell, i) =>
            cell.id === edit.cellId || `cell-${i}` === edit.cellId || String(i) === edit.cellId,
        );
  if (edit.cellId !== undefined && index < 0 && edit.mode !== 'insert')
    throw new HookInputError(`${file} has no cell "${edit.cellId}"`);
  const source = edit.source.split(/(?<=\n)/);
  if (edit.mode === 'delete') cells.splice(index, 1);
  else if (edit.mode === 'insert')
    cells.splice(index + 1, 0, {
      cell_type: edit.cellType ?? 'code',
      metadata: {},
      source,
      ...(edit.cellType === 'markdown' ? {} : { outputs: [], execution_count: null }),
    });
  else {
    const cell = cells[index < 0 ? 0 : index];
    if (!cell) throw new HookInputError(`${file} has no cell to replace`);
    cell.source = source;
    if (edit.cellType) cell.cell_type = edit.cellType;
  }
  notebook.cells = cells;
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/**
 * The files an edit produces, in memory: absolute path → new content, or null for a deleted
 * file. Edits apply in order, each to the result of the ones before it.
 */
export async function resultingFiles(
  edits: readonly FileEdit[],
  read: FileReader,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  const current = async (file: string): Promise<string | undefined> => {
    if (result.has(file)) return result.get(file) ?? undefined;
    return read(file);
  };
  for (const edit of edits) {
    switch (edit.type) {
      case 'write':
        result.set(edit.path, edit.content);
        break;
      case 'delete':
        if ((await current(edit.path)) === undefined)
          throw new HookInputError(`${edit.path} does not exist, so it cannot be deleted`);
        result.set(edit.path, null);
        break;
      case 'replace':
        result.set(
          edit.path,
          applyReplacements(
            edit.path,
            await current(edit.path),
            edit.replacements,
            edit.createIfMissing ?? false,
          ),
        );
        break;
      case 'patch': {
        const text = await current(edit.path);
        if (text === undefined)
          throw new HookInputError(`${edit.path} does not exist, so the patch cannot update it`);
        result.set(edit.path, applyHunks(text, edit.hunks, edit.path));
        break;
      }
      case 'move': {
        const text = await current(edit.from);
        if (text === undefined)
          throw new HookInputError(`${edit.from} does not exist, so it cannot be moved`);
        result.set(edit.from, null);
        result.set(
          edit.to,
          edit.replacements?.length ? applyHunks(text, edit.replacements, edit.from) : text,
        );
        break;
      }
      case 'notebook':
        result.set(edit.path, applyNotebookEdit(edit.path, await current(edit.path), edit));
        break;
    }
  }
  return result;
}

export function editedPaths(edits: readonly FileEdit[]): string[] {
  return [...new Set(edits.flatMap((e) => (e.type === 'move' ? [e.from, e.to] : [e.path])))];
}
