/**
 * The database harness for storage and API tests. Every suite that touches the database runs once
 * per driver:
 *
 *   describe.each(testDrivers())('cases on $name', (driver) => {
 *     const db = useTestStore(driver);          // beforeAll: open + migrate; afterAll: dispose
 *     it('...', async () => { db().store ... });
 *   });
 *
 * PGlite always runs (in memory, started from a pre-migrated image so each file pays the WASM
 * start once). PostgreSQL runs when TEST_DATABASE_URL is set: each store gets its own database,
 * created from the base URL and dropped afterwards, because Vitest runs files in parallel processes.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, openStore, queryRows, type Driver, type Store } from '../src/store/db.ts';

export interface TestStore {
  readonly store: Store;
  /** Empties every table (keeps the schema), so a test can start from nothing. */
  truncate(): Promise<void>;
  /** Closes the store and drops its database. */
  dispose(): Promise<void>;
}

export interface TestDriver {
  readonly name: Driver;
  open(): Promise<TestStore>;
}

export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

let pgliteImage: Promise<Blob | File> | undefined;

/** A migrated, empty PGlite data dir, built once per test process. */
function migratedPgliteImage(): Promise<Blob | File> {
  pgliteImage ??= (async () => {
    const store = await openStore({ DATA_DIR: 'memory://' });
    await migrate(store);
    const image = await store.dumpDataDir!();
    await store.close();
    return image;
  })();
  return pgliteImage;
}

async function truncateAll(store: Store): Promise<void> {
  const rows = await queryRows<{ tablename: string }>(
    store.db,
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const tables = rows.map((r) => `"${r.tablename}"`);
  if (tables.length > 0) await store.db.execute(sql.raw(`truncate ${tables.join(', ')} cascade`));
}

const pgliteDriver: TestDriver = {
  name: 'pglite',
  async open() {
    const store = await openStore({ DATA_DIR: 'memory://' }, { loadDataDir: await migratedPgliteImage() });
    return { store, truncate: () => truncateAll(store), dispose: () => store.close() };
  },
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(baseUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const postgresDriver = (baseUrl: string): TestDriver => ({
  name: 'postgres',
  async open() {
    const database = `rh_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(baseUrl, `create database "${database}"`);
    const store = await openStore({ DATA_DIR: 'memory://', DATABASE_URL: withDatabase(baseUrl, database) });
    await migrate(store);
    return {
      store,
      truncate: () => truncateAll(store),
      async dispose() {
        await store.close();
        await adminQuery(baseUrl, `drop database if exists "${database}" with (force)`);
      },
    };
  },
});

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function testDrivers(): TestDriver[] {
  const url = testDatabaseUrl();
  return url ? [pgliteDriver, postgresDriver(url)] : [pgliteDriver];
}

/** Opens a migrated store for the enclosing describe block; the getter is valid inside tests. */
export function useTestStore(driver: TestDriver): () => TestStore {
  let current: TestStore | undefined;
  beforeAll(async () => {
    current = await driver.open();
  });
  afterAll(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useTestStore: the store is only available inside tests');
    return current;
  };
}
