import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubFactory, personFactory } from '../../test/factories/index.ts';
import {
  addPlaces,
  countPlaces,
  hasRoomFor,
  hubFreePlaces,
  NO_PLACES,
  placesOf,
  unitTypeForHousehold,
} from './capacity.ts';
import type { Places, UnitType } from './types.ts';
import { UNIT_TYPES } from './types.ts';

describe('capacity', () => {
  it.each([
    ['a man alone', [personFactory.build()], 'single_men'],
    ['a woman alone', [personFactory.woman()], 'single_women'],
    ['a couple', [personFactory.build(), personFactory.woman()], 'families'],
    ['a mother and child', [personFactory.woman(), personFactory.child()], 'families'],
  ] as const)('houses %s in %s units', (_what, members, unitType) => {
    expect(unitTypeForHousehold(members)).toBe(unitType);
  });

  it('computes free places as capacity − out of service − occupied − allocated not yet arrived', () => {
    const hub = hubFactory.build({
      places: { single_men: 100, single_women: 40, families: 60 },
      outOfService: { single_men: 10, single_women: 0, families: 6 },
    });
    const free = hubFreePlaces(hub, {
      occupied: { single_men: 50, single_women: 30, families: 20 },
      allocatedNotArrived: { single_men: 5, single_women: 10, families: 4 },
    });
    expect(free).toEqual({ single_men: 35, single_women: 0, families: 30 });
  });

  it('reports overbooking as negative free places rather than hiding it', () => {
    const hub = hubFactory.build({
      places: { single_men: 10, single_women: 0, families: 0 },
      outOfService: { single_men: 5, single_women: 0, families: 0 },
    });
    expect(
      hubFreePlaces(hub, { occupied: placesOf('single_men', 8), allocatedNotArrived: NO_PLACES }).single_men,
    ).toBe(-3);
  });

  it('never goes below zero free places when every allocation first checks for room', () => {
    const unitType = fc.constantFrom<UnitType>(...UNIT_TYPES);
    fc.assert(
      fc.property(
        fc.record({ single_men: fc.nat(50), single_women: fc.nat(50), families: fc.nat(50) }),
        fc.record({ single_men: fc.nat(10), single_women: fc.nat(10), families: fc.nat(10) }),
        fc.array(fc.record({ unitType, count: fc.integer({ min: 1, max: 6 }), arrives: fc.boolean() }), {
          maxLength: 80,
        }),
        (places, outOfService, requests) => {
          const hub = hubFactory.build({ places, outOfService });
          let occupied: Places = NO_PLACES;
          let allocated: Places = NO_PLACES;
          for (const r of requests) {
            const free = hubFreePlaces(hub, { occupied, allocatedNotArrived: allocated });
            if (!hasRoomFor(free, r.unitType, r.count)) continue;
            if (r.arrives) occupied = addPlaces(occupied, placesOf(r.unitType, r.count));
            else allocated = addPlaces(allocated, placesOf(r.unitType, r.count));
          }
          const free = hubFreePlaces(hub, { occupied, allocatedNotArrived: allocated });
          for (const t of UNIT_TYPES) {
            expect(free[t]).toBeGreaterThanOrEqual(0);
            expect(occupied[t] + allocated[t]).toBeLessThanOrEqual(places[t]);
          }
        },
      ),
    );
  });

  it('counts people by unit type', () => {
    expect(
      countPlaces([{ unitType: 'families', count: 4 }, { unitType: 'single_men' }, { unitType: 'families' }]),
    ).toEqual({
      single_men: 1,
      single_women: 0,
      families: 5,
    });
  });
});
