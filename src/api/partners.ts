/** Partners, agreements (with safety assessments), hubs and their occupancy. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agreementSchema,
  countryCodeSchema,
  HUB_NEEDS,
  isoDateSchema,
  placesSchema,
  profileSchema,
  safetyAssessmentSchema,
} from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { expectedVersion, idParams, versionField } from './schemas.ts';

const places = z.strictObject(placesSchema.shape);
/** The domain's safety assessment, with the edge's defaults and limits on free text. */
const safetyAssessment = z.strictObject({
  ...safetyAssessmentSchema.shape,
  profile: profileSchema.nullable().default(null),
  reference: z.string().trim().max(200).nullable().default(null),
});

/**
 * A new agreement: the domain's agreement without what the service assigns (id) or records
 * separately (its assessments are accepted here and stored beside it), tightened at the edge
 * (UUID ids, trimmed and bounded text, an open end by default).
 */
const agreementBody = z.strictObject({
  ...agreementSchema.omit({ id: true, safetyAssessments: true }).shape,
  partnerId: z.uuid(),
  reference: z.string().trim().min(1).max(100),
  endsOn: isoDateSchema.nullable().default(null),
  monitoringBody: z.string().trim().min(1).max(200),
  safetyAssessments: z.array(safetyAssessment).default([]),
});

export const partnerRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/partners', { schema: { tags: ['partners'], summary: 'List partners' } }, async (request) => ({
    items: await services.partners.listPartners(actorOf(request)),
  }));

  app.post(
    '/partners',
    {
      schema: {
        tags: ['partners'],
        summary: 'Create a partner',
        body: z.strictObject({ name: z.string().trim().min(1).max(200), countryCode: countryCodeSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.partners.createPartner(actorOf(request), request.body)),
  );

  app.get(
    '/partners/:id',
    { schema: { tags: ['partners'], summary: 'Read a partner', params: idParams } },
    async (request) => services.partners.getPartner(actorOf(request), request.params.id),
  );

  app.get(
    '/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'List agreements',
        querystring: z.strictObject({ partnerId: z.uuid().optional() }),
      },
    },
    async (request) => ({ items: await services.partners.listAgreements(actorOf(request), request.query) }),
  );

  app.post(
    '/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Create an agreement with a partner',
        body: agreementBody,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.partners.createAgreement(actorOf(request), request.body)),
  );

  app.get(
    '/agreements/:id',
    { schema: { tags: ['agreements'], summary: 'Read an agreement', params: idParams } },
    async (request) => services.partners.getAgreement(actorOf(request), request.params.id),
  );

  app.post(
    '/agreements/:id/safety-assessments',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Record a safety assessment of the partner country',
        params: idParams,
        body: safetyAssessment,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.partners.addSafetyAssessment(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/hubs',
    {
      schema: {
        tags: ['hubs'],
        summary: 'List hubs',
        querystring: z.strictObject({ partnerId: z.uuid().optional() }),
      },
    },
    async (request) => ({ items: await services.partners.listHubs(actorOf(request), request.query) }),
  );

  app.post(
    '/hubs',
    {
      schema: {
        tags: ['hubs'],
        summary: 'Create a hub',
        body: z.strictObject({
          partnerId: z.uuid(),
          name: z.string().trim().min(1).max(200),
          places,
          outOfService: places,
          meetsNeeds: z.array(z.enum(HUB_NEEDS)).optional(),
          openedOn: isoDateSchema.nullable().optional(),
          closedOn: isoDateSchema.nullable().optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.partners.createHub(actorOf(request), request.body)),
  );

  app.get(
    '/hubs/:id',
    { schema: { tags: ['hubs'], summary: 'Read a hub', params: idParams } },
    async (request, reply) => {
      const hub = await services.partners.getHub(actorOf(request), request.params.id);
      reply.header('etag', `"${hub.version}"`);
      return hub;
    },
  );

  app.patch(
    '/hubs/:id',
    {
      schema: {
        tags: ['hubs'],
        summary: 'Change a hub (places, places out of service, needs met, dates)',
        params: idParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          places: places.optional(),
          outOfService: places.optional(),
          meetsNeeds: z.array(z.enum(HUB_NEEDS)).optional(),
          openedOn: isoDateSchema.nullable().optional(),
          closedOn: isoDateSchema.nullable().optional(),
          version: versionField,
        }),
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return services.partners.updateHub(
        actorOf(request),
        request.params.id,
        patch,
        expectedVersion(version, request.headers['if-match']),
      );
    },
  );

  app.get(
    '/hubs/:id/occupancy',
    { schema: { tags: ['hubs'], summary: 'Places, use and free places today', params: idParams } },
    async (request) => services.partners.occupancy(actorOf(request), request.params.id),
  );

  app.get(
    '/hubs/:id/occupancy/history',
    {
      schema: {
        tags: ['hubs'],
        summary: 'Residents each night over a period (at most 366 days)',
        params: idParams,
        querystring: z.strictObject({ from: isoDateSchema, to: isoDateSchema }),
      },
    },
    async (request) => ({
      items: await services.partners.occupancyHistory(
        actorOf(request),
        request.params.id,
        request.query.from,
        request.query.to,
      ),
    }),
  );
};
