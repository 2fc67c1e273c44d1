/**
 * What is owed to each partner over a period `[from, to)`, derived from hub stays and the
 * agreement in force: the per-person fee for each arrival in the period, the per-night fee for
 * each night a resident spent in a hub, and the fixed yearly fee pro rata by day. Integer pence.
 * (Added for the finance pages; no invoices are read here.)
 */
import { and, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { daysBetween } from '../domain/calendar.ts';
import { costOfNights, multiplyPence, nightsInPeriod, sumPence } from '../domain/money.ts';
import type { Actor, IsoDate, Pence } from '../domain/types.ts';
import { agreementFor } from '../store/hubs.ts';
import { hubs, hubStays, partners } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface PartnerOwed {
  partnerId: string;
  partner: string;
  agreement: string | null;
  arrivals: number;
  nights: number;
  arrivalFeesPence: Pence;
  nightFeesPence: Pence;
  fixedFeesPence: Pence;
  totalPence: Pence;
}

export function partnerPaymentsService(ctx: ServiceContext) {
  const { db } = ctx.store;
  return {
    async owed(actor: Actor, from: IsoDate, to: IsoDate): Promise<PartnerOwed[]> {
      authorise(actor, 'read_finance');
      const partnerRows = await db.select().from(partners).orderBy(partners.name);
      const out: PartnerOwed[] = [];
      for (const p of partnerRows) {
        if (actor.role === 'partner_officer' && actor.partnerId !== p.id) continue;
        const agreement = await agreementFor(db, p.id, from);
        const stays = await db
          .select({ arrivedOn: hubStays.arrivedOn, departedOn: hubStays.departedOn })
          .from(hubStays)
          .where(
            and(
              inArray(hubStays.hubId, db.select({ id: hubs.id }).from(hubs).where(eq(hubs.partnerId, p.id))),
              inArray(hubStays.status, ['arrived', 'departed']),
              lt(hubStays.arrivedOn, to),
              or(isNull(hubStays.departedOn), gte(hubStays.departedOn, from)),
            ),
          );
        const arrivals = stays.filter((s) => s.arrivedOn && s.arrivedOn >= from && s.arrivedOn < to).length;
        const nights = stays.reduce(
          (n, s) => n + (s.arrivedOn ? nightsInPeriod(s.arrivedOn, s.departedOn, from, to) : 0),
          0,
        );
        const arrivalFeesPence = agreement ? multiplyPence(agreement.perPersonFeePence, arrivals) : 0;
        const nightFeesPence = agreement ? costOfNights(agreement.perNightFeePence, nights) : 0;
        const fixedFeesPence = agreement
          ? Math.round((agreement.fixedFeePerYearPence * daysBetween(from, to)) / 365)
          : 0;
        out.push({
          partnerId: p.id,
          partner: p.name,
          agreement: agreement?.reference ?? null,
          arrivals,
          nights,
          arrivalFeesPence,
          nightFeesPence,
          fixedFeesPence,
          totalPence: sumPence([arrivalFeesPence, nightFeesPence, fixedFeesPence]),
        });
      }
      return out;
    },
  };
}
