import { describe, expect, it } from 'vitest';
import {
  agreementFactory,
  caseFactory,
  clearTransferCheck,
  flagFactory,
  holdFactory,
  hubFactory,
  personFactory,
  safetyAssessment,
  subjectFor,
  TODAY,
} from '../../test/factories/index.ts';
import { addDays } from './calendar.ts';
import type { BlockerCode, TransferCheck } from './safeguards.ts';
import { BLOCKER_CODES, BLOCKER_RULES, blockerCodes, transferBlockers } from './safeguards.ts';

type Perturb = (c: TransferCheck) => Partial<TransferCheck>;

/** Each row changes one fact in a clear check and names the blocker that fact must raise. */
const rows: [string, BlockerCode, Perturb][] = [
  ['the claim is still awaiting a decision', 'NOT_FINALLY_REFUSED', (c) => ({ case: caseFactory.awaitingDecision({ personId: c.person.id }) })],
  ['the claim was granted', 'NOT_FINALLY_REFUSED', (c) => ({ case: caseFactory.inState('GRANTED', { personId: c.person.id }) })],
  ['the refusal is not yet recorded as final', 'NOT_FINALLY_REFUSED', (c) => ({ case: { ...c.case, finallyRefusedOn: null } })],
  ['an appeal is pending', 'APPEAL_PENDING', (c) => ({ case: caseFactory.appealPending({ personId: c.person.id }) })],
  ['the appeal window is open', 'APPEAL_WINDOW_OPEN', (c) => ({ case: caseFactory.refused({ appealWindowEndsOn: addDays(TODAY, 3), personId: c.person.id }) })],
  ['a judicial review with a stay is in force', 'COURT_ORDER', () => ({ holds: [holdFactory.judicialReviewStay()] })],
  ['an injunction is in force', 'COURT_ORDER', () => ({ holds: [holdFactory.injunction()] })],
  ['further submissions are undecided', 'FRESH_CLAIM_PENDING', () => ({ holds: [holdFactory.furtherSubmissions()] })],
  ['a fresh claim is undecided', 'FRESH_CLAIM_PENDING', () => ({ holds: [holdFactory.build({ kind: 'fresh_claim' })] })],
  ['the person is under 18', 'CHILD', () => ({ person: personFactory.child(16) })],
  ['the person is flagged as an unaccompanied child', 'CHILD', () => ({ flags: [flagFactory.unaccompaniedChild()] })],
  ['the person’s age is disputed', 'CHILD', () => ({ flags: [flagFactory.build({ kind: 'age_dispute', status: 'pending' })] })],
  ['a child is in the household', 'CHILD_IN_HOUSEHOLD', () => ({ household: [subjectFor(personFactory.child(6))] })],
  ['a trafficking referral is pending', 'TRAFFICKING', () => ({ flags: [flagFactory.traffickingReferralPending()] })],
  ['a positive trafficking decision exists', 'TRAFFICKING', () => ({ flags: [flagFactory.traffickingPositive()] })],
  ['the person is a torture survivor', 'TORTURE_SURVIVOR', () => ({ flags: [flagFactory.tortureSurvivor()] })],
  ['the person has a serious illness the hub cannot meet', 'HEALTH_NEEDS_UNMET', () => ({ flags: [flagFactory.seriousIllness()] })],
  ['the person has a disability the hub cannot meet', 'HEALTH_NEEDS_UNMET', () => ({ flags: [flagFactory.build({ kind: 'disability' })] })],
  ['the person is in late pregnancy', 'LATE_PREGNANCY', () => ({ flags: [flagFactory.latePregnancy()] })],
  ['the person gave birth four weeks ago', 'LATE_PREGNANCY', () => ({ flags: [flagFactory.latePregnancy({ dueOn: addDays(TODAY, -28) })] })],
  ['a pregnancy has no due date recorded', 'LATE_PREGNANCY', () => ({ flags: [flagFactory.latePregnancy({ dueOn: null })] })],
  ['no assessment covers the nationality', 'NO_SAFETY_ASSESSMENT', () => ({ person: personFactory.ofNationality('ER', { id: 'p-er' }), agreement: agreementFactory.build({ partnerId: 'partner-al', safetyAssessments: [safetyAssessment('IQ')] }) })],
  ['the nationality’s assessment has expired', 'NO_SAFETY_ASSESSMENT', () => ({ agreement: agreementFactory.build({ partnerId: 'partner-al', safetyAssessments: [safetyAssessment('IQ', { expiresOn: addDays(TODAY, -1) })] }) })],
  ['an in-date assessment finds the country unsafe', 'NO_SAFETY_ASSESSMENT', () => ({ agreement: agreementFactory.build({ partnerId: 'partner-al', safetyAssessments: [safetyAssessment('IQ'), safetyAssessment('IQ', { outcome: 'unsafe', assessedOn: '2026-01-01' })] }) })],
  ['no assessment covers the person’s risk profile', 'NO_SAFETY_ASSESSMENT', (c) => ({ case: { ...c.case, profiles: ['lgbtqi'] } })],
  ['the hub is in the person’s own country', 'OWN_COUNTRY', () => ({ person: personFactory.ofNationality('AL') })],
  ['a household member has a blocker', 'HOUSEHOLD_NOT_TRANSFERABLE', () => ({ household: [subjectFor(personFactory.woman(), { flags: [flagFactory.tortureSurvivor()] })] })],
  ['a household member is allocated to another hub', 'HOUSEHOLD_NOT_TRANSFERABLE', () => ({ household: [subjectFor(personFactory.woman(), { case: caseFactory.hubAllocated({ allocatedHubId: 'hub-elsewhere' }) })] })],
  ['a household member has not been allocated to this hub (after allocation)', 'HOUSEHOLD_NOT_TRANSFERABLE', () => ({ stage: 'scheduling', household: [subjectFor(personFactory.woman())] })],
  ['there is no agreement', 'AGREEMENT_NOT_IN_FORCE', () => ({ agreement: null })],
  ['the agreement has ended', 'AGREEMENT_NOT_IN_FORCE', () => ({ agreement: agreementFactory.expired() })],
  ['the agreement belongs to another partner', 'AGREEMENT_NOT_IN_FORCE', () => ({ agreement: agreementFactory.build({ partnerId: 'partner-rs' }) })],
  ['the hub has closed', 'HUB_CLOSED', () => ({ hub: hubFactory.albania({ closedOn: '2026-01-01' }) })],
  ['the agreement excludes the nationality', 'NATIONALITY_EXCLUDED', () => ({ agreement: agreementFactory.build({ excludedNationalities: ['IQ'] }) })],
  ['the agreement accepts only other nationalities', 'NATIONALITY_EXCLUDED', () => ({ agreement: agreementFactory.build({ acceptedNationalities: ['ER'] }) })],
  ['the agreement excludes the profile', 'PROFILE_EXCLUDED', (c) => ({ case: { ...c.case, profiles: ['foreign_national_offender'] }, agreement: agreementFactory.build({ safetyAssessments: [safetyAssessment('IQ'), safetyAssessment('IQ', { profile: 'foreign_national_offender' })] }) })],
  ['the agreement does not accept families', 'FAMILIES_NOT_ACCEPTED', () => ({ agreement: agreementFactory.noFamilies(), household: [subjectFor(personFactory.woman())] })],
  ['the hub has no free place of the unit type', 'NO_FREE_PLACE', () => ({ hub: hubFactory.full() })],
  ['the hub’s occupancy is unknown', 'NO_FREE_PLACE', () => ({ use: null })],
  ['the agreement’s resident cap is reached', 'RESIDENT_CAP_REACHED', (c) => ({ use: { hub: c.use!.hub, agreement: { residents: 500, transfersThisYear: 0 } } })],
  ['the yearly transfer quota is used', 'ANNUAL_QUOTA_USED', (c) => ({ use: { hub: c.use!.hub, agreement: { residents: 0, transfersThisYear: 1_500 } } })],
  ['fitness to travel is not confirmed (at scheduling)', 'NOT_FIT_TO_TRAVEL', (c) => ({ stage: 'scheduling', case: { ...c.case, fitToTravelConfirmedOn: null } })],
  ['fitness was confirmed before a new health matter (at departure)', 'NOT_FIT_TO_TRAVEL', () => ({ stage: 'departure', flags: [flagFactory.build({ kind: 'mental_health', raisedOn: addDays(TODAY, -2) })], hub: hubFactory.withMedicalCare() })],
  ['no notice of transfer was served (at scheduling)', 'NOTICE_TOO_SHORT', (c) => ({ stage: 'scheduling', case: { ...c.case, noticeOfTransferServedOn: null } })],
  ['notice leaves fewer than 5 working days (at scheduling)', 'NOTICE_TOO_SHORT', (c) => ({ stage: 'scheduling', case: { ...c.case, noticeOfTransferServedOn: addDays(TODAY, -6) } })],
  ['notice leaves fewer than the configured 11 working days (on arrival)', 'NOTICE_TOO_SHORT', () => ({ stage: 'arrival', noticeWorkingDays: 11 })],
]; // prettier-ignore

