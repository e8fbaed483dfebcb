import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface TestRepo {
  root: string;
  git(...args: string[]): string;
  write(files: Record<string, string | Buffer>): void;
  remove(...files: string[]): void;
  commit(message?: string): string;
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real git repository in a temporary folder, removed after the test file. */
export function makeRepo(
  files: Record<string, string | Buffer> = {},
  options: { git?: boolean } = {},
): TestRepo {
  const root = mkdtempSync(path.join(os.tmpdir(), 'charter-test-'));
  created.push(root);
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      },
    });
  const repo: TestRepo = {
    root,
    git,
    write(entries) {
      for (const [file, content] of Object.entries(entries)) {
        const full = path.join(root, file);
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    },
    remove(...paths) {
      for (const file of paths) rmSync(path.join(root, file), { force: true, recursive: true });
    },
    commit(message = 'change') {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
  if (options.git !== false) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
  }
  repo.write(files);
  return repo;
}
