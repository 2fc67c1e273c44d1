/**
 * The validations that run the model: (a) the UK cost per person the status-quo model implies,
 * (b) the NAO's first-300 Rwanda cost from the rwanda scenario's payment structure, and (c) the
 * 2022-2025 backtest. Each returns plain rows for the tests and for docs/validation.md
 * (`node --import ./bin/register-ts.js src/sim/validation/report.ts`).
 */
import { compileScenario } from '../compile.ts';
import type { ModelConfig } from '../compile.ts';
import { runReplication } from '../model.ts';
import { parseScenario } from '../scenario.ts';
import type { Scenario, ScenarioInput } from '../scenario.ts';
import { SERIES_COUNT, SERIES_INDEX } from '../series.ts';
import type { SeriesName } from '../series.ts';
import { backtestScenario, PUBLISHED_BACKLOG, PUBLISHED_HOTELS, reportDateFor } from './backtest.ts';
import type { PublishedPoint } from './backtest.ts';
import { buildCalibratedScenarios } from './calibration.ts';
import { costOfRelocations } from './nao-rwanda.ts';
import type { RelocationCostBreakdown } from './nao-rwanda.ts';

const DAY_MS = 86_400_000;

/** Replications of a compiled scenario, each with its own stream from the root seed. */
function replicate(config: ModelConfig, replications: number, seed: number) {
  return Array.from({ length: replications }, (_, i) => runReplication(config, seed, i));
}

function valueAt(series: Float64Array, row: number, name: SeriesName): number {
  return series[row * SERIES_COUNT + SERIES_INDEX[name]];
}

// ---------------------------------------------------------------------------------------------
// (b) NAO: the first 300 relocations
// ---------------------------------------------------------------------------------------------

export interface NaoModelCheck {
  relocations: number;
  /** `costRelocation` the model charged by the horizon, pounds. */
  modelCost: number;
  /** The same structure by arithmetic. */
  expected: RelocationCostBreakdown;
  /** The model's cost less flights: comparable with the NAO's GBP 541.26m. */
  modelNaoBasis: number;
  horizonDate: string;
}

/**
 * Runs the rwanda scenario with relocations capped at 300 until the day after the last fixed
 * payment falls due, so every payment the NAO counted has been charged.
 */
export function runNaoCheck(seed = 1): NaoModelCheck {
  const input = structuredClone(buildCalibratedScenarios().rwanda) as ScenarioInput;
  const relocation = input.relocation!;
  relocation.totalCap = 300;
  const lastPayment = relocation.payments.fixed
    .map((p) => p.on)
    .sort()
    .at(-1)!;
  input.horizonDays = (Date.parse(lastPayment) - Date.parse(input.startDate)) / DAY_MS + 1;
  const scenario = parseScenario(input, 'rwanda capped at 300');
  const config = compileScenario(scenario);
  const [run] = replicate(config, 1, seed);
  const last = run.reports - 1;
  const relocations = valueAt(run.series, last, 'relocations');
  const modelCost = valueAt(run.series, last, 'costRelocation');
  const expected = costOfRelocations(scenario, relocations);
  return {
    relocations,
    modelCost,
    expected,
    modelNaoBasis: modelCost - expected.flights,
    horizonDate: config.reportDates[last],
  };
}

// ---------------------------------------------------------------------------------------------
// (a) The UK cost per person the status-quo model implies
// ---------------------------------------------------------------------------------------------

export interface SupportCostCheck {
  /** Mean accommodation cost per supported person-night over the first year, pounds. */
  costPerNight: number;
  /** Mean hotel share of supported people over the first year (month-end levels). */
  hotelShare: number;
  /** `costPerNight` x 365 x years: the IA's method with the model's own first-year mix. */
  ukCostPerPerson: number;
}

/**
 * The status-quo model's first year: what a night of support costs on average, and so what a
 * person kept in the UK system for `years` costs by the IA's method. Person-nights are estimated
 * from month-end levels (trapezoid rule), so this is an estimate, not an identity.
 */
export function runSupportCostCheck(years: number, replications = 2, seed = 1): SupportCostCheck {
  const scenario: Scenario = parseScenario(buildCalibratedScenarios()['status-quo']);
  const config = compileScenario(scenario);
  const runs = replicate(config, replications, seed);
  let cost = 0;
  let nights = 0;
  let hotelNights = 0;
  const start = Date.parse(config.startDate);
  const first = {
    hotel: val0(scenario, 'hotel'),
    dispersal: val0(scenario, 'dispersal'),
  };
  for (const run of runs) {
    const row = config.reportDates.findIndex((d) => (Date.parse(d) - start) / DAY_MS >= 365);
    cost += valueAt(run.series, row, 'costHotel') + valueAt(run.series, row, 'costDispersal');
    let prevDay = 0;
    let prevHotel = first.hotel;
    let prevSupported = first.hotel + first.dispersal;
    for (let r = 0; r <= row; r++) {
      const day = (Date.parse(config.reportDates[r]) - start) / DAY_MS;
      const hotel = valueAt(run.series, r, 'hotel');
      const supported = hotel + valueAt(run.series, r, 'dispersal');
      nights += ((prevSupported + supported) / 2) * (day - prevDay);
      hotelNights += ((prevHotel + hotel) / 2) * (day - prevDay);
      prevDay = day;
      prevHotel = hotel;
      prevSupported = supported;
    }
  }
  const costPerNight = cost / nights;
  return { costPerNight, hotelShare: hotelNights / nights, ukCostPerPerson: costPerNight * 365 * years };
}

