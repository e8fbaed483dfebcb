import type {
  Location as SarifLocation,
  Log,
  Notification,
  ReportingDescriptor,
  Result,
} from 'sarif';
import type { Finding, FindingSeverity, Report, WaivedFinding } from '../engine/report-schema.js';
import { skipReasonText } from './shared.js';
import type { CodeInfo, Reporter } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/agent-charter/charter';
/** Every artifact URI is relative to the root of the checked repository. */
export const SRCROOT = '%SRCROOT%';

const levelOf = (severity: FindingSeverity): 'error' | 'warning' =>
  severity === 'error' ? 'error' : 'warning';

/**
 * A repository-relative path as a relative URI reference: forward slashes, each segment
 * percent-encoded (spaces, `[id]`, `#`, `?` and `%` cannot be read as URI syntax).
 */
export function artifactUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function ruleFor(
  code: string,
  info: CodeInfo | undefined,
  seen: readonly Finding[],
): ReportingDescriptor {
  const level = seen.some((f) => f.severity === 'error') ? 'error' : 'warning';
  // A code without CodeInfo still gets a rule, so every result's ruleId resolves.
  const description = info?.description ?? seen[0]?.message ?? code;
  const rationale = info?.rationale ?? description;
  const remediation = info?.remediation ?? seen[0]?.remediation ?? '';
  const docs = info?.docsPath;
  const helpText = [remediation, docs === undefined ? '' : `Documentation: ${docs}`]
    .filter((part) => part !== '')
    .join('\n\n');
  const helpMarkdown = [
    remediation === '' ? '' : `**How to fix:** ${remediation}`,
    `**Why:** ${rationale}`,
    docs === undefined ? '' : `Documentation: \`${docs}\``,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return {
    id: code,
    shortDescription: { text: description },
    fullDescription: { text: rationale },
    help: { text: helpText === '' ? rationale : helpText, markdown: helpMarkdown },
    defaultConfiguration: { level },
    // Tags must be unique: the tool name, then the rule's pack (`api` for api/…).
    properties: { tags: [...new Set(['charter', code.split('/')[0] ?? code])] },
  };
}

function locationOf(finding: Finding): SarifLocation {
  const { file, line, column, endLine, endColumn } = finding.location;
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file), uriBaseId: SRCROOT },
      // Columns are 1-based and the end column is exclusive in both the report and SARIF.
      region: { startLine: line, startColumn: column, endLine, endColumn },
    },
  };
}

function resultFor(finding: Finding | WaivedFinding, ruleIndex: number): Result {
  const text = [
    finding.message,
    finding.incomplete ? 'Something could not be checked, so this change cannot be allowed.' : '',
    finding.remediation,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const result: Result = {
    ruleId: finding.code,
    ruleIndex,
    level: levelOf(finding.severity),
    message: { text },
    locations: [locationOf(finding)],
    // The report's fingerprint hashes the code, the path, the whitespace-normalised text of
    // the line and the occurrence of that line among identical findings: it survives line
    // shifts and is the value the baseline stores. GitHub's upload action keeps a supplied
    // primaryLocationLineHash (it only fills in missing ones).
    partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
    properties: {
      rule: finding.rule,
      ...(finding.clause === undefined ? {} : { clause: finding.clause }),
      ...(finding.incomplete ? { incomplete: true } : {}),
      data: finding.data,
    },
  };
  if ('waiver' in finding) {
    result.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: finding.waiver.reason,
        properties: { expires: finding.waiver.expires, path: finding.waiver.path },
      },
    ];
  }
  return result;
}

function skippedNotifications(report: Report): Notification[] {
  return report.skipped.map((skipped) => ({
    level: 'warning',
    message: { text: `Skipped ${skipped.file}: ${skipReasonText(skipped)}.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(skipped.file), uriBaseId: SRCROOT },
        },
      },
    ],
    properties: {
      reason: skipped.reason,
      ...(skipped.size === undefined ? {} : { size: skipped.size }),
    },
  }));
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, one rule per code
 * that appears in the report (id = the code), findings as results and waived findings as
 * results with an external, accepted suppression.
 */
export const sarifReporter: Reporter = (report, context) => {
  const all: (Finding | WaivedFinding)[] = [...report.findings, ...report.waived];
  const codes = [...new Set(all.map((f) => f.code))].sort();
  const infos = new Map(context.codes.map((info) => [info.code, info]));
  const rules = codes.map((code) =>
    ruleFor(
      code,
      infos.get(code),
      all.filter((f) => f.code === code),
    ),
  );
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));

  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'charter',
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        // No uri: the repository root is only known where the log is read, and a uri here
        // would have to be absolute.
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The root of the checked repository.' } },
        },
        invocations: [
          {
            executionSuccessful: !report.findings.some((f) => f.incomplete),
            exitCode: report.exitCode,
            ...(report.skipped.length === 0
              ? {}
              : { toolExecutionNotifications: skippedNotifications(report) }),
          },
        ],
        results: all.map((finding) => resultFor(finding, ruleIndex.get(finding.code) ?? -1)),
        properties: {
          decision: report.decision,
          failOn: report.failOn,
          mode: report.mode,
          contract: report.contract,
          summary: report.summary,
          staleBaseline: report.staleBaseline,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
