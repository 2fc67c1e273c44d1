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
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { PageClient } from '../src/web/testing.ts';
import { openWebBench } from './webSetup.ts';

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

async function bench(driver: 'pglite' | 'postgres'): Promise<Row[]> {
  const { app, caseworker, analyst, caseId, runId, close } = await openWebBench(
    driver === 'postgres' ? pgUrl : undefined,
  );
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
  await close();
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