/** Accommodation at the start, as the model allocates it: the hotel stock, the rest in dispersal. */
function val0(scenario: Scenario, kind: 'hotel' | 'dispersal'): number {
  const stages = scenario.initialStocks?.stages ?? {};
  const total = Object.values(stages).reduce<number>(
    (sum, p) => sum + (p === undefined ? 0 : typeof p === 'number' ? p : p.value),
    0,
  );
  const hotel = scenario.initialStocks?.inHotels;
  const inHotels = hotel === undefined ? 0 : typeof hotel === 'number' ? hotel : hotel.value;
  return kind === 'hotel' ? inHotels : total - inHotels;
}

// ---------------------------------------------------------------------------------------------
// (c) The backtest
// ---------------------------------------------------------------------------------------------

export interface BacktestRow {
  date: string;
  published: number;
  /** Mean over replications; null at the start date (the published value is the input). */
  model: number | null;
  p5: number | null;
  p95: number | null;
  /** (model − published) / published. */
  error: number | null;
  source: PublishedPoint['source'];
  note?: string;
}

export interface BacktestResult {
  backlog: BacktestRow[];
  hotels: BacktestRow[];
  /** The model's appeal backlog at the same dates as the published tribunal backlog. */
  appeals: BacktestRow[];
  replications: number;
}

/** First-tier Tribunal asylum appeals waiting (figures.md 1e), to show what the model misses. */
export const PUBLISHED_APPEALS: PublishedPoint[] = [
  {
    date: '2024-09-30',
    value: 34_234,
    source: {
      publisher: 'Ministry of Justice tribunal statistics (reported by Free Movement)',
      title:
        'Increase in Home Office refusals sees number of asylum appeals soar in latest tribunal statistics',
      date: '2025',
      url: 'https://freemovement.org.uk/increase-in-home-office-refusals-sees-number-of-asylum-appeals-soar-in-latest-tribunal-statistics',
    },
  },
  {
    date: '2024-12-31',
    value: 41_987,
    source: {
      publisher: 'Ministry of Justice tribunal statistics (reported by Free Movement)',
      title:
        'Increase in Home Office refusals sees number of asylum appeals soar in latest tribunal statistics',
      date: '2025',
      url: 'https://freemovement.org.uk/increase-in-home-office-refusals-sees-number-of-asylum-appeals-soar-in-latest-tribunal-statistics',
    },
  },
  {
    date: '2025-09-30',
    value: 69_670,
    source: {
      publisher:
        'Ministry of Justice, reported with the NAO asylum report (particle.news summary, secondary)',
      title: 'Asylum appeals waiting to be heard',
      date: '2025-12',
    },
  },
];

function percentile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function runBacktest(replications = 4, seed = 1): BacktestResult {
  const config = compileScenario(parseScenario(backtestScenario(), 'backtest-2022'));
  const runs = replicate(config, replications, seed);
  const compare = (points: PublishedPoint[], name: SeriesName): BacktestRow[] =>
    points.map((p) => {
      const row = config.reportDates.indexOf(reportDateFor(p.date));
      const base = {
        date: p.date,
        published: p.value,
        source: p.source,
        ...(p.note ? { note: p.note } : {}),
      };
      if (row < 0) return { ...base, model: null, p5: null, p95: null, error: null };
      const values = runs.map((r) => valueAt(r.series, row, name)).sort((a, b) => a - b);
      const model = values.reduce((a, b) => a + b, 0) / values.length;
      return {
        ...base,
        model,
        p5: percentile(values, 0.05),
        p95: percentile(values, 0.95),
        error: (model - p.value) / p.value,
      };
    });
  return {
    backlog: compare(PUBLISHED_BACKLOG, 'awaitingDecision'),
    hotels: compare(PUBLISHED_HOTELS, 'hotel'),
    appeals: compare(PUBLISHED_APPEALS, 'appealPending'),
    replications,
  };
}

/** Mean absolute relative error of the rows that have a model value. */
export function meanAbsoluteError(rows: BacktestRow[]): number {
  const errors = rows.filter((r) => r.error !== null).map((r) => Math.abs(r.error!));
  return errors.reduce((a, b) => a + b, 0) / errors.length;
}
