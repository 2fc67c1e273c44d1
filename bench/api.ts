/**
 * `npm run bench:api`: the JSON API under load, with autocannon against a real server on
 * 127.0.0.1, on PostgreSQL and on PGlite, plus the 100,000-case CSV import (bench/import.ts).
 * Targets (issue 2) on PostgreSQL: case read ≥ 1,500 req/s with p99 < 50 ms; transitions ≥ 300
 * req/s with the audit chain intact afterwards; import of 100,000 under 20 s; PGlite at least
 * half those rates. Results go in docs/benchmarks.md ("API").
 *
 *   npm run bench:api -- [--driver postgres|pglite|both] [--duration 10] [--connections 10] [--rows 100000]
 *   (--rows 0 skips the import)
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://app@127.0.0.1:54329/rh_cli); the bench
 * creates and drops its own database there. The server seeds the demo caseload on first start.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Request as LoadRequest, Result as LoadResult } from 'autocannon';
import pg from 'pg';
import { demoToken } from '../src/demo/accounts.ts';
import { verifyAuditChain } from '../src/store/audit.ts';
import { openStore } from '../src/store/db.ts';
import { backendCpu, backendPids, cpuSince, processCpuSeconds } from './cpu.ts';
import { benchImport, formatPhases } from './import.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const driverArg = arg('driver', 'both');
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '10'));
const importRows = Number(arg('rows', '100000'));
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://app@127.0.0.1:54329/rh_cli';
const SEED = 20261126;
const root = new URL('..', import.meta.url).pathname;

interface Row {
  driver: string;
  what: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU milliseconds per request spent by the server process and by PostgreSQL. */
  serverMs: number;
  postgresMs: number;
  note?: string;
}

interface Measured {
  result: LoadResult;
  serverCpu: number;
  postgresCpu: number;
}

function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Starts `src/server.ts` as its own process (its pid is the server: see stack.md gotcha 8). */
async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_SEED: String(SEED),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const seeded = /Seeded .* in ([\d.]+) s/.exec(output);
  if (seeded) console.log(`  demo seeded in ${seeded[1]} s`);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function api<T>(port: number, token: string, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Round-robin over a list of paths (and bodies): every request hits a different record. */
function rotating(paths: string[], method = 'GET', body?: (i: number) => string): LoadRequest[] {
  let i = 0;
  return [
    {
      method,
      setupRequest: (req) => {
        const n = i++;
        return { ...req, path: paths[n % paths.length]!, ...(body ? { body: body(n) } : {}) };
      },
    },
  ];
}

async function load(
  port: number,
  token: string,
  requests: LoadRequest[],
  conns = connections,
): Promise<LoadResult> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: conns,
    duration,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests,
  });
}

