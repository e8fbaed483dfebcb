import { describe, expect, it } from 'vitest';
import { expressExtractor } from '../../../src/facts/routes/express.js';
import { fastapiExtractor } from '../../../src/facts/routes/fastapi.js';
import { fastifyExtractor } from '../../../src/facts/routes/fastify.js';
import { flaskExtractor } from '../../../src/facts/routes/flask.js';
import { goExtractor } from '../../../src/facts/routes/go.js';
import { honoExtractor } from '../../../src/facts/routes/hono.js';
import { koaExtractor } from '../../../src/facts/routes/koa.js';
import { modulesExtractor } from '../../../src/facts/routes/modules.js';
import { nestjsExtractor } from '../../../src/facts/routes/nestjs.js';
import { nextjsExtractor } from '../../../src/facts/routes/nextjs.js';
import type { Extractor } from '../../../src/facts/extractor.js';
import type { RouteFileFacts, StrExpr } from '../../../src/facts/routes/types.js';

async function extract(
  extractor: Extractor<RouteFileFacts | null>,
  path: string,
  text: string,
): Promise<RouteFileFacts | null> {
  expect(extractor.appliesTo(path)).toBe(true);
  return extractor.extract({ path, text });
}

const show = (expr: StrExpr): string =>
  'unknown' in expr
    ? `?${expr.unknown}`
    : expr.parts.map((p) => ('lit' in p ? p.lit : `\${${p.ref}}`)).join('');

function routes(facts: RouteFileFacts | null): string[] {
  return (facts?.routes ?? []).map(
    (r) => `${r.methods?.join(',') ?? '?'} ${show(r.path)} @${r.loc.line}:${r.loc.column}`,
  );
}

describe('prefilter', () => {
  it('parses nothing in files that cannot declare routes', async () => {
    expect(
      await expressExtractor.extract({
        path: 'src/util.ts',
        text: 'export const add = (a: number, b: number) => a + b;\n',
      }),
    ).toBeNull();
    expect(
      await fastapiExtractor.extract({
        path: 'app/models.py',
        text: 'class User:\n    name: str\n',
      }),
    ).toBeNull();
    expect(
      await goExtractor.extract({
        path: 'internal/db/db.go',
        text: 'package db\n\nfunc Open() {}\n',
      }),
    ).toBeNull();
    expect(
      await nextjsExtractor.extract({
        path: 'app/page/route.ts',
        text: 'export const dynamic = "force-dynamic";\n',
      }),
    ).toBeNull();
  });

  it('assigns each file to one framework', async () => {
    const express =
      "import express from 'express';\nconst app = express();\napp.get('/a', (req, res) => res.end());\n";
    expect(await honoExtractor.extract({ path: 'a.ts', text: express })).toBeNull();
    expect(await koaExtractor.extract({ path: 'a.ts', text: express })).toBeNull();
    expect(routes(await expressExtractor.extract({ path: 'a.ts', text: express }))).toEqual([
      'GET /a @3:1',
    ]);
  });

  it('skips declaration files and dependencies', () => {
    expect(expressExtractor.appliesTo('src/types.d.ts')).toBe(false);
    expect(expressExtractor.appliesTo('node_modules/express/lib/router.js')).toBe(false);
  });
});

