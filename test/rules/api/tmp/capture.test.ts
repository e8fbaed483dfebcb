import { it, vi } from 'vitest';

vi.mock('../../../helpers/rule-tester.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../helpers/rule-tester.js')>();
  return {
    ...original,
    ruleTester: (codes: string | ((code: string) => boolean), cases: { valid: unknown[]; invalid: { name: string }[] }) => {
      const matches = typeof codes === 'string' ? (code: string) => code === codes : codes;
      const only = process.env.ONLY;
      for (const kind of ['valid', 'invalid'] as const) {
        for (const testCase of cases[kind] as Parameters<typeof original.runCase>[0][]) {
          if (only && !testCase.name.includes(only)) continue;
          it(`${kind}: ${testCase.name}`, async () => {
            const findings = (await original.runCase(testCase)).filter((f) => matches(f.code) || f.code === 'charter/internal-error');
            const actual = findings.map((f) => ({ code: f.code, file: f.location.file, line: f.location.line, column: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn, data: f.data, message: f.message, severity: f.severity }));
            console.log(`@@CASE ${kind}: ${testCase.name}\n${JSON.stringify(actual, null, 2)}\n@@END`);
          }, 60000);
        }
      }
    },
  };
});

await import(`../${process.env.TARGET}`);
