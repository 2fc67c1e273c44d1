/**
 * Hub allocation as an integer programme (issue 5, item 1), built and read here without I/O; the
 * solver (HiGHS, in a worker thread) lives in `services/allocationSolver.ts`.
 *
 * Aim, in order: place as many people as possible; then, among the allocations that do, minimise
 * cost (per-person fee on arrival + expected nights × per-night fee + transfer cost). Households
 * stay together in one hub; nobody goes where a safeguard blocks them (their own country
 * included); places by unit type, the agreement's resident cap and its yearly transfer quota hold.
 *
 * Households that are interchangeable (same unit type, size and set of eligible hubs, hence the
 * same cost at every hub) are grouped, and the programme decides how many of each group go to
 * each hub. That is the same optimum as one yes/no variable per household and hub, but the model
 * has hundreds of integer variables rather than hundreds of thousands. Within a group, the
 * longest-waiting households are placed first.
 */
import type { AgreementUse } from './agreements.ts';
import { quotaLeft } from './agreements.ts';
import type { HubUse } from './capacity.ts';
import { hubFreePlaces, NO_PLACES, unitTypeForHousehold } from './capacity.ts';
import type { Blocker, BlockerCode, TransferSubject } from './safeguards.ts';
import { transferBlockers } from './safeguards.ts';
import type { Agreement, Hub, IsoDate, Partner, Pence, Places, UnitType } from './types.ts';
import { UNIT_TYPES } from './types.ts';

/** Blockers the optimiser itself resolves by choosing who goes where. */
export const CAPACITY_BLOCKERS: readonly BlockerCode[] = [
  'NO_FREE_PLACE',
  'RESIDENT_CAP_REACHED',
  'ANNUAL_QUOTA_USED',
];

export interface AllocationHousehold {
  /** The household id, or the person's id for someone alone. */
  key: string;
  /** Everyone who must travel together (the first is the principal). */
  members: readonly TransferSubject[];
  /** Longest waiting first among otherwise identical households (e.g. the finally refused date). */
  priority?: IsoDate | null;
}

export interface AllocationHub {
  hub: Hub;
  partner: Partner;
  /** The partner's agreement in force on the date (null: no transfers possible). */
  agreement: Agreement | null;
  /** Use of the hub now, by people other than those being allocated. */
  use: HubUse;
}

export interface AllocationInput {
  date: IsoDate;
  households: readonly AllocationHousehold[];
  hubs: readonly AllocationHub[];
  /** Use of each partner's agreement, by partner id (residents and allocated; transfers this year). */
  agreementUse: Readonly<Record<string, AgreementUse>>;
  /** Cost of the journey per person, by partner id (default 0). */
  transferCostPencePerPerson?: Readonly<Record<string, Pence>>;
  /** Nights each person is expected to stay (default: the agreement's maximum stay). */
  expectedNights?: number;
}

export interface HubOption {
  hubId: string;
  partnerId: string;
  /** Cost of placing the whole household there. */
  costPence: Pence;
}

export interface HouseholdOptions {
  key: string;
  personIds: string[];
  size: number;
  unitType: UnitType;
  priority: IsoDate | null;
  /** Hubs the household may lawfully go to, cheapest first. */
  eligible: HubOption[];
  /** Hubs it may not go to, with every blocker (capacity aside). */
  ineligible: { hubId: string; blockers: Blocker[] }[];
}

export interface AllocationGroup {
  id: string;
  unitType: UnitType;
  size: number;
  /** Household keys, in the order they are placed (longest waiting first). */
  households: string[];
  options: HubOption[];
}

export interface AllocationModel {
  households: HouseholdOptions[];
  groups: AllocationGroup[];
  hubs: { hubId: string; partnerId: string; name: string; free: Places }[];
  partners: { partnerId: string; residentsLeft: number; transfersLeft: number }[];
}

/** Cost per person of a placement at a hub under its agreement. */
export function costPerPerson(
  agreement: Agreement,
  options: { expectedNights?: number; transferCostPence?: Pence } = {},
): Pence {
  const nights = options.expectedNights ?? agreement.maxStayDays;
  return agreement.perPersonFeePence + nights * agreement.perNightFeePence + (options.transferCostPence ?? 0);
}

const NO_USE: { hub: HubUse; agreement: AgreementUse } = {
  hub: { occupied: NO_PLACES, allocatedNotArrived: NO_PLACES },
  agreement: { residents: 0, transfersThisYear: 0 },
};

