/**
 * The simulation queue's worker: takes runs from `simulation_runs` one at a time and runs them on
 * the simulator's own Monte Carlo (piscina threads, off the request thread).
 *
 * A run is claimed with a lease that the worker renews while it runs. So a run survives what
 * happens to the process that started it: on a graceful stop the worker hands its run back to the
 * queue; if the process dies, the lease runs out and the next worker to look (this process after a
 * restart, or another process on the same database) takes the run over. Runs are seeded, so a run
 * that starts again gives exactly the numbers it would have given. A run that has taken its process
 * down `maxAttempts` times is failed rather than tried forever.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { parseScenario, runMonteCarlo } from '../../sim/index.ts';
import type { SimulationRun, SimulationRunRecords } from './runs.ts';

export interface SimulationRunnerOptions {
  log: FastifyBaseLogger;
  /** How long a claim holds without renewal (default 30 s); renewed every third of that. */
  leaseMs?: number;
  /** How often to look for runs queued by other processes or left by a dead one (default 2 s). */
  pollMs?: number;
  /** Claims after which a run that never finished is failed (default 3). */
  maxAttempts?: number;
}

export interface SimulationRunner {
  /** This process's name on the runs it holds. */
  readonly owner: string;
  /** Looks for work now (after a run is queued). */
  poke(): void;
  /** Starts polling. */
  start(): void;
  /** Stops taking runs and hands the current one back to the queue. */
  stop(): Promise<void>;
}

export function simulationRunner(
  runs: SimulationRunRecords,
  options: SimulationRunnerOptions,
): SimulationRunner {
  const { log } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let draining: Promise<void> | null = null;
  let current: string | null = null;
  let timer: NodeJS.Timeout | undefined;

  async function execute(run: SimulationRun): Promise<void> {
    current = run.id;
    let progress = 0;
    let reported = 0;
    const renew = () => {
      if (!stopped) void runs.progressed(run.id, owner, progress, leaseMs).catch(() => undefined);
    };
    const heartbeat = setInterval(renew, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      const scenario = parseScenario(run.scenario, `simulation run ${run.id}`);
      const result = await runMonteCarlo(scenario, {
        replications: run.options.replications,
        seed: run.options.seed,
        onProgress: (done, total) => {
          progress = done / total;
          if (progress - reported >= 0.05 || progress === 1) {
            reported = progress;
            renew();
          }
        },
      });
      if (!stopped) await runs.finished(run.id, owner, result);
    } catch (error) {
      log.error({ err: error, runId: run.id }, 'simulation run failed');
      if (!stopped) await runs.failed(run.id, owner, error instanceof Error ? error.message : String(error));
    } finally {
      clearInterval(heartbeat);
      current = null;
    }
  }

  async function drain(): Promise<void> {
    await runs.failAbandoned(maxAttempts);
    while (!stopped) {
      const run = await runs.claim(owner, leaseMs);
      if (!run) return;
      if (stopped) {
        await runs.release(run.id, owner);
        return;
      }
      await execute(run);
    }
  }

  function poke(): void {
    if (stopped || draining) return;
    draining = drain()
      .catch((error: unknown) => {
        if (!stopped) log.error({ err: error }, 'the simulation queue could not be read');
      })
      .finally(() => {
        draining = null;
      });
  }

  return {
    owner,
    poke,
    start() {
      timer = setInterval(poke, pollMs);
      timer.unref();
      poke();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      const holding = current;
      if (holding) await runs.release(holding, owner).catch(() => undefined);
      // Between runs, wait for a claim in flight: the loop hands it straight back.
      else if (draining) await draining;
    },
  };
}
