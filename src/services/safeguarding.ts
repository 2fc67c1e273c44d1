/**
 * Vulnerability flags (on a person) and holds (on a case). They are facts the safeguards read:
 * recording or clearing one is how a blocker appears or is cleared; there is no other override.
 */
import { eq } from 'drizzle-orm';
import type { Actor, Flag, FlagKind, FlagStatus, Hold, HoldKind, IsoDate } from '../domain/types.ts';
import { AppError, notFound } from '../errors.ts';
import { flagFromRow, holdFromRow } from '../store/mappers.ts';
import { cases, flags, holds, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import { assertVersion, type ServiceContext } from './context.ts';

export interface NewFlag {
  kind: FlagKind;
  status?: FlagStatus;
  raisedOn?: IsoDate;
  dueOn?: IsoDate | null;
  note?: string | null;
}

export interface FlagChange {
  status: FlagStatus;
  closedOn?: IsoDate | null;
  note?: string | null;
}

export interface NewHold {
  kind: HoldKind;
  startedOn?: IsoDate;
  reference?: string | null;
  note?: string | null;
}

export function flagsService(ctx: ServiceContext) {
  return {
    async raise(actor: Actor, personId: string, input: NewFlag): Promise<Flag & { version: number }> {
      authorise(actor, 'manage_flags');
      return ctx.transaction(async (tx) => {
        const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, personId));
        if (!person) throw notFound('person', personId);
        const [row] = await tx
          .insert(flags)
          .values({
            personId,
            kind: input.kind,
            status: input.status ?? 'pending',
            raisedOn: input.raisedOn ?? ctx.today(),
            dueOn: input.dueOn ?? null,
            note: input.note ?? null,
            raisedBy: actor.userId,
          })
          .returning();
        const flag = flagFromRow(row!);
        await ctx.audit(tx, actor, {
          action: 'flag.raise',
          entityType: 'flag',
          entityId: flag.id,
          after: flag,
        });
        return { ...flag, version: row!.version };
      });
    },

    async change(actor: Actor, id: string, input: FlagChange, version: number | undefined) {
      authorise(actor, 'manage_flags');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(flags).where(eq(flags.id, id)).for('update');
        if (!row) throw notFound('flag', id);
        assertVersion('flag', id, version, row.version);
        const closing = input.status === 'negative' || input.status === 'resolved';
        const closedOn = closing ? (input.closedOn ?? ctx.today()) : null;
        if (closedOn !== null && closedOn < row.raisedOn) {
          throw new AppError(
            'VALIDATION_FAILED',
            `A flag cannot close (${closedOn}) before it was raised (${row.raisedOn}).`,
            {
              issues: [{ path: 'body.closedOn', message: 'Before the flag was raised' }],
            },
          );
        }
        const [updated] = await tx
          .update(flags)
          .set({
            status: input.status,
            closedOn,
            ...(input.note !== undefined ? { note: input.note } : {}),
            version: row.version + 1,
            updatedAt: ctx.now(),
          })
          .where(eq(flags.id, id))
          .returning();
        const before = flagFromRow(row);
        const after = flagFromRow(updated!);
        await ctx.audit(tx, actor, {
          action: 'flag.change',
          entityType: 'flag',
          entityId: id,
          before,
          after,
        });
        return { ...after, version: updated!.version };
      });
    },
  };
}

export function holdsService(ctx: ServiceContext) {
  return {
    async record(actor: Actor, caseId: string, input: NewHold): Promise<Hold & { version: number }> {
      authorise(actor, 'manage_holds');
      return ctx.transaction(async (tx) => {
        const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
        if (!c) throw notFound('case', caseId);
        const [row] = await tx
          .insert(holds)
          .values({
            caseId,
            kind: input.kind,
            startedOn: input.startedOn ?? ctx.today(),
            reference: input.reference ?? null,
            note: input.note ?? null,
            recordedBy: actor.userId,
          })
          .returning();
        const hold = holdFromRow(row!);
        await ctx.audit(tx, actor, {
          action: 'hold.record',
          entityType: 'hold',
          entityId: hold.id,
          after: hold,
        });
        return { ...hold, version: row!.version };
      });
    },

    async lift(
      actor: Actor,
      id: string,
      input: { liftedOn?: IsoDate; note?: string | null },
      version: number | undefined,
    ) {
      authorise(actor, 'manage_holds');
      return ctx.transaction(async (tx) => {
        const [row] = await tx.select().from(holds).where(eq(holds.id, id)).for('update');
        if (!row) throw notFound('hold', id);
        assertVersion('hold', id, version, row.version);
        if (row.liftedOn !== null) {
          throw new AppError('CONFLICT', `The hold ${id} was already lifted on ${row.liftedOn}.`);
        }
        const liftedOn = input.liftedOn ?? ctx.today();
        if (liftedOn < row.startedOn) {
          throw new AppError(
            'VALIDATION_FAILED',
            `A hold cannot be lifted (${liftedOn}) before it started (${row.startedOn}).`,
            {
              issues: [{ path: 'body.liftedOn', message: 'Before the hold started' }],
            },
          );
        }
        const [updated] = await tx
          .update(holds)
          .set({
            liftedOn,
            ...(input.note !== undefined ? { note: input.note } : {}),
            version: row.version + 1,
            updatedAt: ctx.now(),
          })
          .where(eq(holds.id, id))
          .returning();
        const before = holdFromRow(row);
        const after = holdFromRow(updated!);
        await ctx.audit(tx, actor, { action: 'hold.lift', entityType: 'hold', entityId: id, before, after });
        return { ...after, version: updated!.version };
      });
    },
  };
}
