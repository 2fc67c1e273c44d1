/** Cases: list with filters and cursor pagination, read, timeline, and lifecycle transitions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TRANSITION_NAMES, transitionBodySchema } from '../domain/lifecycle.ts';
import { CASE_STATES } from '../domain/stages.ts';
import { countryCodeSchema, isoDateSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import type { TransitionRequest } from '../services/cases.ts';
import { actorOf } from './auth.ts';
import { decodeCursor, encodeCursor, expectedVersion, idParams, listQuery, versionField } from './schemas.ts';

/** One body schema per transition, told apart by `transition`; `on` defaults to today. */
const transitionBodies = TRANSITION_NAMES.map((name) =>
  transitionBodySchema(name).extend({
    transition: z.literal(name),
    version: versionField,
    on: isoDateSchema.optional(),
  }),
);
export const transitionBody = z.discriminatedUnion(
  'transition',
  transitionBodies as unknown as [(typeof transitionBodies)[number], ...(typeof transitionBodies)[number][]],
);

export const caseRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'List cases (filters, cursor pagination); what each item shows depends on your role',
        querystring: z.strictObject({
          state: z.enum(CASE_STATES).optional(),
          nationality: countryCodeSchema.optional(),
          hubId: z.uuid().optional(),
          reference: z.string().trim().min(1).max(50).optional(),
          ...listQuery,
        }),
      },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      const page = await services.cases.list(actorOf(request), { ...query, after: decodeCursor(cursor) });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.get(
    '/cases/:id',
    { schema: { tags: ['cases'], summary: 'Read a case (audited)', params: idParams } },
    async (request, reply) => {
      const view = await services.cases.get(actorOf(request), request.params.id);
      if (view.case?.version !== undefined) reply.header('etag', `"${view.case.version}"`);
      return view;
    },
  );

  app.get(
    '/cases/:id/timeline',
    { schema: { tags: ['cases'], summary: 'The case’s transitions in order (audited)', params: idParams } },
    async (request) => ({ items: await services.cases.timeline(actorOf(request), request.params.id) }),
  );

  app.post(
    '/cases/:id/transitions',
    {
      schema: {
        tags: ['cases'],
        summary: 'Apply a lifecycle transition',
        description:
          'The body names the transition and carries its inputs. Send the case version you read (in `version` or `If-Match`); a stale version gets 409 VERSION_CONFLICT. Safeguards refuse transfer-path transitions with 422 TRANSFER_BLOCKED and the blockers.',
        params: idParams,
        body: transitionBody,
      },
    },
    async (request) => {
      const body = request.body as TransitionRequest;
      const version = expectedVersion(body.version, request.headers['if-match']);
      return services.cases.transition(actorOf(request), request.params.id, { ...body, version });
    },
  );
};
