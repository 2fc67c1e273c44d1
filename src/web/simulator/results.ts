import { bandChartSvg, bandChartTable, type BandChart } from './charts.ts';
import type { RunResult, Stat } from './summary.ts';

const STAGES: [string, string][] = [
  ['awaitingDecision', 'Awaiting decision'],
  ['refused', 'Refused'],
  ['appealPending', 'Appeal pending'],
  ['grantedMoveOn', 'Granted, moving on'],
  ['finallyRefused', 'Finally refused'],
  ['awaitingTransfer', 'Awaiting transfer'],
  ['inHub', 'In a hub'],
  ['awaitingRelocation', 'Awaiting relocation'],
];

const COSTS: [string, string][] = [
  ['costHotel', 'Hotels'],
  ['costDispersal', 'Dispersal'],
  ['costCasework', 'Casework'],
  ['costAppeals', 'Appeals'],
  ['costRemovals', 'Removals'],
  ['costTransfers', 'Transfers'],
  ['costHubFees', 'Hub fees'],
  ['costHubNights', 'Hub nights'],
  ['costHubFixed', 'Hub fixed fees'],
  ['costRelocation', 'Relocation'],
  ['costTaxReceipts', 'Tax receipts (negative)'],
];

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-GB');
export const formatMillions = (n: number): string =>
  `£${(n / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}m`;

export interface ChartView {
  id: string;
  title: string;
  caption: string;
  svg: string;
  table: ReturnType<typeof bandChartTable>;
  empty: boolean;
}

function nonZero(result: RunResult, name: string): boolean {
  const s = result.series[name];
  return s !== undefined && s.p95.some((v) => Math.abs(v) > 1e-9);
}

function chartOf(
  id: string,
  title: string,
  caption: string,
  chart: BandChart,
  format: (n: number) => string,
): ChartView {
  const empty = chart.series.length === 0;
  return {
    id,
    title,
    caption,
    svg: empty ? '' : bandChartSvg(chart),
    table: bandChartTable(chart, format),
    empty,
  };
}

function seriesFor(result: RunResult, pairs: [string, string][], scale = 1) {
  return pairs
    .filter(([name]) => nonZero(result, name))
    .map(([name, label]) => {
      const s = result.series[name];
      return {
        label,
        mean: s.mean.map((v) => v / scale),
        low: s.p5.map((v) => v / scale),
        high: s.p95.map((v) => v / scale),
      };
    });
}

/** The four result charts the issue asks for, each with its table alternative. */
export function resultCharts(result: RunResult): ChartView[] {
  const dates = result.reportDates;
  return [
    chartOf(
      'stages',
      'People by stage',
      'People in each stage at each month end: mean over replications, shaded 5th to 95th percentile.',
      { dates, series: seriesFor(result, STAGES), yLabel: 'People' },
      formatCount,
    ),
    chartOf(
      'hotels',
      'People in hotels and dispersal housing',
      'People accommodated at each month end.',
      {
        dates,
        series: seriesFor(result, [
          ['hotel', 'Hotels'],
          ['dispersal', 'Dispersal'],
        ]),
        yLabel: 'People',
      },
      formatCount,
    ),
    chartOf(
      'hubs',
      'Hub occupancy',
      'People in partner hubs at each month end.',
      { dates, series: seriesFor(result, [['inHub', 'In a hub']]), yLabel: 'People' },
      formatCount,
    ),
    chartOf(
      'costs',
      'Cumulative cost by category',
      'Cumulative cost since the start, in millions of pounds.',
      { dates, series: seriesFor(result, COSTS, 1e6), yLabel: '£ millions', yFormat: ',' },
      (n) => `£${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`,
    ),
  ];
}

/** The headline figures at the horizon, in the order a reader asks for them. */
export const HEADLINES: { key: string; label: string; money?: boolean }[] = [
  { key: 'totalCost', label: 'Total cost', money: true },
  { key: 'costHotel', label: 'Hotel cost', money: true },
  { key: 'costHubFees', label: 'Hub fees', money: true },
  { key: 'arrivals', label: 'Arrivals' },
  { key: 'decisions', label: 'Initial decisions' },
  { key: 'grants', label: 'Grants' },
  { key: 'removals', label: 'Removals from the UK' },
  { key: 'transfers', label: 'Transfers to hubs' },
  { key: 'onwardReturns', label: 'Onward returns from hubs' },
  { key: 'relocations', label: 'Relocations' },
  { key: 'absconded', label: 'Absconded' },
  { key: 'endAwaitingDecision', label: 'Awaiting decision at the end' },
  { key: 'endHotel', label: 'In hotels at the end' },
  { key: 'endInHub', label: 'In hubs at the end' },
];

export function formatStat(stat: Stat | undefined, money = false): string {
  if (!stat) return 'not reported';
  const f = money ? formatMillions : formatCount;
  return `${f(stat.mean)} (${f(stat.p5)} to ${f(stat.p95)})`;
}

export function headlineRows(result: RunResult) {
  return HEADLINES.map((h) => ({
    key: { text: h.label },
    value: { text: formatStat(result.summary[h.key], h.money) },
  }));
}

/** One row per report and series: the CSV download. */
export function resultCsv(result: RunResult): string {
  const lines = ['date,series,mean,p5,p50,p95'];
  for (const [name, s] of Object.entries(result.series)) {
    result.reportDates.forEach((d, i) => {
      lines.push([d, name, s.mean[i], s.p5[i], s.p50[i], s.p95[i]].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Several runs side by side: a column per run, a row per headline figure. */
export function comparisonTable(runs: { title: string; result: RunResult }[]) {
  return {
    head: [{ text: 'Measure at the horizon' }, ...runs.map((r) => ({ text: r.title, format: 'numeric' }))],
    rows: HEADLINES.map((h) => [
      { text: h.label },
      ...runs.map((r) => ({ text: formatStat(r.result.summary[h.key], h.money), format: 'numeric' })),
    ]),
  };
}

/** One series from several runs on one chart, a line and band per run. */
export function comparisonChart(
  id: string,
  title: string,
  series: string,
  runs: { title: string; result: RunResult }[],
  scale: number,
  yLabel: string,
  format: (n: number) => string,
): ChartView {
  const dates = runs[0]?.result.reportDates ?? [];
  const lines = runs.map((r) => {
    const s = r.result.series[series];
    const n = dates.length;
    return {
      label: r.title,
      mean: s.mean.slice(0, n).map((v) => v / scale),
      low: s.p5.slice(0, n).map((v) => v / scale),
      high: s.p95.slice(0, n).map((v) => v / scale),
    };
  });
  return chartOf(
    id,
    title,
    `${title} over time for each run compared.`,
    { dates, series: lines, yLabel, yFormat: scale === 1 ? 's' : ',' },
    format,
  );
}
