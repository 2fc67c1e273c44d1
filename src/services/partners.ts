/**
 * Partners, their agreements (with safety assessments) and hubs, and hub occupancy. Administrators
 * manage them; readers with `read_hubs` see them (partner officers only their own partner's).
 */
import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { can, scopeOf } from '../domain/permissions.ts';
import { hubFreePlaces, hubUsablePlaces } from '../domain/capacity.ts';
import { addDays } from '../domain/calendar.ts';
import type { Actor, Agreement, Hub, IsoDate, Partner, Places, SafetyAssessment } from '../domain/types.ts';
import { UNIT_TYPES } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { findHub, hubUse, partnerAgreements } from '../store/hubs.ts';
import { agreementFromRow, hubFromRow, partnerFromRow, safetyAssessmentFromRow } from '../store/mappers.ts';
import { agreements, hubStays, hubs, partners, safetyAssessments } from '../store/schema.ts';
import { authorise, authoriseOn } from './authorise.ts';
import { assertVersion, type ServiceContext } from './context.ts';

export type NewAgreement = Omit<Agreement, 'id' | 'safetyAssessments'> & {
  safetyAssessments?: SafetyAssessment[];
};
export type NewHub = Omit<Hub, 'id' | 'meetsNeeds' | 'openedOn' | 'closedOn'> &
  Partial<Pick<Hub, 'meetsNeeds' | 'openedOn' | 'closedOn'>>;
export type HubPatch = Partial<
  Pick<Hub, 'name' | 'places' | 'outOfService' | 'meetsNeeds' | 'openedOn' | 'closedOn'>
>;

export interface Occupancy {
  hubId: string;
  date: IsoDate;
  places: Places;
  outOfService: Places;
  usable: Places;
  occupied: Places;
  allocatedNotArrived: Places;
  free: Places;
}

export interface OccupancyDay {
  date: IsoDate;
  occupied: number;
}

