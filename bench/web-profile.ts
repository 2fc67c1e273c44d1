/**
 * Server CPU per page, for tuning the web pages: builds the web app over a scratch PostgreSQL
 * database (BENCH_DATABASE_URL) or PGlite, signs in, and fires requests at one page with
 * autocannon in a separate process, so this process's CPU time is the server's alone. Prints
 * requests per second, p99, and CPU ms per page for this process and for PostgreSQL's backends.
 *
 *   node --import tsx bench/web-profile.ts --page case|dashboard|list|results --connections 50 --seconds 10 [--only pglite]
 *   (add `--cpu-prof FILE.cpuprofile` to record where the time goes during the run)
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.ts';
import { migrate, openStore, type Store } from '../src/store/db.ts';
import { simulationRunRecords } from '../src/web/simulator/runs.ts';
import { addUser, buildWebApp, PageClient } from '../src/web/testing.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const page = opt('--page', 'case');
const connections = opt('--connections', '50');
const seconds = opt('--seconds', '10');
const profileTo = opt('--cpu-prof', '');
const pgUrl = opt('--only', '') === 'pglite' ? undefined : process.env.BENCH_DATABASE_URL;

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** CPU seconds of the PostgreSQL backends serving this database (user + system, from /proc). */
async function postgresCpu(): Promise<number> {
  if (!pgUrl) return 0;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1',
    [dbName],
  );
  await client.end();
  const tick = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  let total = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // gone
    }
  }
  return total;
}

let store: Store;
let drop: (() => Promise<void>) | undefined;
const dbName = `rh_bench_${randomBytes(4).toString('hex')}`;
if (pgUrl) {
  const name = dbName;
  await admin(pgUrl, `create database "${name}"`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  store = await openStore({ DATA_DIR: 'memory://', DATABASE_URL: u.toString() }, { poolSize: 20 });
  drop = () => admin(pgUrl, `drop database if exists "${name}" with (force)`);
} else {
  store = await openStore({ DATA_DIR: 'memory://' });
}
await migrate(store);
await seedDemo(store, { seed: 20261126 });
const { app, services } = await buildWebApp(store);
await addUser(services, 'bench-caseworker', 'caseworker');
const client = new PageClient(app);
await client.signIn('bench-caseworker');
const list = await client.get('/cases?state=FINALLY_REFUSED');
const caseId = /\/cases\/([0-9a-f-]{36})/.exec(list.body)![1];
let url = page === 'dashboard' ? '/dashboard' : page === 'list' ? '/cases' : `/cases/${caseId}`;
let cookie = client.cookieHeader();
if (page === 'results') {
  await addUser(services, 'bench-analyst', 'analyst');
  const analyst = new PageClient(app);
  await analyst.signIn('bench-analyst');
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
  url = `/simulator/runs/${runId}`;
  cookie = analyst.cookieHeader();
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
for (let i = 0; i < 200; i++) await app.inject({ url, headers: { cookie } }); // warm up

const inspector = new Session();
if (profileTo) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const cpu0 = process.cpuUsage();
const pg0 = await postgresCpu();
const out = await new Promise<string>((resolve, reject) => {
  const child = spawn(
    'node_modules/.bin/autocannon',
    ['-j', '-c', connections, '-d', seconds, '-H', `cookie=${cookie}`, `http://127.0.0.1:${port}${url}`],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.on('exit', () => resolve(text));
  child.on('error', reject);
});
const cpu = process.cpuUsage(cpu0);
const pgCpu = (await postgresCpu()) - pg0;
if (profileTo) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
}
const result = JSON.parse(out) as {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
const n = result.requests.total;
console.log(
  `${pgUrl ? 'postgres' : 'pglite'} ${page}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}; ` +
    `server CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/page (user ${(cpu.user / 1000 / n).toFixed(2)}), ` +
    `postgres CPU ${((pgCpu * 1000) / n).toFixed(2)} ms/page; ` +
    `event loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
);
await app.close();
await store.close();
await drop?.();
process.exit(0);
