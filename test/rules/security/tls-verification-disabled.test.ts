import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/tls-verification-disabled';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'verification on, a custom CA instead',
      contract,
      files: {
        'src/client.ts':
          "const agent = new https.Agent({ ca: readFileSync('ca.pem'), rejectUnauthorized: true });\n",
        'app/client.py': 'requests.get(url, verify="/etc/ssl/ca.pem")\n',
        'client.go': 'package main\nvar cfg = &tls.Config{RootCAs: pool}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the switches of Node.js, Python and Go',
      contract,
      files: {
        'src/client.ts':
          "const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n",
        'app/client.py': 'r = httpx.get(url, verify=False)\nctx.verify_mode = ssl.CERT_NONE\n',
        'client.go': 'package main\nvar cfg = &tls.Config{InsecureSkipVerify: true}\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/client.py',
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 32,
          data: { variant: 'option', match: 'verify=False' },
        },
        {
          code: CODE,
          file: 'app/client.py',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 32,
          data: { variant: 'assign', match: 'ctx.verify_mode = ssl.CERT_NONE' },
        },
        {
          code: CODE,
          file: 'client.go',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 47,
          data: { variant: 'option', match: 'InsecureSkipVerify: true' },
        },
        {
          code: CODE,
          file: 'src/client.ts',
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 58,
          data: { variant: 'option', match: 'rejectUnauthorized: false' },
        },
        {
          code: CODE,
          file: 'src/client.ts',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 47,
          data: { variant: 'assign', match: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'" },
        },
      ],
    },
  ],
});
