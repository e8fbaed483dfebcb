import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/production-db-in-tests';
const contract = enable(
  CODE,
  undefined,
  'environments:\n  variable: APP_MODE\n  modes:\n    test: {}\n    prod: { production: true }\n',
);

ruleTester(CODE, {
  valid: [
    {
      name: 'test databases, and production URLs outside tests',
      contract,
      files: {
        'test/db.test.ts':
          'const url = "postgres://app:app@localhost:5432/app_test";\nconst ci = "postgres://ci@ep-test-branch.us-east-2.aws.neon.tech/app";\nprocess.env.APP_MODE = "test";\n',
        'tests/conftest.py': 'DATABASE_URL = os.getenv("TEST_DATABASE_URL")\n',
        'src/db.ts': 'const url = "postgres://app@db.prod.example.com/app";\n',
      },
    },
  ],
  invalid: [
    {
      name: 'production databases reached from tests',
      contract,
      files: {
        'test/db.test.ts':
          'const url = "postgresql://app@ep-cool-name-123.us-east-2.aws.neon.tech/neondb";\nprocess.env.APP_MODE = "prod";\n',
        'tests/test_reports.py': 'engine = create_engine(os.environ["PROD_DATABASE_URL"])\n',
        'store/store_test.go':
          'package store\nconst dsn = "mysql://root@db-prod-1.internal:3306/shop"\n',
      },
      errors: [
        {
          code: CODE,
          file: 'store/store_test.go',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 56,
          data: {
            variant: 'url',
            host: 'db-prod-1.internal',
            match: '"mysql://root@db-prod-1.internal:3306/shop"',
          },
          message: 'a test connects to a production database at mysql://db-prod-1.internal',
        },
        {
          code: CODE,
          file: 'test/db.test.ts',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 79,
          data: {
            variant: 'url',
            host: 'ep-cool-name-123.us-east-2.aws.neon.tech',
            match: '"postgresql://app@ep-cool-name-123.us-east-2.aws.neon.tech/neondb"',
          },
          message:
            'a test connects to a production database at postgresql://ep-cool-name-123.us-east-2.aws.neon.tech',
        },
        {
          code: CODE,
          file: 'test/db.test.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 30,
          data: {
            variant: 'mode',
            variable: 'APP_MODE',
            mode: 'prod',
            match: 'process.env.APP_MODE = "prod"',
          },
          message: 'a test switches APP_MODE to the production mode "prod"',
        },
        {
          code: CODE,
          file: 'tests/test_reports.py',
          line: 1,
          column: 24,
          endLine: 1,
          endColumn: 55,
          data: {
            variant: 'env',
            variable: 'PROD_DATABASE_URL',
            match: 'os.environ["PROD_DATABASE_URL"]',
          },
          message: 'a test reads the production database variable PROD_DATABASE_URL',
        },
      ],
    },
  ],
});
