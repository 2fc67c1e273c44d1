/**
 * The safeguards panel's question: if this person were transferred to each hub today, what would
 * block it? Loads the same facts the lifecycle reads and asks the one pure function,
 * `transferBlockers`, at the allocation stage. It is only asked beside `cases.get` for the same
 * page, which records the read of the person's record, so it appends no audit event of its own
 * (each append takes the chain lock). (Added for the web pages; the cases service answers only for
 * a hub already allocated.)
 */
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Blocker, TransferSubject } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { Actor, Hub, Partner } from '../domain/types.ts';
import { notFound } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { agreementFor, agreementUse, hubUse } from '../store/hubs.ts';
import {
  caseFromRow,
  flagFromRow,
  holdFromRow,
  hubFromRow,
  partnerFromRow,
  personFromRow,
} from '../store/mappers.ts';
import { cases, flags, holds, hubs, partners, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface HubReadiness {
  hub: Hub;
  partner: Partner;
  blockers: Blocker[];
}

async function subjectOf(ex: Executor, personId: string): Promise<TransferSubject | null> {
  const [p] = await ex.select().from(people).where(eq(people.id, personId));
  const [c] = await ex
    .select()
    .from(cases)
    .where(eq(cases.personId, personId))
    .orderBy(desc(cases.createdAt))
    .limit(1);
  if (!p || !c) return null;
  const f = await ex.select().from(flags).where(eq(flags.personId, personId));
  const h = await ex.select().from(holds).where(eq(holds.caseId, c.id));
  return {
    person: personFromRow(p),
    case: caseFromRow(c),
    flags: f.map(flagFromRow),
    holds: h.map(holdFromRow),
  };
}

export function transferReadinessService(ctx: ServiceContext) {
  return {
    /** Blockers against every open hub (or only `hubId`), for a case the actor may read in full. */
    async check(actor: Actor, caseId: string, hubId?: string): Promise<HubReadiness[]> {
      authorise(actor, 'read_person_full');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
        if (!row) throw notFound('case', caseId);
        const self = await subjectOf(tx, row.personId);
        if (!self) throw notFound('case', caseId);
        const household: TransferSubject[] = [];
        if (self.person.householdId) {
          const members = await tx
            .select({ id: people.id })
            .from(people)
            .where(and(eq(people.householdId, self.person.householdId), ne(people.id, self.person.id)));
          for (const m of members) {
            const s = await subjectOf(tx, m.id);
            if (s) household.push(s);
          }
        }
        const hubRows = await tx
          .select({ hub: hubs, partner: partners })
          .from(hubs)
          .innerJoin(partners, eq(partners.id, hubs.partnerId))
          .where(hubId ? eq(hubs.id, hubId) : isNull(hubs.closedOn));
        const date = ctx.today();
        const movers = [self.person.id, ...household.map((m) => m.person.id)];
        const out: HubReadiness[] = [];
        for (const r of hubRows) {
          const hub = hubFromRow(r.hub);
          const partner = partnerFromRow(r.partner);
          const agreement = await agreementFor(tx, partner.id, date);
          const use = {
            hub: await hubUse(tx, hub.id, movers),
            agreement: agreement
              ? await agreementUse(tx, agreement, date, movers)
              : { residents: 0, transfersThisYear: 0 },
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
          out.push({ hub, partner, blockers });
        }
        return out;
      });
    },
  };
}
