import { ContractError } from '../contract/problems.js';
import { CharterError } from '../repo/errors.js';
import { TOOL_VERSION } from '../engine/version.js';
import { maskSecrets, maskSecretsIn } from '../facts/secrets/redact.js';
import type { CliIo } from './io.js';

/**
 * Prints a run-stopping error for people on stderr and, when JSON was asked for, as data on
 * stdout. Errors quote what they were given (a revision, a contract key, a path): secrets in
 * it are masked.
 */
export function reportFatal(io: CliIo, error: unknown, json: boolean): 2 {
  const charterError =
    error instanceof CharterError
      ? error
      : new CharterError(
          'charter/internal-error',
          `internal error: ${error instanceof Error ? error.message : String(error)}`,
          'this is a bug in Charter; the run is denied',
        );
  const lines = [`charter: error [${charterError.code}] ${charterError.message}`];
  for (const detail of charterError.details) lines.push(`  ${detail}`);
  if (charterError.hint) lines.push(`  hint: ${charterError.hint}`);
  if (!(error instanceof CharterError) && error instanceof Error && io.env.CHARTER_DEBUG)
    lines.push(error.stack ?? '');
  io.stderr.write(`${maskSecrets(lines.join('\n'))}\n`);
  if (json) {
    const problems =
      error instanceof ContractError
        ? error.problems.map((p) => ({
            file: error.file,
            path: p.path,
            message: p.message,
            line: p.span.line,
            column: p.span.column,
            endLine: p.span.endLine,
            endColumn: p.span.endColumn,
          }))
        : [];
    io.stdout.write(
      `${JSON.stringify(
        maskSecretsIn({
          schemaVersion: 1,
          tool: { name: 'charter', version: TOOL_VERSION },
          decision: 'deny',
          exitCode: 2,
          error: {
            code: charterError.code,
            message: charterError.message,
            ...(charterError.hint ? { hint: charterError.hint } : {}),
            problems,
          },
        }),
        null,
        2,
      )}\n`,
    );
  }
  return 2;
}
