import { describe, expect, it } from 'vitest';
import { routeExtractors } from '../../../src/facts/routes/index.js';
import { linkRoutes, mergeFacts, nextSegments } from '../../../src/facts/routes/link.js';
import type { LinkOptions, LinkResult } from '../../../src/facts/routes/link.js';
import { ModuleResolver } from '../../../src/facts/imports/resolve.js';
import { parseTsconfig } from '../../../src/facts/manifests/tsconfig.js';
import type { RouteFileFacts } from '../../../src/facts/routes/types.js';

/** Runs every route extractor over the files, as the engine would, then links. */
async function link(files: Record<string, string>, options: LinkOptions = {}): Promise<LinkResult> {
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
  return linkRoutes(facts, Object.keys(files), options);
}

/** Links with imports resolved through the tsconfig files among the files, as the api rules do. */
function withTsconfig(files: Record<string, string>): LinkOptions {
  const tsconfig = new Map(
    Object.entries(files)
      .filter(([file]) => /(^|\/)tsconfig[^/]*\.json$/.test(file))
      .map(([file, text]) => [file, parseTsconfig(text)]),
  );
  const resolver = new ModuleResolver({ files: Object.keys(files), tsconfig });
  return { resolveJs: (importer, specifier) => resolver.resolveJsFile(importer, specifier) };
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

describe('linkRoutes: NestJS RouterModule', () => {
  const controller = (name: string, path: string, route: string): string =>
    `import { Controller, Get } from '@nestjs/common';\n@Controller('${path}')\nexport class ${name} {\n  @Get('${route}')\n  find() {}\n}\n`;
  const module = (name: string, controllers: string, from: string): string =>
    `import { Module } from '@nestjs/common';\nimport { ${controllers} } from '${from}';\n@Module({ controllers: [${controllers}] })\nexport class ${name} {}\n`;

  it('prefixes the controllers of each module with its path, through children, spreads of routes lists and modules listed bare', async () => {
    const result = await link({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api', { exclude: ['admin/health'] });
}
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from 'nest-router';
import { adminRoutes } from './admin/admin.routes';
import { PublicModule } from './public/public.module';
@Module({ imports: [RouterModule.forRoutes([...adminRoutes, { path: 'pub', children: [PublicModule] }])] })
export class AppModule {}
`,
      'src/admin/admin.routes.ts': `import type { Routes } from '@nestjs/core';
import { AdminModule } from './admin.module';
import { UsersModule } from '../users/users.module';
import { ADMIN } from '../paths';
export const adminRoutes: Routes = [
  { path: ADMIN, module: AdminModule, children: [{ path: '/users/', module: UsersModule }] },
];
`,
      'src/paths.ts': "export const ADMIN_PATH = 'admin';\nexport const ADMIN = ADMIN_PATH;\n",
      'src/admin/admin.module.ts': module('AdminModule', 'HealthController', './health.controller'),
      'src/admin/health.controller.ts': controller('HealthController', 'health', ''),
      'src/users/users.module.ts': module('UsersModule', 'UsersController', './users.controller'),
      'src/users/users.controller.ts': controller('UsersController', '', ':id'),
      'src/public/public.module.ts': module('PublicModule', 'PingController', './ping.controller'),
      'src/public/ping.controller.ts': controller('PingController', 'ping', ''),
      'src/other.controller.ts': controller('OtherController', 'other', ''),
    });
    expect(served(result)).toEqual([
      'GET /admin/health src/admin/health.controller.ts:4',
      'GET /api/other src/other.controller.ts:4',
      'GET /api/pub/ping src/public/ping.controller.ts:4',
      'GET /api/admin/users/{id} src/users/users.controller.ts:4',
    ]);
    expect(result.unresolved).toEqual([]);
  });

  it('reports a path it cannot resolve once, with the routes of every module below it, and checks none of them', async () => {
    const result = await link({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AdminModule } from './admin.module';
import { UsersModule } from './users.module';
import { PingModule } from './ping.module';
@Module({
  imports: [
    RouterModule.register([
      { path: process.env.ADMIN, module: AdminModule, children: [{ path: 'users', module: UsersModule }] },
      { path: 'ping', module: PingModule },
    ]),
  ],
})
export class AppModule {}
`,
      'src/admin.module.ts': module('AdminModule', 'AdminController', './admin.controller'),
      'src/admin.controller.ts': controller('AdminController', 'stats', ''),
      'src/users.module.ts': module('UsersModule', 'UsersController', './users.controller'),
      'src/users.controller.ts': controller('UsersController', '', ':id'),
      'src/ping.module.ts': module('PingModule', 'PingController', './ping.controller'),
      'src/ping.controller.ts': controller('PingController', '', ''),
    });
    expect(served(result)).toEqual(['GET /ping src/ping.controller.ts:4']);
    expect(result.unresolved).toEqual([
      {
        file: 'src/app.module.ts',
        loc: { line: 9, column: 9, endLine: 9, endColumn: 32 },
        kind: 'prefix',
        reason:
          'the RouterModule path process.env.ADMIN is not a string constant Charter can resolve',
        expression: 'process.env.ADMIN',
        routes: 2,
      },
    ]);
  });

  it('checks no controller without a path when an entry cannot be read, and ignores modules from packages', async () => {
    const result = await link({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AuthModule } from '@acme/auth';
import { PingModule } from './ping.module';
@Module({
  imports: [
    RouterModule.register([
      { path: 'auth', module: AuthModule },
      { path: 'ping', module: PingModule },
      ...buildRoutes(),
    ]),
  ],
})
export class AppModule {}
`,
      'src/ping.module.ts': module('PingModule', 'PingController', './ping.controller'),
      'src/ping.controller.ts': controller('PingController', '', ''),
      'src/users.controller.ts': controller('UsersController', 'users', ':id'),
    });
    expect(served(result)).toEqual(['GET /ping src/ping.controller.ts:4']);
    expect(result.unresolved.map((u) => [u.kind, u.expression, u.routes, u.reason])).toEqual([
      [
        'prefix',
        '...buildRoutes()',
        1,
        'the RouterModule routes entry ...buildRoutes() is not one Charter can read',
      ],
    ]);
  });
});

describe('linkRoutes: gorilla/mux', () => {
  it('nests Subrouter prefixes, applies Use to every route of a router, and mounts StripPrefix handlers', async () => {
    const result = await link({
      'go.mod': 'module example.com/shop\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gorilla/mux"

	"example.com/shop/users"
)

func main() {
	r := mux.NewRouter()
	api := r.PathPrefix("/api/").Subrouter()
	v2 := api.PathPrefix("/v2").Subrouter()
	users.Register(v2.PathPrefix("/users").Subrouter())
	v2.Path("/files/{name}").HandlerFunc(file)
	legacy := http.NewServeMux()
	legacy.HandleFunc("GET /ping", file)
	r.PathPrefix("/legacy/").Handler(http.StripPrefix("/legacy", legacy))
	api.Use(auth)
	_ = http.ListenAndServe(":8080", r)
}

func file(w http.ResponseWriter, r *http.Request) {}
func auth(next http.Handler) http.Handler { return next }
`,
      'users/users.go': `package users

import (
	"net/http"

	"github.com/gorilla/mux"
)

func Register(r *mux.Router) {
	r.HandleFunc("/{id:[0-9]+}", get).Methods(http.MethodGet, http.MethodHead)
}

func get(w http.ResponseWriter, r *http.Request) {}
`,
    });
    expect(served(result)).toEqual([
      '* /api/v2/files/{name} main.go:16',
      'GET /legacy/ping main.go:18',
      'GET,HEAD /api/v2/users/{id} users/users.go:10',
    ]);
    expect(result.routes.map((r) => r.middleware.map((m) => m.name).join(','))).toEqual([
      'auth',
      '',
      'auth',
    ]);
    expect(result.unresolved).toEqual([]);
  });
});

