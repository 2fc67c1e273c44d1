import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { simulationRuns } from '../../store/schema.ts';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface RunOptions {
  /** The shipped scenario it started from. */
  scenarioName: string;
  title: string;
  replications: number;
  seed: number;
  /** Parameters the analyst changed: path → value. */
  changed: Record<string, number>;
}

export interface SimulationRun {
  id: string;
  scenario: unknown;
  options: RunOptions;
  status: RunStatus;
  progress: number;
  result: unknown;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The run is still RUNNING under this owner's lease (a process that lost its lease writes nothing). */
const held = (id: string, owner: string) =>
  and(eq(simulationRuns.id, id), eq(simulationRuns.status, 'RUNNING'), eq(simulationRuns.leaseOwner, owner));

/** A run without its scenario and result (both large): enough for status, headings and lists. */
type RunSummary = Omit<SimulationRun, 'result' | 'scenario'>;
const summaryColumns = {
  id: simulationRuns.id,
  options: simulationRuns.options,
  status: simulationRuns.status,
  progress: simulationRuns.progress,
  error: simulationRuns.error,
  createdBy: simulationRuns.createdBy,
  createdAt: simulationRuns.createdAt,
  finishedAt: simulationRuns.finishedAt,
};
const toSummary = (
  row: Omit<RunSummary, 'options' | 'status'> & { options: unknown; status: string },
): RunSummary => ({
  ...row,
  options: row.options as RunOptions,
  status: row.status as RunStatus,
});

/**
 * Simulation runs in the `simulation_runs` table: the run's progress and result live in the
 * database, so a page reload (or another browser) finds them, and a long run outlives the request.
 */
export function simulationRunRecords(db: Db) {
  const toRun = (row: typeof simulationRuns.$inferSelect): SimulationRun => ({
    ...row,
    options: row.options as RunOptions,
    status: row.status as RunStatus,
  });
  return {
    async create(scenario: unknown, options: RunOptions, createdBy: string | null): Promise<SimulationRun> {
      const [row] = await db
        .insert(simulationRuns)
        .values({ scenario, options, createdBy, status: 'QUEUED' })
        .returning();
      return toRun(row);
    },
    async get(id: string): Promise<SimulationRun | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await db.select().from(simulationRuns).where(eq(simulationRuns.id, id)).limit(1);
      return row ? toRun(row) : null;
    },
    /** A run without its scenario and result: enough for status and headings. */
    async meta(id: string): Promise<RunSummary | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await db
        .select(summaryColumns)
        .from(simulationRuns)
        .where(eq(simulationRuns.id, id))
        .limit(1);
      return row ? toSummary(row) : null;
    },
    async many(ids: string[]): Promise<SimulationRun[]> {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (valid.length === 0) return [];
      const rows = await db.select().from(simulationRuns).where(inArray(simulationRuns.id, valid));
      return valid
        .map((id) => rows.find((r) => r.id === id))
        .filter((r) => r !== undefined)
        .map(toRun);
    },
    /** The most recent runs, without their (large) results. */
    async recent(limit = 20): Promise<RunSummary[]> {
      const rows = await db
        .select(summaryColumns)
        .from(simulationRuns)
        .orderBy(desc(simulationRuns.createdAt))
        .limit(limit);
      return rows.map(toSummary);
    },
    /**
     * Claims the oldest run nobody holds: a QUEUED run, or a RUNNING one whose holder stopped
     * renewing its lease (the process died). `for update skip locked` lets several processes
     * share one database without two of them claiming the same run.
     */
    async claim(owner: string, leaseMs: number): Promise<SimulationRun | null> {
      // One statement: the claim returns the run it took.
      const [row] = await db
        .update(simulationRuns)
        .set({
          status: 'RUNNING',
          attempts: sql`${simulationRuns.attempts} + 1`,
          leaseOwner: owner,
          leaseExpiresAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
        })
        .where(
          sql`${simulationRuns.id} = (
              select id from simulation_runs
               where status = 'QUEUED'
                  or (status = 'RUNNING' and (lease_expires_at is null or lease_expires_at < now()))
               order by created_at
               limit 1
               for update skip locked)`,
        )
        .returning();
      return row ? toRun(row) : null;
    },
    /** Fails runs that took their process down `maxAttempts` times, so they are not retried forever. */
    async failAbandoned(maxAttempts: number): Promise<number> {
      const rows = await db
        .update(simulationRuns)
        .set({
          status: 'FAILED',
          error: `The service stopped ${maxAttempts} times while running this run, so it was not tried again. Check the parameters and start it again.`,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(
          and(
            eq(simulationRuns.status, 'RUNNING'),
            gte(simulationRuns.attempts, maxAttempts),
            sql`(${simulationRuns.leaseExpiresAt} is null or ${simulationRuns.leaseExpiresAt} < now())`,
          ),
        )
        .returning({ id: simulationRuns.id });
      return rows.length;
    },
    /** Records progress and extends the lease; false if the run is no longer this owner's. */
    async progressed(id: string, owner: string, progress: number, leaseMs: number): Promise<boolean> {
      const rows = await db
        .update(simulationRuns)
        .set({ progress, leaseExpiresAt: sql`now() + ${leaseMs} * interval '1 millisecond'` })
        .where(held(id, owner))
        .returning({ id: simulationRuns.id });
      return rows.length > 0;
    },
    async finished(id: string, owner: string, result: unknown): Promise<void> {
      await db
        .update(simulationRuns)
        .set({
          status: 'DONE',
          progress: 1,
          result,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(held(id, owner));
    },
    async failed(id: string, owner: string, error: string): Promise<void> {
      await db
        .update(simulationRuns)
        .set({ status: 'FAILED', error, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
        .where(held(id, owner));
    },
    /** Hands a run back to the queue (the process is shutting down): another process, or the next start, runs it. */
    async release(id: string, owner: string): Promise<void> {
      await db
        .update(simulationRuns)
        .set({ status: 'QUEUED', progress: 0, leaseOwner: null, leaseExpiresAt: null })
        .where(held(id, owner));
    },
  };
}

export type SimulationRunRecords = ReturnType<typeof simulationRunRecords>;
