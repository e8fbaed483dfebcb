import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/dynamic-code-on-input';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'fixed commands, parsed data, input that never reaches code',
      contract,
      files: {
        'src/jobs.ts':
          "execFile('git', ['status']);\nconst body = JSON.parse(req.body.raw);\neval('1 + 1');\n",
        'app/tasks.py': 'subprocess.run(["git", "status"])\ndata = json.loads(request.data)\n',
        'cmd/run.go': 'package main\nfunc h(r *http.Request) { exec.Command("git", "status") }\n',
      },
    },
  ],
  invalid: [
    {
      name: 'request input evaluated or executed, directly or through a variable',
      contract,
      files: {
        'src/handlers.ts': `export function run(req, res) {
  const result = eval(req.body.expression);
  const dir = req.query.dir;
  execSync(dir);
}
`,
        'app/views.py': 'def run():\n    cmd = request.form["cmd"]\n    os.system(cmd)\n',
        'cmd/run.go':
          'package main\nfunc h(r *http.Request) { exec.Command("sh", "-c", r.FormValue("cmd")) }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/views.py',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 19,
          data: { variant: 'variable', match: 'os.system(cmd)' },
        },
        {
          code: CODE,
          file: 'cmd/run.go',
          line: 2,
          column: 27,
          endLine: 2,
          endColumn: 71,
          data: { variant: 'direct', match: 'exec.Command("sh", "-c", r.FormValue("cmd"))' },
        },
        {
          code: CODE,
          file: 'src/handlers.ts',
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 43,
          data: { variant: 'direct', match: 'eval(req.body.expression)' },
        },
        {
          code: CODE,
          file: 'src/handlers.ts',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 16,
          data: { variant: 'variable', match: 'execSync(dir)' },
        },
      ],
    },
    {
      name: 'new Function on a request body',
      contract,
      change: { 'src/plugins.ts': 'const fn = new Function("x", req.body.source);\n' },
      errors: [
        {
          code: CODE,
          file: 'src/plugins.ts',
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 46,
          data: { variant: 'new', match: 'new Function("x", req.body.source)' },
          message:
            'request input reaches code or command execution: new Function("x", req.body.source)',
        },
      ],
    },
  ],
});
