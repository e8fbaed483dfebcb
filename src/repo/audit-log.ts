import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

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

/** Appends one line to .charter/audit.jsonl under the repository root. */
export async function appendAudit(root: string, entry: AuditEntry): Promise<void> {
  const file = path.join(root, AUDIT_LOG);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`);
}
