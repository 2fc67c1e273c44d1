/**
 * Profiles one kind of case transition on PGlite (or PostgreSQL) without HTTP: seeds the demo
 * caseload, then applies `confirmFitnessToTravel` to FINALLY_REFUSED cases (what bench/api.ts fires)
 * and reports wall clock, CPU and SQL statements per transition. Run under `node --cpu-prof` to see
 * where the milliseconds go.
 *
 *   node --import tsx bench/profile-transition.ts [--n 2000] [--concurrency 10] [--data-dir DIR]
 *   node --import tsx bench/profile-transition.ts --profile /tmp/transition.cpuprofile (measured phase only)
 *   BENCH_DATABASE_URL=postgres://... node --import tsx bench/profile-transition.ts --driver postgres
 *
 * What it found on PGlite (file-backed, one transaction per transition): 6 statements plus BEGIN and
 * COMMIT, about 8.4 ms wall and 9-10 ms CPU each (case lock 0.7 ms, case graph 2.3, update 0.9,
 * timeline insert 0.7, hub-stay lookup 0.7, audit append 1.3; the rest BEGIN/COMMIT and JS). Of the
 * CPU, ~42% was PostgreSQL in WASM, ~31% PGlite's JS (wire protocol parsing, file system calls),
 * ~10% Drizzle building queries, ~5% our code. Group commit (src/services/groupCommit.ts) shares
 * one transaction and five statements among the transitions waiting: 0.8 statements and ~1.8 ms
 * CPU per transition at 10 concurrent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { testConfig } from '../src/config.ts';
import { demoToken } from '../src/demo/accounts.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { verifyAuditChain } from '../src/store/audit.ts';
import { migrate, openStore } from '../src/store/db.ts';
import { cases } from '../src/store/schema.ts';
import { createServices } from '../src/services/index.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const n = Number(arg('n', '2000'));
const concurrency = Number(arg('concurrency', '10'));
const driver = arg('driver', 'pglite');
const SEED = 20261126;

const dataDir = arg('data-dir', '') || mkdtempSync(join(tmpdir(), 'rh-profile-'));
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://app@127.0.0.1:54329/rh_perf';
const database = `rh_profile_${process.pid}`;
const admin = async (text: string) => {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(text);
  await client.end();
};
let url: string | undefined;
if (driver === 'postgres') {
  await admin(`create database "${database}"`);
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  url = u.toString();
}
const config = testConfig({ DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) });
const store = await openStore(url ? { DATA_DIR: dataDir, DATABASE_URL: url } : { DATA_DIR: dataDir });

/** Counts the statements sent to the database (both drivers go through their client's `query`). */
let statements = 0;
const counts = new Map<string, number>();
const times = new Map<string, number>();
const client = (store.db as unknown as { $client: Record<string, unknown> }).$client;
const wrap = (target: Record<string, unknown>, method: string) => {
  const original = target[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
  if (!original) return;
  target[method] = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    const q = args[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string })?.text ?? String(q));
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const start = performance.now();
    const done = () => times.set(key, (times.get(key) ?? 0) + performance.now() - start);
    const result = original.apply(this, args);
    // pg's callback form returns nothing; time only the promise form.
    if (result && typeof result.then === 'function') void result.then(done, done);
    return result;
  };
};
if (driver === 'pglite') {
  // Transactions hand out their own `tx` object; count through the prototype-level methods.
  const proto = Object.getPrototypeOf(client) as Record<string, unknown>;
  for (const m of ['query', 'exec']) wrap(proto, m);
  const originalTransaction = client.transaction as (
    fn: (tx: unknown) => Promise<unknown>,
  ) => Promise<unknown>;
  client.transaction = function (this: unknown, fn: (tx: Record<string, unknown>) => Promise<unknown>) {
    return originalTransaction.call(this, (tx: unknown) => {
      const t = tx as Record<string, unknown>;
      wrap(t, 'query');
      wrap(t, 'exec');
      return fn(t);
    });
  };
} else {
  wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query');
}

await migrate(store);
const t0 = performance.now();
await seedDemo(store, { seed: SEED, asOf: '2026-11-26' });
console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${driver})`);

const services = createServices(store, config);
const actor = (await services.users.authenticateToken(demoToken(SEED, 'caseworker')))!;
const ids = (
  await store.db.select({ id: cases.id }).from(cases).where(eq(cases.state, 'FINALLY_REFUSED')).limit(100)
).map((r) => r.id);

const fire = async (count: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const id = ids[next++ % ids.length]!;
        await services.cases.transition(actor, id, {
          transition: 'confirmFitnessToTravel',
          assessedBy: 'Demo clinician',
        });
      }
    }),
  );
};

await fire(Math.min(200, n)); // warm up (JIT, prepared statements)
statements = 0;
counts.clear();
times.clear();
const profileFile = arg('profile', '');
const session = new Session();
if (profileFile) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const w0 = performance.now();
await fire(n);
const wall = performance.now() - w0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
if (profileFile) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
console.log(
  `${n} transitions, concurrency ${concurrency}: ${(n / (wall / 1000)).toFixed(0)} /s, wall ${(wall / n).toFixed(2)} ms, CPU ${(cpuMs / n).toFixed(2)} ms (node process), ${(statements / n).toFixed(2)} statements each`,
);
for (const [text, c] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`  ${(c / n).toFixed(2)} × ${((times.get(text) ?? 0) / c).toFixed(2)} ms  ${text}`);
}
const chain = await verifyAuditChain(store.db);
console.log(
  chain.ok ? `audit chain intact (${chain.events} events)` : `AUDIT CHAIN BROKEN: ${chain.message}`,
);
await store.close();
if (!arg('data-dir', '')) rmSync(dataDir, { recursive: true, force: true });
if (driver === 'postgres') await admin(`drop database if exists "${database}" with (force)`);
