import { ruleTester } from '../../helpers/rule-tester.js';
import { enable } from './contract.js';

const CODE = 'security/sql-concatenation';
const contract = enable(CODE);

ruleTester(CODE, {
  valid: [
    {
      name: 'placeholders, tagged templates, constant SQL',
      contract,
      files: {
        'src/repo.ts':
          'db.query("SELECT * FROM users WHERE id = $1", [req.params.id]);\nconst q = sql`SELECT * FROM users WHERE id = ${req.params.id}`;\nconst t = "SELECT * FROM " + TABLE;\n',
        'app/repo.py':
          'cursor.execute("SELECT * FROM users WHERE id = %s", (request.args["id"],))\n',
        'repo.go':
          'package main\nfunc q(r *http.Request) { db.Query("SELECT * FROM users WHERE id = ?", r.FormValue("id")) }\n',
      },
    },
  ],
  invalid: [
    {
      name: 'SQL built from request input in three languages',
      contract,
      files: {
        'src/repo.ts':
          'db.query("SELECT * FROM users WHERE id = " + req.params.id);\ndb.query(`DELETE FROM runs WHERE owner = \'${req.body.owner}\'`);\n',
        'app/repo.py':
          'cursor.execute(f"SELECT * FROM users WHERE name = \'{request.args[\'name\']}\'")\ncursor.execute("UPDATE users SET role = \'%s\'" % request.form["role"])\n',
        'repo.go':
          'package main\nfunc q(r *http.Request) { db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %s", r.URL.Query().Get("id"))) }\n',
      },
      errors: [
        {
          code: CODE,
          file: 'app/repo.py',
          line: 1,
          column: 16,
          endLine: 1,
          endColumn: 76,
          data: {
            variant: 'template',
            match: "f\"SELECT * FROM users WHERE name = '{request.args['name']}'\"",
          },
        },
        {
          code: CODE,
          file: 'app/repo.py',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 69,
          data: {
            variant: 'concat',
            match: '"UPDATE users SET role = \'%s\'" % request.form["role"]',
          },
        },
        {
          code: CODE,
          file: 'repo.go',
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 109,
          data: {
            variant: 'template',
            match: 'fmt.Sprintf("SELECT * FROM users WHERE id = %s", r.URL.Query().Get("id"))',
          },
        },
        {
          code: CODE,
          file: 'src/repo.ts',
          line: 1,
          column: 10,
          endLine: 1,
          endColumn: 59,
          data: { variant: 'concat', match: '"SELECT * FROM users WHERE id = " + req.params.id' },
        },
        {
          code: CODE,
          file: 'src/repo.ts',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 62,
          data: {
            variant: 'template',
            match: "`DELETE FROM runs WHERE owner = '${req.body.owner}'`",
          },
        },
      ],
    },
  ],
});
