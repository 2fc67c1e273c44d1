import { describe, expect, it } from 'vitest';
import { loadScenario } from './catalogue.ts';
import { compareScenarios } from './compare.ts';
import { percentile, runMonteCarlo } from './montecarlo.ts';
import { formatResult, resultDocument } from './report.ts';
import { parseScenario, setParameter } from './scenario.ts';
import { runSensitivity, sensitivityPlan } from './sensitivity.ts';

const MODEL_KEYS = [
  'arrivals',
  'decisions',
  'grants',
  'refusals',
  'appealsLodged',
  'removals',
  'transfers',
  'onwardReturns',
  'relocations',
  'absconded',
  'endAwaitingDecision',
  'endAppealPending',
  'endFinallyRefused',
  'endAwaitingTransfer',
  'endInHub',
  'endHotel',
  'endDispersal',
  'costHotel',
  'costDispersal',
  'costRemovals',
  'costTransfers',
  'costHubFees',
  'costHubNights',
  'totalCost',
];

/** A short R2 (two years) so worker runs stay quick. */
const shortR2 = () => setParameter(loadScenario('reference-r2'), 'horizonDays', 730);

describe('percentiles', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0.5, 3],
    [[1, 2, 3, 4, 5], 0.05, 1.2],
    [[1, 2, 3, 4, 5], 0.95, 4.8],
    [[7], 0.95, 7],
  ])('interpolate between order statistics: %j at %d is %d', (xs, q, p) => {
    expect(percentile(xs, q)).toBeCloseTo(p, 10);
  });
});

describe('Monte Carlo', () => {
  it('gives identical results for a seed whatever the number of workers', async () => {
    const s = shortR2();
    const one = await runMonteCarlo(s, { replications: 6, seed: 11, workers: 1 });
    const two = await runMonteCarlo(s, { replications: 6, seed: 11, workers: 2 });
    expect(two.workers).toBe(2);
    expect(two.summary).toEqual(one.summary);
    expect(two.series).toEqual(one.series);
    expect(two.events).toBe(one.events);
    const other = await runMonteCarlo(s, { replications: 6, seed: 12, workers: 1 });
    expect(other.summary.totalCost).not.toEqual(one.summary.totalCost);
  });

  it('summarises every MODEL.md output key as mean and percentiles, with the run described', async () => {
    const progress: number[] = [];
    const r = await runMonteCarlo(shortR2(), {
      replications: 5,
      workers: 1,
      onProgress: (d) => progress.push(d),
    });
    expect(progress[progress.length - 1]).toBe(5);
    const doc = resultDocument(r);
    for (const k of MODEL_KEYS) {
      const b = doc[k] as { mean: number; p5: number; p50: number; p95: number };
      expect(Object.keys(b).sort()).toEqual(['mean', 'p5', 'p50', 'p95']);
      expect(b.p5).toBeLessThanOrEqual(b.p50);
      expect(b.p50).toBeLessThanOrEqual(b.p95);
    }
    expect(doc).toMatchObject({
      scenario: 'reference-r2',
      seed: 1,
      replications: 5,
      softwareVersion: '0.1.0',
      modelEvents: r.events,
    });
    expect(r.events).toBeGreaterThan(0);
    expect(r.series.hotel.mean).toHaveLength(r.reportDates.length);
    expect(r.reportDates[r.reportDates.length - 1]).toBe('2027-01-01');
    expect(JSON.parse(formatResult(r, 'json')).totalCost.mean).toBeCloseTo(r.summary.totalCost.mean, 0);
    expect(formatResult(r, 'csv').split('\n')[0]).toBe('key,mean,p5,p50,p95');
    expect(formatResult(r, 'table')).toMatch(/totalCost/);
  });

  it('compares schemes with per-replication ratios', async () => {
    const r1 = setParameter(loadScenario('reference-r1'), 'horizonDays', 730);
    const cols = await compareScenarios([r1, shortR2()], { replications: 3, workers: 1 });
    expect(cols.map((c) => c.scenario)).toEqual(['reference-r1', 'reference-r2']);
    expect(cols[1].measures.transfers.mean).toBeGreaterThan(0);
    expect(cols[0].measures.transfers.mean).toBe(0);
    expect(cols[0].measures.costPerPersonRemoved.mean).toBeGreaterThan(0);
  });

  it('sensitivity varies ranged parameters and sorts them by swing in total cost', async () => {
    const raw = structuredClone(shortR2()) as unknown as Record<string, Record<string, unknown>>;
    raw.accommodation.dispersalPlaces = 5000;
    raw.accommodation.hotelCostPerNight = { value: 145, low: 119, high: 162 };
    raw.moveOn.days = { value: 28, low: 27.9, high: 28.1 };
    const s = parseScenario(raw);
    expect(sensitivityPlan(s).map((p) => p.parameter.path)).toEqual([
      'accommodation.hotelCostPerNight',
      'moveOn.days',
    ]);
    const r = await runSensitivity(s, { replications: 2, workers: 1 });
    expect(r.rows[0].parameter.path).toBe('accommodation.hotelCostPerNight');
    expect(r.rows[0].atHigh.totalCost).toBeGreaterThan(r.rows[0].atLow.totalCost);
    expect(sensitivityPlan(loadScenario('reference-r1'), { spread: 0.1 }).length).toBeGreaterThan(10);
  });
});
