import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** One line of a chart: the mean over replications and the 5th–95th percentile band. */
export interface BandSeries {
  label: string;
  mean: number[];
  low: number[];
  high: number[];
}

export interface BandChart {
  /** Report dates, ISO `YYYY-MM-DD`, one per value in each series. */
  dates: string[];
  series: BandSeries[];
  yLabel: string;
  /** d3-format specifier for the y ticks (default `s`: 1.2k). */
  yFormat?: string;
}

/** The little of the DOM this module touches (the project compiles without the DOM lib). */
interface SvgElement {
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): Iterable<SvgElement>;
}

interface Point {
  date: Date;
  series: string;
  mean: number;
  low: number;
  high: number;
}

/**
 * A server-rendered SVG chart (Observable Plot on linkedom): a line for each series' mean and a
 * shaded 5–95% band. The SVG is hidden from assistive technology; the page gives the same numbers
 * as a table beside it, which is what a screen reader reads.
 */
export function bandChartSvg(chart: BandChart, options: { width?: number; height?: number } = {}): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const points: Point[] = chart.series.flatMap((s) =>
    chart.dates.map((d, i) => ({
      date: new Date(`${d}T00:00:00Z`),
      series: s.label,
      mean: s.mean[i] ?? 0,
      low: s.low[i] ?? s.mean[i] ?? 0,
      high: s.high[i] ?? s.mean[i] ?? 0,
    })),
  );
  const many = chart.series.length > 1;
  const figure = Plot.plot({
    document: document as never,
    width: options.width ?? 720,
    height: options.height ?? 320,
    marginLeft: 70,
    marginTop: 30,
    style: { fontFamily: 'arial, sans-serif', fontSize: '13px', background: 'white', color: '#0b0c0c' },
    color: many ? { legend: true, scheme: 'tableau10' } : undefined,
    x: { type: 'utc', label: null },
    y: { grid: true, label: chart.yLabel, tickFormat: chart.yFormat ?? 's' },
    marks: [
      Plot.areaY(points, {
        x: 'date',
        y1: 'low',
        y2: 'high',
        fill: many ? 'series' : '#1d70b8',
        fillOpacity: 0.18,
        ariaHidden: 'true',
      }),
      Plot.lineY(points, {
        x: 'date',
        y: 'mean',
        stroke: many ? 'series' : '#1d70b8',
        strokeWidth: 2,
        ariaHidden: 'true',
      }),
      Plot.ruleY([0], { ariaHidden: 'true' }),
    ],
  }) as unknown as SvgElement;
  figure.setAttribute('aria-hidden', 'true');
  for (const el of figure.querySelectorAll('[aria-label]')) el.removeAttribute('aria-label');
  for (const el of figure.querySelectorAll('[aria-description]')) el.removeAttribute('aria-description');
  // Whole pixels are plenty for paths and ticks on a 720-pixel chart and halve the markup;
  // other numbers (opacities) keep a tenth.
  return figure.outerHTML
    .replace(
      / (d|x|y|x1|x2|y1|y2)="([^"]*)"/g,
      (_, name: string, value: string) => ` ${name}="${value.replace(/(\d)\.\d+/g, '$1')}"`,
    )
    .replace(/(\.\d)\d+/g, '$1');
}

/** The table alternative: one row per year-end (and the horizon), mean with the 5–95% range. */
export function bandChartTable(chart: BandChart, format: (n: number) => string) {
  const pick = chart.dates
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => d.slice(5, 7) === '12' || i === chart.dates.length - 1);
  return {
    head: [
      { text: 'Date' },
      ...chart.series.map((s) => ({ text: `${s.label} (mean, 5–95%)`, format: 'numeric' })),
    ],
    rows: pick.map(({ d, i }) => [
      { text: d },
      ...chart.series.map((s) => ({
        text: `${format(s.mean[i] ?? 0)} (${format(s.low[i] ?? 0)}–${format(s.high[i] ?? 0)})`,
        format: 'numeric',
      })),
    ]),
  };
}
