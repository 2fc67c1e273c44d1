/**
 * Cases: reading them (every read audited), listing them, their timeline, and applying lifecycle
 * transitions. The rules live in src/domain/lifecycle.ts and safeguards.ts; this module loads the
 * facts they need, applies the result, keeps hub stays in step with the case's state, and records
 * the audit event, all in one transaction.
 */
import { and, asc, desc, eq, gt, ilike, inArray, ne, type SQL } from 'drizzle-orm';
import {
  applyTransition,
  availableTransitions,
  type AvailableTransition,
  type TransitionContext,
  type TransitionRefusal,
} from '../domain/lifecycle.ts';
import { unitTypeForHousehold } from '../domain/capacity.ts';
import { rightToWorkStatus, type RightToWorkStatus } from '../domain/rightToWork.ts';
import type { Blocker, TransferStage, TransferSubject } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { CaseState } from '../domain/stages.ts';
import type { Actor, Case, Flag, Hold, IsoDate, Person } from '../domain/types.ts';
import type { MinimisedRecord } from '../domain/permissions.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor, Tx } from '../store/db.ts';
import {
  agreementFor,
  agreementUse,
  findHub,
  findPartner,
  hubUse,
  OPEN_STAY_STATUSES,
} from '../store/hubs.ts';
import { caseFacts, caseFromRow, flagFromRow, holdFromRow, personFromRow } from '../store/mappers.ts';
import { caseTransitions, cases, decisions, flags, holds, hubStays, hubs, people } from '../store/schema.ts';
import { assertVersion, type ServiceContext } from './context.ts';
import { casePartnerId, minimised, readLevel } from './visibility.ts';

export interface CaseView extends MinimisedRecord {
  /** Holds on the case (full readers only). */
  holds?: Hold[];
  /** What the actor may do next, with any blockers (full readers and partner officers). */
  availableTransitions?: Pick<AvailableTransition, 'name' | 'label' | 'to' | 'needsReasons' | 'blockers'>[];
  rightToWork?: RightToWorkStatus;
}

export interface CaseListQuery {
  state?: CaseState;
  nationality?: string;
  hubId?: string;
  /** Reference prefix. */
  reference?: string;
  limit?: number;
  /** The last reference of the previous page. */
  after?: string;
}

export interface TimelineEntry {
  at: string;
  transition: string;
  from: CaseState;
  to: CaseState;
  actorId: string;
  inputs?: Record<string, unknown>;
}

export interface TransitionRequest {
  transition: string;
  /** The version the caller read (optimistic concurrency). */
  version?: number;
  on?: IsoDate;
  [input: string]: unknown;
}

const caseNotFound = (id: string) => notFound('case', id);

export function refusalError(refusal: TransitionRefusal): AppError {
  switch (refusal.code) {
    case 'ILLEGAL_TRANSITION':
      return new AppError('ILLEGAL_TRANSITION', refusal.message, {
        from: refusal.from,
        allowed: refusal.allowed,
      });
    case 'VALIDATION_FAILED':
      return new AppError('VALIDATION_FAILED', refusal.message, {
        issues: refusal.issues.map((i) => ({ path: `body.${i.path}`, message: i.message })),
      });
    case 'FORBIDDEN':
      return new AppError('FORBIDDEN', refusal.message, { action: refusal.action });
    case 'GUARD_FAILED':
      return new AppError('GUARD_FAILED', refusal.message, { reasons: refusal.reasons });
    case 'TRANSFER_BLOCKED':
      return new AppError('TRANSFER_BLOCKED', refusal.message, { blockers: refusal.blockers });
  }
}

