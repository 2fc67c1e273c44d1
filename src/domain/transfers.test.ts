import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dailyOccupancy,
  manifestProblems,
  maxStayStatus,
  planManifest,
  type TravellingHousehold,
} from './transfers.ts';

const hh = (
  key: string,
  size: number,
  hubId = 'hub-1',
  priority: string | null = null,
): TravellingHousehold => ({
  key,
  caseIds: Array.from({ length: size }, (_, i) => `${key}-${i}`),
  hubId,
  priority,
});

describe('planManifest', () => {
  it('takes whole households, longest waiting first, and skips one that does not fit for a smaller one behind it', () => {
    const plan = planManifest({ hubId: 'hub-1', seats: 5 }, [
      hh('c', 1, 'hub-1', '2026-03-01'),
      hh('a', 3, 'hub-1', '2026-01-01'),
      hh('b', 3, 'hub-1', '2026-02-01'),
    ]);
    expect(plan.households).toEqual(['a', 'c']);
    expect(plan.manifest).toEqual(['a-0', 'a-1', 'a-2', 'c-0']);
    expect(plan.left).toEqual([{ key: 'b', reason: 'Needs 3 seat(s); 2 left.' }]);
  });

  it('leaves households allocated to another hub', () => {
    const plan = planManifest({ hubId: 'hub-1', seats: 5 }, [hh('x', 1, 'hub-2')]);
    expect(plan.manifest).toEqual([]);
    expect(plan.left[0]!.reason).toContain('different hub');
  });

  it('never exceeds the seats and never splits a household (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 5 }), other: fc.boolean() }), { maxLength: 10 }),
        (seats, specs) => {
          const waiting = specs.map((s, i) => hh(`h${i}`, s.size, s.other ? 'hub-2' : 'hub-1'));
          const plan = planManifest({ hubId: 'hub-1', seats }, waiting);
          expect(plan.manifest.length).toBeLessThanOrEqual(seats);
          expect(manifestProblems({ hubId: 'hub-1', seats }, plan.manifest, waiting)).toEqual([]);
        },
      ),
    );
  });
});

describe('manifestProblems', () => {
  it.each([
    [
      'over the seats',
      { seats: 1 },
      ['a-0', 'b-0'],
      [hh('a', 1), hh('b', 1)],
      'The manifest has 2 people for 1 seats.',
    ],
    [
      'a split household',
      { seats: 5 },
      ['a-0'],
      [hh('a', 2)],
      'Household a is split: 1 of 2 on this flight.',
    ],
    ['the wrong hub', { seats: 5 }, ['a-0'], [hh('a', 1, 'hub-9')], 'allocated to a different hub'],
    ['someone twice', { seats: 5 }, ['a-0', 'a-0'], [hh('a', 1)], 'twice'],
  ])('refuses %s', (_what, flight, manifest, households, message) => {
    const problems = manifestProblems({ hubId: 'hub-1', ...flight }, manifest, households);
    expect(problems.join(' ')).toContain(message);
  });
});

describe('maxStayStatus', () => {
  it.each([
    ['2026-01-01', 90, '2026-01-02', 'none', 89],
    ['2026-01-01', 90, '2026-03-01', 'none', 31],
    ['2026-01-01', 90, '2026-03-02', 'within_30_days', 30],
    ['2026-01-01', 90, '2026-03-24', 'within_30_days', 8],
    ['2026-01-01', 90, '2026-03-25', 'within_7_days', 7],
    ['2026-01-01', 90, '2026-03-31', 'within_7_days', 1],
    ['2026-01-01', 90, '2026-04-01', 'reached', 0],
    ['2026-01-01', 90, '2026-05-01', 'reached', -30],
  ] as const)('arrived %s, max %i days, on %s: %s (%i days left)', (arrived, max, on, warning, left) => {
    expect(maxStayStatus(arrived, max, on)).toEqual({ endsOn: '2026-04-01', daysLeft: left, warning });
  });
});

describe('dailyOccupancy', () => {
  it('counts a resident on each night from arrival until (not including) the day they leave', () => {
    const days = dailyOccupancy(
      [
        { arrivedOn: '2026-01-02', departedOn: '2026-01-04' },
        { arrivedOn: '2025-12-01', departedOn: null },
      ],
      '2026-01-01',
      '2026-01-05',
    );
    expect(days.map((d) => d.occupied)).toEqual([1, 2, 2, 1, 1]);
    expect(days[0]!.date).toBe('2026-01-01');
  });
});