describe('linkRoutes: tsconfig paths', () => {
  const files = {
    'tsconfig.json': `{
      "compilerOptions": {
        "baseUrl": ".",
        "paths": { "@/*": ["app/*"], "@routes/*": ["src/http/*"], "#prefix": ["src/prefix.ts"] }
      }
    }`,
    'src/index.ts': `import { Hono } from 'hono';
import users from '@routes/users';
import { BASE } from '#prefix';
import koaApp from '@/koa';
import fastifyApp from '@/fastify';
const app = new Hono();
app.route(BASE + '/users', users);
export { koaApp, fastifyApp };
`,
    'src/prefix.ts': "export const BASE = '/api';\n",
    'src/http/users.ts':
      "import { Hono } from 'hono';\nconst users = new Hono();\nusers.get('/:id', (c) => c.json({}));\nexport default users;\n",
    // Without configuration, the linker would look for @/koa under src/.
    'src/koa.ts': "import Router from '@koa/router';\nexport default new Router();\n",
    'app/koa.ts': `import Koa from 'koa';
import Router from '@koa/router';
import orders from '@routes/orders';
const app = new Koa();
const router = new Router({ prefix: '/koa' });
router.use('/orders', orders.routes());
app.use(router.routes());
export default app;
`,
    'src/http/orders.ts':
      "import Router from '@koa/router';\nconst orders = new Router();\norders.get('/:id', (ctx) => {});\nexport default orders;\n",
    'app/fastify.ts': `import Fastify from 'fastify';
import items from '@routes/items';
const app = Fastify();
app.register(items, { prefix: '/fastify/items' });
export default app;
`,
    'src/http/items.ts':
      "import type { FastifyInstance } from 'fastify';\nexport default async function items(app: FastifyInstance) {\n  app.get('/:id', async () => ({}));\n}\n",
  };

  it('follows routers imported through tsconfig paths like relative imports (Hono, Koa, Fastify)', async () => {
    const result = await link(files, withTsconfig(files));
    expect(served(result)).toEqual([
      'GET /fastify/items/{id} src/http/items.ts:3',
      'GET /koa/orders/{id} src/http/orders.ts:3',
      'GET /api/users/{id} src/http/users.ts:3',
    ]);
    expect(result.unresolved).toEqual([]);
  });

  it('without the configuration, cannot follow aliases it does not know', async () => {
    const result = await link(files);
    // The Hono sub-app is served as an app of its own; the others are never mounted.
    expect(served(result)).toEqual(['GET /{id} src/http/users.ts:3']);
    expect(result.unresolved.map((u) => `${u.kind} ${u.file}:${u.loc.line}`)).toEqual([
      'unmounted src/http/items.ts:3',
      'unmounted src/http/orders.ts:2',
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
