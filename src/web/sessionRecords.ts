import { eq, lt } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { webSessions } from '../store/schema.ts';
import type { WebSessionRecords } from './session-store.ts';

/** Web sessions in the `web_sessions` table, so they survive a restart and work across processes. */
export function databaseSessionRecords(db: Db): WebSessionRecords & { prune(before: Date): Promise<void> } {
  return {
    async get(sid) {
      const [row] = await db.select().from(webSessions).where(eq(webSessions.sid, sid)).limit(1);
      return row ? { data: row.data, expiresAt: row.expiresAt } : null;
    },
    async set(sid, data, expiresAt) {
      await db
        .insert(webSessions)
        .values({ sid, data, expiresAt })
        .onConflictDoUpdate({ target: webSessions.sid, set: { data, expiresAt } });
    },
    async destroy(sid) {
      await db.delete(webSessions).where(eq(webSessions.sid, sid));
    },
    async prune(before) {
      await db.delete(webSessions).where(lt(webSessions.expiresAt, before));
    },
  };
}
