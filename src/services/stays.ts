/**
 * Stays at hubs (issue 5, item 3): how a resident leaves (onward return, return to the UK,
 * absconding), recorded by the partner officer through the lifecycle, and the maximum-stay timer
 * with its warnings at 30 and 7 days. Arrivals go through the flight (`transfers.arrive`), so
 * nobody arrives who was not on a finalised manifest. Daily occupancy history is
 * `partners.occupancyHistory`.
 */
import { and, asc, eq } from 'drizzle-orm';
import { agreementInForce } from '../domain/agreements.ts';
import { scopeOf } from '../domain/permissions.ts';
import { maxStayStatus, type MaxStayStatus, type MaxStayWarning } from '../domain/transfers.ts';
import type { Actor, IsoDate, ReturnKind, ReturnToUkReason } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import { partnerAgreements } from '../store/hubs.ts';
import { caseFromRow } from '../store/mappers.ts';
import { cases, hubs } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';
import type { casesService } from './cases.ts';

type CasesService = ReturnType<typeof casesService>;

export const TRAVEL_DOCUMENTS = ['passport', 'emergency_travel_document', 'laissez_passer', 'none'] as const;
export type TravelDocument = (typeof TRAVEL_DOCUMENTS)[number];

export type StayExit =
  | { kind: 'onward_return'; destination: string; travelDocument: TravelDocument; returnKind: ReturnKind }
  | { kind: 'return_to_uk'; reason: ReturnToUkReason; note?: string | null }
  | { kind: 'absconded'; note?: string | null };

export interface Resident extends MaxStayStatus {
  caseId: string;
  caseReference: string;
  hubId: string;
  arrivedOn: IsoDate;
  maxStayDays: number;
}

export function staysService(ctx: ServiceContext, deps: { cases: CasesService }) {
  const { db } = ctx.store;

  return {
    /**
     * Record that a resident left the hub. The lifecycle refuses a departure dated before the
     * arrival, and a partner officer acting on another partner's resident.
     */
    async recordExit(
      actor: Actor,
      caseId: string,
      exit: StayExit,
      options: { on?: IsoDate; version?: number } = {},
    ) {
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const c = await deps.cases.visibleCase(tx, actor, caseId);
        if (c.state !== 'IN_HUB') {
          throw new AppError(
            'STAY_REFUSED',
            `The case is ${c.state.toLowerCase().replaceAll('_', ' ')}, not resident at a hub, so no departure from a hub can be recorded.`,
          );
        }
        if (c.arrivedInHubOn !== null && on < c.arrivedInHubOn) {
          throw new AppError(
            'STAY_REFUSED',
            `A departure on ${on} is before the arrival on ${c.arrivedInHubOn}.`,
          );
        }
        const common = { on, version: options.version };
        switch (exit.kind) {
          case 'onward_return':
            return deps.cases.transitionIn(tx, actor, caseId, {
              ...common,
              transition: 'recordOnwardReturn',
              destination: exit.destination,
              travelDocument: exit.travelDocument,
              kind: exit.returnKind,
            });
          case 'return_to_uk':
            return deps.cases.transitionIn(tx, actor, caseId, {
              ...common,
              transition: 'returnToUk',
              reason: exit.reason,
              note: exit.note ?? null,
            });
          case 'absconded':
            return deps.cases.transitionIn(tx, actor, caseId, {
              ...common,
              transition: 'recordAbscond',
              note: exit.note ?? null,
            });
        }
      });
    },

    /**
     * Residents with their maximum-stay timer (from the agreement in force when they arrived),
     * soonest end first; `warning` filters to those warned (30 days, 7 days, reached).
     */
    async residents(
      actor: Actor,
      query: { hubId?: string; on?: IsoDate; warning?: Exclude<MaxStayWarning, 'none'> } = {},
    ): Promise<Resident[]> {
      authorise(actor, 'read_resident_minimised');
      const own = scopeOf(actor.role, 'read_resident_minimised') === 'ownPartner' ? actor.partnerId : null;
      const on = query.on ?? ctx.today();
      const rows = await db
        .select({ c: cases, partnerId: hubs.partnerId })
        .from(cases)
        .innerJoin(hubs, eq(hubs.id, cases.allocatedHubId))
        .where(
          and(
            eq(cases.state, 'IN_HUB'),
            own === null ? undefined : eq(hubs.partnerId, own),
            query.hubId ? eq(cases.allocatedHubId, query.hubId) : undefined,
          ),
        )
        .orderBy(asc(cases.reference));
      const partnerIds = [...new Set(rows.map((r) => r.partnerId))];
      const agreementsByPartner = new Map(
        await Promise.all(partnerIds.map(async (p) => [p, await partnerAgreements(db, p)] as const)),
      );
      const out: Resident[] = [];
      for (const r of rows) {
        const c = caseFromRow(r.c);
        if (c.arrivedInHubOn === null) continue;
        const agreement = agreementInForce(
          agreementsByPartner.get(r.partnerId) ?? [],
          r.partnerId,
          c.arrivedInHubOn,
        );
        if (agreement === null) continue;
        const status = maxStayStatus(c.arrivedInHubOn, agreement.maxStayDays, on);
        if (query.warning && status.warning !== query.warning) continue;
        out.push({
          caseId: c.id,
          caseReference: c.reference,
          hubId: c.allocatedHubId!,
          arrivedOn: c.arrivedInHubOn,
          maxStayDays: agreement.maxStayDays,
          ...status,
        });
      }
      return out.sort((a, b) => a.daysLeft - b.daysLeft || a.caseReference.localeCompare(b.caseReference));
    },
  };
}
