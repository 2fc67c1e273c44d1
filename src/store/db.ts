/**
 * Opens the database: an embedded PGlite (file-backed in DATA_DIR, or in memory for
 * `DATA_DIR=memory://`) when DATABASE_URL is unset, a `pg` pool against PostgreSQL otherwise.
 * Both give the same Drizzle API over the same schema, so nothing above this file knows which.
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { getTableColumns, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgColumn, PgDatabase, PgQueryResultHKT, PgTable, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema.ts';
import type { Config } from '../config.ts';

export type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
/** The Drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, Relations>;
/** A transaction handle; repositories accept either (`Executor`). */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, Relations>;
export type Executor = Db | Tx;

export type Driver = 'pglite' | 'postgres';

export interface Store {
  readonly driver: Driver;
  readonly db: Db;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory (for test images and backups). */
  dumpDataDir?: () => Promise<Blob | File>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * pg and PGlite return int8 and numeric as strings in some places (to be exact beyond 2^53).
 * Our int8 values (pence, counts, sequence numbers) stay far below 2^53, so parse them as numbers
 * and both drivers agree. For pg this sets the process-wide parsers, once.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
let pgParsersSet = false;
function normalisePgNumbers(): void {
  if (pgParsersSet) return;
  pg.types.setTypeParser(INT8_OID, (v) => Number(v));
  pg.types.setTypeParser(NUMERIC_OID, (v) => Number(v));
  pgParsersSet = true;
}

export type StoreConfig = Pick<Config, 'DATA_DIR'> & { DATABASE_URL?: string | undefined };

export interface OpenStoreOptions {
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** PGlite only: start from this data-dir dump (tests use a pre-migrated image to start fast). */
  loadDataDir?: Blob | File;
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  if (config.DATABASE_URL) {
    normalisePgNumbers();
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: options.poolSize ?? 10 });
    // A failed idle client must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      driver: 'postgres',
      db,
      close: () => pool.end(),
    };
  }
  const inMemory = config.DATA_DIR.startsWith('memory://');
  if (!inMemory) mkdirSync(config.DATA_DIR, { recursive: true });
  const client = await PGlite.create({
    parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number },
    ...(inMemory ? {} : { dataDir: config.DATA_DIR }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    close: () => client.close(),
    dumpDataDir: async () => client.dumpDataDir('none'),
  };
}

/** Applies every migration in `migrations/` not yet applied (drizzle's journal). */
export async function migrate(store: Store): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (store.driver === 'postgres') {
    await migratePg(store.db as unknown as Parameters<typeof migratePg>[0], config);
  } else {
    await migratePglite(store.db as unknown as Parameters<typeof migratePglite>[0], config);
  }
}

export { schema };

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs a fixed SQL text as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call (worth it for the hot statements: the audit appends and the
 * case graph). The text must never vary under one name; values go in `params` ($1, $2, ...).
 */
export async function preparedRows<T>(
  executor: Executor,
  name: string,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const result = (await executor._.session
    .prepareQuery({ sql: text, params }, undefined, name, false)
    .execute()) as { rows: T[] };
  return result.rows;
}

/** Rows of `table` from JSON objects keyed by column name, as a Drizzle `select()` gives them. */
export function rowsFromJson<T extends PgTable>(
  table: T,
  objects: readonly Record<string, unknown>[],
): T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  return objects.map((object) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = object[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}
