/** Money: monthly invoices per partner (derived and reconciled), CSV export, and cost totals. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LEDGER_KINDS } from '../domain/ledger.ts';
import { isoDateSchema } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './auth.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM, e.g. 2026-11');
const invoiceParams = z.strictObject({ partnerId: z.uuid(), month });

export const ledgerRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/partners/:partnerId/invoices/:month',
    {
      schema: {
        tags: ['money'],
        summary: 'The month’s invoice for a partner, worked out from stay events now',
        params: invoiceParams,
      },
    },
    async (request) =>
      services.ledger.invoice(actorOf(request), request.params.partnerId, request.params.month),
  );

  app.post(
    '/partners/:partnerId/invoices/:month',
    {
      schema: {
        tags: ['money'],
        summary: 'Generate the month’s invoice and reconcile the partner’s bill against it (one transaction)',
        params: invoiceParams,
        body: z.strictObject({
          billed: z
            .array(
              z.strictObject({
                kind: z.enum(LEDGER_KINDS),
                caseId: z.uuid().nullable(),
                quantity: z.number().int().min(0),
                amountPence: z.number().int(),
              }),
            )
            .max(100_000)
            .nullable()
            .default(null),
        }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await services.ledger.generate(
            actorOf(request),
            request.params.partnerId,
            request.params.month,
            request.body.billed,
          ),
        ),
  );

  app.get(
    '/ledger.csv',
    {
      schema: {
        tags: ['money'],
        summary: 'Ledger lines over a period as CSV (amounts in pence)',
        querystring: z.strictObject({
          partnerId: z.uuid().optional(),
          from: isoDateSchema,
          to: isoDateSchema,
        }),
      },
    },
    async (request, reply) => {
      const csv = await services.ledger.csv(actorOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="ledger-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  );

  app.get(
    '/costs',
    {
      schema: {
        tags: ['money'],
        summary:
          'Partner payments, cost per person transferred, per onward return and per night; UK accommodation',
        querystring: z.strictObject({ from: isoDateSchema.optional(), to: isoDateSchema.optional() }),
      },
    },
    async (request) => services.ledger.costs(actorOf(request), request.query),
  );
};
