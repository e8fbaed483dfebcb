import type { Extractor } from '../extractor.js';
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
