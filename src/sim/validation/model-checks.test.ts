import { describe, expect, it } from 'vitest';
import { meanAbsoluteError, runBacktest, runNaoCheck } from './model-checks.ts';
import { NAO_FIRST_300 } from './nao-rwanda.ts';

describe('validation (b): the model charges the NAO payment structure', () => {
  const check = runNaoCheck();

  it('relocates exactly the 300 people the cap allows', () => {
    expect(check.relocations).toBe(300);
  });

  it('charges GBP 541.26m for the first 300 relocations, flights aside (within half of the NAO rounding unit, GBP 5,000)', () => {
    expect(Math.abs(check.modelNaoBasis - NAO_FIRST_300)).toBeLessThan(5_000);
  });

  it('charges exactly what the payment structure adds up to, flights included', () => {
    expect(check.modelCost).toBeCloseTo(check.expected.total, 0);
  });
});

describe('validation (c): backtest of the status quo, mid-2022 to end 2025', () => {
  const result = runBacktest(4);

  it('follows the published backlog within 15% on average across the published dates', () => {
    expect(meanAbsoluteError(result.backlog)).toBeLessThan(0.15);
  });

  it('ends 2025 within 10% of the published 64,426 people awaiting an initial decision', () => {
    const end = result.backlog.at(-1)!;
    expect(end.date).toBe('2025-12-31');
    expect(Math.abs(end.error!)).toBeLessThan(0.1);
  });

  it('follows the published hotel population within 15% on average across the published dates', () => {
    expect(meanAbsoluteError(result.hotels)).toBeLessThan(0.15);
  });

  it('ends 2025 within 15% of the published 30,657 people in hotels (the capacity-limited tribunal keeps them there)', () => {
    const end = result.hotels.at(-1)!;
    expect(end.date).toBe('2025-12-31');
    expect(Math.abs(end.error!)).toBeLessThan(0.15);
  });

  it('follows the published First-tier Tribunal asylum backlog within 30% at every published date', () => {
    for (const r of result.appeals) expect(Math.abs(r.error!)).toBeLessThan(0.3);
  });

  it('compares the model with every published date after the start', () => {
    for (const rows of [result.backlog, result.hotels, result.appeals])
      for (const r of rows) if (r.date > '2022-06-30') expect(r.model).not.toBeNull();
  });
});
