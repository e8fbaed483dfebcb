import { ruleTester } from '../../helpers/rule-tester.js';

const contract = `version: 1
sources:
  - { id: api, path: api/openapi.yaml, kind: openapi }
`;

const spec = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items/{id}:
    get: { operationId: getItem, responses: { '200': { description: ok } } }
    put: { operationId: putItem, responses: { '200': { description: ok } } }
`;

ruleTester('api/method-mismatch', {
  valid: [
    {
      name: 'the methods the spec has; ANY (app.all, a Go pattern without a method) serves them',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'app/main.py': `from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def get_item(item_id: str):
    return {}


@app.put("/items/{item_id}")
def put_item(item_id: str):
    return {}
`,
        'cmd/main.go': `package main

import "net/http"

func main() {
	http.HandleFunc("/items/{id}", func(w http.ResponseWriter, r *http.Request) {})
}
`,
      },
    },
    {
      name: 'a path the spec does not have is api/undocumented-route, not this rule',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'app/main.py':
          'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.delete("/orders/{id}")\ndef delete_order(id: str):\n    return None\n',
      },
    },
  ],
  invalid: [
    {
      name: 'DELETE and PATCH where the spec has GET and PUT',
      contract,
      files: {
        'api/openapi.yaml': spec,
        'app/main.py': `from fastapi import FastAPI

app = FastAPI()


@app.delete("/items/{item_id}")
def delete_item(item_id: str):
    return None


@app.api_route("/items/{item_id}", methods=["PATCH"])
def patch_item(item_id: str):
    return {}
`,
      },
      errors: [
        {
          code: 'api/method-mismatch',
          file: 'app/main.py',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 32,
          data: {
            method: 'DELETE',
            path: '/items/{item_id}',
            specMethods: 'GET,PUT',
            spec: 'api',
          },
        },
        {
          code: 'api/method-mismatch',
          file: 'app/main.py',
          line: 11,
          column: 1,
          endLine: 11,
          endColumn: 54,
          data: {
            method: 'PATCH',
            path: '/items/{item_id}',
            specMethods: 'GET,PUT',
            spec: 'api',
          },
        },
      ],
    },
  ],
});
