import { eq, lt } from 'drizzle-orm';
import { preparedRows, type Db } from '../store/db.ts';
import { webSessions } from '../store/schema.ts';
import type { WebSessionRecords } from './session-store.ts';

type SessionRow = { data: unknown; expiresAt: Date };

const GET_MANY = 'select sid, data, expires_at from web_sessions where sid = any($1::text[])';

/**
 * Loads keys in groups: a key asked for while `concurrency` loads are already running waits, and
 * everything waiting then goes in one load. A load always starts after every key it answers was
 * asked for, so no answer is older than its question. Alone, a key is loaded at once.
 */
export function keyBatcher<V>(
  load: (keys: string[]) => Promise<Map<string, V>>,
  { concurrency, maxBatch = 500 }: { concurrency: number; maxBatch?: number },
): (key: string) => Promise<V | undefined> {
  const queue: { key: string; resolve(value: V | undefined): void; reject(error: unknown): void }[] = [];
  let running = 0;
  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running += 1;
      load([...new Set(batch.map((b) => b.key))])
        .then(
          (found) => batch.forEach((b) => b.resolve(found.get(b.key))),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  }
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      pump();
    });
}

/**
 * Web sessions in the `web_sessions` table, so they survive a restart and work across processes.
 * Every signed-in page reads its row, so reads share statements under load (`keyBatcher`): one
 * prepared `sid = any($1)` for all the pages waiting, instead of a query each.
 */
export function databaseSessionRecords(
  db: Db,
  options: { concurrency?: number } = {},
): WebSessionRecords & { prune(before: Date): Promise<void> } {
  const load = keyBatcher<SessionRow>(
    async (sids) => {
      const rows = await preparedRows<{ sid: string; data: unknown; expires_at: unknown }>(
        db,
        'web_sessions_get_many_v1',
        GET_MANY,
        [sids],
      );
      return new Map(
        rows.map((r) => [
          r.sid,
          {
            data: webSessions.data.mapFromDriverValue(r.data),
            expiresAt: new Date(r.expires_at as string | Date),
          },
        ]),
      );
    },
    { concurrency: options.concurrency ?? 2 },
  );
  return {
    async get(sid) {
      return (await load(sid)) ?? null;
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
