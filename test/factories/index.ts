/**
 * Test data factories: one per domain type, with traits (`caseFactory.finallyRefused()`,
 * `householdFactory.withChild()`). Deterministic: ids come from a per-factory sequence (reset it
 * with `resetFactories()` in `beforeEach` when ids matter) and every date is fixed relative to
 * `TODAY`, a Monday with no bank holiday near it.
 */
import { addDays } from '../../src/domain/calendar.ts';
import { CASE_FACT_DEFAULTS } from '../../src/store/mappers.ts';
import type { TransferCheck, TransferSubject } from '../../src/domain/safeguards.ts';
import type { CaseState } from '../../src/domain/stages.ts';
import type {
  AccommodationPlacement,
  Actor,
  Agreement,
  Case,
  DecisionRecord,
  Flag,
  Hold,
  Household,
  Hub,
  Partner,
  Person,
  Role,
  SafetyAssessment,
  Transfer,
} from '../../src/domain/types.ts';

/** The pinned "today" of domain tests: Monday 2 March 2026. */
export const TODAY = '2026-03-02';

const sequences = new Map<string, number>();
function next(name: string): number {
  const n = (sequences.get(name) ?? 0) + 1;
  sequences.set(name, n);
  return n;
}
export function resetFactories(): void {
  sequences.clear();
}
const pad = (n: number): string => String(n).padStart(6, '0');

interface Factory<T> {
  build(overrides?: Partial<T>): T;
  buildList(count: number, overrides?: Partial<T>): T[];
}
function factory<T>(name: string, defaults: (n: number) => T): Factory<T> {
  const build = (overrides: Partial<T> = {}): T => ({ ...defaults(next(name)), ...overrides });
  return { build, buildList: (count, overrides) => Array.from({ length: count }, () => build(overrides)) };
}

// ---------------------------------------------------------------------------------------------

const actorBase = factory<Actor>('actor', (n) => ({
  userId: `user-${n}`,
  role: 'caseworker',
  partnerId: null,
}));
export const actorFactory = {
  ...actorBase,
  withRole: (role: Role, overrides: Partial<Actor> = {}): Actor =>
    actorBase.build({ role, partnerId: role === 'partner_officer' ? 'partner-al' : null, ...overrides }),
  caseworker: (o: Partial<Actor> = {}) => actorFactory.withRole('caseworker', o),
  senior: (o: Partial<Actor> = {}) => actorFactory.withRole('senior_caseworker', o),
  partnerOfficer: (partnerId = 'partner-al', o: Partial<Actor> = {}) =>
    actorFactory.withRole('partner_officer', { partnerId, ...o }),
};

const personBase = factory<Person>('person', (n) => ({
  id: `person-${n}`,
  reference: `RH-2024-${pad(n)}`,
  givenNames: `Given${n}`,
  familyName: `Family${n}`,
  dateOfBirth: '1995-05-10',
  sex: 'male',
  nationality: 'IQ',
  householdId: null,
  householdRole: null,
  arrivalDate: '2024-06-01',
  route: 'small_boat',
  languages: ['ar'],
}));
export const personFactory = {
  ...personBase,
  woman: (o: Partial<Person> = {}) => personBase.build({ sex: 'female', ...o }),
  /** A child aged `age` on TODAY. */
  child: (age = 8, o: Partial<Person> = {}) =>
    personBase.build({
      dateOfBirth: addDays(TODAY, -Math.ceil(365.25 * age) - 30),
      householdRole: 'child',
      ...o,
    }),
  ofNationality: (nationality: string, o: Partial<Person> = {}) => personBase.build({ nationality, ...o }),
};

const householdBase = factory<Household>('household', (n) => ({
  id: `household-${n}`,
  reference: `HH-${pad(n)}`,
  principalPersonId: `person-principal-${n}`,
}));

/** A household with its members (as people). */
export interface HouseholdWithMembers {
  household: Household;
  members: Person[];
}
function householdOf(members: Person[]): HouseholdWithMembers {
  const household = householdBase.build({ principalPersonId: members[0]!.id });
  return {
    household,
    members: members.map((m, i) => ({
      ...m,
      householdId: household.id,
      householdRole: i === 0 ? 'principal' : (m.householdRole ?? 'partner'),
    })),
  };
}
export const householdFactory = {
  ...householdBase,
  /** A couple: two adults. */
  couple: (): HouseholdWithMembers => householdOf([personFactory.build(), personFactory.woman()]),
  /** Two adults and a child. */
  withChild: (age = 8): HouseholdWithMembers =>
    householdOf([personFactory.build(), personFactory.woman(), personFactory.child(age)]),
  of: householdOf,
};

