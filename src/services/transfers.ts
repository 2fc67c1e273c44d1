/**
 * Transfers (issue 5, item 2): flights with seats, airports, a date and escorts; manifests filled
 * from approved allocations with households kept together and never over the seats; blockers
 * re-checked when the manifest is finalised, at departure and on arrival, anyone newly blocked
 * taken off with the reason recorded; incidents from the catalogue. Every case moves through the
 * lifecycle (`scheduleTransfer`, `withdrawFromTransfer`, `recordDeparture`, `recordArrivalInHub`),
 * and each step that touches several people is one transaction.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { scopeOf } from '../domain/permissions.ts';
import type { Blocker, TransferStage } from '../domain/safeguards.ts';
import { blockerCodes } from '../domain/safeguards.ts';
import {
  manifestProblems,
  planManifest,
  type IncidentKind,
  type NewTransfer,
  type TravellingHousehold,
} from '../domain/transfers.ts';
import type { Actor, IsoDate, Transfer, TransferMode, TransferStatus } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor, Tx } from '../store/db.ts';
import { caseFromRow } from '../store/mappers.ts';
import { cases, hubs, incidents, manifestChanges, people, transfers } from '../store/schema.ts';
import { authorise, authoriseOn } from './authorise.ts';
import { SYSTEM_ACTOR, type ServiceContext } from './context.ts';
import type { casesService } from './cases.ts';
import type { WebhooksService } from './webhooks.ts';

type CasesService = ReturnType<typeof casesService>;

export interface ManifestEntry {
  caseId: string;
  caseReference: string;
  householdKey: string;
}

export interface ManifestChange {
  caseId: string;
  change: 'added' | 'removed';
  stage: string;
  reason: string;
  /** Blocker codes and explanations (omitted for partner officers: they are special-category). */
  blockers?: Blocker[];
  occurredAt: string;
}

export interface TransferView extends Transfer {
  version: number;
  partnerId: string;
  entries: ManifestEntry[];
  changes: ManifestChange[];
}

export interface Incident {
  id: string;
  transferId: string | null;
  hubId: string | null;
  caseId: string | null;
  kind: IncidentKind;
  occurredOn: IsoDate;
  description: string;
  recordedBy: string;
}

type TransferRow = typeof transfers.$inferSelect;

const transferNotFound = (id: string) => notFound('transfer', id);

/** The system applying a safeguard on arrival (a partner officer may not take anyone off). */
const SAFEGUARDS_ACTOR: Actor = { ...SYSTEM_ACTOR, role: 'senior_caseworker' };

