/**
 * UK accommodation placements (hotel, dispersal, large site), each with its nightly cost: the
 * numbers at the centre of the public debate. Caseworkers record them; finance reads the costs.
 */
import { and, asc, eq, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import { can } from '../domain/permissions.ts';
import { placementCost, sumPence } from '../domain/money.ts';
import type { AccommodationKind, AccommodationPlacement, Actor, IsoDate, Pence } from '../domain/types.ts';
import { ACCOMMODATION_KINDS } from '../domain/types.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { placementFromRow } from '../store/mappers.ts';
import { accommodationPlacements, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import { assertVersion, type ServiceContext } from './context.ts';

export type NewPlacement = Omit<AccommodationPlacement, 'id' | 'endOn'> & { endOn?: IsoDate | null };

export interface CostSummary {
  from: IsoDate;
  to: IsoDate;
  byKind: Record<AccommodationKind, { placements: number; costPence: Pence }>;
  totalPence: Pence;
}

export function accommodationService(ctx: ServiceContext) {
  const { db } = ctx.store;

  function authoriseRead(actor: Actor): void {
    if (!can(actor, 'manage_accommodation') && !can(actor, 'read_finance')) {
      throw forbidden('read accommodation placements');
    }
  }

  return {
    async place(actor: Actor, input: NewPlacement): Promise<AccommodationPlacement & { version: number }> {
      authorise(actor, 'manage_accommodation');
      if (input.endOn && input.endOn < input.startOn) {
        throw new AppError('VALIDATION_FAILED', 'A placement cannot end before it starts.', {
          issues: [{ path: 'body.endOn', message: 'Before startOn' }],
        });
      }
      return ctx.transaction(async (tx) => {
        const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId));
        if (!person) throw notFound('person', input.personId);
        const [row] = await tx
          .insert(accommodationPlacements)
          .values({ ...input, endOn: input.endOn ?? null })
          .returning();
        const placement = placementFromRow(row!);
        await ctx.audit(tx, actor, {
          action: 'accommodation.place',
          entityType: 'accommodation_placement',
          entityId: placement.id,
          after: placement,
        });
        return { ...placement, version: row!.version };
      });
    },

    async end(actor: Actor, id: string, endOn: IsoDate, version: number | undefined) {
      authorise(actor, 'manage_accommodation');
      return ctx.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(accommodationPlacements)
          .where(eq(accommodationPlacements.id, id))
          .for('update');
        if (!row) throw notFound('accommodation placement', id);
        assertVersion('accommodation placement', id, version, row.version);
        if (endOn < row.startOn) {
          throw new AppError(
            'VALIDATION_FAILED',
            `A placement cannot end (${endOn}) before it starts (${row.startOn}).`,
            {
              issues: [{ path: 'body.endOn', message: 'Before the placement started' }],
            },
          );
        }
        const [updated] = await tx
          .update(accommodationPlacements)
          .set({ endOn, version: row.version + 1, updatedAt: ctx.now() })
          .where(eq(accommodationPlacements.id, id))
          .returning();
        const before = placementFromRow(row);
        const after = placementFromRow(updated!);
        await ctx.audit(tx, actor, {
          action: 'accommodation.end',
          entityType: 'accommodation_placement',
          entityId: id,
          before,
          after,
        });
        return { ...after, version: updated!.version };
      });
    },

    async list(
      actor: Actor,
      query: {
        personId?: string;
        kind?: AccommodationKind;
        activeOn?: IsoDate;
        limit?: number;
        after?: string;
      } = {},
    ): Promise<{ items: AccommodationPlacement[]; next: string | null }> {
      authoriseRead(actor);
      const limit = Math.min(query.limit ?? 100, 1000);
      const where: (SQL | undefined)[] = [
        query.personId ? eq(accommodationPlacements.personId, query.personId) : undefined,
        query.kind ? eq(accommodationPlacements.kind, query.kind) : undefined,
        query.activeOn
          ? and(
              lte(accommodationPlacements.startOn, query.activeOn),
              or(isNull(accommodationPlacements.endOn), gte(accommodationPlacements.endOn, query.activeOn)),
            )
          : undefined,
      ];
      if (query.after) where.push(gte(accommodationPlacements.id, query.after));
      const rows = await ctx.transaction(async (tx) => {
        const found = await tx
          .select()
          .from(accommodationPlacements)
          .where(and(...where))
          .orderBy(asc(accommodationPlacements.id))
          .limit(limit + 1);
        // Where someone stayed is part of their record: reading it is audited like any other read.
        if (found.length > 0 && can(actor, 'manage_accommodation')) {
          await ctx.audit(tx, actor, {
            action: 'accommodation.list',
            entityType: query.personId ? 'person' : 'accommodation_placement',
            entityId: query.personId ?? '*',
            after: { placementIds: found.slice(0, limit).map((r) => r.id) },
          });
        }
        return found;
      });
      const items = rows.slice(0, limit).map(placementFromRow);
      // Finance sees costs, never who: drop the person id.
      const shown = can(actor, 'manage_accommodation') ? items : items.map((p) => ({ ...p, personId: '' }));
      return { items: shown, next: rows.length > limit ? rows[limit]!.id : null };
    },

    /** What UK accommodation cost over a period, by kind (integer pence). */
    async costs(actor: Actor, from: IsoDate, to: IsoDate): Promise<CostSummary> {
      authoriseRead(actor);
      const rows = await db
        .select()
        .from(accommodationPlacements)
        .where(
          and(
            lte(accommodationPlacements.startOn, to),
            or(isNull(accommodationPlacements.endOn), gte(accommodationPlacements.endOn, from)),
          ),
        );
      const byKind = Object.fromEntries(
        ACCOMMODATION_KINDS.map((k) => [k, { placements: 0, costPence: 0 }]),
      ) as CostSummary['byKind'];
      for (const row of rows) {
        const p = placementFromRow(row);
        const cost = placementCost(p, from, to);
        byKind[p.kind].placements += 1;
        byKind[p.kind].costPence += cost;
      }
      return { from, to, byKind, totalPence: sumPence(Object.values(byKind).map((k) => k.costPence)) };
    },
  };
}