describe('routes-express', () => {
  it('ignores comments and strings that look like routes', async () => {
    const facts = await extract(
      expressExtractor,
      'src/app.ts',
      `import express from 'express';
const app = express();
// app.get('/commented', handler);
/* app.post('/block', handler); */
const s = "app.get('/in-a-string', handler)";
const t = \`app.put('/in-a-template', handler)\`;
app.get('/real', (req, res) => res.send(s + t));
`,
    );
    expect(routes(facts)).toEqual(['GET /real @7:1']);
  });

  it('reads route chains, arrays of paths, settings getters and HTTP clients apart', async () => {
    const facts = await extract(
      expressExtractor,
      'src/app.ts',
      `import express from 'express';
import axios from 'axios';
const app = express();
app.get('env');
app.route('/books/:id').get(read).put(auth, write).delete(remove);
app.get(['/a', '/b'], h);
axios.get('/users', { params: {} });
`,
    );
    // axios.get(path, config) looks like a route here; the linker drops it (axios is no router).
    expect(routes(facts)).toEqual([
      'DELETE /books/:id @5:52',
      'PUT /books/:id @5:35',
      'GET /books/:id @5:25',
      'GET /a @6:1',
      'GET /b @6:1',
      'GET /users @7:1',
    ]);
    const put = facts?.routes.find((r) => r.methods?.[0] === 'PUT');
    expect(put?.middleware.map((m) => m.name)).toEqual(['auth']);
    expect(put?.handler).toEqual({ name: 'write' });
  });

  it('records mounts, middleware, constants, exports and imports', async () => {
    const facts = await extract(
      expressExtractor,
      'src/app.ts',
      `import express from 'express';
import { users } from './users.js';
import * as routes from './routes';
export const PREFIX = '/api';
const V1 = \`\${PREFIX}/v1\`;
export const app = express();
app.use(V1 + '/users', requireAuth, users);
app.use(routes.admin);
export default app;
`,
    );
    expect(facts?.constants).toEqual({
      PREFIX: { parts: [{ lit: '/api' }] },
      V1: { parts: [{ ref: 'PREFIX' }, { lit: '/v1' }] },
    });
    expect(facts?.exports).toEqual({ PREFIX: 'PREFIX', app: 'app', default: 'app' });
    expect(facts?.imports.map((i) => `${i.local}<-${i.module}#${i.imported}`)).toEqual([
      'express<-express#default',
      'users<-./users.js#users',
      'routes<-./routes#*',
    ]);
    expect(facts?.routers.map((r) => `${r.id}:${String(r.root)}`)).toEqual(['app:true']);
    const mounts = facts?.mounts.map(
      (m) =>
        `${'name' in m.child ? m.child.name : '?'} at ${show(m.prefix)} after ${m.middleware.map((x) => x.name).join(',')}`,
    );
    expect(mounts).toEqual([
      'requireAuth at ${V1}/users after ',
      'users at ${V1}/users after requireAuth',
      'routes.admin at  after ',
    ]);
  });

  it('records reads of query parameters and the environment', async () => {
    const facts = await extract(
      expressExtractor,
      'src/app.ts',
      `import express from 'express';
const MODE = process.env.APP_MODE;
const app = express();
app.get('/x', (req, res) => {
  const { token } = req.query;
  res.json([req.query.api_key, req.query['access-token'], token, process.env['OTHER']]);
});
`,
    );
    expect(facts?.queryReads.map((q) => `${q.name}@${q.loc.line}:${q.loc.column}`)).toEqual([
      'token@5:11',
      'api_key@6:13',
      'access-token@6:32',
    ]);
    expect(facts?.values.MODE?.env).toEqual(['APP_MODE']);
    expect(facts?.routes[0]?.handler).toMatchObject({ inline: { env: ['OTHER'] } });
  });
});

describe('routes-fastify', () => {
  it('reads route(), shorthands with options, and register() with a prefix', async () => {
    const facts = await extract(
      fastifyExtractor,
      'src/app.ts',
      `import Fastify from 'fastify';
import users from './users.js';
const app = Fastify();
app.register(users, { prefix: '/users' });
app.register(import('./admin.js'), { prefix: '/admin' });
app.route({ method: ['GET', 'HEAD'], url: '/health', handler: async () => ({}) });
app.post('/login', { preHandler: [rateLimit] }, async () => ({}));
`,
    );
    expect(routes(facts)).toEqual(['GET,HEAD /health @6:1', 'POST /login @7:1']);
    expect(facts?.routes[1]?.middleware.map((m) => m.name)).toEqual(['rateLimit']);
    expect(
      facts?.mounts.map((m) => ({
        child: m.child,
        plugin: m.plugin ?? false,
        prefix: show(m.prefix),
      })),
    ).toEqual([
      { child: { name: 'users' }, plugin: true, prefix: '/users' },
      { child: { module: './admin.js' }, plugin: true, prefix: '/admin' },
    ]);
  });
});

describe('routes-hono', () => {
  it('reads chains on new Hono(), on(), basePath() and route()', async () => {
    const facts = await extract(
      honoExtractor,
      'src/app.ts',
      `import { Hono } from 'hono';
import { users } from './users';
export const app = new Hono().basePath('/api');
app.route('/users', users);
export const sub = new Hono()
  .get('/a', (c) => c.text('a'))
  .on(['PUT', 'PATCH'], '/b', (c) => c.text('b'));
`,
    );
    expect(routes(facts)).toEqual(['PUT,PATCH /b @7:4', 'GET /a @6:4']);
    expect(facts?.routes.every((r) => 'name' in r.router && r.router.name === 'sub')).toBe(true);
    expect(facts?.aliases.app).toEqual({ name: '@basePath:3:20' });
  });
});

