/**
 * The caseworker dashboard's figures: people by stage, cases on hold, cases near a deadline, hub
 * occupancy. Counts are statistics; the lists of cases near a deadline name cases, so that read is
 * audited like a case list. (Added for the web pages.)
 *
 * `dashboard` answers all of it as one audited read in the group-commit batch
 * (src/services/auditedReads.ts): every dashboard waiting at that moment shares one transaction and
 * the same few statements (the figures are the same for every caseworker), and each gets its own
 * `case.list` event for the deadline cases it was shown.
 */
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { addDays } from '../domain/calendar.ts';
import { hubFreePlaces, hubUsablePlaces } from '../domain/capacity.ts';
import type { CaseState } from '../domain/stages.ts';
import type { Actor, Hub, Places } from '../domain/types.ts';
import type { Executor } from '../store/db.ts';
import { hubUses } from '../store/hubs.ts';
import { hubFromRow } from '../store/mappers.ts';
import { cases, holds, hubs, people } from '../store/schema.ts';
import type { BatchLoader } from './auditedReads.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface HubOccupancy {
  hub: Hub;
  usable: Places;
  occupied: Places;
  allocatedNotArrived: Places;
  free: Places;
}

export interface Dashboard {
  counts: Partial<Record<CaseState, number>>;
  holds: { kind: string; n: number }[];
  deadlines: DeadlineCase[];
  /** Every hub, by name. */
  occupancy: HubOccupancy[];
}

export interface DeadlineCase {
  caseId: string;
  reference: string;
  state: CaseState;
  what: string;
  due: string;
}

/** How far ahead the dashboard looks for deadlines. */
export const DEADLINE_HORIZON_DAYS = 14;

async function stageCounts(ex: Executor): Promise<Partial<Record<CaseState, number>>> {
  const rows = await ex.select({ state: cases.state, n: count() }).from(cases).groupBy(cases.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

async function activeHolds(ex: Executor): Promise<{ kind: string; n: number }[]> {
  const rows = await ex
    .select({ kind: holds.kind, n: count() })
    .from(holds)
    .where(isNull(holds.liftedOn))
    .groupBy(holds.kind)
    .orderBy(asc(holds.kind));
  return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }));
}

/** Every hub (by name) with its places in use: two statements whatever the number of hubs. */
async function hubOccupancy(ex: Executor): Promise<HubOccupancy[]> {
  const all = (await ex.select().from(hubs).orderBy(asc(hubs.name))).map(hubFromRow);
  const uses = await hubUses(
    ex,
    all.map((h) => h.id),
  );
  return all.map((hub) => {
    const use = uses.get(hub.id)!;
    return {
      hub,
      usable: hubUsablePlaces(hub),
      occupied: use.occupied,
      allocatedNotArrived: use.allocatedNotArrived,
      free: hubFreePlaces(hub, use),
    };
  });
}

/** Appeal windows closing and transfers departing within DEADLINE_HORIZON_DAYS of `today`. */
async function deadlinesFrom(ex: Executor, today: string, limit: number): Promise<DeadlineCase[]> {
  const until = addDays(today, DEADLINE_HORIZON_DAYS);
  const due = (field: string) => sql<string>`${cases.facts}->>${field}`;
  const window = due('appealWindowEndsOn');
  const departure = due('transferScheduledFor');
  const appeal = await ex
    .select({ caseId: cases.id, reference: cases.reference, state: cases.state, due: window })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .where(and(eq(cases.state, 'REFUSED'), sql`${window} >= ${today}`, sql`${window} <= ${until}`))
    .orderBy(window)
    .limit(limit);
  const transfer = await ex
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
  return [
    ...appeal.map((r) => ({ ...r, state: r.state as CaseState, what: 'Appeal window closes' })),
    ...transfer.map((r) => ({ ...r, state: r.state as CaseState, what: 'Transfer departs' })),
  ]
    .sort((a, b) => a.due.localeCompare(b.due))
    .slice(0, limit);
}

const DASHBOARD_DEADLINES = 20;

/** The case ids a list of deadline cases names, as its `case.list` audit event records them. */
const listAudit = (out: readonly DeadlineCase[]) =>
  out.length > 0
    ? { action: 'case.list', entityType: 'case', entityId: '*', after: { caseIds: out.map((c) => c.caseId) } }
    : null;

export function caseloadService(ctx: ServiceContext) {
  const { db } = ctx.store;

  /** Dashboards, many at once: the same figures for every one, each read audited on its own. */
  const readDashboards: BatchLoader<null, Dashboard> = async (tx, requests) => {
    const counts = await stageCounts(tx);
    const held = await activeHolds(tx);
    const deadlines = await deadlinesFrom(tx, ctx.today(), DASHBOARD_DEADLINES);
    const occupancy = await hubOccupancy(tx);
    return requests.map(() => ({
      value: { counts, holds: held, deadlines, occupancy },
      audit: listAudit(deadlines),
    }));
  };

  return {
    /** Everything the caseworker dashboard shows, in the next group-commit batch. */
    async dashboard(actor: Actor): Promise<Dashboard> {
      authorise(actor, 'read_person_full');
      return ctx.auditedRead(readDashboards, actor, null);
    },

    async stageCounts(actor: Actor): Promise<Partial<Record<CaseState, number>>> {
      authorise(actor, 'read_person_full');
      return stageCounts(db);
    },

    async activeHolds(actor: Actor): Promise<{ kind: string; n: number }[]> {
      authorise(actor, 'read_person_full');
      return activeHolds(db);
    },

    /** Appeal windows closing and transfers departing within DEADLINE_HORIZON_DAYS. */
    async nearDeadlines(actor: Actor, limit = 20): Promise<DeadlineCase[]> {
      authorise(actor, 'read_person_full');
      return ctx.transaction(async (tx) => {
        const out = await deadlinesFrom(tx, ctx.today(), limit);
        const audit = listAudit(out);
        if (audit) await ctx.audit(tx, actor, audit);
        return out;
      });
    },
  };
}
