/**
 * Time to import 100,000 cases from CSV (issue 2's target: under 20 s on PostgreSQL, PGlite within
 * twice that). Builds a deterministic file, imports it into an empty database through the same
 * service `hubs import cases` uses, and prints where the time went.
 *
 *   node --import tsx bench/import.ts [--rows 100000] [--driver pglite|postgres|both]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://app@127.0.0.1:54329/rh_cli); the bench creates
 * and drops its own database there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../src/services/context.ts';
import { CASE_CSV_COLUMNS, csvLine, validateCaseCsv } from '../src/services/caseCsv.ts';
import { importCases } from '../src/services/importExport.ts';
import { migrate, openStore, queryRows } from '../src/store/db.ts';
import type { Store } from '../src/store/db.ts';
import { verifyAuditChain } from '../src/store/audit.ts';
import { backendCpu, backendPids, cpuSince } from './cpu.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '100000'));
const driver = arg('driver', 'both');
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://app@127.0.0.1:54329/rh_cli';

const NATIONALITIES = ['AF', 'ER', 'IR', 'SD', 'VN', 'IQ', 'SY', 'AL', 'TR', 'EG'];
const STATES = [
  ['AWAITING_DECISION', 8],
  ['APPEAL_PENDING', 3],
  ['FINALLY_REFUSED', 2],
  ['GRANTED', 1],
  ['CLAIM_LODGED', 1],
] as const;
const stateFor = (i: number): string => {
  let r = i % 15;
  for (const [state, w] of STATES) {
    if (r < w) return state;
    r -= w;
  }
  return 'AWAITING_DECISION';
};

/** A deterministic file: one case per person, every tenth person in a household of two. */
export function buildCsv(n: number): string {
  const header = CASE_CSV_COLUMNS.map((c) => c.name);
  const parts: string[] = [csvLine(header)];
  for (let i = 1; i <= n; i++) {
    const state = stateFor(i);
    const decided = state !== 'AWAITING_DECISION' && state !== 'CLAIM_LODGED';
    const inHousehold = i % 10 === 1 || i % 10 === 2;
    const values: Record<string, string> = {
      case_reference: `BENCH-${String(i).padStart(7, '0')}`,
      person_reference: `BP-${String(i).padStart(7, '0')}`,
      given_names: i % 97 === 0 ? 'Alfa, "Al"' : 'Bravo',
      family_name: `Synthetic-${i}`,
      date_of_birth: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      sex: i % 7 === 0 ? 'female' : 'male',
      nationality: NATIONALITIES[i % NATIONALITIES.length]!,
      arrival_date: '2025-03-01',
      route: 'small_boat',
      household_reference: inHousehold ? `BH-${Math.ceil(i / 10)}` : '',
      household_role: inHousehold ? (i % 10 === 1 ? 'principal' : 'partner') : '',
      state,
      claim_lodged_on: '2025-03-03',
      decided_on: decided ? '2025-09-01' : '',
      appeal_lodged_on: state === 'APPEAL_PENDING' ? '2025-09-10' : '',
      finally_refused_on: state === 'FINALLY_REFUSED' ? '2025-09-16' : '',
      absconded_from_state: '',
      languages: 'ar',
    };
    parts.push(csvLine(header.map((h) => values[h]!)));
  }
  return parts.join('');
}

async function withDatabase<T>(
  name: 'pglite' | 'postgres',
  fn: (store: Store, database: string | null) => Promise<T>,
): Promise<T> {
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'rh-bench-import-'));
    const store = await openStore({ DATA_DIR: dir });
    try {
      await migrate(store);
      return await fn(store, null);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const database = `rh_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const store = await openStore({ DATA_DIR: 'memory://', DATABASE_URL: url.toString() });
  try {
    await migrate(store);
    return await fn(store, database);
  } finally {
    await store.close();
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  }
}

export interface ImportBench {
  driver: string;
  rows: number;
  validateSeconds: number;
  importSeconds: number;
  verifySeconds: number;
  auditEvents: number;
  phases: Record<string, number>;
  /** CPU seconds spent by this process, and by the PostgreSQL backends (null on PGlite). */
  nodeCpuSeconds: number;
  postgresCpuSeconds: number | null;
}

export const formatPhases = (phases: Record<string, number>): string =>
  Object.entries(phases)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join('; ');

export async function benchImport(name: 'pglite' | 'postgres', n: number): Promise<ImportBench> {
  const text = buildCsv(n);
  const today = '2026-11-26';
  return withDatabase(name, async (store, database) => {
    let t = performance.now();
    const checked = validateCaseCsv(text, { today });
    const validateSeconds = (performance.now() - t) / 1000;
    if (!checked.ok) throw new Error(`bench file invalid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
    t = performance.now();
    const pgBefore = database ? backendCpu(await backendPids(baseUrl, database)) : null;
    const cpuBefore = process.cpuUsage();
    const phases: Record<string, number> = {};
    const result = await importCases(store, SYSTEM_ACTOR, text, {
      today,
      onPhase: (name, ms) => (phases[name] = ms / 1000),
    });
    const importSeconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const postgresCpuSeconds =
      database && pgBefore ? cpuSince(pgBefore, backendCpu(await backendPids(baseUrl, database))) : null;
    if (!result.ok) throw new Error('import refused the bench file');
    t = performance.now();
    const verified = await verifyAuditChain(store.db);
    const verifySeconds = (performance.now() - t) / 1000;
    if (!verified.ok) throw new Error(`audit chain broken after import: ${verified.message}`);
    const [count] = await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from cases`);
    if (Number(count!.n) !== n) throw new Error(`expected ${n} cases, found ${count!.n}`);
    return {
      driver: name,
      rows: n,
      validateSeconds,
      importSeconds,
      verifySeconds,
      auditEvents: verified.events,
      phases,
      nodeCpuSeconds,
      postgresCpuSeconds,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const drivers = driver === 'both' ? (['postgres', 'pglite'] as const) : [driver as 'pglite' | 'postgres'];
  for (const d of drivers) {
    const r = await benchImport(d, rows);
    console.log(
      `${d}: import of ${r.rows} cases ${r.importSeconds.toFixed(1)} s; ${r.auditEvents} audit events, chain verified in ${r.verifySeconds.toFixed(1)} s`,
    );
    console.log(`  ${formatPhases(r.phases)}`);
    console.log(
      `  CPU: node ${r.nodeCpuSeconds.toFixed(1)} s, PostgreSQL ${r.postgresCpuSeconds?.toFixed(1) ?? '-'} s`,
    );
  }
}
