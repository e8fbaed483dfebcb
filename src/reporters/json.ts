import type { Reporter } from './types.js';

/** The canonical format: the report as is, keys in schema order, one trailing newline. */
export const jsonReporter: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