const caseDefaults = (n: number): Case => ({
  ...CASE_FACT_DEFAULTS,
  profiles: [],
  id: `case-${n}`,
  reference: `CASE-${pad(n)}`,
  personId: `person-${n}`,
  state: 'ARRIVED',
  version: 0,
  allocatedHubId: null,
  transferId: null,
  updatedAt: null,
});
const caseBase = factory<Case>('case', caseDefaults);

const lodged = {
  state: 'CLAIM_LODGED',
  claimLodgedOn: '2024-06-03',
  claimBasis: 'political_opinion',
  claimNarrative: 'Detained and beaten for membership of an opposition party.',
} satisfies Partial<Case>;
const awaiting = { ...lodged, state: 'AWAITING_DECISION' } satisfies Partial<Case>;
const refused = {
  ...awaiting,
  state: 'REFUSED',
  decidedOn: '2025-03-03',
  refusedOn: '2025-03-03',
  appealWindowEndsOn: '2025-03-17',
} satisfies Partial<Case>;
const finallyRefused = {
  ...refused,
  state: 'FINALLY_REFUSED',
  appealLodgedOn: '2025-03-10',
  appealDecidedOn: '2025-09-01',
  finallyRefusedOn: '2025-09-01',
} satisfies Partial<Case>;
const allocated = {
  ...finallyRefused,
  state: 'HUB_ALLOCATED',
  allocatedHubId: 'hub-al-1',
  allocatedOn: addDays(TODAY, -14),
  fitToTravelConfirmedOn: addDays(TODAY, -10),
} satisfies Partial<Case>;
const scheduled = {
  ...allocated,
  state: 'TRANSFER_SCHEDULED',
  noticeOfTransferServedOn: addDays(TODAY, -9),
  transferId: 'transfer-1',
  transferScheduledFor: TODAY,
} satisfies Partial<Case>;
const inHub = {
  ...scheduled,
  state: 'IN_HUB',
  departedOn: TODAY,
  arrivedInHubOn: TODAY,
} satisfies Partial<Case>;

const traitByState: Partial<Record<CaseState, Partial<Case>>> = {
  ARRIVED: {},
  CLAIM_LODGED: lodged,
  AWAITING_DECISION: awaiting,
  REFUSED: refused,
  APPEAL_PENDING: { ...refused, state: 'APPEAL_PENDING', appealLodgedOn: '2025-03-10' },
  FINALLY_REFUSED: finallyRefused,
  GRANTED: { ...awaiting, state: 'GRANTED', decidedOn: '2025-03-03', grantedOn: '2025-03-03' },
  WITHDRAWN: { ...awaiting, state: 'WITHDRAWN', withdrawnOn: '2025-01-15' },
  RETURN_PENDING: {
    ...finallyRefused,
    state: 'RETURN_PENDING',
    returnStartedOn: '2025-10-01',
    returnKind: 'voluntary',
  },
  RETURNED: {
    ...finallyRefused,
    state: 'RETURNED',
    returnStartedOn: '2025-10-01',
    returnKind: 'voluntary',
    returnedOn: '2025-11-01',
  },
  HUB_ALLOCATED: allocated,
  TRANSFER_SCHEDULED: scheduled,
  IN_HUB: inHub,
  ONWARD_RETURNED: { ...inHub, state: 'ONWARD_RETURNED', onwardReturnedOn: TODAY, leftHubOn: TODAY },
  RETURNED_TO_UK: {
    ...inHub,
    state: 'RETURNED_TO_UK',
    returnedToUkOn: TODAY,
    returnedToUkReason: 'court_order',
    leftHubOn: TODAY,
  },
  ABSCONDED: {
    ...finallyRefused,
    state: 'ABSCONDED',
    abscondedFromState: 'FINALLY_REFUSED',
    abscondedOn: TODAY,
  },
};

export const caseFactory = {
  ...caseBase,
  /** A case in `state` with the dates that state implies. */
  inState: (state: CaseState, o: Partial<Case> = {}): Case =>
    caseBase.build({ ...traitByState[state], ...o }),
  arrived: (o: Partial<Case> = {}) => caseFactory.inState('ARRIVED', o),
  awaitingDecision: (o: Partial<Case> = {}) => caseFactory.inState('AWAITING_DECISION', o),
  refused: (o: Partial<Case> = {}) => caseFactory.inState('REFUSED', o),
  appealPending: (o: Partial<Case> = {}) => caseFactory.inState('APPEAL_PENDING', o),
  finallyRefused: (o: Partial<Case> = {}) => caseFactory.inState('FINALLY_REFUSED', o),
  hubAllocated: (o: Partial<Case> = {}) => caseFactory.inState('HUB_ALLOCATED', o),
  transferScheduled: (o: Partial<Case> = {}) => caseFactory.inState('TRANSFER_SCHEDULED', o),
  inHub: (o: Partial<Case> = {}) => caseFactory.inState('IN_HUB', o),
  /** The case of `person`, in `state`. */
  of: (person: Person, state: CaseState = 'FINALLY_REFUSED', o: Partial<Case> = {}) =>
    caseFactory.inState(state, { personId: person.id, ...o }),
};

