/**
 * Approving a proposal is the lifecycle's `allocateHub` applied to every member of every approved
 * household, in order, each re-checking every blocker against the places already taken. These
 * properties run that approval in memory over random instances solved by HiGHS: an approved
 * allocation always respects places, caps, household unity and every blocker, and a blocker that
 * appears after the proposal is always caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementFactory,
  flagFactory,
  holdFactory,
  hubFactory,
  personFactory,
  subjectFor,
  TODAY,
} from '../../test/factories/index.ts';
import type { AllocationHub, AllocationInput, AllocationProposal } from '../domain/allocation.ts';
import { addPlaces, NO_PLACES, placesOf, unitTypeForHousehold } from '../domain/capacity.ts';
import { applyTransition } from '../domain/lifecycle.ts';
import type { TransferSubject } from '../domain/safeguards.ts';
import type { Actor, Partner, Places } from '../domain/types.ts';
import { UNIT_TYPES } from '../domain/types.ts';
import { proposeWithHighs } from './allocationSolver.ts';

const SENIOR: Actor = { userId: 'senior', role: 'senior_caseworker', partnerId: null };
const PARTNERS: Partner[] = [
  { id: 'partner-al', name: 'Albania', countryCode: 'AL' },
  { id: 'partner-rs', name: 'Serbia', countryCode: 'RS' },
];

interface Spec {
  caps: { residents: number; transfers: number; families: boolean }[];
  hubs: { partner: number; free: Places }[];
  households: { size: number; nationality: string; female: boolean; torture: boolean }[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  caps: fc.array(fc.record({ residents: fc.nat(8), transfers: fc.nat(8), families: fc.boolean() }), {
    minLength: 2,
    maxLength: 2,
  }),
  hubs: fc.array(
    fc.record({
      partner: fc.nat(1),
      free: fc.record({ single_men: fc.nat(3), single_women: fc.nat(3), families: fc.nat(5) }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  households: fc.array(
    fc.record({
      size: fc.integer({ min: 1, max: 3 }),
      nationality: fc.constantFrom('IQ', 'ER', 'AL', 'RS'),
      female: fc.boolean(),
      torture: fc.nat(5).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 7 },
  ),
});

function instance(spec: Spec): AllocationInput {
  const agreements = spec.caps.map((c, i) =>
    agreementFactory.build({
      partnerId: PARTNERS[i]!.id,
      maxStayDays: 30,
      familiesAllowed: c.families,
      maxConcurrentResidents: c.residents,
      maxTransfersPerYear: c.transfers,
    }),
  );
  const hubs: AllocationHub[] = spec.hubs.map((h, i) => ({
    hub: hubFactory.build({
      id: `hub-${i}`,
      partnerId: PARTNERS[h.partner]!.id,
      places: h.free,
      outOfService: NO_PLACES,
    }),
    partner: PARTNERS[h.partner]!,
    agreement: agreements[h.partner]!,
    use: { occupied: NO_PLACES, allocatedNotArrived: NO_PLACES },
  }));
  return {
    date: TODAY,
    hubs,
    agreementUse: Object.fromEntries(PARTNERS.map((p) => [p.id, { residents: 0, transfersThisYear: 0 }])),
    households: spec.households.map((h, i) => ({
      key: `hh-${i}`,
      priority: null,
      members: Array.from({ length: h.size }, (_, m) =>
        subjectFor(
          personFactory.build({
            id: `p-${i}-${m}`,
            nationality: h.nationality,
            sex: h.female || m > 0 ? 'female' : 'male',
            householdId: h.size > 1 ? `h-${i}` : null,
          }),
          { flags: h.torture && m === 0 ? [flagFactory.tortureSurvivor()] : [] },
        ),
      ),
    })),
  };
}

/**
 * What `allocations.approve` does, in memory: every member through `allocateHub`, with the places
 * and caps used by households approved before it. Returns the refused households' keys.
 */
