/**
 * What the web benchmarks (`bench/web.ts`, `bench/web-profile.ts`) start from: the web app over a
 * scratch PostgreSQL database created under `pgUrl` (dropped by `close`) or over PGlite in memory,
 * seeded with the demo caseload, a signed-in caseworker and analyst, a finally refused case for the
 * case page, and a finished `reference-r2` run (4 replications) for the scenario results page.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.ts';
import { migrate, openStore, type Store } from '../src/store/db.ts';
import { simulationRunRecords } from '../src/web/simulator/runs.ts';
import { addUser, buildWebApp, PageClient } from '../src/web/testing.ts';

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function openWebBench(pgUrl: string | undefined) {
  const driver = pgUrl ? 'postgres' : 'pglite';
  const databaseName = `rh_bench_${randomBytes(4).toString('hex')}`;
  let store: Store;
  if (pgUrl) {
    await admin(pgUrl, `create database "${databaseName}"`);
    const u = new URL(pgUrl);
    u.pathname = `/${databaseName}`;
    store = await openStore({ DATA_DIR: 'memory://', DATABASE_URL: u.toString() }, { poolSize: 20 });
  } else {
    store = await openStore({ DATA_DIR: 'memory://' });
  }
  await migrate(store);
  const started = Date.now();
  const seeded = await seedDemo(store, { seed: 20261126 });
  console.error(
    `${driver}: seeded ${seeded.counts.cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const { app, services } = await buildWebApp(store);
  await addUser(services, 'bench-caseworker', 'caseworker');
  await addUser(services, 'bench-analyst', 'analyst');
  const caseworker = new PageClient(app);
  await caseworker.signIn('bench-caseworker');
  const analyst = new PageClient(app);
  await analyst.signIn('bench-analyst');

  const list = await caseworker.get('/cases?state=FINALLY_REFUSED');
  const caseId = /\/cases\/([0-9a-f-]{36})/.exec(list.body)![1]!;
  await analyst.get('/simulator/scenarios/reference-r2');
  const run = await analyst.post('/simulator/scenarios/reference-r2', { replications: '4', seed: '1' });
  const runId = String(run.headers.location).split('/').pop()!;
  const runs = simulationRunRecords(store.db);
  for (;;) {
    const r = await runs.get(runId);
    if (r?.status === 'DONE') break;
    if (r?.status === 'FAILED') throw new Error(r.error ?? 'run failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    driver,
    databaseName,
    store,
    app,
    caseworker,
    analyst,
    caseId,
    runId,
    async close(): Promise<void> {
      await app.close();
      await store.close();
      if (pgUrl) await admin(pgUrl, `drop database if exists "${databaseName}" with (force)`);
    },
  };
}
