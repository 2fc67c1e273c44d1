import { desc, eq, inArray } from 'drizzle-orm';
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
      const [row] = await db.insert(simulationRuns).values({ scenario, options, createdBy }).returning();
      return toRun(row);
    },
    async get(id: string): Promise<SimulationRun | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await db.select().from(simulationRuns).where(eq(simulationRuns.id, id)).limit(1);
      return row ? toRun(row) : null;
    },
    /** A run without its scenario and result: enough for status and headings. */
    async meta(id: string): Promise<Omit<SimulationRun, 'result' | 'scenario'> | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await db
        .select({
          id: simulationRuns.id,
          options: simulationRuns.options,
          status: simulationRuns.status,
          progress: simulationRuns.progress,
          error: simulationRuns.error,
          createdBy: simulationRuns.createdBy,
          createdAt: simulationRuns.createdAt,
          finishedAt: simulationRuns.finishedAt,
        })
        .from(simulationRuns)
        .where(eq(simulationRuns.id, id))
        .limit(1);
      return row ? { ...row, options: row.options as RunOptions, status: row.status as RunStatus } : null;
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
    async recent(limit = 20): Promise<Omit<SimulationRun, 'result' | 'scenario'>[]> {
      const rows = await db
        .select({
          id: simulationRuns.id,
          options: simulationRuns.options,
          status: simulationRuns.status,
          progress: simulationRuns.progress,
          error: simulationRuns.error,
          createdBy: simulationRuns.createdBy,
          createdAt: simulationRuns.createdAt,
          finishedAt: simulationRuns.finishedAt,
        })
        .from(simulationRuns)
        .orderBy(desc(simulationRuns.createdAt))
        .limit(limit);
      return rows.map((r) => ({ ...r, options: r.options as RunOptions, status: r.status as RunStatus }));
    },
    async started(id: string): Promise<void> {
      await db.update(simulationRuns).set({ status: 'RUNNING' }).where(eq(simulationRuns.id, id));
    },
    async progressed(id: string, progress: number): Promise<void> {
      await db.update(simulationRuns).set({ progress }).where(eq(simulationRuns.id, id));
    },
    async finished(id: string, result: unknown): Promise<void> {
      await db
        .update(simulationRuns)
        .set({ status: 'DONE', progress: 1, result, finishedAt: new Date() })
        .where(eq(simulationRuns.id, id));
    },
    async failed(id: string, error: string): Promise<void> {
      await db
        .update(simulationRuns)
        .set({ status: 'FAILED', error, finishedAt: new Date() })
        .where(eq(simulationRuns.id, id));
    },
    /** Runs left QUEUED or RUNNING by a process that stopped: they will never finish. */
    async failInterrupted(): Promise<void> {
      await db
        .update(simulationRuns)
        .set({
          status: 'FAILED',
          error: 'The service restarted while this run was in progress. Start it again.',
          finishedAt: new Date(),
        })
        .where(inArray(simulationRuns.status, ['QUEUED', 'RUNNING']));
    },
  };
}

export type SimulationRunRecords = ReturnType<typeof simulationRunRecords>;
