/**
 * Test data through the real services, one factory per record with traits
 * (`finallyRefusedCase`, `hubFor`). Dates default to a fixed calendar around TEST_NOW.
 */
import type { TestApp } from './app.ts';
import type { NewPerson } from '../../src/services/people.ts';
import type { Places } from '../../src/domain/types.ts';
import { SYSTEM_ACTOR } from '../../src/services/index.ts';

export const DAY = {
  arrived: '2026-01-05',
  lodged: '2026-01-06',
  screened: '2026-01-07',
  refused: '2026-06-01',
  windowClosed: '2026-06-20',
  fit: '2026-11-02',
  notice: '2026-11-02',
  allocated: '2026-11-02',
  scheduled: '2026-11-03',
  departure: '2026-11-16',
  arrivedInHub: '2026-11-16',
} as const;

let seq = 0;

export function personInput(overrides: Partial<NewPerson> = {}): NewPerson {
  seq += 1;
  return {
    givenNames: `Given${seq}`,
    familyName: `Family${seq}`,
    dateOfBirth: '1990-03-04',
    sex: 'male',
    nationality: 'IQ',
    arrivalDate: DAY.arrived,
    route: 'small_boat',
    languages: ['ar'],
    ...overrides,
  };
}

export const REASONS = {
  rationale:
    'The account was inconsistent on material points and country information does not support the risk.',
  evidence: [{ description: 'Asylum interview record', reference: 'AIR-1' }],
};

const senior = (t: TestApp) => t.users.senior_caseworker.actor;

export async function registeredCase(t: TestApp, overrides: Partial<NewPerson> = {}) {
  const { person, caseId } = await t.services.people.register(senior(t), personInput(overrides));
  return { person, caseId };
}

/** Registered, claim lodged, screened, refused, appeal window closed. */
export async function finallyRefusedCase(t: TestApp, overrides: Partial<NewPerson> = {}) {
  const { person, caseId } = await registeredCase(t, overrides);
  const actor = senior(t);
  await t.services.cases.transition(actor, caseId, {
    transition: 'lodgeClaim',
    on: DAY.lodged,
    claimBasis: 'political_opinion',
    claimNarrative: 'Narrative of persecution (special-category).',
  });
  await t.services.cases.transition(actor, caseId, { transition: 'completeScreening', on: DAY.screened });
  await t.services.cases.transition(actor, caseId, { transition: 'refuse', on: DAY.refused, ...REASONS });
  await t.services.cases.transition(actor, caseId, { transition: 'closeAppealWindow', on: DAY.windowClosed });
  return { person, caseId };
}

/** A hub at `partnerId` with an agreement in force and in-date safety assessments for `nationalities`. */
export async function hubFor(
  t: TestApp,
  partnerId: string,
  options: { places?: Partial<Places>; nationalities?: string[]; maxConcurrentResidents?: number } = {},
) {
  const nationalities = options.nationalities ?? ['IQ'];
  await t.services.partners.createAgreement(SYSTEM_ACTOR, {
    partnerId,
    reference: `AGR-${partnerId}-${++seq}`,
    startsOn: '2026-01-01',
    endsOn: null,
    perPersonFeePence: 250_000,
    perNightFeePence: 9_000,
    fixedFeePerYearPence: 100_000_000,
    maxConcurrentResidents: options.maxConcurrentResidents ?? 1000,
    maxTransfersPerYear: 1000,
    acceptedNationalities: [],
    excludedNationalities: [],
    acceptedProfiles: [],
    excludedProfiles: [],
    familiesAllowed: false,
    maxStayDays: 365,
    monitoringBody: 'Independent Monitoring Board',
    safetyAssessments: nationalities.map((nationality) => ({
      nationality,
      profile: null,
      outcome: 'safe' as const,
      assessedOn: '2026-01-01',
      expiresOn: '2027-12-31',
      reference: null,
    })),
  });
  return t.services.partners.createHub(SYSTEM_ACTOR, {
    partnerId,
    name: `Hub ${++seq}`,
    places: { single_men: 10, single_women: 10, families: 0, ...options.places },
    outOfService: { single_men: 0, single_women: 0, families: 0 },
  });
}

/** Fit to travel confirmed, notice served, allocated to `hubId` (not yet scheduled). */
export async function allocatedCase(t: TestApp, hubId: string, overrides: Partial<NewPerson> = {}) {
  const { person, caseId } = await finallyRefusedCase(t, overrides);
  const actor = senior(t);
  await t.services.cases.transition(actor, caseId, { transition: 'allocateHub', on: DAY.allocated, hubId });
  await t.services.cases.transition(actor, caseId, {
    transition: 'confirmFitnessToTravel',
    on: DAY.fit,
    assessedBy: 'Dr Example',
  });
  await t.services.cases.transition(actor, caseId, { transition: 'serveNoticeOfTransfer', on: DAY.notice });
  return { person, caseId };
}

/** Allocated, scheduled, departed and arrived at the hub. */
export async function residentCase(t: TestApp, hubId: string, overrides: Partial<NewPerson> = {}) {
  const { person, caseId } = await allocatedCase(t, hubId, overrides);
  const actor = senior(t);
  await t.services.cases.transition(actor, caseId, {
    transition: 'scheduleTransfer',
    on: DAY.scheduled,
    transferId: '00000000-0000-4000-8000-000000000001',
    departureOn: DAY.departure,
  });
  await t.services.cases.transition(actor, caseId, { transition: 'recordDeparture', on: DAY.departure });
  await t.services.cases.transition(actor, caseId, {
    transition: 'recordArrivalInHub',
    on: DAY.arrivedInHub,
  });
  return { person, caseId };
}
