/** Users and API tokens (administrators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { idParams } from './schemas.ts';

export const userRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/users', { schema: { tags: ['users'], summary: 'List users' } }, async (request) => ({
    items: await services.users.list(actorOf(request)),
  }));

  app.get(
    '/users/me',
    { schema: { tags: ['users'], summary: 'The user this token belongs to' } },
    async (request) => services.users.get(actorOf(request), actorOf(request).userId),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: z.strictObject({
          username: z
            .string()
            .trim()
            .min(3)
            .max(64)
            .regex(/^[a-z0-9._-]+$/, 'Use lower-case letters, digits, . _ -'),
          displayName: z.string().trim().min(1).max(200),
          role: roleSchema,
          partnerId: z.uuid().nullable().optional(),
          password: z.string().min(12, 'Use at least 12 characters').max(200).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.users.create(actorOf(request), request.body)),
  );

  app.post(
    '/users/:id/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'Issue an API token (shown once)',
        params: idParams,
        body: z.strictObject({ label: z.string().max(200).optional() }).optional(),
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await services.users.issueToken(actorOf(request), request.params.id, {
          label: request.body?.label,
        }),
      ),
  );

  app.delete(
    '/tokens/:id',
    { schema: { tags: ['users'], summary: 'Revoke an API token', params: idParams } },
    async (request, reply) => {
      await services.users.revokeToken(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
};
