/**
 * Solves the hub allocation programme (`domain/allocation.ts`) with HiGHS. Two phases make the
 * priority exact: first the most people that can be placed; then, holding that number, the
 * cheapest way to place them. By default the solve runs in a worker thread (piscina) so that the
 * API stays responsive; `inProcess: true` runs it here (tests, the CLI dry run).
 */
import loadHighs from 'highs';
import { Piscina } from 'piscina';
import type { AllocationInput, AllocationModel, AllocationProposal } from '../domain/allocation.ts';
import { allocationLp, buildAllocationModel, hasDecisions, readAllocation } from '../domain/allocation.ts';
import { AppError } from '../errors.ts';
import { TS_WORKER_EXEC_ARGV } from '../tsWorker.ts';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Promise<Highs> | null = null;

/** Options that make HiGHS prove optimality exactly (no relative gap) and keep quiet. */
const SOLVE_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5 };

export interface LpSolution {
  objective: number;
  values: Record<string, number>;
}

/** Solve one LP-text model to proven optimality, or throw. */
export async function solveLp(lp: string): Promise<LpSolution> {
  highs ??= loadHighs();
  const solver = await highs;
  const result = solver.solve(lp, SOLVE_OPTIONS);
  if (result.Status !== 'Optimal') {
    throw new AppError(
      'INTERNAL',
      `The allocation solver stopped without an optimal answer (${result.Status}).`,
    );
  }
  const values: Record<string, number> = {};
  for (const [name, column] of Object.entries(result.Columns)) values[name] = Math.round(column.Primal);
  return { objective: result.ObjectiveValue, values };
}

export interface SolveTimings {
  buildMs: number;
  placedMs: number;
  costMs: number;
}

/** Solve both phases for a built model and read the proposal. */
export async function solveAllocationModel(
  model: AllocationModel,
  date: string,
): Promise<{ proposal: AllocationProposal; placedMs: number; costMs: number }> {
  if (!hasDecisions(model)) return { proposal: readAllocation(model, {}, date), placedMs: 0, costMs: 0 };
  const t0 = performance.now();
  const most = await solveLp(allocationLp(model, { kind: 'maximisePlaced' }));
  const t1 = performance.now();
  const placed = Math.round(most.objective);
  const cheapest = placed === 0 ? most : await solveLp(allocationLp(model, { kind: 'minimiseCost', placed }));
  const t2 = performance.now();
  return { proposal: readAllocation(model, cheapest.values, date), placedMs: t1 - t0, costMs: t2 - t1 };
}

/** Build, solve both phases and read the proposal, in this thread. */
export async function proposeWithHighs(
  input: AllocationInput,
): Promise<{ proposal: AllocationProposal; model: AllocationModel; timings: SolveTimings }> {
  const t0 = performance.now();
  const model = buildAllocationModel(input);
  const buildMs = performance.now() - t0;
  const { proposal, placedMs, costMs } = await solveAllocationModel(model, input.date);
  return { proposal, model, timings: { buildMs, placedMs, costMs } };
}

/**
 * A long-lived solver with one worker thread. Create one per process (the services do), and
 * `close()` it on shutdown.
 */
export class AllocationSolver {
  private pool: Piscina<AllocationInput, AllocationProposal> | null = null;

  constructor(private readonly options: { inProcess?: boolean } = {}) {}

  async propose(input: AllocationInput): Promise<AllocationProposal> {
    if (this.options.inProcess) return (await proposeWithHighs(input)).proposal;
    this.pool ??= new Piscina<AllocationInput, AllocationProposal>({
      filename: new URL('./allocationSolver.worker.ts', import.meta.url).href,
      minThreads: 1,
      maxThreads: 1,
      idleTimeout: 60_000,
      execArgv: TS_WORKER_EXEC_ARGV,
    });
    return this.pool.run(input);
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
