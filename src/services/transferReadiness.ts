/**
 * The safeguards panel's question: if this person were transferred to each hub today, what would
 * block it? Loads the same facts the lifecycle reads and asks the one pure function,
 * `transferBlockers`, at the allocation stage. It is only asked beside `cases.get` for the same
 * page, which records the read of the person's record, so it appends no audit event of its own
 * (each append takes the chain lock). (Added for the web pages; the cases service answers only for
 * a hub already allocated.)
 */
import { agreementInForce } from '../domain/agreements.ts';
import type { Blocker } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { Actor, Hub, Partner } from '../domain/types.ts';
import { notFound } from '../errors.ts';
import { loadCaseGraph, subjectsOf } from '../store/caseGraph.ts';
import { agreementUses, hubFacts, hubUses } from '../store/hubs.ts';
import { caseFromRow } from '../store/mappers.ts';
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
     * Four statements whatever the number of hubs: the person with household, flags and holds
     * (store/caseGraph.ts); the hubs with partners and agreements; their use; the agreements' use.
     */
    async check(actor: Actor, caseId: string, hubId?: string): Promise<HubReadiness[]> {
      authorise(actor, 'read_person_full');
      // Reads only, at READ COMMITTED: a transaction would add two round trips and no consistency,
      // and without one the two independent loads run side by side on the pool.
      const { db } = ctx.store;
      const [graph, facts] = await Promise.all([loadCaseGraph(db, [caseId]), hubFacts(db, hubId)]);
      const row = graph.cases[0];
      if (!row) throw notFound('case', caseId);
      const c = caseFromRow(row);
      const subject = subjectsOf(graph, [c]).get(caseId);
      if (!subject) throw notFound('case', caseId);
      const self = { person: subject.person, case: c, flags: subject.flags, holds: subject.holds };
      const household = subject.household;
      const date = ctx.today();
      const movers = [self.person.id, ...household.map((m) => m.person.id)];
      const inForce = new Map(
        facts.map((f) => [f.partner.id, agreementInForce(f.agreements, f.partner.id, date)]),
      );
      const [hubUse, agreementUse] = await Promise.all([
        hubUses(
          db,
          facts.map((f) => f.hub.id),
          movers,
        ),
        agreementUses(
          db,
          [...inForce.values()].filter((a): a is NonNullable<typeof a> => a !== null),
          date,
          movers,
        ),
      ]);
      return facts.map(({ hub, partner }) => {
        const agreement = inForce.get(partner.id) ?? null;
        const use = {
          hub: hubUse.get(hub.id)!,
          agreement: agreementUse.get(partner.id) ?? { residents: 0, transfersThisYear: 0 },
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
    },
  };
}
