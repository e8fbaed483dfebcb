import { ruleTester } from '../../../helpers/rule-tester.js';
import { isApiCode, SHOP_CONTRACT, shopApp } from '../fixtures.js';

ruleTester(isApiCode, {
  valid: [
    {
      name: 'express: nested routers, a barrel re-export, a router factory, prefixes from an imported constant, a route chain',
      contract: SHOP_CONTRACT,
      files: shopApp('express-matched'),
    },
  ],
  invalid: [
    {
      name: 'express (CommonJS): a module handed the app, an inline require mount, every kind of finding',
      contract: SHOP_CONTRACT,
      files: shopApp('express-findings'),
      errors: [],
    },
  ],
});
