/**
 * Hub allocation proposals and their approval (issue 5, item 1). The optimiser
 * (`domain/allocation.ts`, solved by `allocationSolver.ts`) proposes; a senior caseworker reviews
 * each household's placement, its alternatives and why anyone was not placed, and approves all or
 * part. Approval applies the lifecycle's `allocateHub` to every member in ONE transaction, which
 * re-checks every blocker and the places left; if anything changed since the proposal, nothing is
 * written and the refusal lists what changed.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type {
  AllocationHousehold,
  AllocationHub,
  AllocationInput,
  AllocationProposal,
} from '../domain/allocation.ts';
import type { AgreementUse } from '../domain/agreements.ts';
import type { Blocker, TransferSubject } from '../domain/safeguards.ts';
import type { Actor, Case, IsoDate, Person } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
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
import { allocationProposals, cases, flags, holds, hubs, partners, people } from '../store/schema.ts';
import { AllocationSolver } from './allocationSolver.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';
import type { casesService } from './cases.ts';

type CasesService = ReturnType<typeof casesService>;

export interface ProposalPerson {
  personId: string;
  caseId: string;
  caseReference: string;
  caseVersion: number;
}

export interface ProposalHub {
  hubId: string;
  name: string;
  partnerId: string;
  partnerName: string;
}

export interface StoredProposal {
  id: string;
  proposedFor: IsoDate;
  status: 'proposed' | 'approved' | 'partly_approved' | 'withdrawn';
  proposal: AllocationProposal;
  /** Who is who: each person's case and its version when proposed. */
  people: Record<string, ProposalPerson>;
  hubs: Record<string, ProposalHub>;
  approvedKeys: string[];
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** One thing that changed since the proposal and stops a household's allocation. */
export interface ProposalChange {
  household: string;
  caseReference: string;
  code: string;
  message: string;
  blockers?: Blocker[];
}

const CHUNK = 5000;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Everyone who might be allocated on `date` (finally refused, with their household), and every
 * hub with its partner, agreement in force and current use. The optimiser's input.
 */
export async function loadAllocationInput(
  ex: Executor,
  date: IsoDate,
): Promise<{
  input: AllocationInput;
  people: Record<string, ProposalPerson>;
  hubs: Record<string, ProposalHub>;
}> {
  const ready = await ex
    .select({ c: cases, p: people })
    .from(cases)
    .innerJoin(people, eq(people.id, cases.personId))
    .where(eq(cases.state, 'FINALLY_REFUSED'))
    .orderBy(asc(cases.reference));
  const personRows = new Map(ready.map((r) => [r.p.id, r.p]));
  const caseRows = new Map(ready.map((r) => [r.p.id, r.c]));
  const householdIds = [...new Set(ready.map((r) => r.p.householdId).filter((h): h is string => h !== null))];
  for (const ids of chunks(householdIds)) {
    const members = await ex
      .select({ c: cases, p: people })
      .from(people)
      .innerJoin(cases, eq(cases.personId, people.id))
      .where(inArray(people.householdId, ids))
      .orderBy(desc(cases.createdAt));
    for (const m of members) {
      if (!personRows.has(m.p.id)) personRows.set(m.p.id, m.p);
      if (!caseRows.has(m.p.id)) caseRows.set(m.p.id, m.c);
    }
  }
  const personIds = [...personRows.keys()];
  const caseIds = [...caseRows.values()].map((c) => c.id);
  const flagRows = [];
  for (const ids of chunks(personIds))
    flagRows.push(...(await ex.select().from(flags).where(inArray(flags.personId, ids))));
  const holdRows = [];
  for (const ids of chunks(caseIds))
    holdRows.push(...(await ex.select().from(holds).where(inArray(holds.caseId, ids))));
  const flagsByPerson = new Map<string, ReturnType<typeof flagFromRow>[]>();
  for (const f of flagRows.map(flagFromRow))
    flagsByPerson.set(f.personId, [...(flagsByPerson.get(f.personId) ?? []), f]);
  const holdsByCase = new Map<string, ReturnType<typeof holdFromRow>[]>();
  for (const h of holdRows.map(holdFromRow))
    holdsByCase.set(h.caseId, [...(holdsByCase.get(h.caseId) ?? []), h]);

  const subject = (personId: string): TransferSubject => {
    const person: Person = personFromRow(personRows.get(personId)!);
    const c: Case = caseFromRow(caseRows.get(personId)!);
    return { person, case: c, flags: flagsByPerson.get(personId) ?? [], holds: holdsByCase.get(c.id) ?? [] };
  };

  const grouped = new Map<string, string[]>();
  for (const [id, p] of personRows) {
    const key = p.householdId ?? id;
    grouped.set(key, [...(grouped.get(key) ?? []), id]);
  }
  const households: AllocationHousehold[] = [];
  for (const [key, ids] of grouped) {
    const members = ids.map(subject);
    if (!members.some((m) => m.case.state === 'FINALLY_REFUSED')) continue;
    // The principal first: the blockers are worked out from them, with the others as household.
    members.sort(
      (a, b) =>
        Number(b.person.householdRole === 'principal') - Number(a.person.householdRole === 'principal'),
    );
    households.push({ key, members, priority: members[0]!.case.finallyRefusedOn });
  }

  const hubRows = await ex
    .select({ h: hubs, partner: partners })
    .from(hubs)
    .innerJoin(partners, eq(partners.id, hubs.partnerId))
    .orderBy(asc(hubs.name));
  const allocationHubs: AllocationHub[] = [];
  const agreementUseByPartner: Record<string, AgreementUse> = {};
  const hubInfo: Record<string, ProposalHub> = {};
  for (const r of hubRows) {
    const hub = hubFromRow(r.h);
    const partner = partnerFromRow(r.partner);
    const agreement = await agreementFor(ex, partner.id, date);
    if (agreement && !(partner.id in agreementUseByPartner)) {
      agreementUseByPartner[partner.id] = await agreementUse(ex, agreement, date);
    }
    allocationHubs.push({ hub, partner, agreement, use: await hubUse(ex, hub.id) });
    hubInfo[hub.id] = { hubId: hub.id, name: hub.name, partnerId: partner.id, partnerName: partner.name };
  }

  const peopleInfo: Record<string, ProposalPerson> = {};
  for (const h of households) {
    for (const m of h.members) {
      peopleInfo[m.person.id] = {
        personId: m.person.id,
        caseId: m.case.id,
        caseReference: m.case.reference,
        caseVersion: m.case.version,
      };
    }
  }
  return {
    input: { date, households, hubs: allocationHubs, agreementUse: agreementUseByPartner },
    people: peopleInfo,
    hubs: hubInfo,
  };
}

