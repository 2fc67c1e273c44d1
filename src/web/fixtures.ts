/**
 * Casework for the web tests, made the way a caseworker makes it: through the services, one
 * transition at a time. Each case walks the real lifecycle to the state the test needs.
 */
import type { Actor } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { SYSTEM_ACTOR } from '../services/index.ts';

export type WalkTo = 'AWAITING_DECISION' | 'REFUSED' | 'APPEAL_PENDING' | 'FINALLY_REFUSED';

const REASONS = 'The account was inconsistent with the country information and the interview record.';
const EVIDENCE = [{ description: 'Asylum interview record', reference: 'INT-1' }];

/** Moves a new case along the lifecycle up to `to`. */
export async function walkCase(services: Services, actor: Actor, caseId: string, to: WalkTo): Promise<void> {
  const steps: [string, Record<string, unknown>][] = [
    ['lodgeClaim', { claimBasis: 'political_opinion' }],
    ['completeScreening', {}],
  ];
  if (to !== 'AWAITING_DECISION') steps.push(['refuse', { rationale: REASONS, evidence: EVIDENCE }]);
  if (to === 'APPEAL_PENDING' || to === 'FINALLY_REFUSED') steps.push(['lodgeAppeal', {}]);
  if (to === 'FINALLY_REFUSED') steps.push(['dismissAppeal', { rationale: REASONS, evidence: EVIDENCE }]);
  for (const [transition, input] of steps)
    await services.cases.transition(actor, caseId, { transition, ...input });
}

let counter = 0;

/** A single adult with a case in state `to`. */
export async function caseIn(
  services: Services,
  actor: Actor,
  to: WalkTo,
  person: { nationality?: string; familyName?: string } = {},
): Promise<{ caseId: string; reference: string; personId: string }> {
  const n = ++counter;
  const {
    person: p,
    caseId,
    caseReference,
  } = await services.people.register(actor, {
    givenNames: `Test${n}`,
    familyName: person.familyName ?? `Person${n}`,
    dateOfBirth: '1990-01-01',
    sex: 'male',
    nationality: person.nationality ?? 'IQ',
    arrivalDate: '2025-01-10',
    route: 'small_boat',
  });
  await walkCase(services, actor, caseId, to);
  return { caseId, reference: caseReference, personId: p.id };
}

/** A parent and a young child, both finally refused: a transfer must be blocked (s.55). */
export async function familyWithChild(
  services: Services,
  actor: Actor,
): Promise<{ caseId: string; reference: string }> {
  const household = await services.households.create(actor, {});
  const n = ++counter;
  const parent = await services.people.register(actor, {
    givenNames: `Parent${n}`,
    familyName: 'Family',
    dateOfBirth: '1988-05-05',
    sex: 'female',
    nationality: 'IQ',
    arrivalDate: '2025-01-10',
    route: 'small_boat',
    householdId: household.id,
    householdRole: 'principal',
  });
  const child = await services.people.register(actor, {
    givenNames: `Child${n}`,
    familyName: 'Family',
    dateOfBirth: '2021-05-05',
    sex: 'male',
    nationality: 'IQ',
    arrivalDate: '2025-01-10',
    route: 'small_boat',
    householdId: household.id,
    householdRole: 'child',
  });
  await walkCase(services, actor, parent.caseId, 'FINALLY_REFUSED');
  await walkCase(services, actor, child.caseId, 'FINALLY_REFUSED');
  return { caseId: parent.caseId, reference: parent.caseReference };
}

/** A partner with an agreement that accepts Iraqi nationals and one open hub. */
export async function partnerWithHub(services: Services, country = 'RS', name = 'Serbia') {
  const partner = await services.partners.createPartner(SYSTEM_ACTOR, { name, countryCode: country });
  await services.partners.createAgreement(SYSTEM_ACTOR, {
    partnerId: partner.id,
    reference: `AGR-${country}`,
    startsOn: '2025-01-01',
    endsOn: null,
    perPersonFeePence: 500_000,
    perNightFeePence: 8_000,
    fixedFeePerYearPence: 0,
    maxConcurrentResidents: 500,
    maxTransfersPerYear: 1000,
    acceptedNationalities: [],
    excludedNationalities: [],
    acceptedProfiles: [],
    excludedProfiles: [],
    familiesAllowed: true,
    maxStayDays: 365,
    monitoringBody: 'Independent monitor',
    safetyAssessments: [
      {
        nationality: 'IQ',
        profile: null,
        outcome: 'safe',
        assessedOn: '2025-06-01',
        expiresOn: '2027-06-01',
        reference: null,
      },
    ],
  });
  const hub = await services.partners.createHub(SYSTEM_ACTOR, {
    partnerId: partner.id,
    name: `${name} hub`,
    places: { single_men: 50, single_women: 20, families: 10 },
    outOfService: { single_men: 0, single_women: 0, families: 0 },
  });
  return { partner, hub };
}
