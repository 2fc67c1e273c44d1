/**
 * Schemes side by side (`hubs compare`): the measures the article asks about, each with its
 * uncertainty band, computed per replication (so ratios get honest bands) and then summarised.
 */
import type { Band, MonteCarloOptions, MonteCarloResult } from './montecarlo.ts';
import { percentile, runMonteCarlo } from './montecarlo.ts';
import type { Scenario } from './scenario.ts';

export interface ComparisonMeasure {
  key: string;
  label: string;
  money: boolean;
  /** The measure in one replication, from its summary values. */
  of: (f: (key: string) => number) => number;
}

export const COMPARISON_MEASURES: readonly ComparisonMeasure[] = [
  { key: 'totalCost', label: 'Total cost', money: true, of: (f) => f('totalCost') },
  {
    key: 'costPerPersonRemoved',
    label: 'Cost per person removed, transferred or relocated',
    money: true,
    of: (f) => {
      const out = f('removals') + f('transfers') + f('relocations');
      return out > 0 ? f('totalCost') / out : NaN;
    },
  },
  { key: 'endHotel', label: 'People in hotels at the end', money: false, of: (f) => f('endHotel') },
  {
    key: 'endAwaitingDecision',
    label: 'Backlog awaiting decision at the end',
    money: false,
    of: (f) => f('endAwaitingDecision'),
  },
  { key: 'removals', label: 'Removals from the UK', money: false, of: (f) => f('removals') },
  { key: 'transfers', label: 'Transfers to hubs', money: false, of: (f) => f('transfers') },
  { key: 'onwardReturns', label: 'Onward returns from hubs', money: false, of: (f) => f('onwardReturns') },
  { key: 'relocations', label: 'Relocations', money: false, of: (f) => f('relocations') },
  { key: 'absconded', label: 'Absconded', money: false, of: (f) => f('absconded') },
];

export interface ComparisonColumn {
  scenario: string;
  title: string;
  measures: Record<string, Band>;
  result: MonteCarloResult;
}

/** Bands of a derived measure over replications (NaN replications are left out). */
export function measureBand(result: MonteCarloResult, m: ComparisonMeasure): Band {
  const values = Array.from({ length: result.replications }, (_, r) =>
    m.of((k) => result.finals[k][r]),
  ).filter((x) => !Number.isNaN(x));
  if (values.length === 0) return { mean: NaN, p5: NaN, p50: NaN, p95: NaN };
  const sorted = Float64Array.from(values).sort();
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p5: percentile(sorted, 0.05),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
  };
}

/** Run each scenario with the same seed and replications, and compute the comparison measures. */
export async function compareScenarios(
  scenarios: Scenario[],
  options: MonteCarloOptions = {},
): Promise<ComparisonColumn[]> {
  const columns: ComparisonColumn[] = [];
  for (const s of scenarios) {
    const result = await runMonteCarlo(s, options);
    const measures: Record<string, Band> = {};
    for (const m of COMPARISON_MEASURES) measures[m.key] = measureBand(result, m);
    columns.push({ scenario: s.name, title: s.title, measures, result });
  }
  return columns;
}
