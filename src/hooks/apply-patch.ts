import { filePath } from './input.js';
import { HookInputError } from './types.js';
import type { FileEdit, PatchHunk } from './types.js';

/**
 * Codex's apply_patch format, parsed into per-file edits:
 *
 *   *** Begin Patch
 *   *** Add File: path        followed by `+` lines
 *   *** Delete File: path
 *   *** Update File: path     optionally `*** Move to: path`, then `@@ [anchor]` sections of
 *                             ` ` context, `-` removed and `+` added lines
 *   *** End Patch
 */
export function parseApplyPatch(text: string, cwd: string): FileEdit[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  // Codex also accepts the patch wrapped in a heredoc (`apply_patch <<'EOF' … EOF`).
  let start = lines.findIndex((line) => line.trim() === '*** Begin Patch');
  if (start < 0) throw new HookInputError('the patch has no "*** Begin Patch" line');
  const end = lines.findIndex((line, i) => i > start && line.trim() === '*** End Patch');
  if (end < 0) throw new HookInputError('the patch has no "*** End Patch" line');
  const body = lines.slice(start + 1, end);
  start = 0;
  const edits: FileEdit[] = [];
  let i = 0;
  const header = (line: string, prefix: string): string | undefined =>
    line.startsWith(prefix) ? line.slice(prefix.length).trim() : undefined;
  while (i < body.length) {
    const line = body[i] as string;
    const add = header(line, '*** Add File: ');
    const del = header(line, '*** Delete File: ');
    const update = header(line, '*** Update File: ');
    if (add !== undefined) {
      i++;
      const content: string[] = [];
      while (i < body.length && !(body[i] as string).startsWith('*** ')) {
        const added = body[i] as string;
        if (!added.startsWith('+'))
          throw new HookInputError(
            `line ${i + 2} of the patch: an added file's lines start with "+"`,
          );
        content.push(added.slice(1));
        i++;
      }
      edits.push({
        type: 'write',
        path: filePath(add, cwd),
        content: content.length ? `${content.join('\n')}\n` : '',
      });
    } else if (del !== undefined) {
      edits.push({ type: 'delete', path: filePath(del, cwd) });
      i++;
    } else if (update !== undefined) {
      i++;
      let moveTo: string | undefined;
      const move = header(body[i] ?? '', '*** Move to: ');
      if (move !== undefined) {
        moveTo = move;
        i++;
      }
      const hunks: PatchHunk[] = [];
      let current: PatchHunk | undefined;
      while (i < body.length) {
        const hunkLine = body[i] as string;
        if (hunkLine === '*** End of File') {
          if (current) current.atEnd = true;
          i++;
          continue;
        }
        if (hunkLine.startsWith('*** ')) break;
        if (hunkLine.startsWith('@@')) {
          const anchor = hunkLine.slice(2).trim();
          current = {
            anchor: anchor === '' ? undefined : anchor,
            oldLines: [],
            newLines: [],
            atEnd: false,
          };
          hunks.push(current);
          i++;
          continue;
        }
        if (!current) {
          current = { anchor: undefined, oldLines: [], newLines: [], atEnd: false };
          hunks.push(current);
        }
        const marker = hunkLine[0];
        const rest = hunkLine.slice(1);
        if (marker === ' ' || hunkLine === '') {
          current.oldLines.push(rest);
          current.newLines.push(rest);
        } else if (marker === '-') current.oldLines.push(rest);
        else if (marker === '+') current.newLines.push(rest);
        else
          throw new HookInputError(
            `line ${i + 2} of the patch: "${hunkLine.slice(0, 40)}" is not a patch line`,
          );
        i++;
      }
      const from = filePath(update, cwd);
      if (moveTo !== undefined)
        edits.push({ type: 'move', from, to: filePath(moveTo, cwd), replacements: hunks });
      else edits.push({ type: 'patch', path: from, hunks });
    } else if (line.trim() === '') {
      i++;
    } else {
      throw new HookInputError(
        `line ${i + 2} of the patch: "${line.slice(0, 40)}" is not a file header`,
      );
    }
  }
  return edits;
}

/** The file's content after the update sections, the way apply_patch finds them. */
export function applyHunks(content: string, hunks: readonly PatchHunk[], file: string): string {
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let position = 0;
  for (const hunk of hunks) {
    if (hunk.anchor !== undefined) {
      const anchorAt = seek(lines, [hunk.anchor], position, false);
      if (anchorAt < 0)
        throw new HookInputError(`${file}: the patch context "${hunk.anchor}" is not in the file`);
      position = anchorAt + 1;
    }
    if (hunk.oldLines.length === 0) {
      // Pure insertion: at the end of the file, or after the anchor.
      const at = hunk.anchor === undefined ? lines.length : position;
      lines.splice(at, 0, ...hunk.newLines);
      position = at + hunk.newLines.length;
      continue;
    }
    let found = seek(lines, hunk.oldLines, position, hunk.atEnd);
    // apply_patch tolerates a trailing empty context line that the file does not have.
    let oldLines = hunk.oldLines;
    let newLines = hunk.newLines;
    if (found < 0 && oldLines[oldLines.length - 1] === '') {
      oldLines = oldLines.slice(0, -1);
      if (newLines[newLines.length - 1] === '') newLines = newLines.slice(0, -1);
      found = seek(lines, oldLines, position, hunk.atEnd);
    }
    if (found < 0)
      throw new HookInputError(
        `${file}: the lines the patch changes ("${(hunk.oldLines[0] ?? '').slice(0, 60)}" …) are not in the file`,
      );
    lines.splice(found, oldLines.length, ...newLines);
    position = found + newLines.length;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Where `pattern` occurs in `lines` from `start`: exact, then ignoring trailing, then all surrounding space. */
function seek(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  atEnd: boolean,
): number {
  const compare: ((s: string) => string)[] = [(s) => s, (s) => s.trimEnd(), (s) => s.trim()];
  for (const normalize of compare) {
    const from = atEnd ? Math.max(start, lines.length - pattern.length) : start;
    for (let i = from; i + pattern.length <= lines.length; i++) {
      let ok = true;
      for (let j = 0; j < pattern.length; j++) {
        if (normalize(lines[i + j] as string) !== normalize(pattern[j] as string)) {
          ok = false;
          break;
        }
      }
      if (ok) return i;
    }
  }
  return -1;
}
