/** People (registration opens their case) and households. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryCodeSchema, HOUSEHOLD_ROLES, isoDateSchema, ROUTES, SEXES } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';
import { expectedVersion, idParams, versionField } from './schemas.ts';

const name = z.string().trim().min(1).max(200);
const personFields = {
  givenNames: name,
  familyName: name,
  dateOfBirth: isoDateSchema,
  sex: z.enum(SEXES),
  nationality: countryCodeSchema,
  arrivalDate: isoDateSchema,
  route: z.enum(ROUTES),
  languages: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
};

export const personRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Register a person; their case opens in ARRIVED',
        body: z.strictObject({
          ...personFields,
          householdId: z.uuid().nullable().optional(),
          householdRole: z.enum(HOUSEHOLD_ROLES).nullable().optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.people.register(actorOf(request), request.body)),
  );

  app.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Read a person’s record (audited; minimised by role)',
        params: idParams,
      },
    },
    async (request) => services.people.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Correct a person’s details',
        params: idParams,
        body: z.strictObject({ ...z.object(personFields).partial().shape, version: versionField }),
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return services.people.update(
        actorOf(request),
        request.params.id,
        patch,
        expectedVersion(version, request.headers['if-match']),
      );
    },
  );

  app.post(
    '/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Create a household',
        body: z.strictObject({ principalPersonId: z.uuid().nullable().optional() }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.households.create(actorOf(request), request.body)),
  );

  app.get(
    '/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Read a household and its members (audited)',
        params: idParams,
      },
    },
    async (request) => services.households.get(actorOf(request), request.params.id),
  );

  app.post(
    '/households/:id/members',
    {
      schema: {
        tags: ['households'],
        summary: 'Add a person to a household',
        params: idParams,
        body: z.strictObject({ personId: z.uuid(), role: z.enum(HOUSEHOLD_ROLES) }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.households.addMember(actorOf(request), request.params.id, request.body)),
  );
};