export function partnersService(ctx: ServiceContext) {
  const { db } = ctx.store;

  function partnerScope(actor: Actor): string | null {
    authorise(actor, 'read_hubs');
    return scopeOf(actor.role, 'read_hubs') === 'ownPartner' ? actor.partnerId : null;
  }

  async function readableHub(ex: Executor, actor: Actor, id: string, lock = false): Promise<Hub> {
    const hub = await findHub(ex, id, { lock });
    if (!hub) throw notFound('hub', id);
    authoriseOn(actor, 'read_hubs', { partnerId: hub.partnerId }, () => notFound('hub', id));
    return hub;
  }

  async function assertPartner(ex: Executor, id: string): Promise<Partner> {
    const [row] = await ex.select().from(partners).where(eq(partners.id, id));
    if (!row) throw notFound('partner', id);
    return partnerFromRow(row);
  }

  return {
    // --- partners ------------------------------------------------------------------------------
    async createPartner(actor: Actor, input: Omit<Partner, 'id'>): Promise<Partner & { version: number }> {
      authorise(actor, 'manage_partners');
      return ctx.transaction(async (tx) => {
        const [existing] = await tx
          .select({ id: partners.id })
          .from(partners)
          .where(eq(partners.countryCode, input.countryCode));
        if (existing)
          throw new AppError(
            'CONFLICT',
            `A partner for ${input.countryCode} already exists (${existing.id}).`,
          );
        const [row] = await tx.insert(partners).values(input).returning();
        const partner = partnerFromRow(row!);
        await ctx.audit(tx, actor, {
          action: 'partner.create',
          entityType: 'partner',
          entityId: partner.id,
          after: partner,
        });
        return { ...partner, version: row!.version };
      });
    },

    async listPartners(actor: Actor): Promise<Partner[]> {
      const own = partnerScope(actor);
      const rows = await db
        .select()
        .from(partners)
        .where(own === null ? undefined : eq(partners.id, own))
        .orderBy(asc(partners.name));
      return rows.map(partnerFromRow);
    },

    async getPartner(actor: Actor, id: string): Promise<Partner & { version: number }> {
      const own = partnerScope(actor);
      const [row] = await db.select().from(partners).where(eq(partners.id, id));
      if (!row || (own !== null && own !== id)) throw notFound('partner', id);
      return { ...partnerFromRow(row), version: row.version };
    },

    // --- agreements ----------------------------------------------------------------------------
    async createAgreement(actor: Actor, input: NewAgreement): Promise<Agreement & { version: number }> {
      authorise(actor, 'manage_partners');
      return ctx.transaction(async (tx) => {
        await assertPartner(tx, input.partnerId);
        const { safetyAssessments: assessments = [], ...fields } = input;
        const [row] = await tx.insert(agreements).values(fields).returning();
        if (assessments.length > 0) {
          await tx.insert(safetyAssessments).values(assessments.map((a) => ({ ...a, agreementId: row!.id })));
        }
        const agreement = agreementFromRow(row!, assessments);
        await ctx.audit(tx, actor, {
          action: 'agreement.create',
          entityType: 'agreement',
          entityId: row!.id,
          after: agreement,
        });
        return { ...agreement, version: row!.version };
      });
    },

    async addSafetyAssessment(
      actor: Actor,
      agreementId: string,
      input: SafetyAssessment,
    ): Promise<SafetyAssessment> {
      authorise(actor, 'manage_partners');
      return ctx.transaction(async (tx) => {
        const [agreement] = await tx
          .select({ id: agreements.id })
          .from(agreements)
          .where(eq(agreements.id, agreementId));
        if (!agreement) throw notFound('agreement', agreementId);
        const [row] = await tx
          .insert(safetyAssessments)
          .values({ ...input, agreementId })
          .returning();
        const assessment = safetyAssessmentFromRow(row!);
        await ctx.audit(tx, actor, {
          action: 'agreement.add_safety_assessment',
          entityType: 'agreement',
          entityId: agreementId,
          after: assessment,
        });
        return assessment;
      });
    },

    async listAgreements(actor: Actor, query: { partnerId?: string } = {}): Promise<Agreement[]> {
      const own = partnerScope(actor);
      if (own !== null && query.partnerId && query.partnerId !== own) return [];
      const partnerId = own ?? query.partnerId;
      if (partnerId) return partnerAgreements(db, partnerId);
      const all = await db.select({ id: partners.id }).from(partners).orderBy(asc(partners.name));
      const out: Agreement[] = [];
      for (const p of all) out.push(...(await partnerAgreements(db, p.id)));
      return out;
    },

    async getAgreement(actor: Actor, id: string): Promise<Agreement & { version: number }> {
      const own = partnerScope(actor);
      const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
      if (!row || (own !== null && row.partnerId !== own)) throw notFound('agreement', id);
      const assessments = await db
        .select()
        .from(safetyAssessments)
        .where(eq(safetyAssessments.agreementId, id));
      return { ...agreementFromRow(row, assessments.map(safetyAssessmentFromRow)), version: row.version };
    },

    // --- hubs ----------------------------------------------------------------------------------
    async createHub(actor: Actor, input: NewHub): Promise<Hub & { version: number }> {
      authorise(actor, 'manage_partners');
      return ctx.transaction(async (tx) => {
        await assertPartner(tx, input.partnerId);
        const [row] = await tx
          .insert(hubs)
          .values({
            partnerId: input.partnerId,
            name: input.name,
            places: input.places,
            outOfService: input.outOfService,
            meetsNeeds: input.meetsNeeds ?? [],
            openedOn: input.openedOn ?? null,
            closedOn: input.closedOn ?? null,
          })
          .returning();
        const hub = hubFromRow(row!);
        await ctx.audit(tx, actor, { action: 'hub.create', entityType: 'hub', entityId: hub.id, after: hub });
        return { ...hub, version: row!.version };
      });
    },

    /**
     * Changes a hub. Places and places out of service may not drop below what is in use: move
     * people or cancel allocations first.
     */
    async updateHub(
      actor: Actor,
      id: string,
      patch: HubPatch,
      version: number | undefined,
    ): Promise<Hub & { version: number }> {
      authorise(actor, 'manage_partners');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(hubs).where(eq(hubs.id, id)).for('update');
        if (!row) throw notFound('hub', id);
        assertVersion('hub', id, version, row.version);
        const before = hubFromRow(row);
        const after: Hub = { ...before, ...patch };
        const free = hubFreePlaces(after, await hubUse(tx, id));
        const short = UNIT_TYPES.filter((t) => free[t] < 0);
        if (short.length > 0) {
          throw new AppError(
            'CAPACITY_EXCEEDED',
            `This change leaves fewer usable places than people resident or allocated (${short
              .map((t) => `${t.replace('_', ' ')}: ${-free[t]} short`)
              .join(', ')}). Move people or cancel allocations first.`,
            { free },
          );
        }
        const [updated] = await tx
          .update(hubs)
          .set({ ...patch, version: row.version + 1, updatedAt: ctx.now() })
          .where(eq(hubs.id, id))
          .returning();
        const hub = hubFromRow(updated!);
        await ctx.audit(tx, actor, {
          action: 'hub.update',
          entityType: 'hub',
          entityId: id,
          before,
          after: hub,
        });
        return { ...hub, version: updated!.version };
      });
    },

    async listHubs(actor: Actor, query: { partnerId?: string } = {}): Promise<Hub[]> {
      const own = partnerScope(actor);
      const rows = await db
        .select()
        .from(hubs)
        .where(
          and(
            own === null ? undefined : eq(hubs.partnerId, own),
            query.partnerId ? eq(hubs.partnerId, query.partnerId) : undefined,
          ),
        )
        .orderBy(asc(hubs.name));
      return rows.map(hubFromRow);
    },

    async getHub(actor: Actor, id: string): Promise<Hub & { version: number }> {
      const hub = await readableHub(db, actor, id);
      const [row] = await db.select({ version: hubs.version }).from(hubs).where(eq(hubs.id, id));
      return { ...hub, version: row!.version };
    },

    async occupancy(actor: Actor, id: string): Promise<Occupancy> {
      const hub = await readableHub(db, actor, id);
      const use = await hubUse(db, id);
      return {
        hubId: id,
        date: ctx.today(),
        places: hub.places,
        outOfService: hub.outOfService,
        usable: hubUsablePlaces(hub),
        occupied: use.occupied,
        allocatedNotArrived: use.allocatedNotArrived,
        free: hubFreePlaces(hub, use),
      };
    },

    /** Residents on each night from `from` to `to` inclusive (at most 366 days). */
    async occupancyHistory(actor: Actor, id: string, from: IsoDate, to: IsoDate): Promise<OccupancyDay[]> {
      await readableHub(db, actor, id);
      if (to < from || addDays(from, 366) < to) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Ask for a period of at most 366 days, with from on or before to.',
          {
            issues: [{ path: 'query.to', message: 'Period too long or reversed' }],
          },
        );
      }
      const stays = await db
        .select({ arrivedOn: hubStays.arrivedOn, departedOn: hubStays.departedOn })
        .from(hubStays)
        .where(
          and(
            eq(hubStays.hubId, id),
            inArray(hubStays.status, ['arrived', 'departed']),
            lte(hubStays.arrivedOn, to),
            or(isNull(hubStays.departedOn), gte(hubStays.departedOn, from)),
          ),
        );
      const days: OccupancyDay[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const occupied = stays.filter(
          (s) => s.arrivedOn! <= d && (s.departedOn === null || s.departedOn > d),
        ).length;
        days.push({ date: d, occupied });
      }
      return days;
    },

    canManage: (actor: Actor) => can(actor, 'manage_partners'),
  };
}
