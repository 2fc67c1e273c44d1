/**
 * Reading and verifying the audit trail. Appending is done by every other service through
 * `ServiceContext.audit`, inside its own transaction (src/store/audit.ts).
 */
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { auditEvents } from '../store/schema.ts';
import { verifyAuditChain, type AuditVerification } from '../store/audit.ts';
import { scopeOf } from '../domain/permissions.ts';
import type { Actor } from '../domain/types.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  /** Omitted for pseudonymised readers (monitors): they see what happened, not the data. */
  before?: unknown;
  after?: unknown;
  hash: string;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  /** Return events after this seq (cursor). */
  afterSeq?: number;
  limit?: number;
}

export function auditService(ctx: ServiceContext) {
  const { db } = ctx.store;
  return {
    async list(
      actor: Actor,
      query: AuditQuery = {},
    ): Promise<{ items: AuditEventView[]; nextAfterSeq: number | null }> {
      authorise(actor, 'read_audit');
      const full = scopeOf(actor.role, 'read_audit') === 'all';
      const limit = Math.min(query.limit ?? 100, 1000);
      const where: SQL[] = [gt(auditEvents.seq, query.afterSeq ?? 0)];
      if (query.entityType) where.push(eq(auditEvents.entityType, query.entityType));
      if (query.entityId) where.push(eq(auditEvents.entityId, query.entityId));
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(...where))
        .orderBy(asc(auditEvents.seq))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map((r) => ({
        seq: r.seq,
        occurredAt: r.occurredAt.toISOString(),
        actorId: r.actorId,
        actorRole: r.actorRole,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        ...(full ? { before: r.before, after: r.after } : {}),
        hash: r.hash,
      }));
      return { items, nextAfterSeq: rows.length > limit ? items[items.length - 1]!.seq : null };
    },

    async verify(actor: Actor): Promise<AuditVerification> {
      authorise(actor, 'verify_audit');
      return verifyAuditChain(db);
    },
  };
}
