import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
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
 * Appends one line to .charter/audit.jsonl under the repository root. Paths, session and
 * tool names come from the agent's event: a secret in them is masked as everywhere else.
 */
export async function appendAudit(root: string, entry: AuditEntry): Promise<void> {
  const file = path.join(root, AUDIT_LOG);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(maskSecretsIn(entry))}\n`);
}
