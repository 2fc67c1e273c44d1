/**
 * The caseworker dashboard's figures: people by stage, cases on hold, cases near a deadline.
 * Counts are statistics; the lists of cases near a deadline name cases, so that read is audited
 * like a case list. (Added for the web pages.)
 */
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { addDays } from '../domain/calendar.ts';
import type { CaseState } from '../domain/stages.ts';
import type { Actor } from '../domain/types.ts';
import { cases, holds, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface DeadlineCase {
  caseId: string;
  reference: string;
  state: CaseState;
  what: string;
  due: string;
}

/** How far ahead the dashboard looks for deadlines. */
export const DEADLINE_HORIZON_DAYS = 14;

export function caseloadService(ctx: ServiceContext) {
  const { db } = ctx.store;
  return {
    async stageCounts(actor: Actor): Promise<Partial<Record<CaseState, number>>> {
      authorise(actor, 'read_person_full');
      const rows = await db.select({ state: cases.state, n: count() }).from(cases).groupBy(cases.state);
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    async activeHolds(actor: Actor): Promise<{ kind: string; n: number }[]> {
      authorise(actor, 'read_person_full');
      const rows = await db
        .select({ kind: holds.kind, n: count() })
        .from(holds)
        .where(isNull(holds.liftedOn))
        .groupBy(holds.kind)
        .orderBy(asc(holds.kind));
      return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }));
    },

    /** Appeal windows closing and transfers departing within DEADLINE_HORIZON_DAYS. */
    async nearDeadlines(actor: Actor, limit = 20): Promise<DeadlineCase[]> {
      authorise(actor, 'read_person_full');
      const today = ctx.today();
      const until = addDays(today, DEADLINE_HORIZON_DAYS);
      const due = (field: string) => sql<string>`${cases.facts}->>${field}`;
      const window = due('appealWindowEndsOn');
      const departure = due('transferScheduledFor');
      return ctx.transaction(async (tx) => {
        const appeal = await tx
          .select({ caseId: cases.id, reference: cases.reference, state: cases.state, due: window })
          .from(cases)
          .innerJoin(people, eq(people.id, cases.personId))
          .where(and(eq(cases.state, 'REFUSED'), sql`${window} >= ${today}`, sql`${window} <= ${until}`))
          .orderBy(window)
          .limit(limit);
        const transfer = await tx
          .select({ caseId: cases.id, reference: cases.reference, state: cases.state, due: departure })
          .from(cases)
          .where(
            and(
              eq(cases.state, 'TRANSFER_SCHEDULED'),
              sql`${departure} >= ${today}`,
              sql`${departure} <= ${until}`,
            ),
          )
          .orderBy(departure)
          .limit(limit);
        const out: DeadlineCase[] = [
          ...appeal.map((r) => ({ ...r, state: r.state as CaseState, what: 'Appeal window closes' })),
          ...transfer.map((r) => ({ ...r, state: r.state as CaseState, what: 'Transfer departs' })),
        ].sort((a, b) => a.due.localeCompare(b.due));
        if (out.length > 0) {
          await ctx.audit(tx, actor, {
            action: 'case.list',
            entityType: 'case',
            entityId: '*',
            after: { caseIds: out.map((c) => c.caseId) },
          });
        }
        return out.slice(0, limit);
      });
    },
  };
}
