import { it } from 'vitest';
import { loadContract } from '../../../../src/contract/load.js';
import { SHOP_CONTRACT } from '../fixtures.js';
it('dbg', () => {
  try {
    loadContract({ file: 'charter.yaml', text: SHOP_CONTRACT });
  } catch (e) {
    console.log(JSON.stringify((e as { problems: unknown }).problems, null, 1).slice(0, 3000));
  }
});
