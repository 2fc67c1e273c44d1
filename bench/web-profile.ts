/**
 * Server CPU per page, for tuning the web pages: builds the web app over a scratch PostgreSQL
 * database (BENCH_DATABASE_URL) or PGlite, signs in, and fires requests at one page with
 * autocannon in a separate process, so this process's CPU time is the server's alone. Prints
 * requests per second, p99, and CPU ms per page for this process and for PostgreSQL's backends.
 *
 *   node --import tsx bench/web-profile.ts --page case|dashboard|list|results --connections 50 --seconds 10 [--only pglite]
 *   (add `--cpu-prof FILE.cpuprofile` to record where the time goes during the run)
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { backendCpu, backendPids, cpuSince } from './cpu.ts';
import { openWebBench } from './webSetup.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const page = opt('--page', 'case');
const connections = opt('--connections', '50');
const seconds = opt('--seconds', '10');
const profileTo = opt('--cpu-prof', '');
const pgUrl = opt('--only', '') === 'pglite' ? undefined : process.env.BENCH_DATABASE_URL;

const bench = await openWebBench(pgUrl);
const { app, caseworker, analyst, caseId, runId } = bench;
const url =
  page === 'dashboard'
    ? '/dashboard'
    : page === 'list'
      ? '/cases'
      : page === 'results'
        ? `/simulator/runs/${runId}`
        : `/cases/${caseId}`;
const cookie = (page === 'results' ? analyst : caseworker).cookieHeader();
await app.listen({ host: '127.0.0.1', port: 0 });
/** CPU seconds of the PostgreSQL backends serving the bench's database. */
const postgresCpu = async () =>
  pgUrl ? backendCpu(await backendPids(pgUrl, bench.databaseName)) : new Map<number, number>();
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
const pgCpu = cpuSince(pg0, await postgresCpu());
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
await bench.close();
process.exit(0);
