/**
 * The Haven web application, assembled from plugins in one readable place: security (headers,
 * sessions, CSRF, route policy), views, the OpenAPI document, static assets, then each module's
 * routes. `buildApp` takes an open database so tests and the CLI decide where data lives.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kysely } from './core/db/kysely.ts';
import type { Config } from './core/config.ts';
import type { Database } from './core/db/schema.ts';
import type { Engine } from './core/db/index.ts';
import { securityPlugin } from './web/security.ts';
import { viewsPlugin, govukFrontendDist } from './web/views.ts';
import { installErrorHandling } from './web/errors.ts';
import { loggerOptions } from './core/log.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import { journeyRoutes } from './modules/journey/index.ts';
import { familyRoutes } from './modules/family/index.ts';
import { frontDoorRoutes } from './modules/front-door/index.ts';
import { returnsRoutes } from './modules/returns/index.ts';
import { dashboardRoutes } from './modules/dashboard/index.ts';
import { systemRoutes } from './web/system-routes.ts';

export type AppContext = { db: Kysely<Database>; config: Config; engine: Engine };

export async function buildApp(ctx: AppContext, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(ctx.config.logLevel),
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1_048_576,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  });

  await app.register(formbody);
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Haven API', version: '0.1.0', description: 'The API of Haven, the safeguarding children partnership system.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'haven_session' },
          // Agency systems: client id and secret (HTTP Basic) at the token endpoint, then the bearer token.
          clientCredentials: { type: 'http', scheme: 'basic' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/front-door/token' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(securityPlugin, { ctx });
  await app.register(viewsPlugin);
  installErrorHandling(app);

  await app.register(fastifyStatic, { root: path.join(govukFrontendDist, 'govuk', 'assets'), prefix: '/assets/' });
  await app.register(fastifyStatic, {
    root: path.join(govukFrontendDist, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)$/.test(pathName),
  });

  await app.register(fastifyStatic, { root: new URL('./web/public/', import.meta.url).pathname, prefix: '/assets/haven/', decorateReply: false });

  await app.register(systemRoutes, { ctx });
  await app.register(identityRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(peopleRoutes, { ctx });
  await app.register(journeyRoutes, { ctx });
  await app.register(familyRoutes, { ctx });
  await app.register(frontDoorRoutes, { ctx });
  await app.register(returnsRoutes, { ctx });
  await app.register(dashboardRoutes, { ctx });
  return app;
}
