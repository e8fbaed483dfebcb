import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * Parse trees live in native memory and are freed only when V8 collects their small JS
 * wrappers, which a small heap rarely does: a cold run over thousands of files would hold
 * them all. A full collection between batches keeps peak memory flat.
 */
export function releaseParseTrees(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
