import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agreementFactory,
  flagFactory,
  hubFactory,
  personFactory,
  subjectFor,
  TODAY,
} from '../../test/factories/index.ts';
import type { AllocationHub, AllocationInput, AllocationModel } from '../domain/allocation.ts';
import { buildAllocationModel, proposalViolations } from '../domain/allocation.ts';
import { NO_PLACES } from '../domain/capacity.ts';
import type { Partner, Places } from '../domain/types.ts';
import { UNIT_TYPES } from '../domain/types.ts';
import { AllocationSolver, proposeWithHighs, solveAllocationModel } from './allocationSolver.ts';

const PARTNERS: Partner[] = [
  { id: 'partner-al', name: 'Albania', countryCode: 'AL' },
  { id: 'partner-rs', name: 'Serbia', countryCode: 'RS' },
  { id: 'partner-ba', name: 'Bosnia and Herzegovina', countryCode: 'BA' },
];

interface InstanceSpec {
  partners: { perPersonFee: number; perNightFee: number; familiesAllowed: boolean; residentsLeft: number; transfersLeft: number }[];
  hubs: { partner: number; free: Places }[];
  households: { size: number; nationality: string; female: boolean; torture: boolean }[];
} // prettier-ignore

function instance(spec: InstanceSpec): AllocationInput {
  const agreements = spec.partners.map((p, i) =>
    agreementFactory.build({
      partnerId: PARTNERS[i]!.id,
      perPersonFeePence: p.perPersonFee,
      perNightFeePence: p.perNightFee,
      maxStayDays: 30,
      familiesAllowed: p.familiesAllowed,
      maxConcurrentResidents: 1_000 + p.residentsLeft,
      maxTransfersPerYear: 2_000 + p.transfersLeft,
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
  const agreementUse = Object.fromEntries(
    spec.partners.map((_, i) => [PARTNERS[i]!.id, { residents: 1_000, transfersThisYear: 2_000 }]),
  );
  return {
    date: TODAY,
    hubs,
    agreementUse,
    households: spec.households.map((h, i) => ({
      key: `hh-${i}`,
      priority: `2025-0${(i % 9) + 1}-01`,
      members: Array.from({ length: h.size }, (_, m) =>
        subjectFor(
          personFactory.build({
            id: `p-${i}-${m}`,
            nationality: h.nationality,
            sex: h.female || m > 0 ? 'female' : 'male',
          }),
          { flags: h.torture && m === 0 ? [flagFactory.tortureSurvivor()] : [] },
        ),
      ),
    })),
  };
}

const placesArb = fc.record({ single_men: fc.nat(4), single_women: fc.nat(4), families: fc.nat(6) });
const specArb: fc.Arbitrary<InstanceSpec> = fc
  .record({
    partners: fc.array(
      fc.record({
        perPersonFee: fc.integer({ min: 100_000, max: 2_000_000 }),
        perNightFee: fc.integer({ min: 1_000, max: 20_000 }),
        familiesAllowed: fc.boolean(),
        residentsLeft: fc.nat(8),
        transfersLeft: fc.nat(8),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    hubs: fc.array(fc.record({ partner: fc.nat(2), free: placesArb }), { minLength: 1, maxLength: 3 }),
    households: fc.array(
      fc.record({
        size: fc.integer({ min: 1, max: 3 }),
        nationality: fc.constantFrom('IQ', 'IQ', 'ER', 'AL', 'RS', 'XX'),
        female: fc.boolean(),
        torture: fc.nat(4).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map((s) => ({ ...s, hubs: s.hubs.map((h) => ({ ...h, partner: h.partner % s.partners.length })) }));

/** Try every assignment of households to hubs (or none): the most people, then the least cost. */
function bruteForce(model: AllocationModel): { people: number; cost: number } {
  const hs = model.households;
  let best = { people: 0, cost: 0 };
  const choice = new Array<number>(hs.length).fill(-1);
  const recurse = (i: number) => {
    if (i === hs.length) {
      const used = new Map(model.hubs.map((h) => [h.hubId, { ...NO_PLACES }]));
      const partnerUse = new Map<string, number>();
      let people = 0;
      let cost = 0;
      hs.forEach((h, j) => {
        if (choice[j]! < 0) return;
        const o = h.eligible[choice[j]!]!;
        used.get(o.hubId)![h.unitType] += h.size;
        partnerUse.set(o.partnerId, (partnerUse.get(o.partnerId) ?? 0) + h.size);
        people += h.size;
        cost += o.costPence;
      });
      for (const hub of model.hubs)
        for (const t of UNIT_TYPES) if (used.get(hub.hubId)![t] > hub.free[t]) return;
      for (const p of model.partners) {
        const n = partnerUse.get(p.partnerId) ?? 0;
        if (n > p.residentsLeft || n > p.transfersLeft) return;
      }
      if (people > best.people || (people === best.people && cost < best.cost)) best = { people, cost };
      return;
    }
    for (let c = -1; c < hs[i]!.eligible.length; c += 1) {
      choice[i] = c;
      recurse(i + 1);
    }
  };
  recurse(0);
  return best;
}

describe('hub allocation with HiGHS', () => {
  it('places the most people, then at least cost, exactly as brute force does on small instances', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const { proposal, model } = await proposeWithHighs(instance(spec));
        const best = bruteForce(model);
        expect(proposal.peoplePlaced).toBe(best.people);
        expect(proposal.totalCostPence).toBe(best.cost);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('minimises cost whatever order the options come in (the cost phase is not left to chance)', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const model = buildAllocationModel(instance(spec));
        // Most expensive first: a solver that stopped after the first phase would tend to pick these.
        const reversed = {
          ...model,
          groups: model.groups.map((g) => ({ ...g, options: [...g.options].reverse() })),
        };
        const { proposal } = await solveAllocationModel(reversed, TODAY);
        expect(proposal.totalCostPence).toBe(bruteForce(model).cost);
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('never breaks capacity, caps, quotas, household unity or a safeguard', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const input = instance(spec);
        const { proposal, model } = await proposeWithHighs(input);
        expect(proposalViolations(model, proposal)).toEqual([]);
        const nationalityOf = new Map(input.households.map((h) => [h.key, h.members[0]!.person.nationality]));
        const countryOfHub = new Map(input.hubs.map((h) => [h.hub.id, h.partner.countryCode]));
        for (const p of proposal.placed) {
          expect(countryOfHub.get(p.hubId)).not.toBe(nationalityOf.get(p.key));
          expect(p.personIds).toEqual(
            input.households.find((h) => h.key === p.key)!.members.map((m) => m.person.id),
          );
        }
        expect(proposal.peoplePlaced + proposal.peopleUnplaced).toBe(
          input.households.reduce((n, h) => n + h.members.length, 0),
        );
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('prefers the cheaper partner and explains who could not be placed and why', async () => {
    const input = instance({
      partners: [
        {
          perPersonFee: 1_000_000,
          perNightFee: 10_000,
          familiesAllowed: true,
          residentsLeft: 10,
          transfersLeft: 10,
        },
        {
          perPersonFee: 500_000,
          perNightFee: 5_000,
          familiesAllowed: true,
          residentsLeft: 10,
          transfersLeft: 10,
        },
      ],
      hubs: [
        { partner: 0, free: { single_men: 5, single_women: 0, families: 0 } },
        { partner: 1, free: { single_men: 1, single_women: 0, families: 0 } },
      ],
      households: [
        { size: 1, nationality: 'IQ', female: false, torture: false },
        { size: 1, nationality: 'IQ', female: false, torture: false },
        { size: 1, nationality: 'AL', female: false, torture: false },
        { size: 2, nationality: 'IQ', female: false, torture: false },
      ],
    });
    const { proposal } = await proposeWithHighs(input);
    expect(proposal.peoplePlaced).toBe(3);
    // The one cheaper Serbian place goes to the Albanian national, who may never go to Albania;
    // that places everyone who can be placed, though the Iraqis then cost more each.
    expect(proposal.placed.find((p) => p.key === 'hh-2')!.hubId).toBe('hub-1');
    expect(proposal.placed.find((p) => p.key === 'hh-0')!.hubId).toBe('hub-0');
    expect(proposal.placed.find((p) => p.key === 'hh-1')!.hubId).toBe('hub-0');
    expect(proposal.totalCostPence).toBe(2 * 1_300_000 + 650_000);
    expect(proposal.placed.find((p) => p.key === 'hh-0')!.alternatives.map((a) => a.hubId)).toEqual([
      'hub-1',
    ]);
    const couple = proposal.unplaced.find((u) => u.key === 'hh-3')!;
    expect(couple.reason).toBe('no_capacity');
    expect(couple.explanation).toMatch(/free places/);
  });

  it('reports a household that safeguards block everywhere, with the blockers by hub', async () => {
    const input = instance({
      partners: [{ perPersonFee: 1_000_000, perNightFee: 10_000, familiesAllowed: true, residentsLeft: 10, transfersLeft: 10 }],
      hubs: [{ partner: 0, free: { single_men: 5, single_women: 5, families: 5 } }],
      households: [{ size: 1, nationality: 'IQ', female: false, torture: true }],
    }); // prettier-ignore
    const { proposal } = await proposeWithHighs(input);
    expect(proposal.placed).toEqual([]);
    expect(proposal.unplaced[0]).toMatchObject({ key: 'hh-0', reason: 'no_eligible_hub' });
    expect(proposal.unplaced[0]!.blockersByHub[0]!.blockers.map((b) => b.code)).toContain('TORTURE_SURVIVOR');
  });

  it('groups interchangeable households so the programme stays small', () => {
    const households = Array.from({ length: 300 }, () => ({
      size: 1,
      nationality: 'IQ',
      female: false,
      torture: false,
    }));
    const model = buildAllocationModel(
      instance({
        partners: [{ perPersonFee: 1_000_000, perNightFee: 10_000, familiesAllowed: true, residentsLeft: 10, transfersLeft: 10 }],
        hubs: [{ partner: 0, free: { single_men: 50, single_women: 5, families: 5 } }],
        households,
      }),
    ); // prettier-ignore
    expect(model.groups).toHaveLength(1);
    expect(model.groups[0]!.households).toHaveLength(300);
  });

  describe('in a worker thread', () => {
    const solver = new AllocationSolver();
    afterAll(() => solver.close());

    it('gives the same proposal as solving in-process', async () => {
      const input = instance({
        partners: [
          {
            perPersonFee: 1_000_000,
            perNightFee: 10_000,
            familiesAllowed: true,
            residentsLeft: 6,
            transfersLeft: 6,
          },
          {
            perPersonFee: 700_000,
            perNightFee: 12_000,
            familiesAllowed: false,
            residentsLeft: 6,
            transfersLeft: 6,
          },
        ],
        hubs: [
          { partner: 0, free: { single_men: 2, single_women: 1, families: 4 } },
          { partner: 1, free: { single_men: 3, single_women: 2, families: 0 } },
        ],
        households: [
          { size: 1, nationality: 'IQ', female: false, torture: false },
          { size: 2, nationality: 'ER', female: true, torture: false },
          { size: 1, nationality: 'RS', female: true, torture: false },
          { size: 3, nationality: 'IQ', female: false, torture: false },
          { size: 1, nationality: 'AL', female: false, torture: false },
        ],
      });
      const inWorker = await solver.propose(input);
      const here = (await proposeWithHighs(input)).proposal;
      expect(inWorker).toEqual(here);
      expect(inWorker.peoplePlaced).toBeGreaterThan(0);
    });
  });
});
