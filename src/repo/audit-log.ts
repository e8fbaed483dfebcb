import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { STATE_DIR, ensureStateFolder } from './state-folder.js';
import { maskSecretsIn } from '../facts/secrets/redact.js';

/** One hook decision. Never file contents, command text or finding messages: codes and paths only. */
export interface AuditEntry {
  time: string;
  agent: string;
  event: string;
  session: string | null;
  toolUseId: string | null;
  tool: string | null;
  decision: 'allow' | 'deny' | 'block' | 'notice' | 'error';
  codes: string[];
  files: string[];
  ms: number;
}

export const AUDIT_LOG = '.charter/audit.jsonl';

/**
 * Appends one line to .charter/audit.jsonl under the repository root; never through a
 * symlink (a `.charter` or an audit log that is one is an error). Paths, session and tool
 * names come from the agent's event: a secret in them is masked as everywhere else.
 */
export async function appendAudit(root: string, entry: AuditEntry): Promise<void> {
  const folder = await ensureStateFolder(root, STATE_DIR);
  const flags =
    fsConstants.O_WRONLY |
    fsConstants.O_APPEND |
    fsConstants.O_CREAT |
    (fsConstants.O_NOFOLLOW ?? 0);
  const handle = await open(path.join(folder, path.basename(AUDIT_LOG)), flags, 0o600);
  try {
    await handle.appendFile(`${JSON.stringify(maskSecretsIn(entry))}\n`);
  } finally {
    await handle.close();
  }
}