async function benchDriver(driver: 'postgres' | 'pglite', port: number): Promise<Row[]> {
  const rows: Row[] = [];
  const database = `rh_bench_api_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'rh-bench-api-'));
  const storeConfig =
    driver === 'postgres'
      ? { DATA_DIR: 'memory://', DATABASE_URL: withDatabaseName(baseUrl, database) }
      : { DATA_DIR: dataDir };
  if (driver === 'postgres') await adminQuery(`create database "${database}"`);
  console.log(`${driver}: starting the server (first start seeds the demo caseload) ...`);
  const server = await startServer(
    driver === 'postgres' ? { DATABASE_URL: storeConfig.DATABASE_URL! } : { DATA_DIR: dataDir },
    port,
  );
  try {
    const caseworker = demoToken(SEED, 'caseworker');
    const pick = async (state: string): Promise<string[]> => {
      const page = await api<{ items: { case?: { id: string }; id?: string }[] }>(
        port,
        caseworker,
        `/api/cases?state=${state}&limit=100`,
      );
      return page.items.map((item) => item.case?.id ?? item.id!).filter(Boolean);
    };
    const readable = [...(await pick('AWAITING_DECISION')), ...(await pick('APPEAL_PENDING'))];
    const finallyRefused = await pick('FINALLY_REFUSED');
    /** Runs a load and measures the CPU the server process and PostgreSQL spent on it. */
    const measured = async (run: () => Promise<LoadResult>): Promise<Measured> => {
      const pgPids = async () => (driver === 'postgres' ? backendPids(baseUrl, database) : []);
      const pgBefore = backendCpu(await pgPids());
      const serverBefore = processCpuSeconds(server.pid!);
      const result = await run();
      return {
        result,
        serverCpu: processCpuSeconds(server.pid!) - serverBefore,
        postgresCpu: cpuSince(pgBefore, backendCpu(await pgPids())),
      };
    };
    const record = (what: string, m: Measured, note?: string): void => {
      const r = m.result;
      const perRequest = (seconds: number) =>
        r.requests.total > 0 ? (seconds * 1000) / r.requests.total : 0;
      rows.push({
        driver,
        what,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        serverMs: perRequest(m.serverCpu),
        postgresMs: perRequest(m.postgresCpu),
        ...(note ? { note } : {}),
      });
      console.log(
        `  ${what}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}; CPU per request: server ${perRequest(m.serverCpu).toFixed(2)} ms, PostgreSQL ${perRequest(m.postgresCpu).toFixed(2)} ms`,
      );
    };

    const reads = readable.map((id) => `/api/cases/${id}`);
    record('read a case (GET /api/cases/:id)', await measured(() => load(port, caseworker, rotating(reads))));
    // The same with one connection: if 10 connections are barely faster, requests are queueing
    // on something shared (the audit chain head's row lock), not on CPU in this process.
    record('read a case, 1 connection', await measured(() => load(port, caseworker, rotating(reads), 1)));
    const searches = ['AF', 'ER', 'IR', 'SD', 'VN', 'IQ'].flatMap((n) =>
      ['AWAITING_DECISION', 'APPEAL_PENDING', 'FINALLY_REFUSED'].map(
        (s) => `/api/cases?state=${s}&nationality=${n}&limit=20`,
      ),
    );
    record(
      'search cases (GET /api/cases?state&nationality)',
      await measured(() => load(port, caseworker, rotating(searches))),
    );
    const transitions = await measured(() =>
      load(
        port,
        caseworker,
        rotating(
          finallyRefused.map((id) => `/api/cases/${id}/transitions`),
          'POST',
          () => JSON.stringify({ transition: 'confirmFitnessToTravel', assessedBy: 'Demo clinician' }),
        ),
      ),
    );
    await stopServer(server);
    const store = await openStore(storeConfig);
    const chain = await verifyAuditChain(store.db);
    await store.close();
    record(
      'apply a transition (POST /api/cases/:id/transitions)',
      transitions,
      chain.ok
        ? `audit chain intact afterwards (${chain.events} events)`
        : `AUDIT CHAIN BROKEN: ${chain.message}`,
    );
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    if (driver === 'postgres') await adminQuery(`drop database if exists "${database}" with (force)`);
  }
  return rows;
}

const drivers =
  driverArg === 'both' ? (['postgres', 'pglite'] as const) : [driverArg as 'postgres' | 'pglite'];
const results: Row[] = [];
const imports: string[] = [];
const load1 = loadavg()[0]!.toFixed(1);
for (const [i, d] of drivers.entries()) {
  results.push(...(await benchDriver(d, 3990 + i)));
  if (importRows === 0) continue; // --rows 0: the API only
  console.log(`${d}: importing ${importRows} cases from CSV ...`);
  const r = await benchImport(d, importRows);
  imports.push(
    `| ${d} | ${r.rows.toLocaleString('en-GB')} | ${r.importSeconds.toFixed(1)} s | ${r.nodeCpuSeconds.toFixed(1)} s | ${r.postgresCpuSeconds?.toFixed(1) ?? 'in node'} | ${r.auditEvents.toLocaleString('en-GB')}, chain verified in ${r.verifySeconds.toFixed(1)} s |`,
  );
  console.log(`  ${formatPhases(r.phases)}`);
  console.log(`  import: ${r.importSeconds.toFixed(1)} s`);
}

console.log(
  `\n${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, load average ${load1} at start / ${loadavg()[0]!.toFixed(1)} at end, ${connections} connections × ${duration} s\n`,
);
console.log(
  '| driver | request | req/s | p50 ms | p99 ms | non-2xx | CPU ms/request: server | CPU ms/request: PostgreSQL | note |\n|---|---|---:|---:|---:|---:|---:|---:|---|',
);
for (const r of results) {
  console.log(
    `| ${r.driver} | ${r.what} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.serverMs.toFixed(2)} | ${r.driver === 'postgres' ? r.postgresMs.toFixed(2) : 'in server'} | ${r.note ?? ''} |`,
  );
}
console.log(
  '\n| driver | cases imported | wall clock | CPU: node | CPU: PostgreSQL | audit events |\n|---|---:|---:|---:|---:|---|',
);
for (const line of imports) console.log(line);
