/**
 * Cases: reading them (every read audited), listing them, their timeline, and applying lifecycle
 * transitions. The rules live in src/domain/lifecycle.ts and safeguards.ts; this module loads the
 * facts they need, applies the result, keeps hub stays in step with the case's state, and records
 * the audit event, all in one transaction.
 */
import { and, asc, desc, eq, gt, ilike, inArray, type SQL } from 'drizzle-orm';
import {
  applyTransition,
  availableTransitions,
  type AvailableTransition,
  type TransitionContext,
  type TransitionRefusal,
  type TransitionResult,
} from '../domain/lifecycle.ts';
import { unitTypeForHousehold } from '../domain/capacity.ts';
import { rightToWorkStatus, type RightToWorkStatus } from '../domain/rightToWork.ts';
import type { Blocker, TransferStage } from '../domain/safeguards.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { CaseState } from '../domain/stages.ts';
import type { Actor, Case, Hold, Hub, IsoDate } from '../domain/types.ts';
import type { MinimisedRecord } from '../domain/permissions.ts';
import { AppError, notFound } from '../errors.ts';
import { actorEventInput, appendAuditEventBatch } from '../store/audit.ts';
import {
  casesWithOpenStays,
  lockCases,
  writeCaseTransitions,
  type CaseTransitionWrite,
} from '../store/caseWrites.ts';
import type { Executor, Tx } from '../store/db.ts';
import {
  agreementFor,
  agreementUse,
  findHub,
  findPartner,
  hubUse,
  OPEN_STAY_STATUSES,
} from '../store/hubs.ts';
import { caseFacts, caseFromRow, hubFromRow, personFromRow } from '../store/mappers.ts';
import { groupBy, loadCaseGraph, subjectsOf, type Subject } from '../store/caseGraph.ts';
import { caseTransitions, cases, decisions, hubStays, hubs, people } from '../store/schema.ts';
import type { BatchLoader, ReadOutcome, ReadRequest } from './auditedReads.ts';
import { assertVersion, type AuditFields, type ServiceContext } from './context.ts';
import { createGroupCommit, type BatchOutcome } from './groupCommit.ts';
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

/** A transition decided and not yet written. */
interface TransitionPlan {
  actor: Actor;
  name: string;
  on: IsoDate;
  before: Case;
  context: TransitionContext;
  result: Extract<TransitionResult, { ok: true }>;
}

/** One request to the group-committed transitions. */
interface TransitionItem {
  actor: Actor;
  id: string;
  request: TransitionRequest;
}

