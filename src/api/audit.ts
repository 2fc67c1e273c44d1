/** The audit trail: read it, and verify its hash chain. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';

export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events in order',
        querystring: z.strictObject({
          entityType: z.string().max(100).optional(),
          entityId: z.string().max(100).optional(),
          afterSeq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request) => services.audit.list(actorOf(request), request.query),
  );

  app.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: 'Verify the hash chain' } },
    async (request) => services.audit.verify(actorOf(request)),
  );
};
