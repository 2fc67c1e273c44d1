/** Transfers: flights, manifests (fill, add, remove, finalise), departure, arrival, incidents. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_KINDS, newTransferSchema } from '../domain/transfers.ts';
import { isoDateSchema, TRANSFER_STATUSES } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { idParams } from './schemas.ts';

const onBody = z.strictObject({ on: isoDateSchema.optional() });

export const transferRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/transfers',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Plan a flight to a hub',
        body: newTransferSchema,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.transfers.create(actorOf(request), request.body)),
  );

  app.get(
    '/transfers',
    {
      schema: {
        tags: ['transfers'],
        summary: 'List flights',
        querystring: z.strictObject({
          hubId: z.uuid().optional(),
          status: z.enum(TRANSFER_STATUSES).optional(),
        }),
      },
    },
    async (request) => ({ items: await services.transfers.list(actorOf(request), request.query) }),
  );

  app.get(
    '/transfers/:id',
    {
      schema: {
        tags: ['transfers'],
        summary: 'A flight with its manifest and who was taken off, and why',
        params: idParams,
      },
    },
    async (request) => services.transfers.get(actorOf(request), request.params.id),
  );

  app.post(
    '/transfers/:id/fill',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Fill the manifest from approved allocations: whole households, never over the seats',
        params: idParams,
        body: onBody,
      },
    },
    async (request) => services.transfers.fill(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/transfers/:id/manifest',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Add named cases (whole households) to the manifest',
        params: idParams,
        body: z.strictObject({ caseIds: z.array(z.uuid()).min(1).max(1000), on: isoDateSchema.optional() }),
      },
    },
    async (request) =>
      services.transfers.add(actorOf(request), request.params.id, request.body.caseIds, {
        on: request.body.on,
      }),
  );

  app.post(
    '/transfers/:id/remove',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Take a case (and its household) off the manifest, with the reason',
        params: idParams,
        body: z.strictObject({
          caseId: z.uuid(),
          reason: z.string().trim().min(5).max(2000),
          on: isoDateSchema.optional(),
        }),
      },
    },
    async (request) =>
      services.transfers.remove(
        actorOf(request),
        request.params.id,
        request.body.caseId,
        request.body.reason,
        {
          on: request.body.on,
        },
      ),
  );

  for (const [path, summary, call] of [
    [
      'finalise',
      'Finalise the manifest: every blocker re-checked, anyone blocked taken off, the partner told',
      'finalise',
    ],
    ['depart', 'Record departure: blockers re-checked on the day', 'depart'],
  ] as const) {
    app.post(
      `/transfers/:id/${path}`,
      { schema: { tags: ['transfers'], summary, params: idParams, body: onBody } },
      async (request) => services.transfers[call](actorOf(request), request.params.id, request.body),
    );
  }

  app.post(
    '/transfers/:id/arrive',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Record arrival at the hub of people on the finalised manifest (partner officer)',
        params: idParams,
        body: z.strictObject({ on: isoDateSchema.optional(), caseIds: z.array(z.uuid()).min(1).optional() }),
      },
    },
    async (request) => services.transfers.arrive(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/transfers/:id/cancel',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Cancel a flight before departure; everyone goes back to allocated',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(5).max(2000), on: isoDateSchema.optional() }),
      },
    },
    async (request) =>
      services.transfers.cancel(actorOf(request), request.params.id, request.body.reason, {
        on: request.body.on,
      }),
  );

  app.post(
    '/incidents',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Record an incident during a transfer or at a hub',
        body: z.strictObject({
          transferId: z.uuid().nullable().optional(),
          hubId: z.uuid().nullable().optional(),
          caseId: z.uuid().nullable().optional(),
          kind: z.enum(INCIDENT_KINDS),
          occurredOn: isoDateSchema,
          description: z.string().trim().min(5).max(5000),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.transfers.recordIncident(actorOf(request), request.body)),
  );

  app.get(
    '/incidents',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Incidents (monitors see what happened, not to whom)',
        querystring: z.strictObject({ transferId: z.uuid().optional(), hubId: z.uuid().optional() }),
      },
    },
    async (request) => ({ items: await services.transfers.incidents(actorOf(request), request.query) }),
  );
};
