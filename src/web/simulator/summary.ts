import { SERIES, SERIES_COUNT, SUMMARY_KEYS } from '../../sim/series.ts';

export interface Stat {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface SeriesStats {
  mean: number[];
  p5: number[];
  p50: number[];
  p95: number[];
}

/** What a finished run stores: every series at every report across replications, and the horizon. */
export interface RunResult {
  reportDates: string[];
  replications: number;
  series: Record<string, SeriesStats>;
  /** At the horizon, keyed as the simulator's summary (`endHotel`, `totalCost`, …). */
  summary: Record<string, Stat>;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function statOf(values: readonly number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return { mean, p5: percentile(sorted, 5), p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Mean and 5th/50th/95th percentiles of each series at each report, over the replications. */
export function summariseReplications(
  replications: readonly Float64Array[],
  reportDates: string[],
): RunResult {
  const reports = reportDates.length;
  const series: Record<string, SeriesStats> = {};
  const summary: Record<string, Stat> = {};
  SERIES.forEach((name, s) => {
    const stats: SeriesStats = { mean: [], p5: [], p50: [], p95: [] };
    for (let r = 0; r < reports; r++) {
      const st = statOf(replications.map((rep) => rep[r * SERIES_COUNT + s]));
      stats.mean.push(st.mean);
      stats.p5.push(st.p5);
      stats.p50.push(st.p50);
      stats.p95.push(st.p95);
    }
    series[name] = stats;
    summary[SUMMARY_KEYS[s]] = {
      mean: stats.mean[reports - 1],
      p5: stats.p5[reports - 1],
      p50: stats.p50[reports - 1],
      p95: stats.p95[reports - 1],
    };
  });
  return { reportDates, replications: replications.length, series, summary };
}
