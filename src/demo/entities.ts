import { createHash } from 'node:crypto';
import { TRANSITIONS, TRANSITION_NAMES } from '../domain/lifecycle.ts';
import type { TransitionName } from '../domain/lifecycle.ts';
import type { CaseState } from '../domain/stages.ts';
import type {
  AccommodationPlacement,
  Agreement,
  Case,
  DecisionRecord,
  Flag,
  Hold,
  Household,
  HouseholdRole,
  Hub,
  Partner,
  Person,
  Role,
  Transfer,
  UnitType,
} from '../domain/types.ts';
import { demoAccounts } from './accounts.ts';
import type { DemoAccount } from './accounts.ts';
import type { DemoCase, DemoCaseload, DemoStep } from './generate.ts';
import { addDays } from './generate.ts';
import { appealWindowDays } from './figures.ts';

/**
 * The demo caseload as the domain's entities (src/domain/types.ts), with ids derived from the
 * seed so a demo record has the same id on every machine. Still pure: `seed.ts` writes these.
 */

/** A uuid (version 4 layout) derived from the seed and a stable key. */
export function demoId(seed: number, key: string): string {
  const h = createHash('sha256').update(`return-hubs demo|${seed}|${key}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface DemoUser extends DemoAccount {
  id: string;
  partnerId: string | null;
}

export interface TimelineEntry {
  id: string;
  caseId: string;
  transition: TransitionName;
  fromState: CaseState;
  toState: CaseState;
  inputs: Record<string, unknown>;
  actorId: string;
  occurredAt: Date;
}

export interface HubStay {
  id: string;
  hubId: string;
  caseId: string;
  personId: string;
  unitType: UnitType;
  status: 'allocated' | 'arrived' | 'departed';
  allocatedOn: string;
  arrivedOn: string | null;
  departedOn: string | null;
  departureReason: string | null;
}

export interface Appeal {
  id: string;
  caseId: string;
  lodgedOn: string;
  status: 'pending' | 'allowed' | 'dismissed';
  decidedOn: string | null;
}

export interface DemoEntities {
  users: DemoUser[];
  partners: Partner[];
  agreements: Agreement[];
  hubs: Hub[];
  households: Household[];
  people: Person[];
  cases: Case[];
  timeline: TimelineEntry[];
  decisions: DecisionRecord[];
  appeals: Appeal[];
  flags: Flag[];
  holds: Hold[];
  transfers: Transfer[];
  hubStays: HubStay[];
  placements: AccommodationPlacement[];
}

const LANGUAGES: Record<string, string[]> = {
  AF: ['ps', 'fa'],
  ER: ['ti'],
  IR: ['fa'],
  SD: ['ar'],
  VN: ['vi'],
  IQ: ['ar', 'ku'],
  SY: ['ar'],
  AL: ['sq'],
  TR: ['tr', 'ku'],
  EG: ['ar'],
  YE: ['ar'],
  IN: ['hi', 'pa'],
  GE: ['ka'],
};

const ARRIVAL_AIRPORT: Record<string, string> = {
  AL: 'Tirana (TIA)',
  RS: 'Belgrade (BEG)',
  BA: 'Sarajevo (SJJ)',
  MK: 'Skopje (SKP)',
};

/** The transition that takes a case from one state to another (the demo never needs "same"). */
export function transitionFor(from: CaseState, to: CaseState): TransitionName {
  const name = TRANSITION_NAMES.find((n) => {
    const t = TRANSITIONS[n] as unknown as { from: readonly CaseState[]; to: string };
    return t.from.includes(from) && t.to === to;
  });
  if (!name) throw new Error(`No transition from ${from} to ${to} in the lifecycle table.`);
  return name;
}

/** Who does each kind of step in the demo. */
function actorRoleFor(name: TransitionName): Role {
  const action = (TRANSITIONS[name] as unknown as { action: string }).action;
  if (action === 'approve_allocation' || action === 'schedule_transfer') return 'senior_caseworker';
  if (action === 'record_hub_movement') return 'partner_officer';
  return 'caseworker';
}

const at = (day: string, minute: number): Date =>
  new Date(Date.parse(`${day}T09:00:00Z`) + (minute % 480) * 60_000);

export function demoEntities(demo: DemoCaseload): DemoEntities {
  const { seed, asOf } = demo;
  const id = (key: string): string => demoId(seed, key);

  const partners: Partner[] = demo.partners.map((p) => ({
    id: id(p.ref),
    name: p.name,
    countryCode: p.code,
  }));
  const partnerIdByRef = new Map(demo.partners.map((p) => [p.ref, id(p.ref)]));
  const partnerByRef = new Map(demo.partners.map((p) => [p.ref, p]));

  const users: DemoUser[] = demoAccounts(seed).map((a) => ({
    ...a,
    id: id(`user:${a.username}`),
    partnerId: a.partnerCountry ? id(`PARTNER-${a.partnerCountry}`) : null,
  }));
  const userFor = (role: Role, partnerRef?: string): string => {
    const partnerId = partnerRef ? partnerIdByRef.get(partnerRef)! : null;
    return users.find((u) => u.role === role && (role !== 'partner_officer' || u.partnerId === partnerId))!
      .id;
  };
  const caseworker = userFor('caseworker');
  const senior = userFor('senior_caseworker');

  const agreements: Agreement[] = demo.agreements.map((a) => ({
    id: id(a.ref),
    partnerId: partnerIdByRef.get(a.partnerRef)!,
    reference: a.ref,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    perPersonFeePence: a.feePerPersonPence,
    perNightFeePence: a.feePerNightPence,
    fixedFeePerYearPence: a.fixedFeePerYearPence,
    maxConcurrentResidents: a.maxConcurrentResidents,
    maxTransfersPerYear: a.maxTransfersPerYear,
    acceptedNationalities: [...a.acceptedNationalities],
    excludedNationalities: [],
    acceptedProfiles: [],
    excludedProfiles: [...a.excludedProfiles],
    familiesAllowed: a.familiesAllowed,
    maxStayDays: a.maxStayDays,
    safetyAssessments: a.safetyAssessments.map((s) => ({
      nationality: s.nationality,
      profile: s.profile,
      outcome: s.outcome,
      assessedOn: s.assessedOn,
      expiresOn: s.expiresOn,
      reference: `SA-${a.ref.slice(10)}-${s.nationality}`,
    })),
    monitoringBody: a.monitoringBody,
  }));
  const agreementByPartnerRef = new Map(demo.agreements.map((a) => [a.partnerRef, a]));

  const hubs: Hub[] = demo.hubs.map((h) => ({
    id: id(h.ref),
    partnerId: partnerIdByRef.get(h.partnerRef)!,
    name: h.name,
    places: { ...h.places },
    outOfService: { ...h.outOfService },
    meetsNeeds: [],
    openedOn: agreementByPartnerRef.get(h.partnerRef)!.startsOn,
    closedOn: null,
  }));
  const hubByRef = new Map(demo.hubs.map((h) => [h.ref, h]));

  // People and households: someone alone has no household (DOMAIN: a household of one).
  const people: Person[] = [];
  const households: Household[] = [];
  const demoPersonByRef = new Map(demo.people.map((p) => [p.ref, p]));
  demo.households.forEach((h, index) => {
    const multi = h.memberRefs.length > 1;
    const householdId = multi ? id(h.ref) : null;
    const route = index % 9 === 8 ? 'other' : 'small_boat';
    h.memberRefs.forEach((ref, i) => {
      const p = demoPersonByRef.get(ref)!;
      const role: HouseholdRole | null = !multi
        ? null
        : i === 0
          ? 'principal'
          : Date.parse(asOf) - Date.parse(p.dateOfBirth) < 18 * 365.25 * 86_400_000
            ? 'child'
            : 'partner';
      people.push({
        id: id(ref),
        reference: ref,
        givenNames: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        sex: p.sex,
        nationality: p.nationality,
        householdId,
        householdRole: role,
        arrivalDate: demoCaseByRef(demo).get(ref)!.arrivedOn,
        route,
        languages: LANGUAGES[p.nationality] ?? [],
      });
    });
    if (multi)
      households.push({ id: householdId!, reference: h.ref, principalPersonId: id(h.memberRefs[0]) });
  });

  const transferByRef = new Map(demo.transfers.map((t) => [t.ref, t]));
  const cases: Case[] = [];
  const timeline: TimelineEntry[] = [];
  const decisions: DecisionRecord[] = [];
  const appeals: Appeal[] = [];
  const hubStays: HubStay[] = [];
  demo.cases.forEach((c, index) => {
    const caseId = id(`case:${c.ref}`);
    const hub = c.hubRef ? hubByRef.get(c.hubRef)! : null;
    const partnerRef = hub?.partnerRef;
    c.history.slice(1).forEach((step, i) => {
      const transition = transitionFor(step.from!, step.to);
      const role = actorRoleFor(transition);
      timeline.push({
        id: id(`transition:${c.ref}:${i}`),
        caseId,
        transition,
        fromState: step.from!,
        toState: step.to,
        inputs: { on: step.on },
        actorId:
          role === 'partner_officer'
            ? userFor(role, partnerRef)
            : role === 'caseworker'
              ? caseworker
              : senior,
        occurredAt: at(step.on, index + i),
      });
    });
    for (const [i, d] of c.decisions.entries()) {
      decisions.push({
        id: id(`decision:${c.ref}:${i}`),
        caseId,
        kind: d.kind,
        outcome: d.outcome,
        rationale: d.rationale,
        evidence: d.evidence.map((e) => ({ ...e })),
        decidedBy: d.kind === 'appeal' ? senior : caseworker,
        decidedOn: d.decidedOn,
      });
    }
    const on = (to: CaseState, from?: CaseState): string | null =>
      c.history.find((s: DemoStep) => s.to === to && (from === undefined || s.from === from))?.on ?? null;
    const extraDecision = (
      key: string,
      kind: DecisionRecord['kind'],
      outcome: DecisionRecord['outcome'],
      day: string | null,
      rationale: string,
    ) => {
      if (!day) return;
      decisions.push({
        id: id(`decision:${c.ref}:${key}`),
        caseId,
        kind,
        outcome,
        rationale,
        evidence: [],
        decidedBy: kind === 'allocation' ? senior : caseworker,
        decidedOn: day,
      });
    };
    extraDecision(
      'withdraw',
      'initial',
      'reject',
      on('WITHDRAWN'),
      'Demo: the claimant withdrew the claim in writing.',
    );
    extraDecision(
      'fresh',
      'fresh_claim',
      'accept',
      on('AWAITING_DECISION', 'FINALLY_REFUSED'),
      'Demo: further submissions accepted as a fresh claim under para 353.',
    );
    extraDecision(
      'allocation',
      'allocation',
      'approve',
      on('HUB_ALLOCATED'),
      'Demo: allocation approved; no safeguard blocks it on this date.',
    );

    const refusedOn =
      c.decisions.find((d) => d.kind === 'initial' && d.outcome === 'refuse')?.decidedOn ?? null;
    const initial = c.decisions.find((d) => d.kind === 'initial');
    const appealDecision = c.decisions.find((d) => d.kind === 'appeal');
    const appealLodgedOn = on('APPEAL_PENDING');
    if (appealLodgedOn) {
      appeals.push({
        id: id(`appeal:${c.ref}`),
        caseId,
        lodgedOn: appealLodgedOn,
        status: appealDecision ? (appealDecision.outcome === 'allow' ? 'allowed' : 'dismissed') : 'pending',
        decidedOn: appealDecision?.decidedOn ?? null,
      });
    }
    const allocatedOn = on('HUB_ALLOCATED');
    const arrivedInHubOn = on('IN_HUB');
    const leftHubOn = on('ONWARD_RETURNED') ?? on('RETURNED_TO_UK');
    const person = demoPersonByRef.get(c.personRef)!;
    if (hub && allocatedOn) {
      hubStays.push({
        id: id(`stay:${c.ref}`),
        hubId: id(hub.ref),
        caseId,
        personId: id(c.personRef),
        unitType: person.sex === 'female' ? 'single_women' : 'single_men',
        status: leftHubOn ? 'departed' : arrivedInHubOn ? 'arrived' : 'allocated',
        allocatedOn,
        arrivedOn: arrivedInHubOn,
        departedOn: leftHubOn,
        departureReason: on('ONWARD_RETURNED') ? 'onward_return' : leftHubOn ? 'max_stay_reached' : null,
      });
    }
    const last = c.history[c.history.length - 1];
    const transferScheduledFor = c.transferDepartsOn;
    cases.push({
      id: caseId,
      reference: c.ref,
      personId: id(c.personRef),
      state: c.state,
      version: c.history.length,
      claimBasis: c.claimBasis,
      claimNarrative: c.claimLodgedOn ? 'Demo narrative: a synthetic account for demonstration only.' : null,
      profiles: [...c.profiles],
      claimLodgedOn: c.claimLodgedOn,
      decidedOn: initial?.decidedOn ?? null,
      grantedOn: on('GRANTED'),
      withdrawnOn: on('WITHDRAWN'),
      refusedOn,
      appealWindowEndsOn: refusedOn ? addDays(refusedOn, appealWindowDays) : null,
      appealLodgedOn,
      appealDecidedOn: appealDecision?.decidedOn ?? null,
      finallyRefusedOn: on('FINALLY_REFUSED'),
      freshClaimAcceptedOn: on('AWAITING_DECISION', 'FINALLY_REFUSED'),
      fitToTravelConfirmedOn: c.fitToTravelConfirmedOn,
      noticeOfTransferServedOn: c.noticeServedOn,
      allocatedHubId: hub ? id(hub.ref) : null,
      allocatedOn,
      transferId: c.transferRef && transferByRef.has(c.transferRef) ? id(c.transferRef) : null,
      transferScheduledFor,
      departedOn: arrivedInHubOn,
      arrivedInHubOn,
      leftHubOn,
      onwardReturnedOn: on('ONWARD_RETURNED'),
      returnedToUkOn: on('RETURNED_TO_UK'),
      returnedToUkReason: on('RETURNED_TO_UK') ? 'max_stay_reached' : null,
      returnStartedOn: on('RETURN_PENDING'),
      returnedOn: on('RETURNED'),
      returnKind: on('RETURN_PENDING') ? (index % 3 === 0 ? 'enforced' : 'voluntary') : null,
      abscondedFromState: c.state === 'ABSCONDED' ? c.stateBeforeAbsconding : null,
      abscondedOn: c.state === 'ABSCONDED' ? last.on : null,
      updatedAt: at(last.on, index).toISOString(),
    });
  });

  const flags: Flag[] = demo.people.flatMap((p) => {
    const c = demoCaseByRef(demo).get(p.ref)!;
    return p.flags.map((kind, i) => ({
      id: id(`flag:${p.ref}:${i}`),
      personId: id(p.ref),
      kind,
      // A trafficking referral waits for a National Referral Mechanism decision.
      status: kind === 'trafficking_referral' ? ('pending' as const) : ('confirmed' as const),
      raisedOn: c.claimLodgedOn ?? c.arrivedOn,
      closedOn: null,
      dueOn: kind === 'pregnancy' ? addDays(asOf, 30 + ((i * 37 + p.ref.length * 11) % 200)) : null,
      note: null,
      raisedBy: caseworker,
    }));
  });

  const holds: Hold[] = demo.cases.flatMap((c) =>
    c.holds.map((h, i) => ({
      id: id(`hold:${c.ref}:${i}`),
      caseId: id(`case:${c.ref}`),
      kind: h.kind,
      startedOn: h.placedOn,
      liftedOn: null,
      reference: `DEMO/${h.kind.toUpperCase()}/${c.ref.slice(5)}`,
      note: h.note,
      recordedBy: caseworker,
    })),
  );

  const transfers: Transfer[] = demo.transfers.map((t) => {
    const partner = partnerByRef.get(hubByRef.get(t.hubRef)!.partnerRef)!;
    return {
      id: id(t.ref),
      hubId: id(t.hubRef),
      mode: t.kind,
      departureAirport: 'London Stansted (STN)',
      arrivalAirport: ARRIVAL_AIRPORT[partner.code] ?? partner.name,
      departureOn: t.departsOn,
      seats: t.seats,
      escorts: t.escorts,
      manifest: t.manifest.map((ref) => id(`case:${ref}`)),
      status: t.departsOn <= asOf ? 'arrived' : 'planned',
    };
  });

  const siteByRef = new Map(demo.sites.map((s) => [s.ref, s]));
  const placements: AccommodationPlacement[] = demo.placements.map((p) => {
    const site = siteByRef.get(p.siteRef)!;
    return {
      id: id(`placement:${p.personRef}`),
      personId: id(p.personRef),
      kind: site.kind,
      siteName: site.name,
      nightlyCostPence: p.nightlyCostPence,
      startOn: p.startsOn,
      endOn: null,
    };
  });

  return {
    users,
    partners,
    agreements,
    hubs,
    households,
    people,
    cases,
    timeline,
    decisions,
    appeals,
    flags,
    holds,
    transfers,
    hubStays,
    placements,
  };
}

const caseIndex = new WeakMap<DemoCaseload, Map<string, DemoCase>>();
function demoCaseByRef(demo: DemoCaseload): Map<string, DemoCase> {
  let index = caseIndex.get(demo);
  if (!index) {
    index = new Map(demo.cases.map((c) => [c.personRef, c]));
    caseIndex.set(demo, index);
  }
  return index;
}
