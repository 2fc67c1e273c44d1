import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placementFactory } from '../../test/factories/index.ts';
import {
  costOfNights,
  formatPence,
  formatPenceShort,
  multiplyPence,
  nightsInPeriod,
  placementCost,
  poundsToPence,
  sumPence,
} from './money.ts';

describe('money', () => {
  it.each([
    [0, '£0.00'],
    [5, '£0.05'],
    [1_450, '£14.50'],
    [14_500, '£145.00'],
    [123_456_789, '£1,234,567.89'],
    [-100, '-£1.00'],
  ])('formats %i pence as %s', (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });

  it.each([
    [4_700_000_000_00, '£4.7bn'],
    [1_250_000_00, '£1.3m'],
    [35_000_00, '£35k'],
    [95_00, '£95'],
  ])('formats %i pence briefly as %s', (pence, text) => {
    expect(formatPenceShort(pence)).toBe(text);
  });

  it('refuses fractions of a penny', () => {
    expect(() => sumPence([1, 0.5])).toThrow(/whole pence/);
    expect(() => multiplyPence(14_500, 1.5)).toThrow(/whole number/);
  });

  it('converts pounds to pence without float error', () => {
    expect(poundsToPence(14.5)).toBe(1_450);
    expect(poundsToPence(0.29)).toBe(29);
    expect(poundsToPence(-1.005)).toBe(-101);
  });

  it('sums exactly, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 })), (amounts) => {
        expect(sumPence(amounts)).toBe(sumPence([...amounts].reverse()));
      }),
    );
  });

  it('counts nights with the day of leaving not charged, clipped to the period', () => {
    expect(nightsInPeriod('2026-03-01', '2026-03-04', '2026-01-01', '2027-01-01')).toBe(3);
    expect(nightsInPeriod('2026-02-25', null, '2026-03-01', '2026-04-01')).toBe(31);
    expect(nightsInPeriod('2026-05-01', null, '2026-03-01', '2026-04-01')).toBe(0);
  });

  it('costs a hotel stay at £145 a night', () => {
    const hotel = placementFactory.hotel({ startOn: '2026-03-01', endOn: '2026-03-11' });
    expect(placementCost(hotel, '2026-01-01', '2027-01-01')).toBe(145_000);
    expect(costOfNights(1_400, 30)).toBe(42_000);
  });

  it('splits a stay across periods without losing or adding a night', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (start, length, cut) => {
          const base = '2026-01-01';
          const add = (n: number) =>
            new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
          const p = placementFactory.dispersal({ startOn: add(start), endOn: add(start + length) });
          const whole = placementCost(p, add(0), add(1000));
          expect(placementCost(p, add(0), add(cut)) + placementCost(p, add(cut), add(1000))).toBe(whole);
          expect(whole).toBe(1_400 * length);
        },
      ),
    );
  });
});
