/** UK accommodation placements and their costs. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCOMMODATION_KINDS, isoDateSchema, penceSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { decodeCursor, encodeCursor, expectedVersion, idParams, listQuery, versionField } from './schemas.ts';

export const accommodationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/accommodation-placements',
    {
      schema: {
        tags: ['accommodation'],
        summary: 'List UK accommodation placements',
        querystring: z.strictObject({
          personId: z.uuid().optional(),
          kind: z.enum(ACCOMMODATION_KINDS).optional(),
          activeOn: isoDateSchema.optional(),
          ...listQuery,
        }),
      },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      const page = await services.accommodation.list(actorOf(request), {
        ...query,
        after: decodeCursor(cursor),
      });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.post(
    '/accommodation-placements',
    {
      schema: {
        tags: ['accommodation'],
        summary: 'Record a placement (hotel, dispersal, large site) with its nightly cost',
        body: z.strictObject({
          personId: z.uuid(),
          kind: z.enum(ACCOMMODATION_KINDS),
          siteName: z.string().trim().min(1).max(200),
          nightlyCostPence: penceSchema.min(0),
          startOn: isoDateSchema,
          endOn: isoDateSchema.nullable().optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.accommodation.place(actorOf(request), request.body)),
  );

  app.post(
    '/accommodation-placements/:id/end',
    {
      schema: {
        tags: ['accommodation'],
        summary: 'End a placement (the day the person left; no night is charged for it)',
        params: idParams,
        body: z.strictObject({ endOn: isoDateSchema, version: versionField }),
      },
    },
    async (request) =>
      services.accommodation.end(
        actorOf(request),
        request.params.id,
        request.body.endOn,
        expectedVersion(request.body.version, request.headers['if-match']),
      ),
  );

  app.get(
    '/accommodation-costs',
    {
      schema: {
        tags: ['accommodation'],
        summary: 'What UK accommodation cost in a period [from, to), by kind, in pence',
        querystring: z.strictObject({ from: isoDateSchema, to: isoDateSchema }),
      },
    },
    async (request) => services.accommodation.costs(actorOf(request), request.query.from, request.query.to),
  );
};
