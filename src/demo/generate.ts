import type { CaseState } from '../domain/stages.ts';
import type {
  ClaimBasis,
  DecisionOutcome,
  EvidenceItem,
  FlagKind,
  HoldKind,
  Places,
  Profile,
  SafetyOutcome,
  Sex,
  UnitType,
} from '../domain/types.ts';
import {
  DEMO_NATIONALITIES,
  DEMO_PARTNERS,
  albanianWomenGrantRate,
  appealAllowedRate,
  appealMeanDays,
  appealRate,
  appealWindowDays,
  decisionMeanDays,
  dispersalNightPence,
  hotelNightPence,
  hotelShare,
  hubFeePerPersonPence,
  hubFixedPerYearPence,
  hubMaxStayDays,
  hubNightPence,
  initialGrantRate,
  nationalityMix,
} from './figures.ts';
import type { DemoNationality, DemoPartnerCode } from './figures.ts';
import { randomStream } from './random.ts';
import type { RandomStream } from './random.ts';

/**
 * The demo caseload as plain data: pure, deterministic (same options → same caseload), and free of
 * any storage concern. `seed.ts` writes it through the store; tests read it directly.
 *
 * The story it tells: the open caseload on `asOf`, plus cases closed (granted, withdrawn, returned)
 * in the last `closedWithinDays` — older closed cases are archived and not part of the demo. That
 * keeps the picture the real scheme shows: most people awaiting a decision, then appeals, then the
 * finally refused, with grants and returns in smaller numbers and a few hundred on the hub path.
 */

export type HouseholdKind =
  'single_man' | 'single_woman' | 'couple_with_children' | 'single_parent' | 'couple' | 'unaccompanied_child';

export interface DemoOptions {
  seed: number;
  /** The demo's "today" (YYYY-MM-DD). Every date in the caseload is relative to it. */
  asOf: string;
  /** At least this many people (households are whole, so a few more). */
  people?: number;
  closedWithinDays?: number;
}

export interface DemoPartner {
  ref: string;
  code: DemoPartnerCode;
  name: string;
}

export interface DemoSafetyAssessment {
  nationality: DemoNationality;
  profile: Profile | null;
  outcome: SafetyOutcome;
  assessedOn: string;
  expiresOn: string;
}

export interface DemoAgreement {
  ref: string;
  partnerRef: string;
  startsOn: string;
  endsOn: string;
  feePerPersonPence: number;
  feePerNightPence: number;
  fixedFeePerYearPence: number;
  maxConcurrentResidents: number;
  maxTransfersPerYear: number;
  acceptedNationalities: DemoNationality[];
  excludedProfiles: Profile[];
  familiesAllowed: boolean;
  maxStayDays: number;
  monitoringBody: string;
  safetyAssessments: DemoSafetyAssessment[];
}

export interface DemoHub {
  ref: string;
  partnerRef: string;
  name: string;
  places: Places;
  outOfService: Places;
}

export interface DemoAccommodationSite {
  ref: string;
  kind: 'hotel' | 'dispersal';
  name: string;
  capacity: number;
  nightlyCostPence: number;
}

export interface DemoPerson {
  ref: string;
  householdRef: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  nationality: DemoNationality;
  flags: FlagKind[];
}

export interface DemoHousehold {
  ref: string;
  kind: HouseholdKind;
  memberRefs: string[];
}

export interface DemoStep {
  from: CaseState | null;
  to: CaseState;
  on: string;
}

export interface DemoDecision {
  kind: 'initial' | 'appeal';
  outcome: DecisionOutcome;
  decidedOn: string;
  rationale: string;
  evidence: EvidenceItem[];
}

export interface DemoHold {
  kind: HoldKind;
  placedOn: string;
  note: string;
}

export interface DemoCase {
  ref: string;
  personRef: string;
  householdRef: string;
  state: CaseState;
  /** For ABSCONDED: the state to return to when contact is re-established. */
  stateBeforeAbsconding: CaseState | null;
  arrivedOn: string;
  claimLodgedOn: string | null;
  history: DemoStep[];
  decisions: DemoDecision[];
  holds: DemoHold[];
  hubRef: string | null;
  transferRef: string | null;
  fitToTravelConfirmedOn: string | null;
  noticeServedOn: string | null;
  /** The planned or actual departure to the hub. */
  transferDepartsOn: string | null;
  claimBasis: ClaimBasis | null;
  profiles: Profile[];
}

