/** Hub allocation: ask the optimiser for a proposal, review it, approve all or part of it. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { idParams } from './schemas.ts';

export const allocationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  // The solver keeps a worker thread warm between proposals; stop it with the server.
  app.addHook('onClose', async () => services.allocations.close());

  app.post(
    '/allocation-proposals',
    {
      schema: {
        tags: ['allocations'],
        summary:
          'Propose hub allocations for everyone eligible (most people placed, then least cost); dryRun stores nothing',
        body: z.strictObject({ date: isoDateSchema.optional(), dryRun: z.boolean().default(false) }),
      },
    },
    async (request, reply) =>
      reply
        .code(request.body.dryRun ? 200 : 201)
        .send(await services.allocations.propose(actorOf(request), request.body)),
  );

  app.get(
    '/allocation-proposals',
    {
      schema: {
        tags: ['allocations'],
        summary: 'Recent proposals and their status',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
      },
    },
    async (request) => ({ items: await services.allocations.list(actorOf(request), request.query.limit) }),
  );

  app.get(
    '/allocation-proposals/:id',
    {
      schema: {
        tags: ['allocations'],
        summary: 'A proposal: each household placed with its alternatives, and why anyone was not placed',
        params: idParams,
      },
    },
    async (request) => services.allocations.get(actorOf(request), request.params.id),
  );

  app.post(
    '/allocation-proposals/:id/approve',
    {
      schema: {
        tags: ['allocations'],
        summary:
          'Approve the proposal, or only the named households: one transaction, every blocker re-checked; refused with what changed when stale',
        params: idParams,
        body: z.strictObject({
          households: z.array(z.string().min(1)).min(1).optional(),
          on: isoDateSchema.optional(),
        }),
      },
    },
    async (request) => services.allocations.approve(actorOf(request), request.params.id, request.body),
  );
};
