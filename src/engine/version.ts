import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/** The package version, read from package.json so there is one place to bump it. */
export const TOOL_VERSION: string = pkg.version;
