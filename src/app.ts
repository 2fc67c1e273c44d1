/**
 * The application: a Fastify instance with the JSON API under /api (OpenAPI at /api/openapi.json,
 * docs at /api/docs), `GET /health`, and the web pages. Built in-process by tests (`inject`) and
 * started by src/server.ts; it never listens by itself.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Services } from './services/index.ts';
import { errorHandler } from './api/errorHandler.ts';
import { apiRoutes } from './api/index.ts';
import { webPlugin } from './web/plugin.ts';
import { AppError } from './errors.ts';
import { queryRows } from './store/db.ts';
import { sql } from 'drizzle-orm';

export interface AppOptions {
  config: Config;
  services: Services;
  logger?: pino.Logger | false;
}

/** Largest JSON body the API accepts. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export async function createApp({ config, services, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Return Hubs API',
        version: '0.1.0',
        description:
          'Casework system of record for the return-hubs scheme. Authenticate with `Authorization: Bearer <token>`. Errors are `{ code, message, details }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await queryRows(services.context.store.db, sql`select 1 as ok`);
      return { status: 'ok', database: services.context.store.driver };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: services.context.store.driver });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(apiRoutes, { prefix: '/api', services, config });

  // Unknown /api paths answer JSON; every other unknown path gets the web pages' GOV.UK 404.
  await app.register(
    async (api) => {
      api.setNotFoundHandler((request, reply) => {
        const error = new AppError(
          'NOT_FOUND',
          `Nothing is at ${request.method} ${request.url.split('?')[0]}. See /api/docs for the API's routes.`,
        );
        void reply.code(404).send(error.toJSON());
      });
    },
    { prefix: '/api' },
  );
  await app.register(webPlugin, { config, services });

  return app;
}
