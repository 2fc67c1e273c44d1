/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so the answer never depends on the
 * machine's time zone. Working days exclude weekends and England & Wales bank holidays: the notice
 * of transfer must leave enough working days for legal advice (R (FB (Afghanistan)) v SSHD [2020]
 * EWCA Civ 1338).
 */
import type { IsoDate } from './types.ts';

const DAY_MS = 86_400_000;

function toUtcMs(date: IsoDate): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${date}`);
  }
  return ms;
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = new Date(toUtcMs(date));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** Completed years of age on `date` (someone born on 29 February turns a year older on 1 March). */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  // Month-day strings compare in date order, so no parsing beyond the years is needed.
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return date.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/**
 * England & Wales bank holidays, from GOV.UK's published list (substitute days included, e.g.
 * Boxing Day 2026 falls on a Saturday so Monday 28 December is the holiday). Extend each year.
 */
export const BANK_HOLIDAYS_ENGLAND_AND_WALES: readonly IsoDate[] = [
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];
const bankHolidays = new Set(BANK_HOLIDAYS_ENGLAND_AND_WALES);

export function isWeekend(date: IsoDate): boolean {
  const day = new Date(toUtcMs(date)).getUTCDay();
  return day === 0 || day === 6;
}

export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate> = bankHolidays): boolean {
  return !isWeekend(date) && !holidays.has(date);
}

/** The date `n` working days after `date` (n ≥ 0; `date` itself never counts). */
export function addWorkingDays(
  date: IsoDate,
  n: number,
  holidays: ReadonlySet<IsoDate> = bankHolidays,
): IsoDate {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holidays)) left -= 1;
  }
  return d;
}

/** Working days `d` with `from < d ≤ to` (0 when `to` is not after `from`). */
export function workingDaysBetween(
  from: IsoDate,
  to: IsoDate,
  holidays: ReadonlySet<IsoDate> = bankHolidays,
): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) count += 1;
  return count;
}

/**
 * The earliest departure date for a notice of transfer served on `servedOn`: `workingDays` full
 * working days must pass after the day of service, so departure is on or after the last of them.
 */
export function earliestDepartureAfterNotice(servedOn: IsoDate, workingDays: number): IsoDate {
  return addWorkingDays(servedOn, workingDays);
}
