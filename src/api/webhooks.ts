/** Partner webhooks: subscribe, unsubscribe, list, and read the delivery log. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services/index.ts';
import { WEBHOOK_EVENTS } from '../services/webhooks.ts';
import { actorOf } from './auth.ts';
import { idParams } from './schemas.ts';

export const webhookRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  // Deliveries go out in the background while the server runs (tests deliver by hand).
  if (services.context.config.NODE_ENV !== 'test') {
    const stop = services.webhooks.startDispatcher();
    app.addHook('onClose', async () => stop());
  }

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a partner webhook; the signing secret is shown once',
        body: z.strictObject({
          partnerId: z.uuid(),
          url: z.url({ protocol: /^https?$/ }).max(2000),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.webhooks.subscribe(actorOf(request), request.body)),
  );

  app.get(
    '/webhooks',
    { schema: { tags: ['webhooks'], summary: 'List webhook subscriptions' } },
    async (request) => ({
      items: await services.webhooks.list(actorOf(request)),
    }),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags: ['webhooks'], summary: 'Stop a webhook subscription', params: idParams } },
    async (request) => services.webhooks.unsubscribe(actorOf(request), request.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    { schema: { tags: ['webhooks'], summary: 'The delivery log, newest first', params: idParams } },
    async (request) => ({ items: await services.webhooks.deliveries(actorOf(request), request.params.id) }),
  );
};
