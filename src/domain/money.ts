/**
 * Money is integer pence, never a float: every amount here is checked to be a safe integer, and
 * multiplication of a rate by a count stays exact.
 */
import { daysBetween, maxDate, minDate } from './calendar.ts';
import type { AccommodationPlacement, IsoDate, Pence } from './types.ts';

export function assertPence(amount: number): Pence {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Money must be whole pence, got ${amount}`);
  return amount;
}

/**
 * Pounds (as written by a person, e.g. 14.5) to pence, rounding half a penny away from zero. Goes
 * through the decimal text so that 1.005 (really 1.00499… in binary) becomes 101p as written.
 */
export function poundsToPence(pounds: number): Pence {
  const [whole, frac = ''] = Math.abs(pounds).toFixed(10).split('.') as [string, string?];
  const pence = Number(whole) * 100 + Number(frac.slice(0, 2)) + (Number(frac[2] ?? '0') >= 5 ? 1 : 0);
  return assertPence(pounds < 0 ? -pence : pence);
}

export function sumPence(amounts: Iterable<Pence>): Pence {
  let total = 0;
  for (const a of amounts) total = assertPence(total + assertPence(a));
  return total;
}

export function multiplyPence(ratePence: Pence, count: number): Pence {
  if (!Number.isSafeInteger(count)) throw new RangeError(`A count must be a whole number, got ${count}`);
  return assertPence(assertPence(ratePence) * count);
}

/** `£1,234.56`; negative amounts as `-£1.00`. */
export function formatPence(amount: Pence): string {
  assertPence(amount);
  const abs = Math.abs(amount);
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pence = String(abs % 100).padStart(2, '0');
  return `${amount < 0 ? '-' : ''}£${pounds}.${pence}`;
}

/** `£1.2m`, `£350k`, `£95`: a compact figure for headlines and charts (not for invoices). */
export function formatPenceShort(amount: Pence): string {
  const pounds = amount / 100;
  const abs = Math.abs(pounds);
  const sign = pounds < 0 ? '-' : '';
  if (abs >= 1e9) return `${sign}£${(abs / 1e9).toFixed(1)}bn`;
  if (abs >= 1e6) return `${sign}£${(abs / 1e6).toFixed(1)}m`;
  if (abs >= 1e4) return `${sign}£${Math.round(abs / 1e3)}k`;
  return `${sign}£${Math.round(abs)}`;
}

/**
 * Nights in a stay from `startOn` to `endOn` (exclusive: no night is charged for the day of
 * leaving), counted only inside the period `[from, to)`.
 */
export function nightsInPeriod(startOn: IsoDate, endOn: IsoDate | null, from: IsoDate, to: IsoDate): number {
  const start = maxDate(startOn, from);
  const end = endOn === null ? to : minDate(endOn, to);
  return Math.max(0, daysBetween(start, end));
}

/** The cost of nights at a nightly rate. */
export function costOfNights(nightlyRatePence: Pence, nights: number): Pence {
  return multiplyPence(nightlyRatePence, nights);
}

/** What a UK accommodation placement cost in the period `[from, to)`. */
export function placementCost(placement: AccommodationPlacement, from: IsoDate, to: IsoDate): Pence {
  return costOfNights(
    placement.nightlyCostPence,
    nightsInPeriod(placement.startOn, placement.endOn, from, to),
  );
}
