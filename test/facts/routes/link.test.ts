import { describe, expect, it } from 'vitest';
import { routeExtractors } from '../../../src/facts/routes/index.js';
import { linkRoutes, mergeFacts, nextSegments } from '../../../src/facts/routes/link.js';
import type { LinkResult } from '../../../src/facts/routes/link.js';
import type { RouteFileFacts } from '../../../src/facts/routes/types.js';

/** Runs every route extractor over the files, as the engine would, then links. */
async function link(files: Record<string, string>): Promise<LinkResult> {
  const facts = new Map<string, RouteFileFacts>();
  for (const [path, text] of Object.entries(files)) {
    for (const extractor of routeExtractors) {
      if (!extractor.appliesTo(path)) continue;
      const result = await extractor.extract({ path, text });
      if (!result) continue;
      const existing = facts.get(path);
      facts.set(path, existing ? mergeFacts(existing, result) : result);
    }
  }
  return linkRoutes(facts, Object.keys(files));
}

const served = (result: LinkResult): string[] =>
  result.routes.map((r) => `${r.methods.join(',')} ${r.path} ${r.file}:${r.loc.line}`);

describe('linkRoutes', () => {
  it('follows mounts through imports, re-exports, default exports and factories', async () => {
    const result = await link({
      'src/app.ts': `import express from 'express';
import { api } from './api';
import { API } from './config';
const app = express();
app.use(API, api);
`,
      'src/config.ts': "export const BASE = '/api';\nexport const API = BASE + '/v1';\n",
      'src/api/index.ts': `import { Router } from 'express';
import { users } from '../routes';
import makeOrders from '../routes/orders';
export const api = Router();
api.use('/users', users);
api.use('/orders', makeOrders());
`,
      'src/routes/index.ts': "export { router as users } from './users';\n",
      'src/routes/users.ts':
        "import { Router } from 'express';\nexport const router = Router();\nrouter.get('/:id', (req, res) => res.end());\n",
      'src/routes/orders.ts': `import { Router } from 'express';
export default function orders() {
  const r = Router();
  r.post('/', (req, res) => res.end());
  return r;
}
`,
    });
    expect(served(result)).toEqual([
      'POST /api/v1/orders src/routes/orders.ts:4',
      'GET /api/v1/users/{id} src/routes/users.ts:3',
    ]);
    expect(result.unresolved).toEqual([]);
  });

  it('follows routers built as chains on Router() and a default-exported chain', async () => {
    const result = await link({
      'src/main.ts': `import express from 'express';
import routes from './app/routes/routes';
const app = express();
app.use(express.json());
app.use(routes);
app.use(express.static(__dirname + '/assets'));
app.get('/', (req, res) => res.json({ status: 'ok' }));
`,
      'src/app/routes/routes.ts': `import { Router } from 'express';
import tags from './tag/tag.controller';
import articles from './article/article.controller';
const api = Router()
  .use(tags)
  .use(articles);
export default Router().use('/api', api);
`,
      'src/app/routes/tag/tag.controller.ts':
        "import { Router } from 'express';\nconst router = Router();\nrouter.get('/tags', async (req, res) => res.json([]));\nexport default router;\n",
      'src/app/routes/article/article.controller.ts': `import { Router } from 'express';
import auth from '../auth/auth';
const router = Router();
/**
 * @route {GET} /articles/feed  (a comment, not a route)
 */
router.get(
  '/articles/:slug/comments',
  auth.optional,
  async (req, res) => res.json([]),
);
router.delete('/articles/:slug', auth.required, async (req, res) => res.sendStatus(204));
export default router;
`,
    });
    expect(served(result)).toEqual([
      'GET /api/articles/{slug}/comments src/app/routes/article/article.controller.ts:7',
      'DELETE /api/articles/{slug} src/app/routes/article/article.controller.ts:12',
      'GET /api/tags src/app/routes/tag/tag.controller.ts:3',
      'GET / src/main.ts:7',
    ]);
    const remove = result.routes.find((r) => r.methods[0] === 'DELETE');
    expect(remove?.middleware.map((m) => m.name)).toEqual(['express.json', 'auth.required']);
    expect(result.unresolved).toEqual([]);
  });

  it('mounts the plugins @fastify/autoload loads, under their folders', async () => {
    const result = await link({
      'src/app.ts': `import path from 'node:path';
import AutoLoad from '@fastify/autoload';
import type { FastifyInstance } from 'fastify';
export default async function app(fastify: FastifyInstance) {
  fastify.register(AutoLoad, { dir: path.join(__dirname, 'plugins') });
  fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix: '/api' } });
}
`,
      'src/server.ts':
        "import Fastify from 'fastify';\nimport app from './app';\nconst server = Fastify();\nserver.register(app);\n",
      'src/routes/root.ts':
        "import type { FastifyPluginAsync } from 'fastify';\nconst root: FastifyPluginAsync = async (fastify) => {\n  fastify.get('/', async () => ({ root: true }));\n};\nexport default root;\n",
      'src/routes/users/index.js':
        "module.exports = async function (fastify) {\n  fastify.get('/:id', async () => ({}));\n};\n",
      'src/plugins/sensible.ts':
        "import fp from 'fastify-plugin';\nexport default fp(async (fastify) => {\n  fastify.decorate('x', 1);\n});\n",
    });
    expect(served(result)).toEqual([
      'GET /api src/routes/root.ts:3',
      'GET /api/users/{id} src/routes/users/index.js:2',
    ]);
    expect(result.unresolved).toEqual([]);
  });

  it('applies middleware registered before a route, not after it', async () => {
    const result = await link({
      'src/app.ts': `import express from 'express';
const app = express();
app.get('/public', (req, res) => res.end());
app.use(requireAuth);
app.get('/private', (req, res) => res.end());
app.use('/admin', requireAdmin);
app.get('/admin/stats', (req, res) => res.end());
app.get('/other', (req, res) => res.end());
`,
    });
    expect(
      result.routes.map((r) => `${r.path}: ${r.middleware.map((m) => m.name).join(',')}`),
    ).toEqual([
      '/public: ',
      '/private: requireAuth',
      '/admin/stats: requireAuth,requireAdmin',
      '/other: requireAuth',
    ]);
  });

  it('does not loop on routers mounted in a cycle, and serves a router mounted twice at both paths', async () => {
    const result = await link({
      'src/app.ts': `import express, { Router } from 'express';
const app = express();
const a = Router();
const b = Router();
a.use('/b', b);
b.use('/a', a);
app.use('/one', a);
app.use('/two', a);
a.get('/x', (req, res) => res.end());
`,
    });
    expect(result.routes.map((r) => r.path)).toEqual(['/one/x', '/two/x']);
  });

  it('resolves Python imports of packages, submodules and relative modules', async () => {
    const result = await link({
      'app/main.py': `from fastapi import FastAPI
from app.routers import items
from .routers.users import router as users_router
from app import settings

app = FastAPI()
app.include_router(items.router, prefix=settings.PREFIX)
app.include_router(users_router, prefix=settings.PREFIX + "/users")
`,
      'app/__init__.py': '',
      'app/settings.py': 'PREFIX = "/api"\n',
      'app/routers/__init__.py': '',
      'app/routers/items.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/items")\n\n\n@router.get("/{item_id}")\ndef read(item_id: int):\n    return {}\n',
      'app/routers/users.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("")\ndef users():\n    return []\n',
    });
    expect(served(result)).toEqual([
      'GET /api/items/{item_id} app/routers/items.py:6',
      'GET /api/users app/routers/users.py:6',
    ]);
  });

  it('resolves Go packages by import path suffix, constants from another file of the package, and methods on values from another package', async () => {
    const result = await link({
      'go.mod': 'module github.com/acme/shop\n',
      'cmd/api/main.go': `package main

import (
	"github.com/go-chi/chi/v5"
	"github.com/acme/shop/internal/orders"
)

func main() {
	r := chi.NewRouter()
	h := orders.NewHandler()
	r.Route("/v2", func(r chi.Router) { h.Mount(r) })
}
`,
      'internal/orders/paths.go': 'package orders\n\nconst Prefix = "/orders"\n',
      'internal/orders/handler.go': `package orders

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Handler struct{}

func NewHandler() *Handler { return &Handler{} }

func (h *Handler) Mount(r chi.Router) {
	r.Get(Prefix+"/{id}", h.get)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {}
`,
    });
    expect(served(result)).toEqual(['GET /v2/orders/{id} internal/orders/handler.go:14']);
  });

  it('reports what it cannot resolve, once, with the routes it hides', async () => {
    const result = await link({
      'src/app.ts': `import express, { Router } from 'express';
const app = express();
const api = Router();
api.get('/a', (req, res) => res.end());
api.get('/b', (req, res) => res.end());
app.use(process.env.BASE, api);
app.use(process.env.BASE, api);
`,
    });
    expect(result.routes).toEqual([]);
    expect(result.unresolved.map((u) => `${u.kind} ${u.loc.line} ${u.routes}`)).toEqual([
      'prefix 6 2',
      'prefix 7 2',
    ]);
  });
});

describe('nextSegments', () => {
  const files = new Set(['web/next.config.js', 'web/src/app/api/[id]/route.ts']);
  it('maps folders to URL segments', () => {
    expect(nextSegments('web/src/app/(shop)/api/[id]/[...rest]/route.ts', files)).toEqual([
      'api',
      '{id}',
      '{rest:path}',
    ]);
    expect(nextSegments('app/docs/[[...slug]]/route.ts', files)).toEqual(['docs', '{slug...}']);
    expect(nextSegments('app/%5Finternal/route.ts', files)).toEqual(['_internal']);
    expect(nextSegments('app/_lib/route.ts', files)).toBeUndefined();
    expect(nextSegments('app/@modal/api/route.ts', files)).toEqual(['api']);
  });
});
