import picomatch from 'picomatch';
import { z } from 'zod';
import type { Contract } from '../../contract/schema.js';
import type { CommandRequest, CommandResult } from '../../engine/rule.js';
import { defineRule } from '../../engine/rule.js';

const OptionsSchema = z
  .object({
    tailLines: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(40)
      .describe('How many of the last output lines a finding carries'),
  })
  .strict();

const DEFAULT_TIMEOUT_SECONDS = 600;
const MAX_TAIL_CHARS = 4_000;

type VerifyEntry = NonNullable<Contract['verify']>[number];

const globsOf = (entry: VerifyEntry): string[] =>
  typeof entry.when === 'string' ? [entry.when] : entry.when;

/** Indexes of the verify entries whose globs the change touches (all of them without a change). */
export function triggeredEntries(
  verify: readonly VerifyEntry[],
  change: readonly { path: string; oldPath?: string }[] | null,
): { index: number; entry: VerifyEntry; files: string[] }[] {
  return verify.flatMap((entry, index) => {
    const matches = picomatch(globsOf(entry), { dot: true });
    if (change === null) return [{ index, entry, files: [] }];
    const files = change
      .filter((c) => matches(c.path) || (c.oldPath !== undefined && matches(c.oldPath)))
      .map((c) => c.path);
    return files.length ? [{ index, entry, files }] : [];
  });
}

function tail(output: string, lines: number): string {
  const kept = output.replace(/\s+$/, '').split(/\r?\n/).slice(-lines).join('\n');
  return kept.length > MAX_TAIL_CHARS ? `…${kept.slice(-MAX_TAIL_CHARS)}` : kept;
}

function outcome(result: CommandResult): string {
  if (result.error) return result.error;
  if (result.timedOut) return 'timed out';
  if (result.signal) return `killed by ${result.signal}`;
  return `exited with ${result.exitCode}`;
}

export const rule = defineRule({
  meta: {
    code: 'integrity/verify-failed',
    description:
      'A command from the contract’s `verify` list failed for a change that touches its paths.',
    rationale:
      'Contracts say "any change under packages/web/** must pass make verify-web". The `verify` list makes that a gate: when the change touches a `when` glob, the command runs in the contract’s folder (split into arguments without a shell unless the entry says `shell: true`; file names never reach it), with a timeout, and a failure is reported with the end of its output. A command that cannot start or times out means the change could not be verified: that is exit 2, not a pass. The commands come from the trusted contract (the base revision, or HEAD), so a change cannot swap them; they run the repository’s own tooling, which is why they are opt-in, and a check of the working tree, whose contract the change can edit, runs them only with --run-verify. Agent hooks run the committed contract’s commands when the agent stops, not on every edit.',
    remediation:
      'Run the command locally, read the output tail in the finding, and fix the code until it passes. Do not change the command or the contract to make it pass.',
    defaultSeverity: 'error',
    options: OptionsSchema,
    commandsToRun: ({ contract, change }): CommandRequest[] =>
      triggeredEntries(contract.data.verify ?? [], change).map(({ index, entry }) => ({
        id: String(index),
        run: entry.run,
        ...(entry.shell ? { shell: true } : {}),
        timeoutMs: (entry.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      })),
  },
  check(context) {
    const verify = context.contract.data.verify ?? [];
    if (verify.length === 0) return;
    const triggered = triggeredEntries(verify, context.change);
    if (triggered.length === 0) return;
    const run = context.commandResults;
    if (run.state === 'off') return;
    for (const { index, entry, files } of triggered) {
      const span = context.contract.locate(['verify', index, 'run']);
      const location = {
        file: context.contract.file,
        line: span.line,
        column: span.column,
        endLine: span.endLine,
        endColumn: span.endColumn,
      };
      const when = globsOf(entry).join(', ');
      const touched =
        files.slice(0, 5).join(', ') + (files.length > 5 ? `, … (${files.length})` : '');
      if (run.state === 'unavailable') {
        context.report({
          message: `\`${entry.run}\` was not run: ${run.reason}`,
          location,
          data: {
            command: entry.run,
            when,
            files: touched,
            outcome: 'not-run',
            output: run.reason,
          },
          incomplete: true,
        });
        continue;
      }
      const result = run.results.get(String(index));
      if (!result) {
        context.report({
          message: `\`${entry.run}\` has no result`,
          location,
          data: { command: entry.run, when, files: touched, outcome: 'not-run', output: '' },
          incomplete: true,
        });
        continue;
      }
      if (!result.error && !result.timedOut && result.exitCode === 0) continue;
      const output = tail(result.outputTail, context.options.tailLines);
      // Could not run, or ran out of time: nothing was verified, so the run is incomplete.
      const incomplete = result.error !== undefined || result.timedOut;
      context.report({
        message: `\`${entry.run}\` ${outcome(result)}${files.length ? ` (the change touches ${touched})` : ''}${output ? `:\n${output}` : ''}`,
        location,
        data: {
          command: entry.run,
          when,
          files: touched,
          outcome: result.timedOut ? 'timeout' : result.error ? 'error' : 'failed',
          exitCode: result.exitCode ?? -1,
          output,
        },
        ...(incomplete ? { incomplete: true } : {}),
      });
    }
  },
});
