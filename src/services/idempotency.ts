/**
 * Idempotency keys for POST requests: the first request with a key is handled and its response
 * stored; a retry with the same key and body gets the stored response without acting twice; the
 * same key with a different body is refused.
 */
import { and, eq, lt } from 'drizzle-orm';
import { idempotencyKeys } from '../store/schema.ts';
import type { Actor } from '../domain/types.ts';
import type { ServiceContext } from './context.ts';

export type IdempotencyStart =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'conflict' }
  | { kind: 'in_progress' };

/** Keys older than this are forgotten. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export function idempotencyService(ctx: ServiceContext) {
  const { db } = ctx.store;
  return {
    async begin(actor: Actor, key: string, requestHash: string): Promise<IdempotencyStart> {
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ userId: actor.userId, key, requestHash, createdAt: ctx.now() })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { kind: 'new' };
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)));
      if (!row) return this.begin(actor, key, requestHash);
      if (row.requestHash !== requestHash) return { kind: 'conflict' };
      if (row.statusCode === null) return { kind: 'in_progress' };
      return { kind: 'replay', statusCode: row.statusCode, response: row.response };
    },

    async complete(actor: Actor, key: string, statusCode: number, response: unknown): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({ statusCode, response: response ?? null })
        .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)));
    },

    /** Forgets a key whose request failed on our side, so the client can retry it. */
    async abandon(actor: Actor, key: string): Promise<void> {
      await db
        .delete(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)));
    },

    async purgeExpired(): Promise<number> {
      const cutoff = new Date(ctx.now().getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
      const rows = await db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, cutoff))
        .returning({ key: idempotencyKeys.key });
      return rows.length;
    },
  };
}
