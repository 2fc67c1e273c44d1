import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';

/** Where web sessions live: the `web_sessions` table (sid, data, expires_at), never memory. */
export interface WebSessionRecords {
  get(sid: string): Promise<{ data: unknown; expiresAt: Date } | null>;
  set(sid: string, data: unknown, expiresAt: Date): Promise<void>;
  destroy(sid: string): Promise<void>;
}

/** Adapts the session records to @fastify/session's callback store; an expired row is no session. */
export function databaseSessionStore(
  records: WebSessionRecords,
  options: { ttlMs: number; now?: () => Date },
): SessionStore {
  const now = options.now ?? (() => new Date());
  return {
    set(sid, session, callback) {
      const expiresAt = new Date(now().getTime() + options.ttlMs);
      records.set(sid, JSON.parse(JSON.stringify(session)), expiresAt).then(
        () => callback(),
        (error: unknown) => callback(error),
      );
    },
    get(sid, callback) {
      records.get(sid).then(
        (row) => {
          if (!row || row.expiresAt.getTime() <= now().getTime()) callback(null, null as unknown as Session);
          else callback(null, row.data as Session);
        },
        (error: unknown) => callback(error, null as unknown as Session),
      );
    },
    destroy(sid, callback) {
      records.destroy(sid).then(
        () => callback(),
        (error: unknown) => callback(error),
      );
    },
  };
}
