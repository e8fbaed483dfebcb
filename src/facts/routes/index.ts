import type { Extractor } from '../extractor.js';
import { tsconfigExtractor } from '../manifests/tsconfig.js';
import { expressExtractor } from './express.js';
import { fastapiExtractor } from './fastapi.js';
import { fastifyExtractor } from './fastify.js';
import { flaskExtractor } from './flask.js';
import { goExtractor } from './go.js';
import { honoExtractor } from './hono.js';
import { koaExtractor } from './koa.js';
import { modulesExtractor } from './modules.js';
import { nestjsExtractor } from './nestjs.js';
import { nextjsExtractor } from './nextjs.js';
import type { RouteFileFacts } from './types.js';

/** Every route extractor; their facts together are what the linker joins. */
export const routeExtractors: readonly Extractor<RouteFileFacts | null>[] = [
  expressExtractor,
  fastifyExtractor,
  honoExtractor,
  koaExtractor,
  nestjsExtractor,
  nextjsExtractor,
  fastapiExtractor,
  flaskExtractor,
  goExtractor,
  modulesExtractor,
];

/**
 * Configuration the linker follows imports with: tsconfig/jsconfig `paths` and `baseUrl`
 * (a router imported as `@/routes/users`).
 */
export const routeResolutionExtractors: readonly Extractor<unknown>[] = [tsconfigExtractor];

/** Everything a rule that reads linked routes declares. */
export const routeFacts: readonly Extractor<unknown>[] = [
  ...routeExtractors,
  ...routeResolutionExtractors,
];
