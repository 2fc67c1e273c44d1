/**
 * CPU time actually spent, by this process, a child process or the PostgreSQL backends serving a
 * database, read from /proc. On a machine shared with other work, wall-clock times stretch with the
 * load; CPU seconds do not, so the benchmarks report both and say which part is whose.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const CLOCK_TICKS = 100;

/** utime + stime of a process, in seconds (0 if it has gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** The pids of the PostgreSQL backends connected to `database` (asked through `adminUrl`). */
export async function backendPids(adminUrl: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1',
      [database],
    );
    return rows.map((r) => Number(r.pid));
  } finally {
    await client.end();
  }
}

/** CPU seconds of a set of backends, by pid; compare two readings with `cpuSince`. */
export const backendCpu = (pids: readonly number[]): Map<number, number> =>
  new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));

/** CPU used by the backends alive now since `before` (backends that started since count in full). */
export function cpuSince(before: Map<number, number>, now: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of now) total += seconds - (before.get(pid) ?? 0);
  return total;
}
