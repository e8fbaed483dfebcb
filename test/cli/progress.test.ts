import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';
import type { CliIo } from '../../src/cli/io.js';

function fakeIo(isTTY: boolean): { io: CliIo; stderr: () => string } {
  let text = '';
  return {
    io: {
      cwd: '/',
      env: {},
      stdout: { write: () => undefined, isTTY },
      stderr: { write: (chunk: string) => void (text += chunk), isTTY },
    },
    stderr: () => text,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progress on stderr', () => {
  it('says nothing for a run under a second', () => {
    const { io, stderr } = fakeIo(true);
    const progress = startProgress(io, 'checking');
    vi.advanceTimersByTime(900);
    progress.update(5, 10);
    progress.stop();
    expect(stderr()).toBe('');
  });

  it('prints one line in a log (not a TTY)', () => {
    const { io, stderr } = fakeIo(false);
    const progress = startProgress(io, 'checking');
    vi.advanceTimersByTime(1500);
    progress.update(1, 40);
    progress.update(2, 40);
    vi.advanceTimersByTime(500);
    progress.update(40, 40);
    progress.stop();
    expect(stderr()).toBe('charter: checking 40 files…\n');
  });

  it('draws a live counter on a terminal and clears it at the end', () => {
    const { io, stderr } = fakeIo(true);
    const progress = startProgress(io, 'checking');
    vi.advanceTimersByTime(1200);
    progress.update(1, 3);
    vi.advanceTimersByTime(10);
    progress.update(2, 3); // too soon after the last draw
    progress.update(3, 3); // the last one is always drawn
    progress.stop();
    expect(stderr()).toBe('\rcharter: checking 1/3 files\rcharter: checking 3/3 files\r\u001b[2K');
  });
});