const flagBase = factory<Flag>('flag', (n) => ({
  id: `flag-${n}`,
  personId: 'person-1',
  kind: 'torture_survivor',
  status: 'confirmed',
  raisedOn: '2025-01-10',
  closedOn: null,
  dueOn: null,
  note: null,
  raisedBy: 'user-1',
}));
export const flagFactory = {
  ...flagBase,
  tortureSurvivor: (o: Partial<Flag> = {}) => flagBase.build({ kind: 'torture_survivor', ...o }),
  traffickingReferralPending: (o: Partial<Flag> = {}) =>
    flagBase.build({ kind: 'trafficking_referral', status: 'pending', ...o }),
  traffickingPositive: (o: Partial<Flag> = {}) =>
    flagBase.build({ kind: 'trafficking_referral', status: 'confirmed', ...o }),
  unaccompaniedChild: (o: Partial<Flag> = {}) => flagBase.build({ kind: 'unaccompanied_child', ...o }),
  seriousIllness: (o: Partial<Flag> = {}) => flagBase.build({ kind: 'serious_illness', ...o }),
  latePregnancy: (o: Partial<Flag> = {}) =>
    flagBase.build({ kind: 'pregnancy', dueOn: addDays(TODAY, 40), raisedOn: '2025-12-01', ...o }),
  resolved: (o: Partial<Flag> = {}) => flagBase.build({ status: 'resolved', closedOn: '2025-02-01', ...o }),
};

const holdBase = factory<Hold>('hold', (n) => ({
  id: `hold-${n}`,
  caseId: 'case-1',
  kind: 'judicial_review_stay',
  startedOn: '2026-02-01',
  liftedOn: null,
  reference: `JR/${n}/2026`,
  note: null,
  recordedBy: 'user-1',
}));
export const holdFactory = {
  ...holdBase,
  injunction: (o: Partial<Hold> = {}) => holdBase.build({ kind: 'injunction', ...o }),
  judicialReviewStay: (o: Partial<Hold> = {}) => holdBase.build({ kind: 'judicial_review_stay', ...o }),
  furtherSubmissions: (o: Partial<Hold> = {}) => holdBase.build({ kind: 'further_submissions', ...o }),
  lifted: (o: Partial<Hold> = {}) => holdBase.build({ liftedOn: '2026-02-20', ...o }),
};

const partnerBase = factory<Partner>('partner', (n) => ({
  id: `partner-${n}`,
  name: `Partner ${n}`,
  countryCode: 'AL',
}));
export const partnerFactory = {
  ...partnerBase,
  albania: () => partnerBase.build({ id: 'partner-al', name: 'Albania', countryCode: 'AL' }),
  serbia: () => partnerBase.build({ id: 'partner-rs', name: 'Serbia', countryCode: 'RS' }),
};

/** Nationalities the default agreement has in-date safe assessments for. */
export const ASSESSED_NATIONALITIES = ['IQ', 'IR', 'ER', 'SD', 'AF', 'SY', 'VN', 'AL', 'RS'];

export function safetyAssessment(nationality: string, o: Partial<SafetyAssessment> = {}): SafetyAssessment {
  return {
    nationality,
    profile: null,
    outcome: 'safe',
    assessedOn: '2025-06-01',
    expiresOn: '2026-12-31',
    reference: `SA-${nationality}`,
    ...o,
  };
}

const agreementBase = factory<Agreement>('agreement', (n) => ({
  id: `agreement-${n}`,
  partnerId: 'partner-al',
  reference: `MOU-${n}`,
  startsOn: '2025-07-01',
  endsOn: null,
  perPersonFeePence: 1_000_000,
  perNightFeePence: 9_500,
  fixedFeePerYearPence: 500_000_000,
  maxConcurrentResidents: 500,
  maxTransfersPerYear: 1_500,
  acceptedNationalities: [],
  excludedNationalities: [],
  acceptedProfiles: [],
  excludedProfiles: ['foreign_national_offender'],
  familiesAllowed: true,
  maxStayDays: 180,
  safetyAssessments: ASSESSED_NATIONALITIES.map((nat) => safetyAssessment(nat)),
  monitoringBody: 'Independent Monitoring Board (hub)',
}));
export const agreementFactory = {
  ...agreementBase,
  forPartner: (partner: Partner, o: Partial<Agreement> = {}) =>
    agreementBase.build({ partnerId: partner.id, ...o }),
  noFamilies: (o: Partial<Agreement> = {}) => agreementBase.build({ familiesAllowed: false, ...o }),
  expired: (o: Partial<Agreement> = {}) =>
    agreementBase.build({ startsOn: '2024-01-01', endsOn: '2025-12-31', ...o }),
};

