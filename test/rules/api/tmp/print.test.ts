import { it } from 'vitest';
import { runCase } from '../../../helpers/rule-tester.js';
import { SHOP_CONTRACT, fixture } from '../fixtures.js';

it('print', async () => {
  const names = (process.env.FIXTURE ?? '').split(',');
  const contract = process.env.CONTRACT
    ? (fixture(process.env.CONTRACT)['charter.yaml'] as string)
    : SHOP_CONTRACT;
  const findings = await runCase({
    name: 'x',
    contract,
    files: fixture(...names),
    mode: (process.env.CMODE || 'worktree') as 'worktree',
  });
  const out = findings
    .filter((f) => f.code.startsWith('api/') || f.code.startsWith('charter/'))
    .map((f) => ({
      code: f.code,
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      endLine: f.location.endLine,
      endColumn: f.location.endColumn,
      data: f.data,
      message: f.message,
    }));
  console.log(`@@BEGIN${JSON.stringify(out)}@@END`);
}, 60000);
