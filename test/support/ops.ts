/**
 * Helpers for the hub-operations suites (allocation, transfers, stays, ledger, webhooks), whose
 * proposals read every eligible case: each test starts from an empty database.
 */
import { sql } from 'drizzle-orm';
import type { TestStore } from '../db.ts';

const GENESIS = '0'.repeat(64);

/** Empties every table and restores the audit chain's genesis row (as the migrations leave it). */
export async function emptyDatabase(db: TestStore): Promise<void> {
  await db.truncate();
  await db.store.db.execute(
    sql`insert into audit_chain_head (id, seq, hash) values (1, 0, ${GENESIS}) on conflict do nothing`,
  );
}
