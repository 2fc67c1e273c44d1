/** Flags (on people) and holds (on cases). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FLAG_KINDS, FLAG_STATUSES, HOLD_KINDS, isoDateSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { expectedVersion, idParams, versionField } from './schemas.ts';

const note = z.string().trim().max(5000).nullable().optional();

export const safeguardingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    '/people/:id/flags',
    {
      schema: {
        tags: ['flags'],
        summary: 'Raise a vulnerability flag',
        params: idParams,
        body: z.strictObject({
          kind: z.enum(FLAG_KINDS),
          status: z.enum(FLAG_STATUSES).optional(),
          raisedOn: isoDateSchema.optional(),
          dueOn: isoDateSchema.nullable().optional(),
          note,
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.flags.raise(actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/flags/:id',
    {
      schema: {
        tags: ['flags'],
        summary: 'Change a flag’s status (confirm, close as negative or resolved)',
        params: idParams,
        body: z.strictObject({
          status: z.enum(FLAG_STATUSES),
          closedOn: isoDateSchema.nullable().optional(),
          note,
          version: versionField,
        }),
      },
    },
    async (request) => {
      const { version, ...change } = request.body;
      return services.flags.change(
        actorOf(request),
        request.params.id,
        change,
        expectedVersion(version, request.headers['if-match']),
      );
    },
  );

  app.post(
    '/cases/:id/holds',
    {
      schema: {
        tags: ['holds'],
        summary: 'Record a hold (injunction, judicial review with a stay, further submissions)',
        params: idParams,
        body: z.strictObject({
          kind: z.enum(HOLD_KINDS),
          startedOn: isoDateSchema.optional(),
          reference: z.string().trim().max(200).nullable().optional(),
          note,
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.holds.record(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/holds/:id/lift',
    {
      schema: {
        tags: ['holds'],
        summary: 'Lift a hold',
        params: idParams,
        body: z.strictObject({ liftedOn: isoDateSchema.optional(), note, version: versionField }),
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return services.holds.lift(
        actorOf(request),
        request.params.id,
        input,
        expectedVersion(version, request.headers['if-match']),
      );
    },
  );
};
