import { defineRule } from '../../engine/rule.js';

export const rule = defineRule({
  meta: {
    code: 'charter/missing-source',
    description: 'A declared source of truth or read-before-code file does not exist.',
    rationale:
      'Rules that compare code with a source of truth (an OpenAPI file, a SQL schema, a requirements document) cannot hold when the source is gone, and an agent told to read a missing file reads nothing. A missing source is reported instead of silently checking against nothing.',
    remediation: 'Restore the file, or fix its path in charter.yaml (sources / readBeforeCode).',
    defaultSeverity: 'error',
    presence: (_options, contract) => [
      ...(contract.data.sources ?? []).map((source) => source.path),
      ...(contract.data.readBeforeCode ?? []),
    ],
  },
  check(context) {
    const { contract } = context;
    const reportMissing = (file: string, path: (string | number)[], role: string): void => {
      // A folder (migrations, ADRs) counts when it holds at least one file.
      if (context.has(file)) return;
      context.report({
        message: `${role} ${file} is not in the repository`,
        data: { file, role },
        location: { file: contract.file, ...contract.locate(path) },
      });
    };
    contract.data.sources?.forEach((source, index) =>
      reportMissing(source.path, ['sources', index, 'path'], `source "${source.id}"`),
    );
    contract.data.readBeforeCode?.forEach((file, index) =>
      reportMissing(file, ['readBeforeCode', index], 'read-before-code file'),
    );
  },
});