async function loadCase(ex: Executor, id: string, lock = false): Promise<Case | null> {
  const query = ex.select().from(cases).where(eq(cases.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ? caseFromRow(row) : null;
}

async function loadPerson(ex: Executor, id: string): Promise<Person> {
  const [row] = await ex.select().from(people).where(eq(people.id, id));
  if (!row) throw notFound('person', id);
  return personFromRow(row);
}

async function loadFlags(ex: Executor, personIds: string[]): Promise<Flag[]> {
  if (personIds.length === 0) return [];
  const rows = await ex
    .select()
    .from(flags)
    .where(inArray(flags.personId, personIds))
    .orderBy(asc(flags.raisedOn));
  return rows.map(flagFromRow);
}

async function loadHolds(ex: Executor, caseIds: string[]): Promise<Hold[]> {
  if (caseIds.length === 0) return [];
  const rows = await ex
    .select()
    .from(holds)
    .where(inArray(holds.caseId, caseIds))
    .orderBy(asc(holds.startedOn));
  return rows.map(holdFromRow);
}

/** The other members of the person's household, each with their case, flags and holds. */
async function loadHousehold(ex: Executor, person: Person): Promise<TransferSubject[]> {
  if (!person.householdId) return [];
  const memberRows = await ex
    .select()
    .from(people)
    .where(and(eq(people.householdId, person.householdId), ne(people.id, person.id)));
  if (memberRows.length === 0) return [];
  const members = memberRows.map(personFromRow);
  const caseRows = await ex
    .select()
    .from(cases)
    .where(
      inArray(
        cases.personId,
        members.map((m) => m.id),
      ),
    )
    .orderBy(desc(cases.createdAt));
  const memberCases = new Map<string, Case>();
  for (const row of caseRows)
    if (!memberCases.has(row.personId)) memberCases.set(row.personId, caseFromRow(row));
  const allFlags = await loadFlags(
    ex,
    members.map((m) => m.id),
  );
  const allHolds = await loadHolds(
    ex,
    [...memberCases.values()].map((c) => c.id),
  );
  return members
    .filter((m) => memberCases.has(m.id))
    .map((m) => {
      const c = memberCases.get(m.id)!;
      return {
        person: m,
        case: c,
        flags: allFlags.filter((f) => f.personId === m.id),
        holds: allHolds.filter((h) => h.caseId === c.id),
      };
    });
}

/**
 * Everything a transition may need. The hub row is locked (`for update`) on the transfer path so
 * two allocations cannot both take the last place.
 */
type Gathered<T extends readonly (() => Promise<unknown>)[]> = {
  -readonly [K in keyof T]: Awaited<ReturnType<T[K]>>;
};

/**
 * Runs independent reads side by side on the pool; one after another inside a transaction, which
 * holds a single connection (pg will stop accepting overlapping queries on one client).
 */
async function gather<T extends readonly (() => Promise<unknown>)[]>(
  ex: Executor,
  reads: T,
): Promise<Gathered<T>> {
  if ('rollback' in ex) {
    const out: unknown[] = [];
    for (const read of reads) out.push(await read());
    return out as Gathered<T>;
  }
  return (await Promise.all(reads.map((read) => read()))) as Gathered<T>;
}

async function loadTransitionContext(
  ctx: ServiceContext,
  ex: Executor,
  c: Case,
  hubId: string | null,
  on: IsoDate,
  lockHub: boolean,
): Promise<TransitionContext> {
  const [person, flags, holds, hub] = await gather(ex, [
    () => loadPerson(ex, c.personId),
    () => loadFlags(ex, [c.personId]),
    () => loadHolds(ex, [c.id]),
    () => (hubId ? findHub(ex, hubId, { lock: lockHub }) : Promise.resolve(null)),
  ] as const);
  const household = await loadHousehold(ex, person);
  const context: TransitionContext = {
    person,
    flags,
    holds,
    household,
    transfer: null,
    config: { noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS },
  };
  if (hub) {
    const movers = [person.id, ...household.map((m) => m.person.id)];
    const [partner, agreement, use] = await gather(ex, [
      () => findPartner(ex, hub.partnerId),
      () => agreementFor(ex, hub.partnerId, on),
      () => hubUse(ex, hub.id, movers),
    ] as const);
    context.transfer = {
      hub,
      partner: partner!,
      agreement,
      use: {
        hub: use,
        agreement: agreement
          ? await agreementUse(ex, agreement, on, movers)
          : { residents: 0, transfersThisYear: 0 },
      },
    };
  }
  return context;
}

/** Keeps the case's hub stay in step with its state: a place held, a resident, or neither. */
async function syncHubStay(tx: Tx, after: Case, ctx: TransitionContext, on: IsoDate, why: string) {
  // While contact is lost the place stays as it was, so a returning resident is never over capacity.
  if (after.state === 'ABSCONDED') return;
  const wanted =
    after.state === 'HUB_ALLOCATED' || after.state === 'TRANSFER_SCHEDULED'
      ? 'allocated'
      : after.state === 'IN_HUB'
        ? 'arrived'
        : null;
  const [open] = await tx
    .select()
    .from(hubStays)
    .where(and(eq(hubStays.caseId, after.id), inArray(hubStays.status, [...OPEN_STAY_STATUSES])));
  const now = new Date();
  if (open && (wanted === null || open.hubId !== after.allocatedHubId)) {
    await tx
      .update(hubStays)
      .set(
        open.status === 'arrived'
          ? {
              status: 'departed',
              departedOn: on,
              departureReason: why,
              updatedAt: now,
              version: open.version + 1,
            }
          : { status: 'cancelled', departureReason: why, updatedAt: now, version: open.version + 1 },
      )
      .where(eq(hubStays.id, open.id));
    if (wanted === null) return;
  }
  if (!wanted || !after.allocatedHubId) return;
  if (open && open.hubId === after.allocatedHubId) {
    if (open.status === 'allocated' && wanted === 'arrived') {
      await tx
        .update(hubStays)
        .set({ status: 'arrived', arrivedOn: on, updatedAt: now, version: open.version + 1 })
        .where(eq(hubStays.id, open.id));
    }
    return;
  }
  const unitType = unitTypeForHousehold([ctx.person, ...(ctx.household ?? []).map((m) => m.person)]);
  await tx.insert(hubStays).values({
    hubId: after.allocatedHubId,
    caseId: after.id,
    personId: after.personId,
    unitType,
    status: wanted,
    allocatedOn: after.allocatedOn ?? on,
    arrivedOn: wanted === 'arrived' ? on : null,
  });
}

export function casesService(ctx: ServiceContext) {
  const { db } = ctx.store;

  /** Loads a case the actor may see, or 404 (partner officers never learn others' cases exist). */
  async function visibleCase(ex: Executor, actor: Actor, id: string, lock = false): Promise<Case> {
    const level = readLevel(actor);
    const c = await loadCase(ex, id, lock);
    if (!c) throw caseNotFound(id);
    if (level === 'partner' && (await casePartnerId(ex, c)) !== actor.partnerId) throw caseNotFound(id);
    return c;
  }

  return {
    /**
     * A case as the actor may see it. The read is audited before anything is returned: the audit
     * append is one atomic statement, so no view leaves without its event (reads need no
     * transaction of their own, and their queries run side by side on the pool).
     */
    async get(actor: Actor, id: string): Promise<CaseView> {
      const c = await visibleCase(db, actor, id);
      const level = readLevel(actor);
      const context = await loadTransitionContext(ctx, db, c, c.allocatedHubId, ctx.today(), false);
      const view: CaseView = minimised(actor, ctx.config, {
        person: context.person,
        case: c,
        flags: context.flags,
      });
      if (level === 'full') {
        view.holds = [...context.holds];
        view.rightToWork = rightToWorkStatus(c, ctx.today());
      }
      if (level !== 'pseudonymised') {
        view.availableTransitions = availableTransitions(c, { ...context, actor, date: ctx.today() }).map(
          ({ name, label, to, needsReasons, blockers }) => ({ name, label, to, needsReasons, blockers }),
        );
      }
      await ctx.audit(db, actor, { action: 'case.read', entityType: 'case', entityId: c.id });
      return view;
    },

    async list(
      actor: Actor,
      query: CaseListQuery = {},
    ): Promise<{ items: MinimisedRecord[]; next: string | null }> {
      const level = readLevel(actor);
      const limit = Math.min(query.limit ?? 50, 500);
      const where: (SQL | undefined)[] = [];
      if (query.state) where.push(eq(cases.state, query.state));
      if (query.nationality) where.push(eq(people.nationality, query.nationality));
      if (query.hubId) where.push(eq(cases.allocatedHubId, query.hubId));
      if (query.reference)
        where.push(ilike(cases.reference, `${query.reference.replace(/[%_\\]/g, '\\$&')}%`));
      if (query.after) where.push(gt(cases.reference, query.after));
      if (level === 'partner') {
        where.push(
          inArray(
            cases.allocatedHubId,
            db
              .select({ id: hubs.id })
              .from(hubs)
              .where(eq(hubs.partnerId, actor.partnerId ?? '')),
          ),
        );
      }
      return ctx.transaction(async (tx) => {
        const rows = await tx
          .select({ c: cases, p: people })
          .from(cases)
          .innerJoin(people, eq(people.id, cases.personId))
          .where(and(...where))
          .orderBy(asc(cases.reference))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        const items = page.map((r) =>
          minimised(actor, ctx.config, { person: personFromRow(r.p), case: caseFromRow(r.c) }),
        );
        if (page.length > 0) {
          await ctx.audit(tx, actor, {
            action: 'case.list',
            entityType: 'case',
            entityId: '*',
            after: { caseIds: page.map((r) => r.c.id) },
          });
        }
        return { items, next: rows.length > limit ? page[page.length - 1]!.c.reference : null };
      });
    },

    async timeline(actor: Actor, id: string): Promise<TimelineEntry[]> {
      return ctx.transaction(async (tx) => {
        const c = await visibleCase(tx, actor, id);
        const full = readLevel(actor) === 'full';
        const rows = await tx
          .select()
          .from(caseTransitions)
          .where(eq(caseTransitions.caseId, c.id))
          .orderBy(asc(caseTransitions.caseVersion), asc(caseTransitions.occurredAt));
        await ctx.audit(tx, actor, { action: 'case.timeline.read', entityType: 'case', entityId: c.id });
        return rows.map((r) => ({
          at: r.occurredAt.toISOString(),
          transition: r.transition,
          from: r.fromState as CaseState,
          to: r.toState as CaseState,
          actorId: full ? r.actorId : '',
          ...(full ? { inputs: r.inputs } : {}),
        }));
      });
    },

    /**
     * Applies a named transition. Refusals: 404 unknown (or another partner's) case, 409 stale
     * version or illegal transition, 400 invalid input, 403 role, 422 guard or safeguard.
     */
    async transition(actor: Actor, id: string, request: TransitionRequest): Promise<CaseView> {
      return ctx.transaction((tx) => transitionIn(tx, actor, id, request));
    },

    /** Used by other services: the case of a person (most recent), or null. */
    async caseOfPerson(ex: Executor, personId: string): Promise<Case | null> {
      const [row] = await ex
        .select()
        .from(cases)
        .where(eq(cases.personId, personId))
        .orderBy(desc(cases.createdAt))
        .limit(1);
      return row ? caseFromRow(row) : null;
    },
    visibleCase,
    transitionIn,
    blockersIn,
  };

  /**
   * Every blocker to the case's transfer to its allocated hub at `stage` on `on`, without changing
   * anything (manifest finalisation, departure and arrival re-check before they act).
   */
  async function blockersIn(
    ex: Executor,
    caseId: string,
    stage: TransferStage,
    on: IsoDate,
    departureOn?: IsoDate,
  ): Promise<Blocker[]> {
    const c = await loadCase(ex, caseId);
    if (!c) throw caseNotFound(caseId);
    const context = await loadTransitionContext(ctx, ex, c, c.allocatedHubId, on, false);
    if (!context.transfer) return [];
    return transferBlockers({
      person: context.person,
      case: c,
      flags: context.flags,
      holds: context.holds,
      household: context.household ?? [],
      hub: context.transfer.hub,
      partner: context.transfer.partner,
      agreement: context.transfer.agreement,
      use: context.transfer.use ?? null,
      date: on,
      stage,
      departureOn: departureOn ?? null,
      noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS,
    });
  }

  /**
   * A transition inside the caller's transaction, so services that move many cases at once
   * (allocation approval, manifest finalisation) write all of them or none.
   */
  async function transitionIn(
    tx: Tx,
    actor: Actor,
    id: string,
    request: TransitionRequest,
  ): Promise<CaseView> {
    const { transition: name, version, ...input } = request;
    const on = request.on ?? ctx.today();
    const before = await visibleCase(tx, actor, id, true);
    assertVersion('case', id, version, before.version);
    const hubId =
      name === 'allocateHub' && typeof input.hubId === 'string' ? input.hubId : before.allocatedHubId;
    // Only a change that takes a place needs the hub locked (so two cannot take the last one).
    const takesPlace = name === 'allocateHub' || name === 'recordContactRestored';
    const context = await loadTransitionContext(ctx, tx, before, hubId, on, takesPlace);
    if (name === 'allocateHub' && hubId && !context.transfer) throw notFound('hub', hubId);
    const result = applyTransition(before, name, { ...input, on, actor }, context);
    if (!result.ok) throw refusalError(result.refusal);
    const after = result.case;
    const updated = await tx
      .update(cases)
      .set({
        state: after.state,
        allocatedHubId: after.allocatedHubId,
        transferId: after.transferId,
        facts: caseFacts(after),
        version: after.version,
        updatedAt: ctx.now(),
      })
      .where(and(eq(cases.id, id), eq(cases.version, before.version)))
      .returning({ id: cases.id });
    if (updated.length === 0) assertVersion('case', id, before.version, before.version + 1);
    await tx.insert(caseTransitions).values({
      caseId: id,
      transition: result.event.transition,
      fromState: result.event.from,
      toState: result.event.to,
      caseVersion: after.version,
      inputs: { ...result.event.input, summary: result.event.summary },
      actorId: actor.userId,
      occurredAt: ctx.now(),
    });
    if (result.decision) await tx.insert(decisions).values(result.decision);
    await syncHubStay(tx, after, context, on, name);
    const fresh: Case = { ...after, updatedAt: ctx.now().toISOString() };
    // Last statement: in a transaction of its own, the audit chain's lock is held only to commit.
    await ctx.audit(tx, actor, {
      action: `case.transition.${name}`,
      entityType: 'case',
      entityId: id,
      before: { ...before, claimNarrative: undefined },
      after: { ...after, claimNarrative: undefined },
    });
    return minimised(actor, ctx.config, { person: context.person, case: fresh, flags: context.flags });
  }
}
