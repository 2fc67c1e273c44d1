import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addDays } from '../../domain/calendar.ts';
import { ACCOMMODATION_KINDS } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { allow } from '../auth.ts';
import { errorListFor, type FieldErrors } from '../forms.ts';
import { paths } from '../paths.ts';
import { formatDate, formatPence, humanise } from '../views.ts';

/** Nights shown one by one in the cost-by-night table. */
export const NIGHTS_SHOWN = 14;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export function financeRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('finance') };
  const actor = (request: FastifyRequest) => request.user!;

  app.get(paths.finance.home.pattern, guard, async (request, reply) => {
    const who = actor(request);
    const today = services.context.today();
    const q = request.query as { from?: string; to?: string };
    const errors: FieldErrors = {};
    const from = q.from?.trim() || `${today.slice(0, 8)}01`;
    const to = q.to?.trim() || addDays(today, 1);
    if (!isoDay.test(from) || Number.isNaN(Date.parse(from)))
      errors.from = 'Enter the start date as YYYY-MM-DD, for example 2026-11-01';
    if (!isoDay.test(to) || Number.isNaN(Date.parse(to)))
      errors.to = 'Enter the end date as YYYY-MM-DD, for example 2026-11-30';
    else if (!errors.from && to <= from) errors.to = 'The end date must be after the start date';
    const ok = Object.keys(errors).length === 0;
    const nights = Array.from({ length: NIGHTS_SHOWN }, (_, i) => addDays(today, i - NIGHTS_SHOWN));
    const byNight = await Promise.all(nights.map((d) => services.accommodation.costs(who, d, addDays(d, 1))));
    // The ledger is the one source of money truth: partner payments from stay events under the
    // agreement in force each night, the unit costs, and UK accommodation beside them.
    const report = ok ? await services.ledger.costs(who, { from, to }) : null;
    const period = report?.uk ?? null;
    const money = (p: number | null) => (p === null ? 'None yet' : formatPence(p));
    return reply.view('finance/home.njk', {
      pageTitle: 'Finance',
      errors,
      errorList: errorListFor(errors),
      query: { from, to },
      nightHead: [
        { text: 'Night of' },
        ...ACCOMMODATION_KINDS.map((k) => ({ text: humanise(k), format: 'numeric' })),
        { text: 'Total', format: 'numeric' },
      ],
      nightRows: byNight.map((c, i) => [
        { text: formatDate(nights[i]) },
        ...ACCOMMODATION_KINDS.map((k) => ({
          text: `${formatPence(c.byKind[k].costPence)} (${c.byKind[k].placements})`,
          format: 'numeric',
        })),
        { text: formatPence(c.totalPence), format: 'numeric' },
      ]),
      periodRows: period
        ? [
            ...ACCOMMODATION_KINDS.map((k) => [
              { text: humanise(k) },
              { text: String(period.byKind[k].placements), format: 'numeric' },
              { text: formatPence(period.byKind[k].costPence), format: 'numeric' },
            ]),
            [{ text: 'Total' }, { text: '' }, { text: formatPence(period.totalPence), format: 'numeric' }],
          ]
        : [],
      owedRows: report
        ? [
            ...report.byPartner.map((o) => [
              { text: o.name },
              { text: formatPence(o.totals.arrival_fee), format: 'numeric' },
              { text: formatPence(o.totals.night_fee), format: 'numeric' },
              { text: formatPence(o.totals.fixed_fee), format: 'numeric' },
              { text: formatPence(o.totalPence), format: 'numeric' },
            ]),
            [
              { text: 'All partners' },
              { text: '' },
              { text: '' },
              { text: '' },
              { text: formatPence(report.hubs.partnerPaymentsPence), format: 'numeric' },
            ],
          ]
        : [],
      unitRows: report
        ? [
            [
              { text: 'People transferred' },
              { text: String(report.hubs.peopleTransferred), format: 'numeric' },
              { text: money(report.hubs.perPersonTransferredPence), format: 'numeric' },
            ],
            [
              { text: 'Onward returns' },
              { text: String(report.hubs.onwardReturns), format: 'numeric' },
              { text: money(report.hubs.perOnwardReturnPence), format: 'numeric' },
            ],
            [
              { text: 'Nights in a hub' },
              { text: String(report.hubs.nights), format: 'numeric' },
              { text: money(report.hubs.perNightPence), format: 'numeric' },
            ],
          ]
        : [],
    });
  });
}
