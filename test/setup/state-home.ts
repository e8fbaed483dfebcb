import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Charter keeps per-user keys outside every repository; in-process tests keep theirs in a
// folder of the test run's own instead of the home folder of whoever runs the tests.
process.env.XDG_STATE_HOME ??= mkdtempSync(path.join(os.tmpdir(), 'charter-state-'));
