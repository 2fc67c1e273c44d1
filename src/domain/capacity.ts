/**
 * Hub places by unit type. Places are beds: a family of four needs four places in family units.
 * Free places = capacity − out of service − occupied − allocated-not-yet-arrived (DOMAIN.md).
 */
import type { Hub, Person, Places, UnitType } from './types.ts';
import { UNIT_TYPES } from './types.ts';

export const NO_PLACES: Places = Object.freeze({ single_men: 0, single_women: 0, families: 0 });

/** How many places a hub has in use: people resident now, and people allocated who have not arrived. */
export interface HubUse {
  occupied: Places;
  allocatedNotArrived: Places;
}

/**
 * The unit type a household needs: any household of more than one person goes to family units;
 * a person alone goes to single men's or single women's units.
 */
export function unitTypeForHousehold(members: readonly Pick<Person, 'sex'>[]): UnitType {
  if (members.length === 0) throw new RangeError('A household has at least one member');
  if (members.length > 1) return 'families';
  return members[0]!.sex === 'male' ? 'single_men' : 'single_women';
}

export function addPlaces(a: Places, b: Places): Places {
  return {
    single_men: a.single_men + b.single_men,
    single_women: a.single_women + b.single_women,
    families: a.families + b.families,
  };
}

export function subtractPlaces(a: Places, b: Places): Places {
  return {
    single_men: a.single_men - b.single_men,
    single_women: a.single_women - b.single_women,
    families: a.families - b.families,
  };
}

export function totalPlaces(p: Places): number {
  return p.single_men + p.single_women + p.families;
}

/** Places of one unit type: `placesOf('families', 4)`. */
export function placesOf(unitType: UnitType, count: number): Places {
  return { ...NO_PLACES, [unitType]: count };
}

/** Count people (or households with a size) by unit type. */
export function countPlaces(items: Iterable<{ unitType: UnitType; count?: number }>): Places {
  const out = { ...NO_PLACES };
  for (const item of items) out[item.unitType] += item.count ?? 1;
  return out;
}

/** Places that can be used at all: capacity minus places out of service (never below zero). */
export function hubUsablePlaces(hub: Pick<Hub, 'places' | 'outOfService'>): Places {
  const out = { ...NO_PLACES };
  for (const t of UNIT_TYPES) out[t] = Math.max(0, hub.places[t] - hub.outOfService[t]);
  return out;
}

/**
 * Free places per unit type. Negative means overbooked (more people resident or allocated than
 * usable places, e.g. after places went out of service): callers must treat it as no room, and
 * it is reported rather than hidden.
 */
export function hubFreePlaces(hub: Pick<Hub, 'places' | 'outOfService'>, use: HubUse): Places {
  return subtractPlaces(subtractPlaces(hubUsablePlaces(hub), use.occupied), use.allocatedNotArrived);
}

export function hasRoomFor(free: Places, unitType: UnitType, people: number): boolean {
  return free[unitType] >= people;
}
