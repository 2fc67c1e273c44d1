/** Stays: residents with their maximum-stay timers, and leaving a hub (onward return, UK, absconding). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryCodeSchema, isoDateSchema, RETURN_KINDS, RETURN_TO_UK_REASONS } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { TRAVEL_DOCUMENTS } from '../services/stays.ts';
import { actorOf } from './auth.ts';
import { idParams, versionField } from './schemas.ts';

const exitBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('onward_return'),
    destination: countryCodeSchema,
    travelDocument: z.enum(TRAVEL_DOCUMENTS),
    returnKind: z.enum(RETURN_KINDS),
    on: isoDateSchema.optional(),
    version: versionField,
  }),
  z.strictObject({
    kind: z.literal('return_to_uk'),
    reason: z.enum(RETURN_TO_UK_REASONS),
    note: z.string().trim().max(2000).nullable().optional(),
    on: isoDateSchema.optional(),
    version: versionField,
  }),
  z.strictObject({
    kind: z.literal('absconded'),
    note: z.string().trim().max(2000).nullable().optional(),
    on: isoDateSchema.optional(),
    version: versionField,
  }),
]);

export const stayRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/residents',
    {
      schema: {
        tags: ['stays'],
        summary: 'Hub residents with their maximum-stay timer (warnings at 30 and 7 days)',
        querystring: z.strictObject({
          hubId: z.uuid().optional(),
          on: isoDateSchema.optional(),
          warning: z.enum(['within_30_days', 'within_7_days', 'reached']).optional(),
        }),
      },
    },
    async (request) => ({ items: await services.stays.residents(actorOf(request), request.query) }),
  );

  app.post(
    '/cases/:id/hub-exit',
    {
      schema: {
        tags: ['stays'],
        summary: 'Record a resident leaving the hub: onward return, return to the UK, or absconding',
        params: idParams,
        body: exitBody,
      },
    },
    async (request) => {
      const { on, version, ...exit } = request.body;
      return services.stays.recordExit(actorOf(request), request.params.id, exit, { on, version });
    },
  );
};