type ProposalRow = typeof allocationProposals.$inferSelect;

function proposalFromRow(row: ProposalRow): StoredProposal {
  const stored = row.proposal as unknown as {
    proposal: AllocationProposal;
    people: Record<string, ProposalPerson>;
    hubs: Record<string, ProposalHub>;
  };
  return {
    id: row.id,
    proposedFor: row.proposedFor,
    status: row.status as StoredProposal['status'],
    proposal: stored.proposal,
    people: stored.people,
    hubs: stored.hubs,
    approvedKeys: row.approvedKeys,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

export function allocationsService(
  ctx: ServiceContext,
  deps: { cases: CasesService; solver?: AllocationSolver },
) {
  const { db } = ctx.store;
  let solver = deps.solver ?? null;
  const getSolver = () => (solver ??= new AllocationSolver({ inProcess: ctx.config.NODE_ENV === 'test' }));

  async function loadProposal(ex: Executor, id: string, lock = false): Promise<ProposalRow> {
    const query = ex.select().from(allocationProposals).where(eq(allocationProposals.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('allocation proposal', id);
    return row;
  }

  return {
    /**
     * Solve the allocation for `date` (default today). With `dryRun`, nothing is stored or
     * audited; otherwise the proposal is kept for review.
     */
    async propose(actor: Actor, options: { date?: IsoDate; dryRun?: boolean } = {}): Promise<StoredProposal> {
      authorise(actor, 'propose_allocation');
      const date = options.date ?? ctx.today();
      const loaded = await loadAllocationInput(db, date);
      const proposal = await getSolver().propose(loaded.input);
      const stored = { proposal, people: loaded.people, hubs: loaded.hubs };
      if (options.dryRun) {
        return {
          id: '',
          proposedFor: date,
          status: 'proposed',
          ...stored,
          approvedKeys: [],
          createdBy: actor.userId,
          createdAt: ctx.now().toISOString(),
          decidedBy: null,
          decidedAt: null,
        };
      }
      return ctx.transaction(async (tx) => {
        const [row] = await tx
          .insert(allocationProposals)
          .values({
            proposedFor: date,
            status: 'proposed',
            proposal: stored as unknown as Record<string, unknown>,
            createdBy: actor.userId,
            createdAt: ctx.now(),
          })
          .returning();
        await ctx.audit(tx, actor, {
          action: 'allocation.propose',
          entityType: 'allocation_proposal',
          entityId: row!.id,
          after: {
            date,
            peoplePlaced: proposal.peoplePlaced,
            peopleUnplaced: proposal.peopleUnplaced,
            totalCostPence: proposal.totalCostPence,
          },
        });
        return proposalFromRow(row!);
      });
    },

    async get(actor: Actor, id: string): Promise<StoredProposal> {
      authorise(actor, 'propose_allocation');
      return proposalFromRow(await loadProposal(db, id));
    },

    async list(actor: Actor, limit = 20): Promise<Omit<StoredProposal, 'proposal' | 'people' | 'hubs'>[]> {
      authorise(actor, 'propose_allocation');
      const rows = await db
        .select()
        .from(allocationProposals)
        .orderBy(desc(allocationProposals.createdAt))
        .limit(Math.min(limit, 200));
      return rows.map((r) => {
        const { proposal: _p, people: _pe, hubs: _h, ...rest } = proposalFromRow(r);
        return rest;
      });
    },

    /**
     * Approve the proposal, or only the households named in `households` (keys from the
     * proposal). One transaction: every member of every approved household is allocated through
     * the lifecycle (all blockers and places re-checked), or nothing is written.
     */
    async approve(
      actor: Actor,
      id: string,
      options: { households?: string[]; on?: IsoDate } = {},
    ): Promise<StoredProposal> {
      authorise(actor, 'approve_allocation');
      return ctx.transaction(async (tx) => {
        const row = await loadProposal(tx, id, true);
        const stored = proposalFromRow(row);
        if (stored.status !== 'proposed') {
          throw new AppError(
            'CONFLICT',
            `This proposal was already ${stored.status.replace('_', ' ')} on ${stored.decidedAt}. Ask for a new proposal.`,
          );
        }
        const placed = new Map(stored.proposal.placed.map((p) => [p.key, p]));
        const keys = options.households ?? [...placed.keys()];
        const unknown = keys.filter((k) => !placed.has(k));
        if (unknown.length > 0 || keys.length === 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            keys.length === 0
              ? 'Name at least one household to approve.'
              : `These households are not placed in the proposal: ${unknown.join(', ')}.`,
            { issues: [{ path: 'body.households', message: 'Use keys of placed households' }] },
          );
        }
        const on = options.on ?? stored.proposedFor;
        const changes: ProposalChange[] = [];
        for (const key of keys) {
          const household = placed.get(key)!;
          try {
            await tx.transaction(async (savepoint) => {
              for (const personId of household.personIds) {
                const who = stored.people[personId]!;
                await deps.cases.transitionIn(savepoint, actor, who.caseId, {
                  transition: 'allocateHub',
                  on,
                  hubId: household.hubId,
                  rationale: `Approved from allocation proposal ${id}.`,
                });
              }
            });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            const details = error.details as { blockers?: Blocker[] } | undefined;
            changes.push({
              household: key,
              caseReference: household.personIds.map((p) => stored.people[p]!.caseReference).join(', '),
              code: error.code,
              message: error.message,
              ...(details?.blockers ? { blockers: details.blockers } : {}),
            });
          }
        }
        if (changes.length > 0) {
          throw new AppError(
            'STALE_PROPOSAL',
            `${changes.length} of the ${keys.length} households can no longer be allocated as proposed, so nothing was approved. See what changed, then ask for a new proposal or approve the others.`,
            { changes },
          );
        }
        const status = keys.length === placed.size ? 'approved' : 'partly_approved';
        const [updated] = await tx
          .update(allocationProposals)
          .set({
            status,
            approvedKeys: keys,
            decidedBy: actor.userId,
            decidedAt: ctx.now(),
            version: row.version + 1,
          })
          .where(and(eq(allocationProposals.id, id), eq(allocationProposals.version, row.version)))
          .returning();
        await ctx.audit(tx, actor, {
          action: 'allocation.approve',
          entityType: 'allocation_proposal',
          entityId: id,
          before: { status: stored.status },
          after: {
            status,
            households: keys.length,
            people: keys.reduce((n, k) => n + placed.get(k)!.personIds.length, 0),
          },
        });
        return proposalFromRow(updated!);
      });
    },

    async close(): Promise<void> {
      await solver?.close();
      solver = null;
    },
  };
}