describe('routes-koa', () => {
  it('reads named routes, the prefix option and nested routers', async () => {
    const facts = await extract(
      koaExtractor,
      'src/app.ts',
      `import Router from '@koa/router';
const router = new Router({ prefix: '/api' });
const users = new Router();
users.get('user', '/users/:id', (ctx) => {});
router.use('/v1', users.routes(), users.allowedMethods());
`,
    );
    expect(routes(facts)).toEqual(['GET /users/:id @4:1']);
    expect(facts?.routers.map((r) => [r.id, r.prefix && show(r.prefix)])).toEqual([
      ['router', '/api'],
      ['users', undefined],
    ]);
    expect(facts?.mounts.map((m) => ('name' in m.child ? m.child.name : ''))).toEqual(['users']);
  });
});

describe('routes-nestjs', () => {
  it('reads decorators on lines of their own, in any order, and the global prefix', async () => {
    const controller = await extract(
      nestjsExtractor,
      'src/users.controller.ts',
      `import { Controller, Get, Post, UseGuards } from '@nestjs/common';

@UseGuards(AuthGuard)
@Controller({ path: 'users', version: '2' })
export class UsersController {
  @Get(
    ':id',
  )
  find() {}

  // @Delete(':id') in a comment
  @UseGuards(AdminGuard)
  @Post()
  create() {}

  helper() {}
}
`,
    );
    expect(routes(controller)).toEqual(['GET :id @6:3', 'POST  @13:3']);
    expect(controller?.routes.map((r) => r.version)).toEqual(['2', '2']);
    expect(controller?.routes[1]?.middleware.map((m) => m.name)).toEqual(['AdminGuard']);
    expect(controller?.routers[0]?.middleware?.map((m) => m.name)).toEqual(['AuthGuard']);
    const main = await extract(
      nestjsExtractor,
      'src/main.ts',
      `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api', { exclude: ['health', { path: 'ready', method: RequestMethod.GET }] });
  app.enableVersioning({ type: VersioningType.URI });
}
`,
    );
    expect(main?.globalPrefix && show(main.globalPrefix.prefix)).toBe('api');
    expect(main?.globalPrefix?.exclude).toEqual(['health', 'ready']);
    expect(main?.uriVersioning).toEqual({ prefix: 'v' });
  });
});

describe('routes-nestjs RouterModule', () => {
  it('reads @Module controllers, RouterModule.register entries and routes lists', async () => {
    const module = await extract(
      nestjsExtractor,
      'src/app.module.ts',
      `import { Module } from '@nestjs/common';
import { RouterModule, Routes } from '@nestjs/core';
import * as admin from './admin';

export const routes: Routes = [{ path: 'v1', children: [UsersModule, ...extra] }];
const notRoutes = ['a', 'b'];

@Module({
  controllers: [AppController, admin.StatsController],
  imports: [
    RouterModule.register([
      { path: PREFIX, module: AdminModule, children: [{ path: 'users', module: UsersModule }] },
      ...routes,
      makeRoutes(),
    ]),
  ],
})
export class AppModule {}
`,
    );
    expect(module?.nestModules).toEqual({
      AppModule: {
        controllers: ['AppController', 'admin.StatsController'],
        loc: { line: 8, column: 1, endLine: 17, endColumn: 3 },
      },
    });
    expect(Object.keys(module?.nestRouteTables ?? {})).toEqual(['routes']);
    const strip = (entries: unknown): unknown =>
      JSON.parse(
        JSON.stringify(entries, (key, value: unknown) => (key === 'loc' ? undefined : value)),
      );
    expect(strip(module?.nestRouteTables?.routes)).toEqual([
      { path: { parts: [{ lit: 'v1' }] }, children: [{ ref: 'UsersModule' }, { ref: 'extra' }] },
    ]);
    expect(strip(module?.nestRouterModules?.[0]?.routes)).toEqual([
      {
        path: { parts: [{ ref: 'PREFIX' }] },
        module: 'AdminModule',
        children: [{ path: { parts: [{ lit: 'users' }] }, module: 'UsersModule' }],
      },
      { ref: 'routes' },
      { unknown: 'makeRoutes()' },
    ]);
    // The path entry is located at its `path:` property.
    expect(module?.nestRouterModules?.[0]?.routes[0]?.loc).toEqual({
      line: 12,
      column: 9,
      endLine: 12,
      endColumn: 21,
    });
  });

  it('parses module files and routes lists of their own, and nothing else of NestJS', async () => {
    expect(
      await nestjsExtractor.extract({
        path: 'src/admin/admin.module.ts',
        text: "import { Module } from '@nestjs/common';\n@Module({ controllers: [StatsController] })\nexport class AdminModule {}\n",
      }),
    ).not.toBeNull();
    const list = await nestjsExtractor.extract({
      path: 'src/app.routes.ts',
      text: "import { AdminModule } from './admin/admin.module';\nexport const routes = [{ path: 'admin', module: AdminModule }];\n",
    });
    expect(Object.keys(list?.nestRouteTables ?? {})).toEqual(['routes']);
    expect(
      await nestjsExtractor.extract({
        path: 'src/users.service.ts',
        text: "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class UsersService {}\n",
      }),
    ).toBeNull();
  });
});

