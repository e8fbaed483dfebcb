import picomatch from 'picomatch';
import type { LoadedContract } from '../contract/load.js';
import type { Snapshot } from '../repo/snapshot.js';
import type { Baseline } from './baseline.js';
import type { RawFinding } from './check.js';
import { ENGINE_CODES } from './engine-codes.js';
import { fingerprintOf, normalizeLine } from './fingerprint.js';
import type { Finding, FindingSeverity, Report, WaivedFinding } from './report-schema.js';
import { ruleByCode } from '../contract/load.js';
import { isWaiverExpired } from './waivers.js';

interface FinalizeInput {
  raw: readonly RawFinding[];
  contract: LoadedContract;
  snapshot: Snapshot;
  now: Date;
  failOn: FindingSeverity;
  baseline?: Baseline;
}

interface Finalized {
  findings: Finding[];
  waived: WaivedFinding[];
  baselined: number;
  staleBaseline: Report['staleBaseline'];
  exitCode: 0 | 1 | 2;
}

async function readLines(
  snapshot: Snapshot,
  contract: LoadedContract,
  files: readonly string[],
): Promise<Map<string, string[]>> {
  const lines = new Map<string, string[]>();
  const fromSnapshot = files.filter((file) => file !== contract.file);
  const contents = await snapshot.readMany(fromSnapshot.filter((file) => snapshot.has(file)));
  for (const [file, content] of contents) {
    if (Buffer.isBuffer(content)) lines.set(file, content.toString('utf8').split(/\r?\n/));
  }
  lines.set(contract.file, contract.text.split(/\r?\n/));
  return lines;
}

function clauseFor(contract: LoadedContract, code: string, rule: string): string | undefined {
  let byRule: string | undefined;
  for (const [clause, codes] of Object.entries(contract.data.cites ?? {})) {
    if (codes.includes(code)) return clause;
    if (codes.includes(rule)) byRule ??= clause;
  }
  return byRule;
}

const compare = (a: Finding, b: Finding): number =>
  a.location.file.localeCompare(b.location.file) ||
  a.location.line - b.location.line ||
  a.location.column - b.location.column ||
  a.code.localeCompare(b.code) ||
  a.message.localeCompare(b.message);

/** Severity, clause, fingerprint, waivers, baseline and the exit code, in that order. */
export async function finalizeFindings({
  raw,
  contract,
  snapshot,
  now,
  failOn,
  baseline,
}: FinalizeInput): Promise<Finalized> {
  const lines = await readLines(snapshot, contract, [...new Set(raw.map((r) => r.location.file))]);
  const built: Finding[] = raw.map((r) => {
    const code = r.code ?? r.rule;
    const line = Math.max(1, r.location.line);
    const column = Math.max(1, r.location.column);
    const endLine = Math.max(line, r.location.endLine ?? line);
    const lineText = lines.get(r.location.file)?.[line - 1] ?? '';
    const endColumn =
      r.location.endColumn ?? (endLine === line ? Math.max(column + 1, lineText.length + 1) : 1);
    const engineCode = ENGINE_CODES.find((c) => c.code === code);
    const clause = clauseFor(contract, code, r.rule);
    return {
      code,
      rule: r.rule,
      severity: r.severity ?? r.configuredSeverity,
      message: r.message,
      location: { file: r.location.file, line, column, endLine, endColumn },
      remediation:
        r.remediation ?? ruleByCode(r.rule)?.meta.remediation ?? engineCode?.remediation ?? '',
      ...(clause ? { clause } : {}),
      data: r.data ?? {},
      fingerprint: '',
      ...(r.incomplete ? { incomplete: true } : {}),
    };
  });
  built.sort(compare);
  const occurrences = new Map<string, number>();
  for (const finding of built) {
    const lineText = normalizeLine(
      lines.get(finding.location.file)?.[finding.location.line - 1] ?? '',
    );
    const key = `${finding.code}\0${finding.location.file}\0${lineText}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    finding.fingerprint = fingerprintOf(finding.code, finding.location.file, lineText, occurrence);
  }

  const waivers = (contract.data.waivers ?? [])
    .filter((w) => !isWaiverExpired(w, now))
    .map((w) => ({ waiver: w, matches: picomatch(w.path, { dot: true }) }));
  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  for (const finding of built) {
    const waivable = ENGINE_CODES.find((c) => c.code === finding.code)?.waivable ?? true;
    const match = waivable
      ? waivers.find(
          ({ waiver, matches }) =>
            (waiver.rule === finding.code || waiver.rule === finding.rule) &&
            matches(finding.location.file),
        )
      : undefined;
    if (match)
      waived.push({
        ...finding,
        waiver: {
          reason: match.waiver.reason,
          expires: match.waiver.expires,
          path: match.waiver.path,
        },
      });
    else findings.push(finding);
  }

  let baselined = 0;
  const staleBaseline: Report['staleBaseline'] = [];
  let remaining = findings;
  if (baseline) {
    const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
    const seen = new Set<string>();
    remaining = findings.filter((finding) => {
      seen.add(finding.fingerprint);
      if (!finding.incomplete && known.has(finding.fingerprint)) {
        baselined++;
        return false;
      }
      return true;
    });
    for (const entry of baseline.findings) {
      if (!seen.has(entry.fingerprint))
        staleBaseline.push({ fingerprint: entry.fingerprint, code: entry.code, file: entry.file });
    }
  }

  const incomplete = remaining.some((f) => f.incomplete);
  const failing = remaining.some((f) => f.severity === 'error' || failOn === 'warn');
  return {
    findings: remaining,
    waived,
    baselined,
    staleBaseline,
    exitCode: incomplete ? 2 : failing ? 1 : 0,
  };
}
