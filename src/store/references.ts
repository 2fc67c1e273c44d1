import { sql } from 'drizzle-orm';
import type { Executor } from './db.ts';
import { queryRows } from './db.ts';

/** A new human reference, e.g. `RH-2026-000042`, from the shared reference sequence. */
export async function nextReference(ex: Executor, prefix: string, year: number): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`select nextval('reference_seq')::int as n`);
  return `${prefix}-${year}-${String(row!.n).padStart(6, '0')}`;
}
