/**
 * The safeguards panel's question: if this person were transferred to each hub today, what would
 * block it? Loads the same facts the lifecycle reads and asks the one pure function,
 * `transferBlockers`, at the allocation stage. It is only asked beside `cases.get` for the same
 * page, which records the read of the person's record, so it appends no audit event of its own
 * (each append takes the chain lock). (Added for the web pages; the cases service answers only for
 * a hub already allocated.)
 */
import { eq, isNull } from 'drizzle-orm';
import { agreementInForce } from '../domain/agreements.ts';
import type { Blocker } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { Actor, Hub, Partner } from '../domain/types.ts';
import { notFound } from '../errors.ts';
import { loadCaseGraph, subjectsOf } from '../store/caseGraph.ts';
import { agreementsOfPartners, agreementUses, hubUses } from '../store/hubs.ts';
import { caseFromRow, hubFromRow, partnerFromRow } from '../store/mappers.ts';
import { hubs, partners } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface HubReadiness {
  hub: Hub;
  partner: Partner;
  blockers: Blocker[];
}

export function transferReadinessService(ctx: ServiceContext) {
  return {
    /**
     * Blockers against every open hub (or only `hubId`), for a case the actor may read in full.
     * The person, household, flags and holds come in one statement (store/caseGraph.ts), and each
     * hub-side fact in one query for all hubs (or one per partner), not a handful per hub.
     */
    async check(actor: Actor, caseId: string, hubId?: string): Promise<HubReadiness[]> {
      authorise(actor, 'read_person_full');
      return ctx.transaction(async (tx) => {
        const graph = await loadCaseGraph(tx, [caseId]);
        const row = graph.cases[0];
        if (!row) throw notFound('case', caseId);
        const subject = subjectsOf(graph, [caseFromRow(row)]).get(caseId);
        if (!subject) throw notFound('case', caseId);
        const self = {
          person: subject.person,
          case: caseFromRow(row),
          flags: subject.flags,
          holds: subject.holds,
        };
        const household = subject.household;
        const hubRows = await tx
          .select({ hub: hubs, partner: partners })
          .from(hubs)
          .innerJoin(partners, eq(partners.id, hubs.partnerId))
          .where(hubId ? eq(hubs.id, hubId) : isNull(hubs.closedOn));
        const date = ctx.today();
        const movers = [self.person.id, ...household.map((m) => m.person.id)];
        const partnerIds = [...new Set(hubRows.map((r) => r.partner.id))];
        const agreementsOf = await agreementsOfPartners(tx, partnerIds);
        const uses = await hubUses(
          tx,
          hubRows.map((r) => r.hub.id),
          movers,
        );
        const inForce = new Map(
          partnerIds.map((id) => [id, agreementInForce(agreementsOf.get(id) ?? [], id, date)]),
        );
        const inForceUses = await agreementUses(
          tx,
          [...inForce.values()].filter((a): a is NonNullable<typeof a> => a !== null),
          date,
          movers,
        );
        return hubRows.map((r) => {
          const hub = hubFromRow(r.hub);
          const partner = partnerFromRow(r.partner);
          const agreement = inForce.get(partner.id) ?? null;
          const use = {
            hub: uses.get(hub.id)!,
            agreement: inForceUses.get(partner.id) ?? { residents: 0, transfersThisYear: 0 },
          };
          const blockers = transferBlockers({
            ...self,
            household,
            hub,
            partner,
            agreement,
            date,
            stage: 'allocation',
            use,
            noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS,
          });
          return { hub, partner, blockers };
        });
      });
    },
  };
}