const hubBase = factory<Hub>('hub', (n) => ({
  id: `hub-${n}`,
  partnerId: 'partner-al',
  name: `Hub ${n}`,
  places: { single_men: 120, single_women: 40, families: 60 },
  outOfService: { single_men: 0, single_women: 0, families: 0 },
  meetsNeeds: [],
  openedOn: '2025-07-01',
  closedOn: null,
}));
export const hubFactory = {
  ...hubBase,
  albania: (o: Partial<Hub> = {}) =>
    hubBase.build({ id: 'hub-al-1', partnerId: 'partner-al', name: 'Gjadër', ...o }),
  withMedicalCare: (o: Partial<Hub> = {}) =>
    hubFactory.albania({ meetsNeeds: ['serious_illness', 'disability', 'mental_health'], ...o }),
  full: (o: Partial<Hub> = {}) =>
    hubFactory.albania({
      places: { single_men: 10, single_women: 10, families: 10 },
      outOfService: { single_men: 10, single_women: 10, families: 10 },
      ...o,
    }),
};

const placementBase = factory<AccommodationPlacement>('placement', (n) => ({
  id: `placement-${n}`,
  personId: 'person-1',
  kind: 'hotel',
  siteName: `Hotel ${n}`,
  nightlyCostPence: 14_500,
  startOn: '2024-06-01',
  endOn: null,
}));
export const placementFactory = {
  ...placementBase,
  hotel: (o: Partial<AccommodationPlacement> = {}) =>
    placementBase.build({ kind: 'hotel', nightlyCostPence: 14_500, ...o }),
  dispersal: (o: Partial<AccommodationPlacement> = {}) =>
    placementBase.build({ kind: 'dispersal', siteName: 'Dispersal property', nightlyCostPence: 1_400, ...o }),
};

const transferBase = factory<Transfer>('transfer', (n) => ({
  id: `transfer-${n}`,
  hubId: 'hub-al-1',
  mode: 'charter',
  departureAirport: 'STN',
  arrivalAirport: 'TIA',
  departureOn: TODAY,
  seats: 40,
  escorts: 20,
  manifest: [],
  status: 'planned',
}));
export const transferFactory = { ...transferBase };

const decisionBase = factory<DecisionRecord>('decision', (n) => ({
  id: `decision-${n}`,
  caseId: 'case-1',
  kind: 'initial',
  outcome: 'refuse',
  rationale: 'The account of detention was inconsistent across interviews and with country information.',
  evidence: [{ description: 'Substantive interview record', reference: 'SIR-1' }],
  decidedBy: 'user-1',
  decidedOn: '2025-03-03',
}));
export const decisionFactory = { ...decisionBase };

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * A transfer check with no blockers: a finally refused single man from Iraq, fit to travel, with
 * notice served, going to an open Albanian hub under an agreement in force with room. Tests
 * perturb one fact at a time to show each blocker.
 */
export function clearTransferCheck(overrides: Partial<TransferCheck> = {}): TransferCheck {
  const person = personFactory.build();
  const partner = partnerFactory.albania();
  return {
    person,
    case: caseFactory.of(person, 'FINALLY_REFUSED', {
      fitToTravelConfirmedOn: addDays(TODAY, -10),
      noticeOfTransferServedOn: addDays(TODAY, -14),
      transferScheduledFor: TODAY,
    }),
    flags: [],
    holds: [],
    household: [],
    hub: hubFactory.albania(),
    partner,
    agreement: agreementFactory.forPartner(partner),
    date: TODAY,
    stage: 'allocation',
    use: {
      hub: {
        occupied: { single_men: 50, single_women: 10, families: 20 },
        allocatedNotArrived: { single_men: 5, single_women: 0, families: 0 },
      },
      agreement: { residents: 85, transfersThisYear: 300 },
    },
    ...overrides,
  };
}

/** A household member as a transfer subject (finally refused, fit, notice served, allocated). */
export function subjectFor(person: Person, o: Partial<TransferSubject> = {}): TransferSubject {
  return {
    person,
    case: caseFactory.of(person, 'FINALLY_REFUSED', {
      fitToTravelConfirmedOn: addDays(TODAY, -10),
      noticeOfTransferServedOn: addDays(TODAY, -14),
    }),
    flags: [],
    holds: [],
    ...o,
  };
}
