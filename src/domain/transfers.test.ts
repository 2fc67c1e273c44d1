import { describe, expect, it } from 'vitest';
import { caseFactory, transferFactory } from '../../test/factories/index.ts';
import { manifestProblems } from './transfers.ts';

describe('manifestProblems', () => {
  const a = caseFactory.hubAllocated({ id: 'a', reference: 'A' });
  const b = caseFactory.hubAllocated({ id: 'b', reference: 'B' });
  const c = caseFactory.hubAllocated({ id: 'c', reference: 'C' });
  const members = [
    { case: a, householdKey: 'h1' },
    { case: b, householdKey: 'h1' },
    { case: c, householdKey: 'c' },
  ];
  const households = new Map([
    ['h1', ['a', 'b']],
    ['c', ['c']],
  ]);

  it('accepts a manifest within the seats with households together', () => {
    expect(
      manifestProblems(transferFactory.build({ seats: 3, manifest: ['a', 'b', 'c'] }), members, households),
    ).toEqual([]);
  });

  it.each([
    ['more people than seats', { seats: 2, manifest: ['a', 'b', 'c'] }, /3 people for 2 seats/],
    ['a household split across flights', { seats: 3, manifest: ['a', 'c'] }, /household would be split/],
    ['a person twice', { seats: 5, manifest: ['c', 'c'] }, /more than once/],
    ['an unknown case', { seats: 5, manifest: ['zzz'] }, /unknown/],
  ])('refuses %s', (_what, overrides, message) => {
    const problems = manifestProblems(transferFactory.build(overrides), members, households);
    expect(problems.join(' ')).toMatch(message);
  });

  it('refuses someone allocated to another hub or not waiting to travel', () => {
    const elsewhere = [{ case: { ...c, allocatedHubId: 'hub-rs-1' }, householdKey: 'c' }];
    expect(
      manifestProblems(transferFactory.build({ manifest: ['c'] }), elsewhere, households).join(' '),
    ).toMatch(/not this flight’s hub/);
    const inHub = [{ case: { ...c, state: 'IN_HUB' as const }, householdKey: 'c' }];
    expect(manifestProblems(transferFactory.build({ manifest: ['c'] }), inHub, households).join(' ')).toMatch(
      /not waiting to travel/,
    );
  });
});
