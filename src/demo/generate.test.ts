import { describe, expect, it } from 'vitest';
import { CASE_STATES, TRANSFER_PATH_STATES } from '../domain/stages.ts';
import type { CaseState } from '../domain/stages.ts';
import { DEMO_NATIONALITIES, initialGrantRate, nationalityMix } from './figures.ts';
import type { DemoNationality } from './figures.ts';
import { addDays, generateDemoCaseload } from './generate.ts';

const asOf = '2026-11-26';
const demo = generateDemoCaseload({ seed: 20261126, asOf });
const count = (state: CaseState): number => demo.cases.filter((c) => c.state === state).length;
const personByRef = new Map(demo.people.map((p) => [p.ref, p]));
const householdByRef = new Map(demo.households.map((h) => [h.ref, h]));
const hubPath = (state: CaseState): boolean =>
  (TRANSFER_PATH_STATES as readonly CaseState[]).includes(state) || state === 'ONWARD_RETURNED';

describe('the demo caseload', () => {
  it('is the same for the same seed and date, and different for another seed', () => {
    expect(generateDemoCaseload({ seed: 20261126, asOf })).toEqual(demo);
    const other = generateDemoCaseload({ seed: 7, asOf });
    expect(other.cases.map((c) => c.state)).not.toEqual(demo.cases.map((c) => c.state));
  });

  it('holds at least 5,000 people, each with one case, in whole households', () => {
    expect(demo.people.length).toBeGreaterThanOrEqual(5_000);
    expect(demo.cases.length).toBe(demo.people.length);
    expect(new Set(demo.people.map((p) => p.ref)).size).toBe(demo.people.length);
    const members = demo.households.flatMap((h) => h.memberRefs);
    expect(members.sort()).toEqual(demo.people.map((p) => p.ref).sort());
  });

  it('puts somebody in every lifecycle state', () => {
    for (const state of CASE_STATES) expect(count(state), state).toBeGreaterThan(0);
  });

  it('looks like the real scheme: most awaiting a decision, then appeals, then the finally refused', () => {
    expect(count('AWAITING_DECISION')).toBeGreaterThan(demo.cases.length * 0.4);
    expect(count('AWAITING_DECISION')).toBeGreaterThan(count('APPEAL_PENDING'));
    expect(count('APPEAL_PENDING')).toBeGreaterThan(count('FINALLY_REFUSED'));
    expect(count('FINALLY_REFUSED')).toBeGreaterThan(count('GRANTED'));
    expect(count('GRANTED')).toBeGreaterThan(count('RETURNED'));
    const onHubPath = demo.cases.filter((c) => hubPath(c.state)).length;
    expect(onHubPath).toBeGreaterThanOrEqual(200);
    expect(onHubPath).toBeLessThanOrEqual(600);
  });

  // Grants leave the caseload, so only the undecided show the arrivals' mix undistorted.
  it('follows the nationality mix of small-boat arrivals among the undecided, within three points', () => {
    const total = Object.values(nationalityMix).reduce((a, b) => a + b, 0);
    const undecided = demo.cases
      .filter((c) => ['ARRIVED', 'CLAIM_LODGED', 'AWAITING_DECISION'].includes(c.state))
      .map((c) => personByRef.get(c.personRef)!);
    for (const nat of Object.keys(DEMO_NATIONALITIES) as DemoNationality[]) {
      const share = undecided.filter((p) => p.nationality === nat).length / undecided.length;
      expect(Math.abs(share - nationalityMix[nat] / total), nat).toBeLessThan(0.03);
    }
  });

  // Older grants are archived, so the rate is measured over the decisions of the retention window.
  it('grants recent initial decisions at each large nationality group’s sourced rate', () => {
    const since = addDays(asOf, -60);
    const mainApplicants = demo.households.map((h) => h.memberRefs[0]);
    const caseByRef = new Map(demo.cases.map((c) => [c.ref, c]));
    let checked = 0;
    for (const nat of Object.keys(DEMO_NATIONALITIES) as DemoNationality[]) {
      const decisions = mainApplicants
        .filter((ref) => {
          const p = personByRef.get(ref)!;
          return p.nationality === nat && !(nat === 'AL' && p.sex === 'female');
        })
        .flatMap((ref) =>
          caseByRef.get(ref)!.decisions.filter((d) => d.kind === 'initial' && d.decidedOn > since),
        );
      if (decisions.length < 30) continue;
      checked += 1;
      const rate = decisions.filter((d) => d.outcome === 'grant').length / decisions.length;
      expect(Math.abs(rate - initialGrantRate[nat]), `${nat} over ${decisions.length}`).toBeLessThan(0.15);
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('records a rationale and the evidence relied on for every adverse decision', () => {
    const adverse = demo.cases.flatMap((c) =>
      c.decisions.filter((d) => d.outcome === 'refuse' || d.outcome === 'dismiss'),
    );
    expect(adverse.length).toBeGreaterThan(0);
    for (const d of adverse) {
      expect(d.rationale.length).toBeGreaterThan(10);
      expect(d.evidence.length).toBeGreaterThan(0);
    }
  });

  it('has households with children, unaccompanied children, vulnerabilities and holds', () => {
    expect(demo.households.filter((h) => h.kind === 'couple_with_children').length).toBeGreaterThan(100);
    expect(demo.households.filter((h) => h.kind === 'unaccompanied_child').length).toBeGreaterThan(10);
    expect(demo.people.filter((p) => p.flags.length > 0).length).toBeGreaterThan(100);
    expect(demo.cases.filter((c) => c.holds.length > 0).length).toBeGreaterThan(10);
  });

  it('walks every case through a history that starts at ARRIVED, is in date order and ends in its state', () => {
    for (const c of demo.cases) {
      expect(c.history[0]).toMatchObject({ from: null, to: 'ARRIVED', on: c.arrivedOn });
      for (let i = 1; i < c.history.length; i++) {
        expect(c.history[i].from).toBe(c.history[i - 1].to);
        expect(c.history[i].on >= c.history[i - 1].on).toBe(true);
      }
      expect(c.history[c.history.length - 1].to).toBe(c.state);
      expect(c.history[c.history.length - 1].on <= asOf).toBe(true);
      if (c.state === 'ABSCONDED') expect(c.stateBeforeAbsconding).not.toBeNull();
    }
  });

  it('puts nobody on the transfer path whom a safeguard would block', () => {
    const agreementByPartner = new Map(demo.agreements.map((a) => [a.partnerRef, a]));
    const partnerByRef = new Map(demo.partners.map((p) => [p.ref, p]));
    const hubByRef = new Map(demo.hubs.map((h) => [h.ref, h]));
    const onPath = demo.cases.filter((c) => (TRANSFER_PATH_STATES as readonly CaseState[]).includes(c.state));
    expect(onPath.length).toBeGreaterThan(0);
    for (const c of onPath) {
      const person = personByRef.get(c.personRef)!;
      const household = householdByRef.get(c.householdRef)!;
      const hub = hubByRef.get(c.hubRef!)!;
      const agreement = agreementByPartner.get(hub.partnerRef)!;
      expect(household.memberRefs).toHaveLength(1);
      expect(person.flags).toEqual([]);
      expect(c.holds).toEqual([]);
      expect(partnerByRef.get(hub.partnerRef)!.code).not.toBe(person.nationality);
      expect(agreement.acceptedNationalities).toContain(person.nationality);
      const assessment = agreement.safetyAssessments.find((s) => s.nationality === person.nationality)!;
      if (c.state !== 'IN_HUB') expect(assessment.expiresOn > asOf).toBe(true);
      if (c.state !== 'HUB_ALLOCATED') {
        expect(c.noticeServedOn).not.toBeNull();
        expect(c.fitToTravelConfirmedOn).not.toBeNull();
        expect(c.transferRef).not.toBeNull();
      }
    }
  });

  it('never fills a hub beyond its places in service, nor a flight beyond its seats', () => {
    for (const hub of demo.hubs) {
      const occupied = demo.cases.filter(
        (c) => c.hubRef === hub.ref && (TRANSFER_PATH_STATES as readonly CaseState[]).includes(c.state),
      ).length;
      const inService = (Object.keys(hub.places) as (keyof typeof hub.places)[]).reduce(
        (sum, unit) => sum + hub.places[unit] - hub.outOfService[unit],
        0,
      );
      expect(occupied).toBeLessThanOrEqual(inService);
    }
    for (const t of demo.transfers) expect(t.manifest.length).toBeLessThanOrEqual(t.seats);
  });

  it('gives every partner an agreement, a hub and safety assessments, some expired or expiring soon', () => {
    expect(demo.partners.map((p) => p.name).sort()).toEqual(
      ['Albania', 'Bosnia and Herzegovina', 'North Macedonia', 'Serbia'].sort(),
    );
    for (const p of demo.partners) {
      expect(demo.agreements.filter((a) => a.partnerRef === p.ref)).toHaveLength(1);
      expect(demo.hubs.filter((h) => h.partnerRef === p.ref).length).toBeGreaterThan(0);
    }
    const assessments = demo.agreements.flatMap((a) => a.safetyAssessments);
    expect(assessments.some((s) => s.expiresOn < asOf)).toBe(true);
    expect(assessments.some((s) => s.expiresOn >= asOf && s.expiresOn <= addDays(asOf, 30))).toBe(true);
  });

  it('houses people on support in hotels and dispersal within each site’s capacity, at the sourced nightly costs', () => {
    const bySite = new Map<string, number>();
    for (const p of demo.placements) bySite.set(p.siteRef, (bySite.get(p.siteRef) ?? 0) + 1);
    for (const site of demo.sites) expect(bySite.get(site.ref) ?? 0).toBeLessThanOrEqual(site.capacity);
    const hotelNights = demo.placements.filter((p) => p.nightlyCostPence === 14_500).length;
    const dispersalNights = demo.placements.filter((p) => p.nightlyCostPence === 1_441).length;
    expect(hotelNights).toBeGreaterThan(0);
    expect(dispersalNights).toBeGreaterThan(hotelNights);
  });
});
