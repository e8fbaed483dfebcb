import type { CliIo } from './io.js';

const DELAY_MS = 1000;

/**
 * Progress on stderr only when a run takes more than about a second: a live line on a
 * terminal, a single line otherwise (CI logs should not fill with counters).
 */
export function startProgress(
  io: CliIo,
  label: string,
): { update: (done: number, total: number) => void; stop: () => void } {
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  const live = io.stderr.isTTY === true;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < DELAY_MS) return;
      if (live) {
        if (now - lastDraw < 100 && done !== total) return;
        lastDraw = now;
        io.stderr.write(`\rcharter: ${label} ${done}/${total} files`);
        shown = true;
      } else if (!shown) {
        io.stderr.write(`charter: ${label} ${total} files…\n`);
        shown = true;
      }
    },
    stop() {
      if (shown && live) io.stderr.write('\r\x1b[2K');
    },
  };
}
