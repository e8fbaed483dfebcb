import { ruleTester } from '../../helpers/rule-tester.js';

const contract = (options = ''): string => `version: 1
environments:
  variable: AOS_MODE
  modes:
    local: {}
    prod: { production: true }
  productionGated: ['/__debug/**']
${options ? `rules:\n  api/production-gated:\n    severity: error\n    options: ${options}\n` : ''}`;

ruleTester('api/production-gated', {
  valid: [
    {
      name: 'the handler checks the mode: directly, through a module flag, or the registration sits in an if',
      contract: contract(),
      files: {
        'backend/app/main.py': `import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse

_FEATURE_ENABLED = os.getenv("AOS_MODE", "preprod").lower() != "prod"

app = FastAPI()


@app.get("/__debug/openapi_nocache")
async def openapi_nocache():
    if not _FEATURE_ENABLED:
        return JSONResponse(status_code=404, content={"error": "not_found"})
    return {}


@app.get("/__debug/openapi_inspect")
async def openapi_inspect():
    if os.environ.get("AOS_MODE") == "prod":
        return JSONResponse(status_code=404, content={"error": "not_found"})
    return {}
`,
        'src/server.ts': `import express from 'express';
import { isProduction } from './mode';
const app = express();
if (process.env.AOS_MODE !== 'prod') {
  app.get('/__debug/routes', (req, res) => res.json([]));
}
app.get('/__debug/cache', (req, res) => (isProduction() ? res.sendStatus(404) : res.json({})));
export default app;
`,
        'src/mode.ts':
          "export const isProduction = (): boolean => process.env.AOS_MODE === 'prod';\n",
      },
    },
    {
      name: 'a guard the checks option names, as middleware or called in the handler',
      contract: contract('{ checks: [requireNonProduction, settings.debug_enabled] }'),
      files: {
        'src/server.ts': `import express from 'express';
import { requireNonProduction, settings } from './guards';
const app = express();
app.get('/__debug/a', requireNonProduction, (req, res) => res.json([]));
app.get('/__debug/b', (req, res) => (settings.debug_enabled ? res.json([]) : res.sendStatus(404)));
export default app;
`,
      },
    },
    {
      name: 'no productionGated paths in the contract',
      contract: 'version: 1\n',
      files: {
        'src/server.ts':
          "import express from 'express';\nconst app = express();\napp.get('/__debug/a', (req, res) => res.json([]));\n",
      },
    },
  ],
  invalid: [
    {
      name: 'debug routes that never check the mode (another variable does not count)',
      contract: contract(),
      files: {
        'backend/app/main.py': `import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/__debug/openapi_inspect")
async def openapi_inspect():
    if os.getenv("DEBUG") == "1":
        return {"schema": app.openapi()}
    return {}
`,
        'cmd/server/main.go': `package main

import "net/http"

func main() {
	http.HandleFunc("GET /__debug/pprof/{profile}", func(w http.ResponseWriter, r *http.Request) {})
}
`,
      },
      errors: [
        {
          code: 'api/production-gated',
          file: 'backend/app/main.py',
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 37,
          data: {
            method: 'GET',
            path: '/__debug/openapi_inspect',
            variable: 'AOS_MODE',
          },
        },
        {
          code: 'api/production-gated',
          file: 'cmd/server/main.go',
          line: 6,
          column: 2,
          endLine: 6,
          endColumn: 48,
          data: {
            method: 'GET',
            path: '/__debug/pprof/{profile}',
            variable: 'AOS_MODE',
          },
        },
      ],
    },
    {
      name: 'the variable option overrides environments.variable',
      contract: contract('{ variable: APP_ENV }'),
      files: {
        'src/server.ts':
          "import express from 'express';\nconst app = express();\napp.get('/__debug/a', (req, res) => (process.env.AOS_MODE === 'prod' ? res.sendStatus(404) : res.json([])));\nexport default app;\n",
      },
      errors: [
        {
          code: 'api/production-gated',
          file: 'src/server.ts',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 21,
          data: {
            method: 'GET',
            path: '/__debug/a',
            variable: 'APP_ENV',
          },
        },
      ],
    },
  ],
});
