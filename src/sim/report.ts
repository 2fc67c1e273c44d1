/**
 * Renders Monte Carlo results: a table for people, JSON and CSV for machines.
 *
 * The JSON document is flat: every summary key at the horizon as `{ mean, p5, p50, p95 }` (MODEL.md
 * "Outputs"), beside `scenario`, `seed`, `replications`, `softwareVersion` and `modelEvents` (events
 * run over all replications; the same for a seed, whatever the workers); with `series` it also
 * carries every monthly series with its bands.
 */
import type { Band, MonteCarloResult } from './montecarlo.ts';
import { SERIES } from './series.ts';

export type ReportFormat = 'table' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

export interface ReportOptions {
  /** Include the monthly series (JSON: a `series` object; CSV: one row per series per report). */
  series?: boolean;
}

/** The machine-readable document. */
export function resultDocument(r: MonteCarloResult, options: ReportOptions = {}): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    scenario: r.scenario.name,
    scenarioTitle: r.scenario.title,
    seed: r.seed,
    replications: r.replications,
    softwareVersion: r.softwareVersion,
    startDate: r.startDate,
    horizonDays: r.horizonDays,
    modelEvents: r.events,
    ...r.summary,
  };
  if (options.series) {
    doc.reportDates = r.reportDates;
    doc.series = r.series;
  }
  return doc;
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

function csvBand(key: string, b: Band): string {
  return [key, round(b.mean), round(b.p5), round(b.p50), round(b.p95)].join(',');
}

/** Pounds for people: £1.23bn, £456.7m, £12,345. */
export function formatPounds(x: number): string {
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}£${(a / 1e9).toFixed(2)}bn`;
  if (a >= 1e6) return `${sign}£${(a / 1e6).toFixed(1)}m`;
  return `${sign}£${Math.round(a).toLocaleString('en-GB')}`;
}

/** A count for people: 12,345 (one decimal below 10). */
export function formatCount(x: number): string {
  return Math.abs(x) < 10 && !Number.isInteger(x) ? x.toFixed(1) : Math.round(x).toLocaleString('en-GB');
}

export const isMoneyKey = (key: string): boolean => key.startsWith('cost') || key === 'totalCost';

/** A plain-text table with right-aligned numeric columns. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatResult(r: MonteCarloResult, format: ReportFormat, options: ReportOptions = {}): string {
  if (format === 'json') return JSON.stringify(resultDocument(r, options), null, 2) + '\n';
  if (format === 'csv') {
    if (options.series) {
      const lines = ['series,date,mean,p5,p50,p95'];
      for (const name of SERIES) {
        const s = r.series[name];
        r.reportDates.forEach((d, i) =>
          lines.push([name, d, round(s.mean[i]), round(s.p5[i]), round(s.p50[i]), round(s.p95[i])].join(',')),
        );
      }
      return lines.join('\n') + '\n';
    }
    return (
      ['key,mean,p5,p50,p95', ...Object.entries(r.summary).map(([k, b]) => csvBand(k, b))].join('\n') + '\n'
    );
  }
  const fmt = (k: string, x: number) => (isMoneyKey(k) ? formatPounds(x) : formatCount(x));
  const rows = Object.entries(r.summary).map(([k, b]) => [
    k,
    fmt(k, b.mean),
    fmt(k, b.p5),
    fmt(k, b.p50),
    fmt(k, b.p95),
  ]);
  const head =
    `${r.scenario.title} (${r.scenario.name})\n` +
    `${r.replications} replications, seed ${r.seed}, ${r.horizonDays} days from ${r.startDate}, ` +
    `software ${r.softwareVersion}\n\n`;
  return head + textTable(['at the horizon', 'mean', 'p5', 'p50', 'p95'], rows) + '\n';
}