describe('transferBlockers', () => {
  it('finds nothing to block a finally refused, fit, notified single adult going to an open hub with room', () => {
    for (const stage of ['allocation', 'review', 'scheduling', 'departure', 'arrival'] as const) {
      expect(transferBlockers(clearTransferCheck({ stage }))).toEqual([]);
    }
  });

  it.each(rows)('blocks when %s (%s)', (_what, code, perturb) => {
    const clear = clearTransferCheck();
    const blockers = transferBlockers({ ...clear, ...perturb(clear) });
    expect(blockerCodes(blockers)).toContain(code);
    const found = blockers.find((b) => b.code === code)!;
    expect(found.basis).toBe(BLOCKER_RULES[code].basis);
    expect(found.explanation.length).toBeGreaterThan(20);
  });

  it('has a row in the table for every blocker code', () => {
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(BLOCKER_CODES));
  });

  it('cites the legal basis in DOMAIN.md for each family of blockers', () => {
    expect(BLOCKER_RULES.APPEAL_PENDING.basis).toMatch(/2002 s\.78/);
    expect(BLOCKER_RULES.FRESH_CLAIM_PENDING.basis).toMatch(/para 353/);
    expect(BLOCKER_RULES.CHILD.basis).toMatch(/2009 s\.55/);
    expect(BLOCKER_RULES.TRAFFICKING.basis).toMatch(/art\. 13/);
    expect(BLOCKER_RULES.TORTURE_SURVIVOR.basis).toMatch(/r\.35/);
    expect(BLOCKER_RULES.NO_SAFETY_ASSESSMENT.basis).toMatch(/art\. 33/);
    expect(BLOCKER_RULES.HOUSEHOLD_NOT_TRANSFERABLE.basis).toMatch(/art\. 8/);
    expect(BLOCKER_RULES.NOTICE_TOO_SHORT.basis).toMatch(/EWCA Civ 1338/);
  });

  it.each([
    ['a hold lifted before the date', holdFactory.lifted()],
    ['a hold starting after the date', holdFactory.injunction({ startedOn: addDays(TODAY, 1) })],
  ])('ignores %s', (_what, hold) => {
    expect(transferBlockers(clearTransferCheck({ holds: [hold] }))).toEqual([]);
  });

  it.each([
    ['a resolved torture flag', flagFactory.resolved()],
    [
      'a negative trafficking decision',
      flagFactory.build({ kind: 'trafficking_referral', status: 'negative', closedOn: '2025-05-01' }),
    ],
    ['an early pregnancy', flagFactory.latePregnancy({ dueOn: addDays(TODAY, 200) })],
    ['a serious illness the hub can meet', flagFactory.seriousIllness()],
  ])('does not block for %s', (_what, flag) => {
    const hub = hubFactory.withMedicalCare();
    expect(transferBlockers(clearTransferCheck({ flags: [flag], hub }))).toEqual([]);
  });

  it('accepts a couple together when the agreement allows families and both are transferable', () => {
    const check = clearTransferCheck({ household: [subjectFor(personFactory.woman())] });
    expect(transferBlockers(check)).toEqual([]);
  });

  it('needs a place for every member of the household', () => {
    const check = clearTransferCheck({
      household: [subjectFor(personFactory.woman()), subjectFor(personFactory.build())],
      hub: hubFactory.albania({ places: { single_men: 100, single_women: 100, families: 22 } }),
    });
    // 22 family places − 20 occupied = 2 free; a household of 3 needs 3
    expect(blockerCodes(transferBlockers(check))).toEqual(['NO_FREE_PLACE']);
  });

  it('does not count capacity again once the place is taken (scheduling, departure, arrival)', () => {
    for (const stage of ['review', 'scheduling', 'departure', 'arrival'] as const) {
      expect(transferBlockers(clearTransferCheck({ stage, hub: hubFactory.full(), use: null }))).toEqual([]);
    }
  });

  it('reports every blocker at once, not just the first', () => {
    const clear = clearTransferCheck();
    const blockers = transferBlockers({
      ...clear,
      person: personFactory.ofNationality('AL'),
      flags: [flagFactory.tortureSurvivor(), flagFactory.traffickingReferralPending()],
      holds: [holdFactory.injunction()],
    });
    expect(blockerCodes(blockers)).toEqual(
      expect.arrayContaining(['OWN_COUNTRY', 'TORTURE_SURVIVOR', 'TRAFFICKING', 'COURT_ORDER']),
    );
  });

  it('counts only working days for the notice, skipping weekends and bank holidays', () => {
    // Served Thursday 24 December 2026: 25 (Christmas), 26–27 (weekend), 28 (substitute Boxing Day)
    // are not working days, so 5 working days run 29, 30, 31 Dec, 1 Jan is a holiday, 4, 5 Jan.
    const base = clearTransferCheck({ stage: 'scheduling', date: '2026-12-24' });
    const check = (departureOn: string) =>
      blockerCodes(
        transferBlockers({
          ...base,
          case: {
            ...base.case,
            noticeOfTransferServedOn: '2026-12-24',
            fitToTravelConfirmedOn: '2026-12-20',
          },
          departureOn,
        }),
      );
    expect(check('2027-01-04')).toContain('NOTICE_TOO_SHORT');
    expect(check('2027-01-05')).not.toContain('NOTICE_TOO_SHORT');
  });

  it('names the household member whose circumstances block the transfer', () => {
    const partner = personFactory.woman({ reference: 'RH-PARTNER-1' });
    const blockers = transferBlockers(
      clearTransferCheck({ household: [subjectFor(partner, { holds: [holdFactory.injunction()] })] }),
    );
    expect(blockers.find((b) => b.code === 'HOUSEHOLD_NOT_TRANSFERABLE')!.explanation).toMatch(
      /RH-PARTNER-1/,
    );
  });
});