export interface DemoTransfer {
  ref: string;
  hubRef: string;
  kind: 'charter' | 'scheduled';
  departsOn: string;
  seats: number;
  escorts: number;
  manifest: string[];
}

export interface DemoPlacement {
  personRef: string;
  siteRef: string;
  startsOn: string;
  nightlyCostPence: number;
}

export interface DemoCaseload {
  seed: number;
  asOf: string;
  partners: DemoPartner[];
  agreements: DemoAgreement[];
  hubs: DemoHub[];
  sites: DemoAccommodationSite[];
  households: DemoHousehold[];
  people: DemoPerson[];
  cases: DemoCase[];
  transfers: DemoTransfer[];
  placements: DemoPlacement[];
}

const DAY_MS = 86_400_000;
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + Math.round(days) * DAY_MS)
    .toISOString()
    .slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** NATO spelling alphabet: clearly not anyone's real name. */
const GIVEN_NAMES = [
  'Alfa',
  'Bravo',
  'Charlie',
  'Delta',
  'Echo',
  'Foxtrot',
  'Golf',
  'Hotel',
  'India',
  'Juliett',
  'Kilo',
  'Lima',
  'Mike',
  'November',
  'Oscar',
  'Papa',
  'Quebec',
  'Romeo',
  'Sierra',
  'Tango',
  'Uniform',
  'Victor',
  'Whiskey',
  'Xray',
  'Yankee',
  'Zulu',
] as const;

const householdKindWeights = {
  single_man: 0.72,
  single_woman: 0.08,
  couple_with_children: 0.1,
  single_parent: 0.06,
  couple: 0.02,
  unaccompanied_child: 0.02,
} as const satisfies Record<HouseholdKind, number>;

/** Probability of each vulnerability among adults (**Judgement**; the NAO notes the data are poor). */
const adultFlagRates = {
  trafficking_referral: 0.05,
  torture_survivor: 0.04,
  serious_illness: 0.025,
  disability: 0.02,
} as const;

/** Convention reasons claimed (**Judgement**: no published breakdown). */
const claimBasisWeights = {
  political_opinion: 0.3,
  religion: 0.15,
  race: 0.1,
  nationality: 0.05,
  particular_social_group: 0.25,
  article_3_only: 0.1,
  other: 0.05,
} as const satisfies Record<ClaimBasis, number>;
const RECORDED_PROFILES: readonly Profile[] = [
  'religious_minority',
  'ethnic_minority',
  'political_opponent',
  'lgbtqi',
];