export function transfersService(
  ctx: ServiceContext,
  deps: { cases: CasesService; webhooks: WebhooksService },
) {
  const { db } = ctx.store;

  async function loadTransfer(
    ex: Executor,
    id: string,
    lock = false,
  ): Promise<TransferRow & { partnerId: string }> {
    const query = ex
      .select({ t: transfers, partnerId: hubs.partnerId })
      .from(transfers)
      .innerJoin(hubs, eq(hubs.id, transfers.hubId))
      .where(eq(transfers.id, id));
    const [row] = lock ? await query.for('update', { of: transfers }) : await query;
    if (!row) throw transferNotFound(id);
    return { ...row.t, partnerId: row.partnerId };
  }

  /** The households of the given cases, each with every member's case (a person alone is their own). */
  async function householdsOf(ex: Executor, caseIds: readonly string[]): Promise<TravellingHousehold[]> {
    if (caseIds.length === 0) return [];
    const rows = await ex
      .select({ c: cases, householdId: people.householdId })
      .from(cases)
      .innerJoin(people, eq(people.id, cases.personId))
      .where(inArray(cases.id, [...caseIds]));
    const householdIds = [...new Set(rows.map((r) => r.householdId).filter((h): h is string => h !== null))];
    const members =
      householdIds.length === 0
        ? []
        : await ex
            .select({ id: cases.id, householdId: people.householdId })
            .from(cases)
            .innerJoin(people, eq(people.id, cases.personId))
            .where(inArray(people.householdId, householdIds))
            .orderBy(asc(cases.reference));
    const out = new Map<string, TravellingHousehold>();
    for (const r of rows) {
      const key = r.householdId ?? r.c.personId;
      if (out.has(key)) continue;
      const c = caseFromRow(r.c);
      out.set(key, {
        key,
        caseIds:
          r.householdId === null
            ? [c.id]
            : members.filter((m) => m.householdId === r.householdId).map((m) => m.id),
        hubId: c.allocatedHubId ?? '',
        priority: c.allocatedOn,
      });
    }
    return [...out.values()];
  }

  async function recordChange(
    tx: Executor,
    actor: Actor,
    transferId: string,
    caseId: string,
    change: 'added' | 'removed',
    stage: string,
    reason: string,
    blockers: Blocker[] = [],
  ) {
    await tx.insert(manifestChanges).values({
      transferId,
      caseId,
      change,
      stage,
      reason,
      blockers,
      actorId: actor.userId,
      occurredAt: ctx.now(),
    });
  }

  async function saveManifest(tx: Tx, row: TransferRow, manifest: string[], status: TransferStatus) {
    await tx
      .update(transfers)
      .set({ manifest, status, version: row.version + 1, updatedAt: ctx.now() })
      .where(eq(transfers.id, row.id));
  }

  async function view(ex: Executor, actor: Actor, id: string): Promise<TransferView> {
    return (await viewsOf(ex, actor, [await loadTransfer(ex, id)]))[0]!;
  }

  /** The views of many transfers in three queries in all (rows, manifest cases, changes). */
  async function viewsOf(
    ex: Executor,
    actor: Actor,
    rows: readonly (TransferRow & { partnerId: string })[],
  ): Promise<TransferView[]> {
    if (rows.length === 0) return [];
    const full =
      scopeOf(actor.role, 'read_hubs') === 'all' && actor.role !== 'finance' && actor.role !== 'admin';
    const manifestIds = [...new Set(rows.flatMap((row) => row.manifest))];
    const refs = manifestIds.length
      ? await ex
          .select({
            id: cases.id,
            reference: cases.reference,
            personId: cases.personId,
            householdId: people.householdId,
          })
          .from(cases)
          .innerJoin(people, eq(people.id, cases.personId))
          .where(inArray(cases.id, manifestIds))
      : [];
    const byId = new Map(refs.map((r) => [r.id, r]));
    const changes = await ex
      .select()
      .from(manifestChanges)
      .where(inArray(manifestChanges.transferId, [...new Set(rows.map((row) => row.id))]))
      .orderBy(asc(manifestChanges.occurredAt));
    const changesOf = new Map<string, (typeof changes)[number][]>();
    for (const c of changes) {
      const list = changesOf.get(c.transferId);
      if (list) list.push(c);
      else changesOf.set(c.transferId, [c]);
    }
    return rows.map((row) => ({
      id: row.id,
      hubId: row.hubId,
      partnerId: row.partnerId,
      mode: row.mode as TransferMode,
      departureAirport: row.departureAirport,
      arrivalAirport: row.arrivalAirport,
      departureOn: row.departureOn,
      seats: row.seats,
      escorts: row.escorts,
      manifest: row.manifest,
      status: row.status as TransferStatus,
      version: row.version,
      entries: row.manifest.map((caseId) => {
        const r = byId.get(caseId);
        return {
          caseId,
          caseReference: r?.reference ?? '',
          householdKey: r?.householdId ?? r?.personId ?? caseId,
        };
      }),
      changes: (changesOf.get(row.id) ?? []).map((c) => ({
        caseId: c.caseId,
        change: c.change as 'added' | 'removed',
        stage: c.stage,
        reason: full ? c.reason : c.change === 'removed' ? 'Taken off the transfer.' : c.reason,
        ...(full ? { blockers: c.blockers as Blocker[] } : {}),
        occurredAt: c.occurredAt.toISOString(),
      })),
    }));
  }

  function assertStatus(row: TransferRow, allowed: TransferStatus[], doing: string) {
    if (!allowed.includes(row.status as TransferStatus)) {
      throw new AppError(
        'CONFLICT',
        `The transfer is ${row.status.replace('_', ' ')}, so you cannot ${doing}. It must be ${allowed.join(' or ').replace('_', ' ')}.`,
        { status: row.status },
      );
    }
  }

  /**
   * Re-check every household on the manifest at `stage`; take anyone blocked off (with their
   * whole household) through `withdrawFromTransfer`, recording the reason and the blockers.
   * Returns the manifest that remains and who was taken off.
   */
  async function recheck(
    tx: Tx,
    actor: Actor,
    row: TransferRow & { partnerId: string },
    stage: TransferStage,
    on: IsoDate,
    changeStage: string,
  ): Promise<{ manifest: string[]; removed: string[] }> {
    const households = await householdsOf(tx, row.manifest);
    const removed: string[] = [];
    for (const h of households) {
      const blockers: Blocker[] = [];
      for (const caseId of h.caseIds) {
        blockers.push(...(await deps.cases.blockersIn(tx, caseId, stage, on, row.departureOn)));
      }
      if (blockers.length === 0) continue;
      const codes = blockerCodes(blockers).join(', ');
      for (const caseId of h.caseIds) {
        if (!row.manifest.includes(caseId)) continue;
        // Partner officers may not take people off; the system does, and the record says why.
        const who = actor.role === 'partner_officer' ? SAFEGUARDS_ACTOR : actor;
        await deps.cases.transitionIn(tx, who, caseId, {
          transition: 'withdrawFromTransfer',
          on,
          reason: `Blocked at ${changeStage}: ${codes}`,
        });
        await recordChange(
          tx,
          actor,
          row.id,
          caseId,
          'removed',
          changeStage,
          `Blocked at ${changeStage}: ${codes}`,
          blockers,
        );
        removed.push(caseId);
      }
    }
    return { manifest: row.manifest.filter((id) => !removed.includes(id)), removed };
  }

  async function notifyRemoved(tx: Tx, row: TransferRow & { partnerId: string }, removed: string[]) {
    if (removed.length === 0) return;
    const refs = await tx
      .select({ reference: cases.reference })
      .from(cases)
      .where(inArray(cases.id, removed));
    await deps.webhooks.enqueue(tx, row.partnerId, 'transfer.on_hold', {
      transferId: row.id,
      hubId: row.hubId,
      departureOn: row.departureOn,
      caseReferences: refs.map((r) => r.reference).sort(),
    });
  }

  return {
    async create(actor: Actor, input: NewTransfer): Promise<TransferView> {
      authorise(actor, 'schedule_transfer');
      if (input.departureAirport.trim() === input.arrivalAirport.trim()) {
        throw new AppError('VALIDATION_FAILED', 'The departure and arrival airports must differ.', {
          issues: [{ path: 'body.arrivalAirport', message: 'Same as the departure airport' }],
        });
      }
      return ctx.transaction(async (tx) => {
        const [hub] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, input.hubId));
        if (!hub) throw notFound('hub', input.hubId);
        const [row] = await tx
          .insert(transfers)
          .values({ ...input, manifest: [], status: 'planned' })
          .returning();
        await ctx.audit(tx, actor, {
          action: 'transfer.create',
          entityType: 'transfer',
          entityId: row!.id,
          after: row,
        });
        return view(tx, actor, row!.id);
      });
    },

    async get(actor: Actor, id: string): Promise<TransferView> {
      authorise(actor, 'read_hubs');
      const row = await loadTransfer(db, id);
      authoriseOn(actor, 'read_hubs', { partnerId: row.partnerId }, () => transferNotFound(id));
      return view(db, actor, id);
    },

    async list(
      actor: Actor,
      query: { hubId?: string; status?: TransferStatus } = {},
    ): Promise<TransferView[]> {
      authorise(actor, 'read_hubs');
      const own = scopeOf(actor.role, 'read_hubs') === 'ownPartner' ? actor.partnerId : null;
      const rows = await db
        .select({ t: transfers, partnerId: hubs.partnerId })
        .from(transfers)
        .innerJoin(hubs, eq(hubs.id, transfers.hubId))
        .where(
          and(
            own === null ? undefined : eq(hubs.partnerId, own),
            query.hubId ? eq(transfers.hubId, query.hubId) : undefined,
            query.status ? eq(transfers.status, query.status) : undefined,
          ),
        )
        .orderBy(asc(transfers.departureOn));
      return viewsOf(
        db,
        actor,
        rows.map((r) => ({ ...r.t, partnerId: r.partnerId })),
      );
    },

    /**
     * Fill the flight from approved allocations to its hub not yet on a flight: whole
     * households, longest allocated first, never over the seats. Each household is scheduled
     * through the lifecycle (fitness to travel and notice re-checked for this departure); one
     * that cannot be is left off with the reason.
     */
    async fill(
      actor: Actor,
      id: string,
      options: { on?: IsoDate } = {},
    ): Promise<TransferView & { left: { key: string; reason: string }[] }> {
      authorise(actor, 'schedule_transfer');
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        assertStatus(row, ['planned'], 'add people to it');
        const waitingRows = await tx
          .select({ id: cases.id })
          .from(cases)
          .where(
            and(
              eq(cases.state, 'HUB_ALLOCATED'),
              eq(cases.allocatedHubId, row.hubId),
              isNull(cases.transferId),
            ),
          );
        const waiting = (
          await householdsOf(
            tx,
            waitingRows.map((r) => r.id),
          )
        ).filter((h) => h.hubId === row.hubId);
        const plan = planManifest(row, waiting);
        const byKey = new Map(waiting.map((h) => [h.key, h]));
        const left = [...plan.left];
        const manifest = [...row.manifest];
        for (const key of plan.households) {
          const h = byKey.get(key)!;
          if (manifest.length + h.caseIds.length > row.seats) {
            left.push({
              key,
              reason: `Needs ${h.caseIds.length} seat(s); ${row.seats - manifest.length} left.`,
            });
            continue;
          }
          try {
            await tx.transaction(async (sp) => {
              for (const caseId of h.caseIds) {
                await deps.cases.transitionIn(sp, actor, caseId, {
                  transition: 'scheduleTransfer',
                  on,
                  transferId: id,
                  departureOn: row.departureOn,
                });
                await recordChange(
                  sp,
                  actor,
                  id,
                  caseId,
                  'added',
                  'planning',
                  'Added from approved allocations.',
                );
              }
            });
            manifest.push(...h.caseIds);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            const blockers = (error.details as { blockers?: Blocker[] } | undefined)?.blockers;
            left.push({
              key,
              reason: blockers ? `Blocked: ${blockerCodes(blockers).join(', ')}` : error.message,
            });
          }
        }
        await saveManifest(tx, row, manifest, 'planned');
        await ctx.audit(tx, actor, {
          action: 'transfer.fill',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest },
          after: { manifest, left },
        });
        return { ...(await view(tx, actor, id)), left };
      });
    },

    /**
     * Put named cases on the flight. Refused unless every member of each household is named (or
     * already on), all are allocated to the flight's hub, and the seats suffice.
     */
    async add(
      actor: Actor,
      id: string,
      caseIds: string[],
      options: { on?: IsoDate } = {},
    ): Promise<TransferView> {
      authorise(actor, 'schedule_transfer');
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        assertStatus(row, ['planned'], 'add people to it');
        const manifest = [...new Set([...row.manifest, ...caseIds])];
        const households = await householdsOf(tx, manifest);
        const problems = manifestProblems(row, manifest, households);
        const elsewhere = await tx
          .select({ id: cases.id, reference: cases.reference, transferId: cases.transferId })
          .from(cases)
          .where(inArray(cases.id, caseIds));
        for (const c of elsewhere) {
          if (c.transferId !== null && c.transferId !== id)
            problems.push(`${c.reference} is already on another flight.`);
        }
        if (elsewhere.length < new Set(caseIds).size) problems.push('Some of the cases named do not exist.');
        if (problems.length > 0) {
          throw new AppError('MANIFEST_INVALID', problems.join(' '), { problems });
        }
        for (const caseId of caseIds) {
          if (row.manifest.includes(caseId)) continue;
          await deps.cases.transitionIn(tx, actor, caseId, {
            transition: 'scheduleTransfer',
            on,
            transferId: id,
            departureOn: row.departureOn,
          });
          await recordChange(tx, actor, id, caseId, 'added', 'planning', 'Added by hand.');
        }
        await saveManifest(tx, row, manifest, 'planned');
        await ctx.audit(tx, actor, {
          action: 'transfer.add',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest },
          after: { manifest },
        });
        return view(tx, actor, id);
      });
    },

    /** Take a household off the flight (before departure), with the reason. */
    async remove(
      actor: Actor,
      id: string,
      caseId: string,
      reason: string,
      options: { on?: IsoDate } = {},
    ): Promise<TransferView> {
      authorise(actor, 'prepare_transfer');
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        assertStatus(row, ['planned', 'manifest_final'], 'take people off it');
        if (!row.manifest.includes(caseId)) throw notFound('case on this manifest', caseId);
        const [household] = await householdsOf(tx, [caseId]);
        const off = household!.caseIds.filter((c) => row.manifest.includes(c));
        for (const c of off) {
          await deps.cases.transitionIn(tx, actor, c, { transition: 'withdrawFromTransfer', on, reason });
          await recordChange(tx, actor, id, c, 'removed', 'manual', reason);
        }
        await saveManifest(
          tx,
          row,
          row.manifest.filter((c) => !off.includes(c)),
          row.status as TransferStatus,
        );
        await notifyRemoved(tx, row, off);
        await ctx.audit(tx, actor, {
          action: 'transfer.remove',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest },
          after: { removed: off, reason },
        });
        return view(tx, actor, id);
      });
    },

    /**
     * Finalise the manifest: one transaction that re-checks every blocker for this departure,
     * takes anyone newly blocked off with their household, fixes the manifest, and tells the
     * partner who to expect.
     */
    async finalise(actor: Actor, id: string, options: { on?: IsoDate } = {}): Promise<TransferView> {
      authorise(actor, 'schedule_transfer');
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        assertStatus(row, ['planned'], 'finalise it');
        const problems = manifestProblems(row, row.manifest, await householdsOf(tx, row.manifest));
        if (problems.length > 0) throw new AppError('MANIFEST_INVALID', problems.join(' '), { problems });
        const { manifest, removed } = await recheck(tx, actor, row, 'scheduling', on, 'finalisation');
        if (manifest.length === 0) {
          throw new AppError(
            'MANIFEST_INVALID',
            removed.length > 0
              ? 'Everyone on the manifest is now blocked; nothing was finalised. Cancel the flight or add people.'
              : 'The manifest is empty. Fill it before finalising.',
            { removed },
          );
        }
        await saveManifest(tx, row, manifest, 'manifest_final');
        const refs = await tx
          .select({ reference: cases.reference })
          .from(cases)
          .where(inArray(cases.id, manifest));
        const payload = {
          transferId: id,
          hubId: row.hubId,
          departureOn: row.departureOn,
          arrivalAirport: row.arrivalAirport,
          people: manifest.length,
          caseReferences: refs.map((r) => r.reference).sort(),
        };
        await deps.webhooks.enqueue(tx, row.partnerId, 'transfer.manifest_finalised', payload);
        await deps.webhooks.enqueue(tx, row.partnerId, 'transfer.arrivals_expected', payload);
        await notifyRemoved(tx, row, removed);
        await ctx.audit(tx, actor, {
          action: 'transfer.finalise',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest, status: row.status },
          after: { manifest, removed, status: 'manifest_final' },
        });
        return view(tx, actor, id);
      });
    },

    /** Record departure: blockers re-checked on the day; the blocked stay behind, the rest depart. */
    async depart(actor: Actor, id: string, options: { on?: IsoDate } = {}): Promise<TransferView> {
      authorise(actor, 'schedule_transfer');
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        const on = options.on ?? row.departureOn;
        assertStatus(row, ['manifest_final'], 'record its departure');
        const { manifest, removed } = await recheck(tx, actor, row, 'departure', on, 'departure');
        for (const caseId of manifest) {
          await deps.cases.transitionIn(tx, actor, caseId, { transition: 'recordDeparture', on });
        }
        await saveManifest(tx, row, manifest, 'departed');
        await deps.webhooks.enqueue(tx, row.partnerId, 'transfer.departed', {
          transferId: id,
          hubId: row.hubId,
          departedOn: on,
          people: manifest.length,
        });
        await notifyRemoved(tx, row, removed);
        await ctx.audit(tx, actor, {
          action: 'transfer.depart',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest, status: row.status },
          after: { manifest, removed, status: 'departed', on },
        });
        return view(tx, actor, id);
      });
    },

    /**
     * Record arrival at the hub (the partner officer). Only people on this departed flight's
     * manifest can arrive; blockers are re-checked first and anyone blocked is not admitted.
     */
    async arrive(
      actor: Actor,
      id: string,
      options: { on?: IsoDate; caseIds?: string[] } = {},
    ): Promise<TransferView> {
      authorise(actor, 'record_hub_movement');
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        authoriseOn(actor, 'record_hub_movement', { partnerId: row.partnerId }, () => transferNotFound(id));
        assertStatus(row, ['departed'], 'record arrivals from it');
        const on = options.on ?? ctx.today();
        if (on < row.departureOn) {
          throw new AppError(
            'STAY_REFUSED',
            `Arrival on ${on} is before the departure on ${row.departureOn}.`,
          );
        }
        const named = options.caseIds ?? row.manifest;
        const strangers = named.filter((c) => !row.manifest.includes(c));
        if (strangers.length > 0) {
          throw new AppError(
            'STAY_REFUSED',
            `${strangers.length} of the people named are not on this flight’s finalised manifest; only they can arrive on it.`,
            { caseIds: strangers },
          );
        }
        const { manifest, removed } = await recheck(
          tx,
          actor,
          { ...row, manifest: named },
          'arrival',
          on,
          'arrival',
        );
        for (const caseId of manifest) {
          await deps.cases.transitionIn(tx, actor, caseId, { transition: 'recordArrivalInHub', on });
        }
        const remaining = row.manifest.filter((c) => !removed.includes(c));
        const arrivedRows = await tx
          .select({ id: cases.id, state: cases.state })
          .from(cases)
          .where(
            inArray(cases.id, remaining.length > 0 ? remaining : ['00000000-0000-0000-0000-000000000000']),
          );
        const allIn = arrivedRows.every((r) => r.state !== 'TRANSFER_SCHEDULED');
        await saveManifest(tx, row, remaining, allIn ? 'arrived' : 'departed');
        await ctx.audit(tx, actor, {
          action: 'transfer.arrive',
          entityType: 'transfer',
          entityId: id,
          after: { arrived: manifest, notAdmitted: removed, on },
        });
        return view(tx, actor, id);
      });
    },

    async cancel(
      actor: Actor,
      id: string,
      reason: string,
      options: { on?: IsoDate } = {},
    ): Promise<TransferView> {
      authorise(actor, 'schedule_transfer');
      const on = options.on ?? ctx.today();
      return ctx.transaction(async (tx) => {
        const row = await loadTransfer(tx, id, true);
        assertStatus(row, ['planned', 'manifest_final'], 'cancel it');
        for (const caseId of row.manifest) {
          await deps.cases.transitionIn(tx, actor, caseId, {
            transition: 'withdrawFromTransfer',
            on,
            reason,
          });
          await recordChange(tx, actor, id, caseId, 'removed', 'manual', `Flight cancelled: ${reason}`);
        }
        await saveManifest(tx, row, [], 'cancelled');
        await notifyRemoved(tx, row, row.manifest);
        await ctx.audit(tx, actor, {
          action: 'transfer.cancel',
          entityType: 'transfer',
          entityId: id,
          before: { manifest: row.manifest, status: row.status },
          after: { status: 'cancelled', reason },
        });
        return view(tx, actor, id);
      });
    },

    /** Record an incident during a transfer or at a hub, from the catalogue. */
    async recordIncident(
      actor: Actor,
      input: {
        transferId?: string | null;
        hubId?: string | null;
        caseId?: string | null;
        kind: IncidentKind;
        occurredOn: IsoDate;
        description: string;
      },
    ): Promise<Incident> {
      authorise(actor, 'record_incident');
      return ctx.transaction(async (tx) => {
        let partnerId: string;
        let hubId = input.hubId ?? null;
        if (input.transferId) {
          const t = await loadTransfer(tx, input.transferId);
          partnerId = t.partnerId;
          hubId ??= t.hubId;
          if (input.caseId && !t.manifest.includes(input.caseId)) {
            throw new AppError('VALIDATION_FAILED', 'The person named is not on this transfer’s manifest.', {
              issues: [{ path: 'body.caseId', message: 'Not on the manifest' }],
            });
          }
        } else if (hubId) {
          const [h] = await tx.select({ partnerId: hubs.partnerId }).from(hubs).where(eq(hubs.id, hubId));
          if (!h) throw notFound('hub', hubId);
          partnerId = h.partnerId;
        } else {
          throw new AppError('VALIDATION_FAILED', 'Say which transfer or hub the incident happened on.', {
            issues: [{ path: 'body.transferId', message: 'Give transferId or hubId' }],
          });
        }
        authoriseOn(actor, 'record_incident', { partnerId }, () =>
          notFound('transfer or hub', input.transferId ?? hubId ?? ''),
        );
        const [row] = await tx
          .insert(incidents)
          .values({
            transferId: input.transferId ?? null,
            hubId,
            caseId: input.caseId ?? null,
            kind: input.kind,
            occurredOn: input.occurredOn,
            description: input.description,
            recordedBy: actor.userId,
          })
          .returning();
        const incident: Incident = {
          id: row!.id,
          transferId: row!.transferId,
          hubId: row!.hubId,
          caseId: row!.caseId,
          kind: row!.kind as IncidentKind,
          occurredOn: row!.occurredOn,
          description: row!.description,
          recordedBy: row!.recordedBy,
        };
        await ctx.audit(tx, actor, {
          action: 'incident.record',
          entityType: 'incident',
          entityId: incident.id,
          after: incident,
        });
        return incident;
      });
    },

    async incidents(actor: Actor, query: { transferId?: string; hubId?: string } = {}): Promise<Incident[]> {
      authorise(actor, 'read_incidents');
      const scope = scopeOf(actor.role, 'read_incidents');
      const rows = await db
        .select({ i: incidents, partnerId: hubs.partnerId })
        .from(incidents)
        .leftJoin(hubs, eq(hubs.id, incidents.hubId))
        .where(
          and(
            query.transferId ? eq(incidents.transferId, query.transferId) : undefined,
            query.hubId ? eq(incidents.hubId, query.hubId) : undefined,
            scope === 'ownPartner' ? eq(hubs.partnerId, actor.partnerId ?? '') : undefined,
          ),
        )
        .orderBy(asc(incidents.occurredOn));
      return rows.map(({ i }) => ({
        id: i.id,
        transferId: i.transferId,
        hubId: i.hubId,
        // Monitors see what happened, not to whom.
        caseId: scope === 'pseudonymised' ? null : i.caseId,
        kind: i.kind as IncidentKind,
        occurredOn: i.occurredOn,
        description: i.description,
        recordedBy: scope === 'pseudonymised' ? '' : i.recordedBy,
      }));
    },
  };
}