/** Work out who may go where, at what cost, and group interchangeable households. */
export function buildAllocationModel(input: AllocationInput): AllocationModel {
  const hubKinds = new Map(
    input.hubs.map((ah) => [
      ah.hub.id,
      JSON.stringify([
        ah.partner,
        ah.agreement,
        [...ah.hub.meetsNeeds].sort(),
        ah.hub.partnerId,
        (ah.hub.openedOn === null || ah.hub.openedOn <= input.date) &&
          (ah.hub.closedOn === null || input.date < ah.hub.closedOn),
      ]),
    ]),
  );
  const households: HouseholdOptions[] = input.households.map((h) => {
    const [principal, ...rest] = h.members;
    if (principal === undefined) throw new RangeError(`Household ${h.key} has no members`);
    const size = h.members.length;
    const unitType = unitTypeForHousehold(h.members.map((m) => m.person));
    const eligible: HubOption[] = [];
    const ineligible: { hubId: string; blockers: Blocker[] }[] = [];
    // Hubs alike in everything the safeguards read (partner, agreement, needs met, open) give the
    // same answer, so check one of each kind and re-check a hub only to explain a refusal.
    const someoneAllocated = h.members.some((m) => m.case.allocatedHubId !== null);
    const verdicts = new Map<string, boolean>();
    for (const ah of input.hubs) {
      const blockersAt = (hub: AllocationHub) =>
        // Built field by field: an object spread here made every safeguard check ten times slower.
        transferBlockers({
          person: principal.person,
          case: principal.case,
          flags: principal.flags,
          holds: principal.holds,
          household: rest,
          hub: hub.hub,
          partner: hub.partner,
          agreement: hub.agreement,
          date: input.date,
          stage: 'allocation',
          use: NO_USE,
        }).filter((b) => !CAPACITY_BLOCKERS.includes(b.code));
      const kind = someoneAllocated ? ah.hub.id : hubKinds.get(ah.hub.id)!;
      let clear = verdicts.get(kind);
      if (clear === undefined) {
        clear = ah.agreement !== null && blockersAt(ah).length === 0;
        verdicts.set(kind, clear);
      }
      if (!clear) {
        ineligible.push({ hubId: ah.hub.id, blockers: blockersAt(ah) });
        continue;
      }
      if (ah.agreement === null) continue;
      const unit = costPerPerson(ah.agreement, {
        expectedNights: input.expectedNights,
        transferCostPence: input.transferCostPencePerPerson?.[ah.partner.id] ?? 0,
      });
      eligible.push({ hubId: ah.hub.id, partnerId: ah.partner.id, costPence: unit * size });
    }
    eligible.sort((a, b) => a.costPence - b.costPence || (a.hubId < b.hubId ? -1 : 1));
    return {
      key: h.key,
      personIds: h.members.map((m) => m.person.id),
      size,
      unitType,
      priority: h.priority ?? null,
      eligible,
      ineligible,
    };
  });

  const byKey = new Map<string, AllocationGroup>();
  const ordered = [...households].sort((a, b) =>
    (a.priority ?? '9999') < (b.priority ?? '9999')
      ? -1
      : (a.priority ?? '9999') > (b.priority ?? '9999')
        ? 1
        : a.key < b.key
          ? -1
          : 1,
  );
  for (const h of ordered) {
    if (h.eligible.length === 0) continue;
    const signature = `${h.unitType}|${h.size}|${h.eligible.map((o) => o.hubId).join(',')}`;
    let g = byKey.get(signature);
    if (g === undefined) {
      g = { id: `g${byKey.size}`, unitType: h.unitType, size: h.size, households: [], options: h.eligible };
      byKey.set(signature, g);
    }
    g.households.push(h.key);
  }

  const partners = new Map<string, { partnerId: string; residentsLeft: number; transfersLeft: number }>();
  for (const ah of input.hubs) {
    if (partners.has(ah.partner.id)) continue;
    const use = input.agreementUse[ah.partner.id] ?? NO_USE.agreement;
    const left = ah.agreement ? quotaLeft(ah.agreement, use) : { residents: 0, transfersThisYear: 0 };
    partners.set(ah.partner.id, {
      partnerId: ah.partner.id,
      residentsLeft: Math.max(0, left.residents),
      transfersLeft: Math.max(0, left.transfersThisYear),
    });
  }

  return {
    households,
    groups: [...byKey.values()],
    hubs: input.hubs.map((ah) => {
      const free = hubFreePlaces(ah.hub, ah.use);
      return {
        hubId: ah.hub.id,
        partnerId: ah.partner.id,
        name: ah.hub.name,
        free: {
          single_men: Math.max(0, free.single_men),
          single_women: Math.max(0, free.single_women),
          families: Math.max(0, free.families),
        },
      };
    }),
    partners: [...partners.values()],
  };
}

