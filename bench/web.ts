/**
 * `npm run bench:web`: requests per second and p99 latency for the dashboard, the case page and
 * the scenario results page, signed in, on PGlite and on PostgreSQL, with the demo caseload; and
 * the weight of each page (HTML plus CSS, before images).
 *
 * PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set: a scratch database is
 * created there and dropped afterwards. Options: --connections N (default 50), --seconds N
 * (default 10), --only pglite|postgres, --workers N (default 1).
 *
 * The app runs in this process; autocannon fires from its own worker thread(s), so the load
 * generator does not share the server's event loop (bench:api runs the server as a child process
 * for the same reason).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.ts';
import { migrate, openStore, type Store } from '../src/store/db.ts';
import { addUser, buildWebApp, PageClient } from '../src/web/testing.ts';
import { simulationRunRecords } from '../src/web/simulator/runs.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const connections = Number(opt('--connections', '50'));
const seconds = Number(opt('--seconds', '10'));
const only = opt('--only', '');
const workers = Number(opt('--workers', '1'));
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

interface Row {
  driver: string;
  page: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  htmlBytes: number;
  cssBytes: number;
  /** Median of 20 sequential requests, ms. */
  singleMedian: number;
  /** p99 with the same users each opening one page a second (open load, not saturating). */
  pacedP99: number;
  pacedRps: number;
}

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function bench(driver: 'pglite' | 'postgres'): Promise<Row[]> {
  let store: Store;
  let drop: (() => Promise<void>) | undefined;
  if (driver === 'postgres') {
    const name = `rh_bench_${randomBytes(4).toString('hex')}`;
    await admin(pgUrl!, `create database "${name}"`);
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    store = await openStore({ DATA_DIR: 'memory://', DATABASE_URL: u.toString() }, { poolSize: 20 });
    drop = () => admin(pgUrl!, `drop database if exists "${name}" with (force)`);
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
  const caseId = /\/cases\/([0-9a-f-]{36})/.exec(list.body)![1];
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

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const pages: { page: string; url: string; client: PageClient }[] = [
    { page: 'dashboard', url: '/dashboard', client: caseworker },
    { page: 'case page', url: `/cases/${caseId}`, client: caseworker },
    { page: 'scenario results', url: `/simulator/runs/${runId}`, client: analyst },
  ];
  const rows: Row[] = [];
  for (const p of pages) {
    const response = await p.client.get(p.url);
    const cookie = p.client.cookieHeader();
    const css = [...response.body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    let cssBytes = 0;
    for (const href of css) cssBytes += Buffer.byteLength((await app.inject(href)).body);
    // One person at a time first: the latency a caseworker sees when the machine is not saturated.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await fetch(`${base}${p.url}`, { headers: { cookie } }).then((r) => r.text());
      single.push(performance.now() - t0);
    }
    single.sort((a, b) => a - b);
    const result = await autocannon({
      url: `${base}${p.url}`,
      connections,
      duration: seconds,
      headers: { cookie },
      ...(workers > 0 ? { workers } : {}),
    });
    // The same users at a human pace: each opens one page a second (50 pages a second in all).
    const paced = await autocannon({
      url: `${base}${p.url}`,
      connections,
      connectionRate: 1,
      duration: seconds,
      headers: { cookie },
      ...(workers > 0 ? { workers } : {}),
    });
    rows.push({
      driver,
      pacedP99: paced.latency.p99,
      pacedRps: paced.requests.average,
      page: p.page,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      htmlBytes: Buffer.byteLength(response.body),
      singleMedian: single[10],
      cssBytes,
    });
    console.error(`${driver} ${p.page}: ${result.requests.average} req/s, p99 ${result.latency.p99} ms`);
  }
  await app.close();
  await store.close();
  await drop?.();
  return rows;
}

const loadAtStart = loadavg()[0]!.toFixed(2);
const rows: Row[] = [];
if (only !== 'postgres') rows.push(...(await bench('pglite')));
if (only !== 'pglite' && pgUrl) rows.push(...(await bench('postgres')));

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `\n${connections} connections (${workers > 0 ? `${workers} load worker thread(s)` : 'load in the server thread'}), ${seconds} s per page, load average ${loadAtStart} at start, now ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
console.log(
  '| driver | page | one user: median ms | req/s | p50 ms | p99 ms | errors | each user 1 page/s: req/s | p99 ms | HTML | CSS | HTML+CSS |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.driver} | ${r.page} | ${r.singleMedian.toFixed(0)} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.pacedRps.toFixed(0)} | ${r.pacedP99} | ${kb(r.htmlBytes)} | ${kb(r.cssBytes)} | ${kb(r.htmlBytes + r.cssBytes)} |`,
  );
}
process.exit(0);