const SUPPORTED_STATES: readonly CaseState[] = [
  'CLAIM_LODGED',
  'AWAITING_DECISION',
  'REFUSED',
  'APPEAL_PENDING',
  'FINALLY_REFUSED',
  'RETURN_PENDING',
  'HUB_ALLOCATED',
  'TRANSFER_SCHEDULED',
  'RETURNED_TO_UK',
];
/** Open states a person can abscond from (not while in a hub, not on the day of a transfer). */
const ABSCONDABLE: readonly CaseState[] = [
  'CLAIM_LODGED',
  'AWAITING_DECISION',
  'REFUSED',
  'APPEAL_PENDING',
  'FINALLY_REFUSED',
  'RETURN_PENDING',
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function partnersAndHubs(asOf: string): {
  partners: DemoPartner[];
  agreements: DemoAgreement[];
  hubs: DemoHub[];
} {
  const all = Object.keys(DEMO_NATIONALITIES) as DemoNationality[];
  // Each partner hosts nationalities that cannot quickly be returned home (§7), never its own.
  const accepted: Record<DemoPartnerCode, DemoNationality[]> = {
    AL: ['AF', 'IR', 'IQ', 'VN', 'EG', 'IN', 'GE', 'TR'],
    RS: ['AF', 'IR', 'IQ', 'SD', 'ER', 'VN', 'AL', 'EG'],
    BA: ['AF', 'IQ', 'VN', 'AL', 'TR', 'IN', 'GE'],
    MK: ['IR', 'IQ', 'VN', 'AL', 'EG', 'TR', 'GE'],
  };
  // Assessments: most in date for a year; some expiring within a month; one expired, so the
  // safeguard shows up in the demo.
  const assessmentExpiry = (partner: DemoPartnerCode, nat: DemoNationality, i: number): string => {
    if (partner === 'RS' && nat === 'ER') return addDays(asOf, -21);
    if (partner === 'MK' && nat === 'EG') return addDays(asOf, -3);
    if (i % 4 === 3) return addDays(asOf, 12 + i * 2);
    return addDays(asOf, 120 + i * 23);
  };
  const hubPlaces: Record<string, Places> = {
    'AL-1': { single_men: 150, single_women: 0, families: 0 },
    'RS-1': { single_men: 110, single_women: 20, families: 0 },
    'RS-2': { single_men: 80, single_women: 20, families: 0 },
    'BA-1': { single_men: 100, single_women: 0, families: 0 },
    'MK-1': { single_men: 110, single_women: 20, families: 0 },
  };
  const partners: DemoPartner[] = [];
  const agreements: DemoAgreement[] = [];
  const hubs: DemoHub[] = [];
  DEMO_PARTNERS.forEach((p, pi) => {
    const partnerRef = `PARTNER-${p.code}`;
    partners.push({ ref: partnerRef, code: p.code, name: p.name });
    const nats = accepted[p.code].filter((n) => n !== p.code && all.includes(n));
    agreements.push({
      ref: `AGREEMENT-${p.code}-1`,
      partnerRef,
      startsOn: addDays(asOf, -720 + pi * 60),
      endsOn: addDays(asOf, 1285 + pi * 30),
      feePerPersonPence: hubFeePerPersonPence,
      feePerNightPence: hubNightPence,
      fixedFeePerYearPence: hubFixedPerYearPence,
      maxConcurrentResidents: [180, 220, 110, 140][pi],
      maxTransfersPerYear: [700, 800, 400, 500][pi],
      acceptedNationalities: nats,
      excludedProfiles: ['foreign_national_offender'],
      familiesAllowed: false,
      maxStayDays: hubMaxStayDays,
      monitoringBody: `${p.name} national preventive mechanism (demo)`,
      safetyAssessments: nats.map((nationality, i) => {
        const expiresOn = assessmentExpiry(p.code, nationality, i);
        return {
          nationality,
          profile: null,
          outcome: 'safe' as const,
          assessedOn: addDays(expiresOn, -365),
          expiresOn,
        };
      }),
    });
    const hubCount = p.code === 'RS' ? 2 : 1;
    for (let h = 1; h <= hubCount; h++) {
      hubs.push({
        ref: `HUB-${p.code}-${h}`,
        partnerRef,
        name: `${p.name} demo hub ${h}`,
        places: hubPlaces[`${p.code}-${h}`],
        outOfService: { single_men: h === 1 ? 4 : 0, single_women: 0, families: 0 },
      });
    }
  });
  return { partners, agreements, hubs };
}

function accommodationSites(): DemoAccommodationSite[] {
  const sites: DemoAccommodationSite[] = [];
  for (let i = 1; i <= 16; i++) {
    sites.push({
      ref: `HOTEL-${pad(i, 2)}`,
      kind: 'hotel',
      name: `Demo Hotel ${pad(i, 2)}`,
      capacity: 60 + ((i * 37) % 90),
      nightlyCostPence: hotelNightPence,
    });
  }
  for (let i = 1; i <= 24; i++) {
    sites.push({
      ref: `DISPERSAL-${pad(i, 2)}`,
      kind: 'dispersal',
      name: `Demo dispersal area ${pad(i, 2)}`,
      capacity: 140 + ((i * 53) % 120),
      nightlyCostPence: dispersalNightPence,
    });
  }
  return sites;
}

interface Path {
  state: CaseState;
  stateBeforeAbsconding: CaseState | null;
  history: DemoStep[];
  decisions: DemoDecision[];
  claimLodgedOn: string | null;
  closedOn: string | null;
  /** Date the person became finally refused, if they did. */
  finallyRefusedOn: string | null;
}

const REFUSAL_EVIDENCE: EvidenceItem[] = [
  { description: 'Screening interview record', reference: null },
  { description: 'Substantive interview record', reference: null },
  { description: 'Country policy and information note (demo)', reference: null },
];
const TRIBUNAL_EVIDENCE: EvidenceItem[] = [
  { description: 'First-tier Tribunal determination (demo)', reference: null },
];

/** Walks one household through the lifecycle, in time, up to `asOf`. */
function walkLifecycle(rng: RandomStream, asOf: string, arrivedOn: string, grantRate: number): Path {
  const history: DemoStep[] = [{ from: null, to: 'ARRIVED', on: arrivedOn }];
  const decisions: DemoDecision[] = [];
  const path = (state: CaseState, closedOn: string | null = null, fr: string | null = null): Path => ({
    state,
    stateBeforeAbsconding: null,
    history,
    decisions,
    claimLodgedOn: history.find((s) => s.to === 'CLAIM_LODGED')?.on ?? null,
    closedOn,
    finallyRefusedOn: fr,
  });
  const step = (to: CaseState, on: string): boolean => {
    if (on > asOf) return false;
    history.push({ from: history[history.length - 1].to, to, on });
    return true;
  };

  if (!step('CLAIM_LODGED', addDays(arrivedOn, rng.int(0, 6)))) return path('ARRIVED');
  if (!step('AWAITING_DECISION', addDays(history[1].on, rng.int(7, 35)))) return path('CLAIM_LODGED');
  const decidedOn = addDays(history[2].on, rng.exponential(decisionMeanDays));
  if (decidedOn > asOf) return path('AWAITING_DECISION');
  if (rng.chance(0.06)) {
    step('WITHDRAWN', decidedOn);
    return path('WITHDRAWN', decidedOn);
  }
  if (rng.chance(grantRate)) {
    step('GRANTED', decidedOn);
    decisions.push({
      kind: 'initial',
      outcome: 'grant',
      decidedOn,
      rationale: 'Demo: well-founded fear of persecution accepted on the evidence.',
      evidence: REFUSAL_EVIDENCE.slice(0, 2),
    });
    return path('GRANTED', decidedOn);
  }
  step('REFUSED', decidedOn);
  decisions.push({
    kind: 'initial',
    outcome: 'refuse',
    decidedOn,
    rationale:
      'Demo: the account was not accepted as credible to the lower standard on the evidence relied on.',
    evidence: REFUSAL_EVIDENCE,
  });
  let finallyRefusedOn: string;
  if (rng.chance(appealRate)) {
    const lodgedOn = addDays(decidedOn, rng.int(3, appealWindowDays - 1));
    if (!step('APPEAL_PENDING', lodgedOn)) return path('REFUSED');
    const determinedOn = addDays(lodgedOn, rng.exponential(appealMeanDays));
    if (determinedOn > asOf) return path('APPEAL_PENDING');
    if (rng.chance(appealAllowedRate)) {
      step('GRANTED', determinedOn);
      decisions.push({
        kind: 'appeal',
        outcome: 'allow',
        decidedOn: determinedOn,
        rationale: 'Demo: the tribunal allowed the appeal.',
        evidence: TRIBUNAL_EVIDENCE,
      });
      return path('GRANTED', determinedOn);
    }
    decisions.push({
      kind: 'appeal',
      outcome: 'dismiss',
      decidedOn: determinedOn,
      rationale: 'Demo: the tribunal dismissed the appeal; appeal rights exhausted.',
      evidence: TRIBUNAL_EVIDENCE,
    });
    finallyRefusedOn = determinedOn;
  } else {
    finallyRefusedOn = addDays(decidedOn, appealWindowDays + 1);
  }
  if (!step('FINALLY_REFUSED', finallyRefusedOn)) return path('REFUSED');
  return path('FINALLY_REFUSED', null, finallyRefusedOn);
}

/** Demo caseload generator; see the module comment. */
export function generateDemoCaseload(options: DemoOptions): DemoCaseload {
  const { seed, asOf } = options;
  const target = options.people ?? 5_000;
  const closedWithinDays = options.closedWithinDays ?? 60;
  const rng = randomStream(seed);
  const { partners, agreements, hubs } = partnersAndHubs(asOf);
  const sites = accommodationSites();

  const people: DemoPerson[] = [];
  const households: DemoHousehold[] = [];
  const cases: DemoCase[] = [];

  // Free hub places, by hub and unit type, as hub-path people are placed.
  const hubFree = new Map<string, Record<UnitType, number>>(
    hubs.map((h) => [
      h.ref,
      {
        single_men: h.places.single_men - h.outOfService.single_men,
        single_women: h.places.single_women - h.outOfService.single_women,
        families: h.places.families - h.outOfService.families,
      },
    ]),
  );
  const agreementByPartner = new Map(agreements.map((a) => [a.partnerRef, a]));

  let householdNo = 0;
  while (people.length < target) {
    const kind = rng.weighted(householdKindWeights);
    const nationality = rng.weighted(nationalityMix);
    const arrivedOn = addDays(asOf, -rng.int(0, 40 * 30.4375));
    const familyName = `Synthetic-${pad(householdNo + 1, 5)}`;
    const members: Omit<DemoPerson, 'ref' | 'householdRef'>[] = [];
    const adult = (sex: Sex): Omit<DemoPerson, 'ref' | 'householdRef'> => {
      const flags = (Object.entries(adultFlagRates) as [FlagKind, number][])
        .filter(([, p]) => rng.chance(p))
        .map(([f]) => f);
      const age = rng.int(18, 55);
      if (sex === 'female' && age < 42 && rng.chance(0.06)) flags.push('pregnancy');
      return {
        givenName: rng.pick(GIVEN_NAMES),
        familyName,
        dateOfBirth: addDays(asOf, -(age * 365.25 + rng.int(0, 364))),
        sex,
        nationality,
        flags,
      };
    };
    const child = (minAge: number, maxAge: number, flags: FlagKind[] = []) => ({
      givenName: rng.pick(GIVEN_NAMES),
      familyName,
      dateOfBirth: addDays(asOf, -(rng.int(minAge, maxAge) * 365.25 + rng.int(0, 364))),
      sex: rng.chance(0.8) ? ('male' as const) : ('female' as const),
      nationality,
      flags,
    });
    switch (kind) {
      case 'single_man':
        members.push(adult('male'));
        break;
      case 'single_woman':
        members.push(adult('female'));
        break;
      case 'couple':
        members.push(adult('male'), adult('female'));
        break;
      case 'couple_with_children':
      case 'single_parent': {
        if (kind === 'couple_with_children') members.push(adult('male'));
        members.push(adult('female'));
        const children = rng.int(1, 3);
        for (let c = 0; c < children; c++) members.push(child(0, 16));
        break;
      }
      case 'unaccompanied_child':
        members.push(child(14, 17, ['unaccompanied_child']));
        break;
    }
    const main = members[0];
    const grantRate =
      nationality === 'AL' && main.sex === 'female' ? albanianWomenGrantRate : initialGrantRate[nationality];
    const path = walkLifecycle(rng, asOf, arrivedOn, grantRate);
    if (path.closedOn !== null && daysBetween(path.closedOn, asOf) > closedWithinDays) continue;

    // What happens after a final refusal: returns, a fresh claim, or the hub path.
    let hubRef: string | null = null;
    let transferOn: string | null = null;
    const holds: DemoHold[] = [];
    if (path.state === 'FINALLY_REFUSED' && path.finallyRefusedOn) {
      const fr = path.finallyRefusedOn;
      const step = (to: CaseState, on: string): boolean => {
        if (on > asOf) return false;
        path.history.push({ from: path.state, to, on });
        path.state = to;
        return true;
      };
      const unitType: UnitType | null =
        kind === 'single_man' ? 'single_men' : kind === 'single_woman' ? 'single_women' : null;
      const vulnerable = members.some((m) => m.flags.length > 0);
      const hubCandidates =
        unitType === null || vulnerable
          ? []
          : hubs.filter((h) => {
              const partner = partners.find((p) => p.ref === h.partnerRef)!;
              const agreement = agreementByPartner.get(h.partnerRef)!;
              const assessment = agreement.safetyAssessments.find((s) => s.nationality === nationality);
              return (
                partner.code !== nationality &&
                h.places[unitType] > 0 &&
                assessment !== undefined &&
                assessment.expiresOn > addDays(asOf, 45) &&
                hubFree.get(h.ref)![unitType] > 0
              );
            });
      const route = rng.weighted(
        hubCandidates.length > 0
          ? { wait: 0.12, fresh: 0.04, hold: 0.04, returnHome: 0.15, hub: 0.65 }
          : { wait: 0.36, fresh: 0.06, hold: 0.06, returnHome: 0.52, hub: 0 },
      );
      if (route === 'fresh') {
        // Further submissions accepted as a fresh claim: back to awaiting a decision.
        step('AWAITING_DECISION', addDays(fr, rng.int(20, 200)));
      } else if (route === 'hold') {
        const placedOn = addDays(fr, rng.int(5, 60));
        holds.push({
          kind: rng.pick(['injunction', 'judicial_review_stay', 'further_submissions'] as const),
          placedOn: placedOn > asOf ? asOf : placedOn,
          note: 'Demo hold: transfer-related transitions are frozen until it is lifted.',
        });
      } else if (route === 'returnHome') {
        if (step('RETURN_PENDING', addDays(fr, rng.exponential(90)))) {
          const returnedOn = addDays(path.history[path.history.length - 1].on, rng.exponential(60));
          if (step('RETURNED', returnedOn)) path.closedOn = returnedOn;
        }
      } else if (route === 'hub' && unitType !== null) {
        const hub = rng.pick(hubCandidates);
        const agreement = agreementByPartner.get(hub.partnerRef)!;
        // Nobody is allocated before the partner's agreement starts.
        const from = fr > agreement.startsOn ? fr : agreement.startsOn;
        const allocatedOn = addDays(from, rng.exponential(60));
        if (step('HUB_ALLOCATED', allocatedOn)) {
          hubRef = hub.ref;
          hubFree.get(hub.ref)![unitType] -= 1;
          const departsOn = nextTuesday(addDays(allocatedOn, 35 + rng.int(0, 5) * 7));
          transferOn = departsOn;
          if (step('TRANSFER_SCHEDULED', addDays(departsOn, -21)) && step('IN_HUB', departsOn)) {
            // §10: onward return for about 0.30 of residents after a mean 3-month stay; the rest
            // stay until the maximum stay and are returned to the UK.
            const onward = rng.chance(0.3);
            const leftOn = onward
              ? addDays(departsOn, Math.min(rng.exponential(90), hubMaxStayDays))
              : addDays(departsOn, hubMaxStayDays);
            if (leftOn <= asOf) {
              step(onward ? 'ONWARD_RETURNED' : 'RETURNED_TO_UK', leftOn);
              hubFree.get(hub.ref)![unitType] += 1;
              if (onward) path.closedOn = leftOn;
            }
          }
        }
      }
      if (path.closedOn !== null && daysBetween(path.closedOn, asOf) > closedWithinDays) continue;
    }

    // Loss of contact, from any open state outside the transfer path.
    if (ABSCONDABLE.includes(path.state) && rng.chance(0.035)) {
      const last = path.history[path.history.length - 1];
      const on = addDays(last.on, rng.int(1, Math.max(1, daysBetween(last.on, asOf))));
      if (on <= asOf) {
        path.stateBeforeAbsconding = path.state;
        path.history.push({ from: path.state, to: 'ABSCONDED', on });
        path.state = 'ABSCONDED';
      }
    }

    const claimBasis = rng.weighted(claimBasisWeights);
    householdNo += 1;
    const householdRef = `HH-${pad(householdNo, 5)}`;
    const refs: string[] = [];
    for (const m of members) {
      const ref = `DEMO-${pad(people.length + 1, 6)}`;
      refs.push(ref);
      people.push({ ...m, ref, householdRef });
      const onTransferPath = [
        'HUB_ALLOCATED',
        'TRANSFER_SCHEDULED',
        'IN_HUB',
        'ONWARD_RETURNED',
        'RETURNED_TO_UK',
      ].includes(path.state);
      const scheduled = path.state === 'TRANSFER_SCHEDULED' || path.state === 'IN_HUB';
      cases.push({
        ref,
        personRef: ref,
        householdRef,
        state: path.state,
        stateBeforeAbsconding: path.stateBeforeAbsconding,
        arrivedOn,
        claimLodgedOn: path.claimLodgedOn,
        history: path.history.map((s) => ({ ...s })),
        decisions: path.decisions.map((d) => ({ ...d, evidence: d.evidence.map((e) => ({ ...e })) })),
        holds: holds.map((h) => ({ ...h })),
        hubRef: onTransferPath ? hubRef : null,
        transferRef: null,
        // Notice and fitness to travel are recorded when the transfer is scheduled, 21 days ahead.
        fitToTravelConfirmedOn: scheduled && transferOn ? addDays(transferOn, -21) : null,
        noticeServedOn: scheduled && transferOn ? addDays(transferOn, -21) : null,
        transferDepartsOn: onTransferPath && path.state !== 'HUB_ALLOCATED' ? transferOn : null,
        claimBasis: path.claimLodgedOn ? claimBasis : null,
        // Recorded risk profiles are special-category data; people on the hub path have none here
        // so that no profile-specific safety assessment is needed for them.
        profiles:
          path.claimLodgedOn && !onTransferPath && rng.chance(0.12) ? [rng.pick(RECORDED_PROFILES)] : [],
      });
    }
    households.push({ ref: householdRef, kind, memberRefs: refs });
  }

  const transfers = groupTransfers(rng, cases);
  const placements = placeInAccommodation(rng, households, cases, sites);
  return { seed, asOf, partners, agreements, hubs, sites, households, people, cases, transfers, placements };
}

/** Flights leave on Tuesdays. */
function nextTuesday(iso: string): string {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return addDays(iso, (2 - weekday + 7) % 7);
}

/** Flights: people transferred to the same hub on the same day share a charter. */
function groupTransfers(rng: RandomStream, cases: DemoCase[]): DemoTransfer[] {
  const flights = new Map<string, DemoTransfer>();
  for (const c of cases) {
    const departsOn = c.transferDepartsOn;
    if (!c.hubRef || !departsOn) continue;
    const key = `${c.hubRef}|${departsOn}`;
    let flight = flights.get(key);
    if (!flight) {
      flight = {
        ref: `TRANSFER-${c.hubRef.slice(4)}-${departsOn}`,
        hubRef: c.hubRef,
        kind: 'charter',
        departsOn,
        seats: 0,
        escorts: 0,
        manifest: [],
      };
      flights.set(key, flight);
    }
    flight.manifest.push(c.ref);
    c.transferRef = flight.ref;
  }
  const result = [...flights.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  for (const f of result) {
    f.seats = f.manifest.length + rng.int(2, 12);
    f.escorts = Math.ceil(f.manifest.length * 1.5);
  }
  return result;
}

/** UK accommodation for everyone on support: households together, hotels when dispersal is full. */
function placeInAccommodation(
  rng: RandomStream,
  households: DemoHousehold[],
  cases: DemoCase[],
  sites: DemoAccommodationSite[],
): DemoPlacement[] {
  const caseByRef = new Map(cases.map((c) => [c.ref, c]));
  const free = new Map(sites.map((s) => [s.ref, s.capacity]));
  const hotels = sites.filter((s) => s.kind === 'hotel');
  const dispersal = sites.filter((s) => s.kind === 'dispersal');
  const placements: DemoPlacement[] = [];
  for (const h of households) {
    const c = caseByRef.get(h.memberRefs[0])!;
    if (!SUPPORTED_STATES.includes(c.state)) continue;
    const [preferred, other] = rng.chance(hotelShare) ? [hotels, dispersal] : [dispersal, hotels];
    const start = rng.int(0, preferred.length - 1);
    const site = [...preferred.slice(start), ...preferred.slice(0, start), ...other].find(
      (s) => free.get(s.ref)! >= h.memberRefs.length,
    );
    if (!site) continue;
    free.set(site.ref, free.get(site.ref)! - h.memberRefs.length);
    const last = c.history[c.history.length - 1].on;
    const startsOn = c.claimLodgedOn && c.claimLodgedOn > last ? c.claimLodgedOn : (c.claimLodgedOn ?? last);
    for (const personRef of h.memberRefs) {
      placements.push({ personRef, siteRef: site.ref, startsOn, nightlyCostPence: site.nightlyCostPence });
    }
  }
  return placements;
}