function approveInMemory(input: AllocationInput, proposal: AllocationProposal, keys: readonly string[]) {
  const hubUse = new Map(input.hubs.map((h) => [h.hub.id, { ...NO_PLACES }]));
  const partnerUse = new Map(PARTNERS.map((p) => [p.id, 0]));
  const refused: string[] = [];
  const allocatedTo = new Map<string, string>();
  for (const key of keys) {
    const placed = proposal.placed.find((p) => p.key === key)!;
    const household = input.households.find((h) => h.key === key)!;
    const ah = input.hubs.find((h) => h.hub.id === placed.hubId)!;
    const unitType = unitTypeForHousehold(household.members.map((m) => m.person));
    const done: TransferSubject[] = [];
    let ok = true;
    for (const member of household.members) {
      const others = household.members
        .filter((m) => m !== member)
        .map((m) => done.find((d) => d.person.id === m.person.id) ?? m);
      const result = applyTransition(
        member.case,
        'allocateHub',
        { actor: SENIOR, on: TODAY, hubId: ah.hub.id },
        {
          person: member.person,
          flags: member.flags,
          holds: member.holds,
          household: others,
          transfer: {
            hub: ah.hub,
            partner: ah.partner,
            agreement: ah.agreement,
            use: {
              hub: { occupied: NO_PLACES, allocatedNotArrived: hubUse.get(ah.hub.id)! },
              agreement: {
                residents: partnerUse.get(ah.partner.id)!,
                transfersThisYear: partnerUse.get(ah.partner.id)!,
              },
            },
          },
        },
      );
      if (!result.ok) {
        ok = false;
        break;
      }
      done.push({ ...member, case: result.case });
    }
    if (!ok) {
      refused.push(key);
      continue;
    }
    hubUse.set(ah.hub.id, addPlaces(hubUse.get(ah.hub.id)!, placesOf(unitType, household.members.length)));
    partnerUse.set(ah.partner.id, partnerUse.get(ah.partner.id)! + household.members.length);
    for (const m of household.members) allocatedTo.set(m.person.id, ah.hub.id);
  }
  return { refused, hubUse, partnerUse, allocatedTo };
}

describe('approving an optimiser proposal (property)', () => {
  it('always succeeds, within places and caps, with each household in one hub and nobody blocked', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const input = instance(spec);
        const { proposal } = await proposeWithHighs(input);
        const { refused, hubUse, partnerUse, allocatedTo } = approveInMemory(
          input,
          proposal,
          proposal.placed.map((p) => p.key),
        );
        expect(refused).toEqual([]);
        for (const ah of input.hubs) {
          for (const t of UNIT_TYPES) expect(hubUse.get(ah.hub.id)![t]).toBeLessThanOrEqual(ah.hub.places[t]);
        }
        PARTNERS.forEach((p, i) => {
          expect(partnerUse.get(p.id)).toBeLessThanOrEqual(
            Math.min(spec.caps[i]!.residents, spec.caps[i]!.transfers),
          );
        });
        for (const h of input.households) {
          const hubsOf = new Set(h.members.map((m) => allocatedTo.get(m.person.id)));
          expect(hubsOf.size).toBe(1); // all in one hub, or all unallocated
          for (const m of h.members) {
            const hub = allocatedTo.get(m.person.id);
            if (hub === undefined) continue;
            // Never in their own country, never a torture survivor.
            const partner = input.hubs.find((x) => x.hub.id === hub)!.partner;
            expect(m.person.nationality).not.toBe(partner.countryCode);
            expect(m.flags.some((f) => f.kind === 'torture_survivor')).toBe(false);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses exactly the households that gained a blocker after the proposal', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, fc.array(fc.nat(6), { maxLength: 3 }), async (spec, injunctions) => {
        const input = instance(spec);
        const { proposal } = await proposeWithHighs(input);
        const placedKeys = proposal.placed.map((p) => p.key);
        const struck = new Set(
          injunctions.map((i) => placedKeys[i % Math.max(1, placedKeys.length)]).filter(Boolean),
        );
        const later: AllocationInput = {
          ...input,
          households: input.households.map((h) =>
            struck.has(h.key)
              ? {
                  ...h,
                  members: h.members.map((m, i) =>
                    i === 0
                      ? {
                          ...m,
                          holds: [
                            holdFactory.build({ caseId: m.case.id, kind: 'injunction', startedOn: TODAY }),
                          ],
                        }
                      : m,
                  ),
                }
              : h,
          ),
        };
        const { refused } = approveInMemory(later, proposal, placedKeys);
        expect(new Set(refused)).toEqual(struck);
      }),
      { numRuns: 40 },
    );
  });
});