/** Case ids are UUIDs: anything else cannot name a case (and must not fail a whole read batch). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** The hub, partner, agreement and use a transfer to `hub` would be checked against. */
async function loadTransfer(
  ex: Executor,
  subject: Subject,
  hub: Hub,
  on: IsoDate,
): Promise<NonNullable<TransitionContext['transfer']>> {
  const movers = [subject.person.id, ...subject.household.map((m) => m.person.id)];
  const partner = await findPartner(ex, hub.partnerId);
  const agreement = await agreementFor(ex, hub.partnerId, on);
  const use = await hubUse(ex, hub.id, movers);
  return {
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

function transitionContext(ctx: ServiceContext, subject: Subject): TransitionContext {
  return {
    person: subject.person,
    flags: subject.flags,
    holds: subject.holds,
    household: subject.household,
    transfer: null,
    config: { noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS },
  };
}

/**
 * Everything a transition may need. The hub row is locked (`for update`) on the transfer path so
 * two allocations cannot both take the last place.
 */
async function loadTransitionContext(
  ctx: ServiceContext,
  ex: Executor,
  c: Case,
  hubId: string | null,
  on: IsoDate,
  lockHub: boolean,
): Promise<TransitionContext> {
  const subject = subjectsOf(await loadCaseGraph(ex, [c.id]), [c]).get(c.id);
  if (!subject) throw notFound('person', c.personId);
  const context = transitionContext(ctx, subject);
  const hub = hubId ? await findHub(ex, hubId, { lock: lockHub }) : null;
  if (hub) context.transfer = await loadTransfer(ex, subject, hub, on);
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
  /**
   * Transitions are group-committed (`transitionBatch`): those arriving together share one
   * transaction, each still all-or-nothing with its own answer (src/services/groupCommit.ts).
   */
  const transitions = createGroupCommit<TransitionItem, CaseView>({
    batch: (items) => transitionBatch(items),
    single: ({ actor, id, request }) => ctx.transaction((tx) => transitionIn(tx, actor, id, request)),
    // An id that is not a UUID cannot name a case: it goes alone (and gets its 404 alone).
    batchable: ({ id }) => UUID.test(id),
    // PGlite is one connection, so a second batch would only wait for the first.
    concurrency: ctx.store.driver === 'postgres' ? 2 : 1,
  });

  /** Loads a case the actor may see, or 404 (partner officers never learn others' cases exist). */
  async function visibleCase(ex: Executor, actor: Actor, id: string, lock = false): Promise<Case> {
    const level = readLevel(actor);
    const c = await loadCase(ex, id, lock);
    if (!c) throw caseNotFound(id);
    if (level === 'partner' && (await casePartnerId(ex, c)) !== actor.partnerId) throw caseNotFound(id);
    return c;
  }

  /** Whether the actor may see the case: partner officers only their own partner's residents. */
  const refusalOf = (actor: Actor, id: string, c: Case | undefined, hubPartnerId: string | null) =>
    !c || (readLevel(actor) === 'partner' && hubPartnerId !== actor.partnerId) ? caseNotFound(id) : null;

  /** Case reads, many at once (the batch loader behind `get`). */
  const readCases: BatchLoader<string, CaseView> = async (tx, requests) => {
    const today = ctx.today();
    const graph = await loadCaseGraph(tx, [...new Set(requests.map((r) => r.input))]);
    const found = new Map(graph.cases.map((r) => [r.id, caseFromRow(r)]));
    const hubById = new Map(graph.hubs.map((r) => [r.id, hubFromRow(r)]));
    const refusal = ({ actor, input: id }: ReadRequest<string>): Error | null => {
      const c = found.get(id);
      const hubId = c?.allocatedHubId;
      return refusalOf(actor, id, c, hubId ? (hubById.get(hubId)?.partnerId ?? null) : null);
    };
    const visible = [...new Set(requests.filter((r) => !refusal(r)).map((r) => r.input))].map((id) =>
      found.get(id)!,
    );
    const subjects = subjectsOf(graph, visible);
    const contexts = new Map<string, TransitionContext>();
    for (const c of visible) {
      const subject = subjects.get(c.id);
      if (!subject) continue;
      const context = transitionContext(ctx, subject);
      const hub = c.allocatedHubId ? hubById.get(c.allocatedHubId) : undefined;
      if (hub) context.transfer = await loadTransfer(tx, subject, hub, today);
      contexts.set(c.id, context);
    }
    return requests.map((request): ReadOutcome<CaseView> => {
      const { actor, input: id } = request;
      const refused = refusal(request);
      if (refused) return { error: refused };
      const c = found.get(id)!;
      const context = contexts.get(id);
      if (!context) return { error: notFound('person', c.personId) };
      const level = readLevel(actor);
      const view: CaseView = minimised(actor, ctx.config, {
        person: context.person,
        case: c,
        flags: context.flags,
      });
      if (level === 'full') {
        view.holds = [...context.holds];
        view.rightToWork = rightToWorkStatus(c, today);
      }
      if (level !== 'pseudonymised') {
        view.availableTransitions = availableTransitions(c, { ...context, actor, date: today }).map(
          ({ name, label, to, needsReasons, blockers }) => ({ name, label, to, needsReasons, blockers }),
        );
      }
      return { value: view, audit: { action: 'case.read', entityType: 'case', entityId: c.id } };
    });
  };

  /** Timeline reads, many at once (the batch loader behind `timeline`). */
  const readTimelines: BatchLoader<string, TimelineEntry[]> = async (tx, requests) => {
    const caseRows = await tx
      .select({ c: cases, partnerId: hubs.partnerId })
      .from(cases)
      .leftJoin(hubs, eq(hubs.id, cases.allocatedHubId))
      .where(inArray(cases.id, [...new Set(requests.map((r) => r.input))]));
    const found = new Map(caseRows.map((r) => [r.c.id, { c: caseFromRow(r.c), partnerId: r.partnerId }]));
    const refusal = ({ actor, input: id }: ReadRequest<string>): Error | null =>
      refusalOf(actor, id, found.get(id)?.c, found.get(id)?.partnerId ?? null);
    const ids = [...new Set(requests.filter((r) => !refusal(r)).map((r) => r.input))];
    const rows =
      ids.length === 0
        ? []
        : await tx
            .select()
            .from(caseTransitions)
            .where(inArray(caseTransitions.caseId, ids))
            .orderBy(asc(caseTransitions.caseVersion), asc(caseTransitions.occurredAt));
    const byCase = groupBy(rows, (r) => r.caseId);
    return requests.map((request): ReadOutcome<TimelineEntry[]> => {
      const refused = refusal(request);
      if (refused) return { error: refused };
      const full = readLevel(request.actor) === 'full';
      const items = (byCase.get(request.input) ?? []).map((r) => ({
        at: r.occurredAt.toISOString(),
        transition: r.transition,
        from: r.fromState as CaseState,
        to: r.toState as CaseState,
        actorId: full ? r.actorId : '',
        ...(full ? { inputs: r.inputs } : {}),
      }));
      return {
        value: items,
        audit: { action: 'case.timeline.read', entityType: 'case', entityId: request.input },
      };
    });
  };

  /** Searches, many at once (the batch loader behind `list`): one query each, in the batch's transaction. */
  const searchCases: BatchLoader<CaseListQuery, { items: MinimisedRecord[]; next: string | null }> = async (
    tx,
    requests,
  ) => {
    const out: ReadOutcome<{ items: MinimisedRecord[]; next: string | null }>[] = [];
    for (const { actor, input: query } of requests) {
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
            tx
              .select({ id: hubs.id })
              .from(hubs)
              .where(eq(hubs.partnerId, actor.partnerId ?? '')),
          ),
        );
      }
      const rows = await tx
        .select({ c: cases, p: people })
        .from(cases)
        .innerJoin(people, eq(people.id, cases.personId))
        .where(and(...where))
        .orderBy(asc(cases.reference))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      out.push({
        value: {
          items: page.map((r) =>
            minimised(actor, ctx.config, { person: personFromRow(r.p), case: caseFromRow(r.c) }),
          ),
          next: rows.length > limit ? page[page.length - 1]!.c.reference : null,
        },
        audit: {
          action: 'case.list',
          entityType: 'case',
          entityId: '*',
          after: { caseIds: page.map((r) => r.c.id) },
        },
      });
    }
    return out;
  };

  return {
    /**
     * A case as the actor may see it. The read and its audit event run in one transaction, shared
     * with the other case reads waiting at that moment (group commit, src/services/auditedReads.ts):
     * nothing is returned before its event is committed. Refusals (403 role, 404 unknown or another
     * partner's case) write no event.
     */
    async get(actor: Actor, id: string): Promise<CaseView> {
      readLevel(actor);
      if (!UUID.test(id)) throw caseNotFound(id);
      return ctx.auditedRead(readCases, actor, id);
    },

    /**
     * A page of cases matching the filters. A page names people, so it is audited (one `case.list`
     * event per search, with the case ids it showed), in the same group-commit batches as `get`:
     * the search and its event share one transaction with the other reads waiting.
     */
    async list(
      actor: Actor,
      query: CaseListQuery = {},
    ): Promise<{ items: MinimisedRecord[]; next: string | null }> {
      readLevel(actor);
      return ctx.auditedRead(searchCases, actor, query);
    },

    /** The case's transitions in order; audited like `get`, in the same batches. */
    async timeline(actor: Actor, id: string): Promise<TimelineEntry[]> {
      readLevel(actor);
      if (!UUID.test(id)) throw caseNotFound(id);
      return ctx.auditedRead(readTimelines, actor, id);
    },

    /**
     * Applies a named transition. Refusals: 404 unknown (or another partner's) case, 409 stale
     * version or illegal transition, 400 invalid input, 403 role, 422 guard or safeguard.
     */
    async transition(actor: Actor, id: string, request: TransitionRequest): Promise<CaseView> {
      return transitions.submit({ actor, id, request });
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
    const plan = await prepareTransition(tx, actor, id, request);
    const audit = await writeTransition(tx, plan);
    // Last statement: in a transaction of its own, the audit chain's lock is held only to commit.
    await ctx.audit(tx, actor, audit);
    return planView(plan);
  }

  /**
   * Everything a transition does before it writes: load and lock the case, check the version, load
   * what its guard and safeguards need, decide. Throws the refusal (having written nothing).
   */
  async function prepareTransition(
    tx: Tx,
    actor: Actor,
    id: string,
    request: TransitionRequest,
  ): Promise<TransitionPlan> {
    const before = await visibleCase(tx, actor, id, true);
    assertVersion('case', id, request.version, before.version);
    const name = request.transition;
    const on = request.on ?? ctx.today();
    const hubId = transitionHub(before, request);
    // Only a change that takes a place needs the hub locked (so two cannot take the last one).
    const takesPlace = name === 'allocateHub' || name === 'recordContactRestored';
    const context = await loadTransitionContext(ctx, tx, before, hubId, on, takesPlace);
    if (name === 'allocateHub' && hubId && !context.transfer) throw notFound('hub', hubId);
    return decide(actor, before, request, context);
  }

  /** Applies the lifecycle's rules to a loaded case: the plan to write, or the refusal thrown. */
  function decide(
    actor: Actor,
    before: Case,
    request: TransitionRequest,
    context: TransitionContext,
  ): TransitionPlan {
    const { transition: name, version: _version, ...input } = request;
    const on = request.on ?? ctx.today();
    const result = applyTransition(before, name, { ...input, on, actor }, context);
    if (!result.ok) throw refusalError(result.refusal);
    return { actor, name, on, before, context, result };
  }

  /** The row writes of a decided transition (not its audit event, which it returns). */
  async function writeTransition(tx: Tx, plan: TransitionPlan): Promise<AuditFields> {
    const { before, result, context, actor, name, on } = plan;
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
      .where(and(eq(cases.id, before.id), eq(cases.version, before.version)))
      .returning({ id: cases.id });
    if (updated.length === 0) assertVersion('case', before.id, before.version, before.version + 1);
    await tx.insert(caseTransitions).values({
      caseId: before.id,
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
    return transitionAudit(plan);
  }

  /** The audit event of a transition: the case before and after (without the claim narrative). */
  function transitionAudit({ name, before, result }: TransitionPlan): AuditFields {
    return {
      action: `case.transition.${name}`,
      entityType: 'case',
      entityId: before.id,
      before: { ...before, claimNarrative: undefined },
      after: { ...result.case, claimNarrative: undefined },
    };
  }

  function planView({ actor, context, result }: TransitionPlan): CaseView {
    const fresh: Case = { ...result.case, updatedAt: ctx.now().toISOString() };
    return minimised(actor, ctx.config, { person: context.person, case: fresh, flags: context.flags });
  }

  /**
   * Many transitions in one transaction (group commit), as if each had run alone, in order. One
   * statement locks every case (in id order, so concurrent batches cannot deadlock), one loads
   * everything their guards and safeguards need (the case graph), one finds their open hub stays;
   * each is decided in memory; then one statement writes every case and timeline entry, and one
   * appends every audit event under one hold of the chain lock, last.
   *
   * A transition that involves a hub (allocated, or being allocated), a case with an open hub stay
   * or a partner officer's request takes the ordinary path (`prepareTransition`, its own reads),
   * and writes at once, inside the same transaction. A transition whose case an earlier one in the
   * batch wrote, or whose household member's case it wrote, is deferred to the next batch: nothing
   * is decided on a stale read.
   */
  async function transitionBatch(items: readonly TransitionItem[]): Promise<BatchOutcome<CaseView>[]> {
    return ctx.transaction(async (tx) => {
      const ids = [...new Set(items.map((i) => i.id))];
      const locked = await lockCases(tx, ids);
      // Read after the lock (a later statement sees whatever the lock waited for).
      const graph = await loadCaseGraph(tx, locked);
      const found = new Map(graph.cases.map((r) => [r.id, caseFromRow(r)]));
      const subjects = subjectsOf(graph, [...found.values()]);
      const staying = await casesWithOpenStays(tx, locked);
      const written = new Set<string>();
      const writes: CaseTransitionWrite[] = [];
      const newDecisions: NonNullable<TransitionPlan['result']['decision']>[] = [];
      const events: { actor: Actor; audit: AuditFields }[] = [];
      const outcomes: BatchOutcome<CaseView>[] = [];
      for (const item of items) {
        const { actor, id, request } = item;
        const subject = subjects.get(id);
        const household = subject?.household.map((m) => m.case.id) ?? [];
        if (written.has(id) || household.some((m) => written.has(m))) {
          outcomes.push({ defer: true });
          continue;
        }
        written.add(id);
        const before = found.get(id);
        let plan: TransitionPlan;
        try {
          const level = readLevel(actor);
          if (!before) throw caseNotFound(id);
          if (level === 'partner' || transitionHub(before, request) || staying.has(id)) {
            plan = await prepareTransition(tx, actor, id, request);
            events.push({ actor, audit: await writeTransition(tx, plan) });
            outcomes.push({ value: planView(plan) });
            continue;
          }
          assertVersion('case', id, request.version, before.version);
          if (!subject) throw notFound('person', before.personId);
          plan = decide(actor, before, request, transitionContext(ctx, subject));
        } catch (error) {
          // A refusal is decided before anything is written: only this transition fails.
          if (!(error instanceof AppError)) throw error;
          outcomes.push({ error });
          continue;
        }
        const after = plan.result.case;
        const now = ctx.now();
        writes.push({
          caseId: id,
          fromVersion: before.version,
          state: after.state,
          allocatedHubId: after.allocatedHubId,
          transferId: after.transferId,
          facts: caseFacts(after),
          version: after.version,
          updatedAt: now,
          transition: plan.result.event.transition,
          fromState: plan.result.event.from,
          toState: plan.result.event.to,
          inputs: { ...plan.result.event.input, summary: plan.result.event.summary },
          actorId: actor.userId,
          occurredAt: now,
        });
        if (plan.result.decision) newDecisions.push(plan.result.decision);
        events.push({ actor, audit: transitionAudit(plan) });
        outcomes.push({ value: planView(plan) });
      }
      await writeCaseTransitions(tx, writes);
      if (newDecisions.length > 0) await tx.insert(decisions).values(newDecisions);
      // Last statement, so the chain lock is held only from here to commit.
      await appendAuditEventBatch(
        tx,
        events.map(({ actor, audit }) => actorEventInput(actor, audit, ctx.now())),
      );
      return outcomes;
    });
  }
}

/** The hub a transition would be checked against: the one being allocated, or the case's. */
function transitionHub(before: Case, request: TransitionRequest): string | null {
  return request.transition === 'allocateHub' && typeof request.hubId === 'string'
    ? request.hubId
    : before.allocatedHubId;
}