// ---------------------------------------------------------------------------------------------
// The programme, as CPLEX LP text (what HiGHS reads)

/** The integer variable for "households of group g placed at hub h". */
export function variableName(groupIndex: number, hubIndex: number): string {
  return `y_${groupIndex}_${hubIndex}`;
}

export type AllocationPhase = { kind: 'maximisePlaced' } | { kind: 'minimiseCost'; placed: number };

function sum(terms: string[]): string {
  if (terms.length === 0) throw new RangeError('An empty sum has no place in the programme');
  // Keep lines short: the LP reader is happier, and the text stays readable.
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 8) lines.push(terms.slice(i, i + 8).join(' + '));
  return lines.join('\n   + ');
}

/** Whether the model has any decision to make (otherwise nobody can be placed; no solve needed). */
export function hasDecisions(model: AllocationModel): boolean {
  return model.groups.length > 0;
}

/**
 * The LP text for one phase: first maximise people placed; then, holding that number, minimise
 * cost. Costs are in pence, so the objective is exact in double precision.
 */
export function allocationLp(model: AllocationModel, phase: AllocationPhase): string {
  const hubIndex = new Map(model.hubs.map((h, i) => [h.hubId, i]));
  const vars: { name: string; g: AllocationGroup; hub: number; cost: Pence; partnerId: string }[] = [];
  model.groups.forEach((g, gi) => {
    for (const o of g.options) {
      const hi = hubIndex.get(o.hubId)!;
      vars.push({ name: variableName(gi, hi), g, hub: hi, cost: o.costPence, partnerId: o.partnerId });
    }
  });
  const placedTerms = vars.map((v) => `${v.g.size} ${v.name}`);
  const out: string[] = [];
  if (phase.kind === 'maximisePlaced') {
    out.push('Maximize', ` placed: ${sum(placedTerms)}`);
  } else {
    out.push('Minimize', ` cost: ${sum(vars.map((v) => `${v.cost} ${v.name}`))}`);
  }
  out.push('Subject To');
  model.groups.forEach((g, gi) => {
    const own = vars.filter((v) => v.g === g).map((v) => v.name);
    out.push(` group_${gi}: ${sum(own)} <= ${g.households.length}`);
  });
  model.hubs.forEach((h, hi) => {
    for (const t of UNIT_TYPES) {
      const terms = vars
        .filter((v) => v.hub === hi && v.g.unitType === t)
        .map((v) => `${v.g.size} ${v.name}`);
      if (terms.length > 0) out.push(` places_${hi}_${t}: ${sum(terms)} <= ${h.free[t]}`);
    }
  });
  model.partners.forEach((p, pi) => {
    const terms = vars.filter((v) => v.partnerId === p.partnerId).map((v) => `${v.g.size} ${v.name}`);
    if (terms.length === 0) return;
    out.push(` residents_${pi}: ${sum(terms)} <= ${p.residentsLeft}`);
    out.push(` transfers_${pi}: ${sum(terms)} <= ${p.transfersLeft}`);
  });
  if (phase.kind === 'minimiseCost') out.push(` keep_placed: ${sum(placedTerms)} >= ${phase.placed}`);
  out.push('Bounds');
  for (const v of vars) out.push(` 0 <= ${v.name} <= ${v.g.households.length}`);
  if (vars.length > 0) {
    out.push('Generals');
    for (let i = 0; i < vars.length; i += 10)
      out.push(
        ` ${vars
          .slice(i, i + 10)
          .map((v) => v.name)
          .join(' ')}`,
      );
  }
  out.push('End');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading a solution back into a proposal

export interface PlacedHousehold {
  key: string;
  personIds: string[];
  hubId: string;
  costPence: Pence;
  /** The other hubs the household could lawfully have gone to, with cost. */
  alternatives: HubOption[];
}

export interface UnplacedHousehold {
  key: string;
  personIds: string[];
  reason: 'no_eligible_hub' | 'no_capacity';
  explanation: string;
  /** For `no_eligible_hub`: every hub's blockers. */
  blockersByHub: { hubId: string; blockers: Blocker[] }[];
  /** For `no_capacity`: the hubs it could lawfully go to, had there been room. */
  eligible: HubOption[];
}

export interface AllocationProposal {
  date: IsoDate;
  placed: PlacedHousehold[];
  unplaced: UnplacedHousehold[];
  peoplePlaced: number;
  peopleUnplaced: number;
  totalCostPence: Pence;
}

/**
 * Turn the solver's values (households of each group at each hub) into a proposal, placing the
 * longest-waiting households of each group first. Values are rounded (integer variables).
 */
export function readAllocation(
  model: AllocationModel,
  values: Readonly<Record<string, number>>,
  date: IsoDate,
): AllocationProposal {
  const byKey = new Map(model.households.map((h) => [h.key, h]));
  const hubIndex = new Map(model.hubs.map((h, i) => [h.hubId, i]));
  const placed: PlacedHousehold[] = [];
  const placedKeys = new Set<string>();
  model.groups.forEach((g, gi) => {
    let next = 0;
    for (const o of g.options) {
      const n = Math.round(values[variableName(gi, hubIndex.get(o.hubId)!)] ?? 0);
      for (let i = 0; i < n && next < g.households.length; i += 1, next += 1) {
        const h = byKey.get(g.households[next]!)!;
        placed.push({
          key: h.key,
          personIds: h.personIds,
          hubId: o.hubId,
          costPence: o.costPence,
          alternatives: h.eligible.filter((e) => e.hubId !== o.hubId),
        });
        placedKeys.add(h.key);
      }
    }
  });
  const hubName = new Map(model.hubs.map((h) => [h.hubId, h.name]));
  const unplaced: UnplacedHousehold[] = model.households
    .filter((h) => !placedKeys.has(h.key))
    .map((h) =>
      h.eligible.length === 0
        ? {
            key: h.key,
            personIds: h.personIds,
            reason: 'no_eligible_hub',
            explanation:
              h.ineligible.length === 0
                ? 'There is no hub to consider.'
                : `Safeguards block every hub: ${[...new Set(h.ineligible.flatMap((i) => i.blockers.map((b) => b.code)))].join(', ') || 'no agreement in force'}.`,
            blockersByHub: h.ineligible,
            eligible: [],
          }
        : {
            key: h.key,
            personIds: h.personIds,
            reason: 'no_capacity',
            explanation: `Could lawfully go to ${h.eligible.map((e) => hubName.get(e.hubId) ?? e.hubId).join(', ')}, but the free places, resident caps and yearly quotas there were used to place more people (or the same number at lower cost).`,
            blockersByHub: [],
            eligible: h.eligible,
          },
    );
  const peoplePlaced = placed.reduce((n, p) => n + p.personIds.length, 0);
  return {
    date,
    placed,
    unplaced,
    peoplePlaced,
    peopleUnplaced: model.households.reduce((n, h) => n + h.size, 0) - peoplePlaced,
    totalCostPence: placed.reduce((n, p) => n + p.costPence, 0),
  };
}

/**
 * Check a proposal against the model's limits (free places by unit type, resident caps, yearly
 * quotas, eligibility, one hub per household). Returns what is wrong; empty when it is sound.
 */
export function proposalViolations(model: AllocationModel, proposal: AllocationProposal): string[] {
  const problems: string[] = [];
  const households = new Map(model.households.map((h) => [h.key, h]));
  const seen = new Set<string>();
  const usedPlaces = new Map(model.hubs.map((h) => [h.hubId, { ...NO_PLACES }]));
  const usedPartner = new Map<string, number>();
  for (const p of proposal.placed) {
    const h = households.get(p.key);
    if (h === undefined) {
      problems.push(`${p.key} is not a household being allocated`);
      continue;
    }
    if (seen.has(p.key)) problems.push(`${p.key} is placed twice`);
    seen.add(p.key);
    const option = h.eligible.find((e) => e.hubId === p.hubId);
    if (option === undefined) {
      problems.push(`${p.key} is placed at ${p.hubId}, where a safeguard blocks them`);
      continue;
    }
    usedPlaces.get(p.hubId)![h.unitType] += h.size;
    usedPartner.set(option.partnerId, (usedPartner.get(option.partnerId) ?? 0) + h.size);
  }
  for (const hub of model.hubs) {
    for (const t of UNIT_TYPES) {
      const used = usedPlaces.get(hub.hubId)![t];
      if (used > hub.free[t]) problems.push(`${hub.hubId}: ${used} ${t} places used, ${hub.free[t]} free`);
    }
  }
  for (const p of model.partners) {
    const used = usedPartner.get(p.partnerId) ?? 0;
    if (used > p.residentsLeft)
      problems.push(`${p.partnerId}: ${used} residents over the cap (${p.residentsLeft} left)`);
    if (used > p.transfersLeft)
      problems.push(`${p.partnerId}: ${used} transfers over the quota (${p.transfersLeft} left)`);
  }
  return problems;
}
