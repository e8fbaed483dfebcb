import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
rules:
  boundaries/allowed-only:
    severity: error
    options:
      layers:
        - { name: domain, paths: 'src/domain/**', allowPackages: [zod] }
        - { name: app, paths: 'src/app/**', allow: [domain] }
        - { name: infra, paths: 'src/infra/**', allow: [domain, app] }
`;

const base = {
  'src/domain/order.ts': "import { z } from 'zod';\nexport const Order = z.object({});\n",
  'src/app/place-order.ts': "import { Order } from '../domain/order.js';\n",
  'src/infra/db.ts': "import { Order } from '../domain/order.js';\nimport pg from 'pg';\n",
  'src/shared/log.ts': 'export const log = () => {};\n',
};

ruleTester('boundaries/allowed-only', {
  valid: [
    { name: 'each layer imports only what it may', contract, files: base },
    {
      name: 'an unlayered file may be imported by default, and infra may use any package',
      contract,
      files: base,
      mode: 'staged',
      change: {
        'src/app/notify.ts': "import { log } from '../shared/log.js';\n",
        'src/infra/http.ts': "import express from 'express';\n",
      },
    },
    {
      name: 'a type-only import across layers is allowed when the contract says so',
      contract: contract.replace('      layers:', '      allowTypeOnly: true\n      layers:'),
      files: base,
      change: { 'src/domain/port.ts': "import type { Db } from '../infra/db.js';\n" },
    },
  ],
  invalid: [
    {
      name: 'the domain imports infrastructure (range)',
      contract,
      files: base,
      mode: 'range',
      change: {
        'src/domain/order.ts':
          "import { z } from 'zod';\nimport { save } from '../infra/db.js';\nexport const Order = z.object({});\n",
      },
      errors: [
        {
          code: 'boundaries/allowed-only',
          file: 'src/domain/order.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 39,
          data: {
            from: 'src/domain/order.ts',
            to: 'src/infra/db.ts',
            specifier: '../infra/db.js',
            fromLayer: 'domain',
            toLayer: 'infra',
            allowed: 'domain',
          },
        },
      ],
    },
    {
      name: 'the application imports infrastructure, and the domain a package it may not',
      contract,
      files: base,
      change: {
        'src/app/place-order.ts':
          "import { Order } from '../domain/order.js';\nimport { db } from '../infra/db.js';\n",
        'src/domain/clock.ts': "import dayjs from 'dayjs';\n",
      },
      errors: [
        {
          code: 'boundaries/allowed-only',
          file: 'src/app/place-order.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 37,
          data: {
            from: 'src/app/place-order.ts',
            to: 'src/infra/db.ts',
            specifier: '../infra/db.js',
            fromLayer: 'app',
            toLayer: 'infra',
            allowed: 'app,domain',
          },
        },
        {
          code: 'boundaries/allowed-only',
          file: 'src/domain/clock.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 27,
          data: {
            from: 'src/domain/clock.ts',
            to: 'dayjs',
            specifier: 'dayjs',
            fromLayer: 'domain',
            toLayer: '(package)',
            allowed: 'zod',
          },
        },
      ],
    },
    {
      name: 'unlayered files are denied when the contract says so (Python)',
      contract: `version: 1
rules:
  boundaries/allowed-only:
    severity: error
    options:
      unlayered: deny
      layers:
        - { name: api, paths: 'app/api/**', allow: [services] }
        - { name: services, paths: 'app/services/**' }
`,
      files: {
        'app/__init__.py': '',
        'app/api/__init__.py': '',
        'app/services/__init__.py': '',
        'app/services/billing.py': 'def charge(): pass\n',
        'app/scripts/__init__.py': '',
        'app/scripts/backfill.py': 'def run(): pass\n',
        'app/api/routes.py': 'from app.services.billing import charge\n',
      },
      change: {
        'app/api/routes.py':
          'from app.services.billing import charge\nfrom app.scripts import backfill\n',
      },
      errors: [
        {
          code: 'boundaries/allowed-only',
          file: 'app/api/routes.py',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 33,
          data: {
            from: 'app/api/routes.py',
            to: 'app/scripts/backfill.py',
            specifier: 'app.scripts',
            fromLayer: 'api',
            toLayer: '(no layer)',
            allowed: 'api,services',
          },
        },
      ],
    },
  ],
});
