import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addDays } from '../../domain/calendar.ts';
import { ACCOMMODATION_KINDS } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { partnerPaymentsService } from '../../services/partnerPayments.ts';
import { allow } from '../auth.ts';
import { errorListFor, type FieldErrors } from '../forms.ts';
import { paths } from '../paths.ts';
import { formatDate, formatPence, humanise } from '../views.ts';

/** Nights shown one by one in the cost-by-night table. */
export const NIGHTS_SHOWN = 14;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export function financeRoutes(app: FastifyInstance, services: Services): void {
  const guard = { preHandler: allow('finance') };
  const payments = partnerPaymentsService(services.context);
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
    const period = ok ? await services.accommodation.costs(who, from, to) : null;
    const owed = ok ? await payments.owed(who, from, to) : [];
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
      owedRows: owed.map((o) => [
        { text: o.partner },
        { text: o.agreement ?? 'No agreement in force' },
        { text: String(o.arrivals), format: 'numeric' },
        { text: String(o.nights), format: 'numeric' },
        { text: formatPence(o.arrivalFeesPence), format: 'numeric' },
        { text: formatPence(o.nightFeesPence), format: 'numeric' },
        { text: formatPence(o.fixedFeesPence), format: 'numeric' },
        { text: formatPence(o.totalPence), format: 'numeric' },
      ]),
    });
  });
}
