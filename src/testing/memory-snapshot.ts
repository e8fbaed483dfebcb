import { blobId } from '../repo/snapshot.js';
import type { ChangedFile, Snapshot } from '../repo/snapshot.js';

/** A snapshot held in memory: the files of one fixture case, checked like a repository. */
export class MemorySnapshot implements Snapshot {
  readonly kind = 'worktree' as const;
  readonly isGit = false;
  readonly change: readonly ChangedFile[] | null = null;
  readonly files: readonly string[];
  private readonly contents: Map<string, Buffer>;

  constructor(
    readonly root: string,
    files: readonly { path: string; content: Buffer }[],
  ) {
    this.contents = new Map(files.map((f) => [f.path, f.content]));
    this.files = [...this.contents.keys()].sort();
  }

  has(file: string): boolean {
    return this.contents.has(file);
  }

  async contentIds(files: readonly string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const file of files) {
      const content = this.contents.get(file);
      if (content) ids.set(file, blobId(content));
    }
    return ids;
  }

  async readMany(files: readonly string[]): Promise<Map<string, Buffer | Error>> {
    const out = new Map<string, Buffer | Error>();
    for (const file of files)
      out.set(file, this.contents.get(file) ?? new Error('not in the fixture'));
    return out;
  }
}
