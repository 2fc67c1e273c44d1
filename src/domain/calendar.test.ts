import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  ageOn,
  BANK_HOLIDAYS_ENGLAND_AND_WALES,
  daysBetween,
  earliestDepartureAfterNotice,
  isWeekend,
  isWorkingDay,
  workingDaysBetween,
} from './calendar.ts';

describe('calendar', () => {
  it.each([
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-29', 1, '2026-03-30'], // across the clocks changing in the UK
    ['2026-01-01', -1, '2025-12-31'],
  ])('adds days: %s + %i = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-06-15', 12, '2026-06-15'],
    ['2025-12-31', 2, '2026-02-28'],
  ])('adds calendar months, clamping to the month end: %s + %i = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each([
    ['2000-03-02', '2018-03-01', 17],
    ['2000-03-02', '2018-03-02', 18],
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
  ])('computes age in completed years: born %s, on %s is %i', (dob, date, age) => {
    expect(ageOn(dob, date)).toBe(age);
  });

  it('treats Saturdays, Sundays and bank holidays as non-working days', () => {
    expect(isWeekend('2026-03-07')).toBe(true);
    expect(isWorkingDay('2026-03-09')).toBe(true);
    expect(isWorkingDay('2026-12-28')).toBe(false); // substitute Boxing Day
    for (const d of BANK_HOLIDAYS_ENGLAND_AND_WALES) expect(isWorkingDay(d)).toBe(false);
  });

  it('lists eight bank holidays a year for 2025 to 2027, none at a weekend', () => {
    for (const year of ['2025', '2026', '2027']) {
      const days = BANK_HOLIDAYS_ENGLAND_AND_WALES.filter((d) => d.startsWith(year));
      expect(days).toHaveLength(8);
      for (const d of days) expect(isWeekend(d)).toBe(false);
    }
  });

  it.each([
    ['2026-03-02', 5, '2026-03-09'], // Monday + 5 working days = next Monday
    ['2026-03-06', 5, '2026-03-13'], // Friday + 5 = next Friday
    ['2026-04-01', 5, '2026-04-10'], // over Good Friday and Easter Monday
    ['2026-12-24', 5, '2027-01-05'], // over Christmas and New Year
    ['2026-03-02', 0, '2026-03-02'],
  ])('adds working days: %s + %i = %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
    expect(workingDaysBetween(date, expected)).toBe(n);
    expect(earliestDepartureAfterNotice(date, n)).toBe(expected);
  });

  it('rejects something that is not an ISO date', () => {
    expect(() => addDays('02/03/2026', 1)).toThrow(/ISO date/);
  });
});
