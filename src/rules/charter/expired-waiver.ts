import { defineRule } from '../../engine/rule.js';
import { isWaiverExpired } from '../../engine/waivers.js';

export const rule = defineRule({
  meta: {
    code: 'charter/expired-waiver',
    description: 'A waiver in the contract is past its expiry date; it no longer waives anything.',
    rationale:
      'Waivers are debts with a due date. Once a waiver expires, the findings it covered count again and the stale waiver itself is reported, so it is either renewed with a new reason or removed.',
    remediation:
      'Fix the findings the waiver covered and delete the waiver, or have a human renew it with a new expiry and reason.',
    defaultSeverity: 'error',
    locality: 'change',
  },
  check(context) {
    context.contract.data.waivers?.forEach((waiver, index) => {
      if (!isWaiverExpired(waiver, context.now)) return;
      const span = context.contract.locate(['waivers', index, 'expires']);
      context.report({
        message: `the waiver for ${waiver.rule} on "${waiver.path}" expired on ${waiver.expires}`,
        data: {
          rule: waiver.rule,
          path: waiver.path,
          expires: waiver.expires,
          reason: waiver.reason,
        },
        location: { file: context.contract.file, ...span },
      });
    });
  },
});
