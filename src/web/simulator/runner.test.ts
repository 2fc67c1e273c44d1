import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import { loadScenario } from '../../sim/catalogue.ts';
import { simulationRuns } from '../../store/schema.ts';
import { simulationRunner, type SimulationRunner } from './runner.ts';
import { simulationRunRecords, type SimulationRun } from './runs.ts';

const log = pino({ level: 'silent' });
const scenario = loadScenario('reference-r1');
const options = { scenarioName: 'reference-r1', title: 'R1', replications: 1, seed: 3, changed: {} };

describe.each(testDrivers())('the simulation queue on $name', (driver) => {
  const db = useTestStore(driver);
  const runners: SimulationRunner[] = [];
  const runs = () => simulationRunRecords(db().store.db);
  const runner = (opts: { leaseMs?: number; maxAttempts?: number } = {}) => {
    const r = simulationRunner(runs(), { log, pollMs: 50, ...opts });
    runners.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await db().truncate();
  });

  async function settled(id: string): Promise<SimulationRun> {
    for (let i = 0; i < 600; i++) {
      const run = await runs().get(id);
      if (run && (run.status === 'DONE' || run.status === 'FAILED')) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`run ${id} did not finish`);
  }

  /** Makes a run look as if the process holding it died: RUNNING under a lease that has run out. */
  async function abandon(id: string, attempts: number) {
    await db()
      .store.db.update(simulationRuns)
      .set({
        status: 'RUNNING',
        attempts,
        leaseOwner: 'dead-host:1:gone',
        leaseExpiresAt: sql`now() - interval '1 minute'`,
      })
      .where(eq(simulationRuns.id, id));
  }

  it('runs a queued run to the end: a run queued before a restart is not lost', async () => {
    const queued = await runs().create(scenario, options, null);
    expect(queued.status).toBe('QUEUED');
    runner().start();
    const run = await settled(queued.id);
    expect(run.status).toBe('DONE');
    expect(run.progress).toBe(1);
    expect((run.result as { replications: number }).replications).toBe(1);
    expect(run).toMatchObject({ attempts: 1, leaseOwner: null });
  });

  it('takes over a run whose process died once its lease has run out', async () => {
    const created = await runs().create(scenario, options, null);
    await abandon(created.id, 1);
    runner().start();
    const run = await settled(created.id);
    expect(run.status).toBe('DONE');
    expect(run).toMatchObject({ attempts: 2 });
  });

  it('leaves alone a run another live process holds', async () => {
    const created = await runs().create(scenario, options, null);
    expect(await runs().claim('other-process', 60_000)).toMatchObject({ id: created.id, status: 'RUNNING' });
    expect(await runs().claim('this-process', 60_000)).toBeNull();
  });

  it('fails a run that took its process down three times instead of trying it forever', async () => {
    const created = await runs().create(scenario, options, null);
    await abandon(created.id, 3);
    runner({ maxAttempts: 3 }).start();
    const run = await settled(created.id);
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('stopped 3 times');
  });

  it('hands its run back to the queue when it stops, and the next process finishes it', async () => {
    const created = await runs().create(scenario, { ...options, replications: 16 }, null);
    const first = runner();
    first.start();
    for (let i = 0; i < 200 && (await runs().get(created.id))?.status !== 'RUNNING'; i++)
      await new Promise((r) => setTimeout(r, 25));
    await first.stop();
    expect(await runs().get(created.id)).toMatchObject({ status: 'QUEUED', leaseOwner: null });
    runner().start();
    expect(await settled(created.id)).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('never lets two processes claim the same run', async () => {
    const created = await Promise.all([1, 2, 3, 4].map(() => runs().create(scenario, options, null)));
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((owner) => runs().claim(owner, 60_000)),
    );
    const claimed = claims.filter((c) => c !== null).map((c) => c.id);
    expect(claimed.sort()).toEqual(created.map((c) => c.id).sort());
  });

  it('ignores the result of a process that lost its lease to another', async () => {
    const created = await runs().create(scenario, options, null);
    await runs().claim('slow-process', 60_000);
    await abandon(created.id, 1);
    await runs().claim('new-process', 60_000);
    await runs().finished(created.id, 'slow-process', { stale: true });
    expect(await runs().progressed(created.id, 'slow-process', 0.5, 60_000)).toBe(false);
    expect(await runs().get(created.id)).toMatchObject({
      status: 'RUNNING',
      leaseOwner: 'new-process',
      result: null,
    });
  });
});