describe('routes-nextjs', () => {
  it('reads the methods a route file exports, and basePath', async () => {
    const route = await extract(
      nextjsExtractor,
      'app/api/users/[id]/route.ts',
      `export async function GET() { return Response.json({}); }
const handler = async () => new Response();
export { handler as PUT, handler as DELETE };
export const POST = withAuth(handler);
export const dynamic = 'force-dynamic';
export { PATCH } from '../shared';
`,
    );
    expect(route?.nextRoute?.map((r) => `${r.method}@${r.loc.line}:${r.loc.column}`)).toEqual([
      'GET@1:23',
      'PUT@3:10',
      'DELETE@3:26',
      'POST@4:14',
      'PATCH@6:10',
    ]);
    expect(route?.nextRoute?.[3]?.middleware?.map((m) => m.name)).toEqual(['withAuth']);
    const config = await extract(
      nextjsExtractor,
      'next.config.mjs',
      "export default { basePath: '/docs' };\n",
    );
    expect(config?.nextBasePath && show(config.nextBasePath.value)).toBe('/docs');
  });
});

describe('routes-fastapi', () => {
  it('reads decorators, routers, include_router and query parameters', async () => {
    const facts = await extract(
      fastapiExtractor,
      'app/api.py',
      `from fastapi import APIRouter, Depends, Query

from .config import PREFIX

router = APIRouter(prefix=PREFIX + "/users", dependencies=[Depends(auth)])


# @router.get("/commented")
@router.get("/{user_id}")
async def read(user_id: int, token: str = Query(None, alias="access_token"), limit: int = 10):
    return "@router.post('/string')"


@router.api_route("/bulk", methods=["POST", "PUT"])
async def bulk(db=Depends(get_db)):
    return {}
`,
    );
    expect(routes(facts)).toEqual(['GET /{user_id} @9:1', 'POST,PUT /bulk @14:1']);
    expect(
      facts?.routers.map((r) => [
        r.id,
        r.prefix && show(r.prefix),
        r.middleware?.map((m) => m.name),
      ]),
    ).toEqual([['router', '${PREFIX}/users', ['auth']]]);
    expect(facts?.queryReads.map((q) => q.name)).toEqual(['access_token', 'limit']);
    expect(facts?.routes[1]?.middleware.map((m) => m.name)).toEqual(['get_db']);
  });
});

describe('routes-flask', () => {
  it('reads routes, blueprints and add_url_rule', async () => {
    const facts = await extract(
      flaskExtractor,
      'app/views.py',
      `from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.route("/", methods=["GET", "POST"])
@login_required
def users():
    return []


bp.add_url_rule("/<int:id>", view_func=user, methods=["DELETE"])
`,
    );
    expect(routes(facts)).toEqual(['GET,POST / @6:1', 'DELETE /<int:id> @12:1']);
    expect(facts?.routes[0]?.middleware.map((m) => m.name)).toEqual(['login_required']);
  });
});

describe('routes-go', () => {
  it('reads net/http patterns, chi and gin, and skips comments and strings', async () => {
    const facts = await extract(
      goExtractor,
      'cmd/api/main.go',
      `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// http.HandleFunc("/commented", h)
const doc = "mux.HandleFunc(\\"/in-a-string\\", h)"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /items/{id}", h)
	r := gin.New()
	v1 := r.Group("/v1", auth())
	v1.GET("/users/:id", getUser)
}
`,
    );
    expect(routes(facts)).toEqual(['POST /items/{id} @14:2', 'GET /users/:id @17:2']);
    expect(facts?.routes[1]?.syntax).toBe('gin');
    expect(facts?.mounts.map((m) => [show(m.prefix), m.middleware.map((x) => x.name)])).toEqual([
      ['/v1', ['auth']],
    ]);
    expect(facts?.goPackage).toBe('main');
  });
});

