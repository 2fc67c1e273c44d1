/**
 * Monte Carlo: many replications of a scenario, spread over worker threads (piscina), summarised
 * as the mean and the 5th, 50th and 95th percentiles of every monthly series and summary key.
 *
 * Replication r always draws from the stream (seed, r), and results are gathered by replication
 * index, so a run gives the same numbers whatever the number of workers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { compileScenario } from './compile.ts';
import type { ModelConfig } from './compile.ts';
import type { BatchResult, BatchTask } from './montecarlo.worker.ts';
import { runBatch } from './montecarlo.worker.ts';
import type { Scenario } from './scenario.ts';
import { val } from './scenario.ts';
import { SERIES, SERIES_COUNT, SUMMARY_KEYS } from './series.ts';
import type { SeriesName } from './series.ts';
import { TS_WORKER_EXEC_ARGV } from '../tsWorker.ts';

/** Mean and percentiles of one quantity across replications. */
export interface Band {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

/** A monthly series across replications: one entry per report date. */
export interface SeriesBands {
  mean: number[];
  p5: number[];
  p50: number[];
  p95: number[];
}

export interface MonteCarloOptions {
  /** Replications (default 100). */
  replications?: number;
  /** Root seed (default: the scenario's). */
  seed?: number;
  /** Worker threads (default: one per core, at most one per replication); 1 runs in this thread. */
  workers?: number;
  /** Called after each batch of replications completes. */
  onProgress?: (done: number, total: number) => void;
}

export interface MonteCarloResult {
  scenario: { name: string; title: string };
  seed: number;
  replications: number;
  softwareVersion: string;
  startDate: string;
  horizonDays: number;
  /** ISO date of each report: every month end, then the horizon. */
  reportDates: string[];
  /** Every summary key at the horizon (MODEL.md "Outputs" and more); money in pounds. */
  summary: Record<string, Band>;
  /** Every series at every report. */
  series: Record<SeriesName, SeriesBands>;
  /** Each summary key's value in each replication (index = replication), for derived measures. */
  finals: Record<string, number[]>;
  /** Model events run, over all replications. */
  events: number;
  /** Wall time of the run, milliseconds. */
  wallMs: number;
  /** Worker threads used (1 = in this thread). */
  workers: number;
}

/** The package version, reported with every result. */
export const SOFTWARE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Percentile by linear interpolation between order statistics (Hyndman and Fan type 7, the
 * default of R and NumPy). `sorted` must be sorted ascending.
 */
export function percentile(sorted: Float64Array | number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function band(values: Float64Array): Band {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  values.sort();
  return {
    mean: sum / values.length,
    p5: percentile(values, 0.05),
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
  };
}

/** Summarise replications' series (indexed by replication) into bands. */
export function summarise(
  config: ModelConfig,
  runs: Float64Array[],
): {
  summary: Record<string, Band>;
  series: Record<SeriesName, SeriesBands>;
  finals: Record<string, number[]>;
} {
  const reports = config.monthEnds.length + 1;
  const cell = new Float64Array(runs.length);
  const series = {} as Record<SeriesName, SeriesBands>;
  const summary: Record<string, Band> = {};
  const finals: Record<string, number[]> = {};
  SERIES.forEach((name, j) => {
    finals[SUMMARY_KEYS[j]] = runs.map((run) => run[(reports - 1) * SERIES_COUNT + j]);
    const b: SeriesBands = { mean: [], p5: [], p50: [], p95: [] };
    for (let row = 0; row < reports; row++) {
      for (let r = 0; r < runs.length; r++) cell[r] = runs[r][row * SERIES_COUNT + j];
      const x = band(cell);
      b.mean.push(x.mean);
      b.p5.push(x.p5);
      b.p50.push(x.p50);
      b.p95.push(x.p95);
      if (row === reports - 1) summary[SUMMARY_KEYS[j]] = x;
    }
    series[name] = b;
  });
  return { summary, series, finals };
}

/** Run a scenario many times and summarise. */
export async function runMonteCarlo(
  scenario: Scenario,
  options: MonteCarloOptions = {},
): Promise<MonteCarloResult> {
  const started = performance.now();
  const replications = Math.max(1, Math.floor(options.replications ?? 100));
  const seed = options.seed ?? scenario.seed;
  const config = compileScenario(scenario);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), replications));
  const runs: Float64Array[] = new Array<Float64Array>(replications);
  let events = 0;
  let done = 0;
  const collect = (res: BatchResult) => {
    res.replications.forEach((r, i) => (runs[r] = res.series[i]));
    events += res.events;
    done += res.replications.length;
    options.onProgress?.(done, replications);
  };

  // Batches small enough that the workers finish together (at the end, one worker can idle for
  // at most one batch: with 8 batches per worker, 200 ten-year replications left a core idle for
  // up to 15 s) and for a smooth progress bar, large enough to keep messaging cheap.
  const batchSize = Math.max(1, Math.min(25, Math.ceil(replications / (workers * 32))));
  const batches: number[][] = [];
  for (let r = 0; r < replications; r += batchSize)
    batches.push(Array.from({ length: Math.min(batchSize, replications - r) }, (_, i) => r + i));

  if (workers === 1) {
    for (const b of batches) {
      collect(runBatch({ config, seed, replications: b }));
      // Let progress output and other work through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const pool = new Piscina<BatchTask, BatchResult>({
      filename: new URL('./montecarlo.worker.ts', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      execArgv: TS_WORKER_EXEC_ARGV,
      // The model's data lives in typed arrays outside the JavaScript heap; a small heap limit
      // makes each worker collect its garbage promptly instead of growing over a long run.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    try {
      await Promise.all(batches.map((b) => pool.run({ config, seed, replications: b }).then(collect)));
    } finally {
      await pool.destroy();
    }
  }

  const { summary, series, finals } = summarise(config, runs);
  return {
    scenario: { name: scenario.name, title: scenario.title },
    seed,
    replications,
    softwareVersion: SOFTWARE_VERSION,
    startDate: scenario.startDate,
    horizonDays: val(scenario.horizonDays),
    reportDates: config.reportDates,
    summary,
    series,
    finals,
    events,
    wallMs: performance.now() - started,
    workers,
  };
}