describe('routes-go gorilla/mux', () => {
  it('reads HandleFunc with Methods(), Path chains, PathPrefix handlers and Subrouters', async () => {
    const facts = await extract(
      goExtractor,
      'server/routes.go',
      `package server

import (
	"net/http"

	"github.com/gorilla/mux"
)

func Routes() *mux.Router {
	r := mux.NewRouter().StrictSlash(true)
	r.HandleFunc("/users/{id:[0-9]+}", getUser).Methods("GET", "post").Name("user")
	r.Handle("/any", http.HandlerFunc(h))
	r.Host("api.example.com").Path("/items").Methods(http.MethodGet).HandlerFunc(h)
	r.Methods("PUT", "PATCH").Path("/items/{id}").Handler(h2).Methods("PATCH")
	r.PathPrefix("/static/").Handler(files)
	r.HandleFunc("/m", h).Methods(method)
	r.Get("user")
	s := r.PathPrefix("/api").Subrouter()
	s.Use(auth)
	s.HandleFunc("/ping", h)
	return r
}
`,
    );
    expect(routes(facts)).toEqual([
      'GET,POST /users/{id:[0-9]+} @11:2',
      '* /any @12:2',
      '? /m @16:2',
      '* /ping @20:2',
      'GET /items @13:28',
      'PATCH /items/{id} @14:28',
      '* /static//{path...} @15:2',
    ]);
    expect(facts?.routes.every((r) => r.syntax === 'go')).toBe(true);
    expect(facts?.mounts.map((m) => `${show(m.prefix)} ${m.loc.line}:${m.loc.column}`)).toEqual([
      '/api 18:7',
    ]);
    expect(facts?.uses.map((u) => [u.middleware.map((m) => m.name), u.order])).toEqual([
      [['auth'], -1],
    ]);
    expect(facts?.routers.map((r) => [r.id, r.root])).toEqual([
      ['r', 'auto'],
      ['@sub:18:7', false],
    ]);
  });
});

describe('routes-modules', () => {
  it('reads constants and re-exports of files no framework claims', async () => {
    const constants = await extract(
      modulesExtractor,
      'src/paths.ts',
      "export const API = '/api';\nexport const ROUTES = { USERS: `${API}/users` } as const;\n",
    );
    expect(constants?.constants).toEqual({
      API: { parts: [{ lit: '/api' }] },
      'ROUTES.USERS': { parts: [{ ref: 'API' }, { lit: '/users' }] },
    });
    const barrel = await extract(
      modulesExtractor,
      'src/routes/index.ts',
      "export { users as usersRouter } from './users';\nexport * from './admin';\n",
    );
    expect(barrel?.reexports).toEqual([
      { module: './users', names: { usersRouter: 'users' } },
      { module: './admin' },
    ]);
    expect(
      await modulesExtractor.extract({ path: 'src/math.ts', text: 'export const two = 1 + 1;\n' }),
    ).toBeNull();
    const py = await extract(
      modulesExtractor,
      'app/core/config.py',
      'class Settings:\n    API_V1_STR: str = "/api/v1"\n',
    );
    expect(py?.constants).toEqual({ 'Settings.API_V1_STR': { parts: [{ lit: '/api/v1' }] } });
  });
});

describe('what facts keep', () => {
  it('keeps path constants but never other strings, which may be credentials (facts are cached)', async () => {
    const facts = await extract(
      expressExtractor,
      'src/app.ts',
      `import express from 'express';
export const API = '/api/v1';
export const SEGMENT = 'users';
export const STRIPE_KEY = 'sk_live_51HxQ2bKc9Xq7Zt3Vw8';
export const WEBHOOK = 'https://hooks.example.com/T000/B000/XXXX';
const app = express();
app.get(API + '/x', bearerAuth({ token: 'sk_live_51HxQ2bKc9Xq7Zt3Vw8' }), (req, res) => res.end());
`,
    );
    expect(Object.keys(facts?.constants ?? {})).toEqual(['API', 'SEGMENT']);
    expect(facts?.routes[0]?.middleware).toEqual([{ name: 'bearerAuth', text: 'bearerAuth(…)' }]);
    expect(JSON.stringify(facts)).not.toContain('sk_live');
  });
});
