import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actorFactory,
  caseFactory,
  clearTransferCheck,
  flagFactory,
  holdFactory,
  personFactory,
  TODAY,
} from '../../test/factories/index.ts';
import { addDays, ageOn, workingDaysBetween } from './calendar.ts';
import type { TransitionContext, TransitionName, TransitionResult } from './lifecycle.ts';
import {
  applyTransition,
  availableTransitions,
  currentTransferBlockers,
  currentTransferStage,
  OPEN_CASE_STATES,
  TRANSITION_NAMES,
  TRANSITIONS,
  transitionBodySchema,
  transitionsFrom,
} from './lifecycle.ts';
import { blockerCodes, isFlagActive, isHoldActive } from './safeguards.ts';
import type { CaseState } from './stages.ts';
import { CASE_STATES, TERMINAL_CASE_STATES } from './stages.ts';
import type { Actor, Case, Flag, FlagKind, Hold, HoldKind } from './types.ts';

const caseworker = actorFactory.caseworker({ userId: 'cw' });
const senior = actorFactory.senior({ userId: 'scw' });
const partnerOfficer = actorFactory.partnerOfficer('partner-al', { userId: 'po' });
const otherPartnerOfficer = actorFactory.partnerOfficer('partner-rs', { userId: 'po-rs' });

const reasons = 'The account was inconsistent with the country information and the earlier interview.';
const evidence = [{ description: 'Substantive interview record', reference: 'SIR-1' }];

/** A context with a clear transfer path (hub, partner, agreement with room) for `c`. */
function contextFor(c: Case, extra: Partial<TransitionContext> = {}): TransitionContext {
  const clear = clearTransferCheck();
  return {
    person: personFactory.build({ id: c.personId }),
    flags: [],
    holds: [],
    household: [],
    transfer: { hub: clear.hub, partner: clear.partner, agreement: clear.agreement, use: clear.use ?? null },
    ...extra,
  };
}

function apply(
  c: Case,
  name: string,
  input: Record<string, unknown>,
  actor: Actor,
  extra: Partial<TransitionContext> = {},
) {
  return applyTransition(c, name, { actor, on: TODAY, ...input }, contextFor(c, extra));
}

function ok(result: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.refusal)}`);
  return result;
}

function refusal(result: TransitionResult) {
  if (result.ok) throw new Error(`Expected a refusal, got ${result.case.state}`);
  return result.refusal;
}

type Row = [TransitionName, Case, Actor, Record<string, unknown>, CaseState, Partial<Case>];

/** The happy path of every transition: from a typical case, with valid input, to the named state. */
const rows: Row[] = [
  ['lodgeClaim', caseFactory.arrived(), caseworker, { claimBasis: 'religion' }, 'CLAIM_LODGED', { claimLodgedOn: TODAY, claimBasis: 'religion' }],
  ['completeScreening', caseFactory.inState('CLAIM_LODGED'), caseworker, {}, 'AWAITING_DECISION', {}],
  ['grant', caseFactory.awaitingDecision(), caseworker, { rationale: 'Credible and consistent account.' }, 'GRANTED', { grantedOn: TODAY, decidedOn: TODAY }],
  ['refuse', caseFactory.awaitingDecision(), caseworker, { rationale: reasons, evidence }, 'REFUSED', { refusedOn: TODAY, appealWindowEndsOn: addDays(TODAY, 14) }],
  ['withdraw', caseFactory.awaitingDecision(), caseworker, { withdrawal: 'explicit', rationale: 'The claimant signed a withdrawal form at the reporting centre.', evidence }, 'WITHDRAWN', { withdrawnOn: TODAY }],
  ['lodgeAppeal', caseFactory.refused({ refusedOn: addDays(TODAY, -5), appealWindowEndsOn: addDays(TODAY, 9) }), caseworker, {}, 'APPEAL_PENDING', { appealLodgedOn: TODAY }],
  ['allowAppeal', caseFactory.appealPending(), caseworker, { rationale: 'Tribunal found the claimant credible.' }, 'GRANTED', { appealDecidedOn: TODAY, grantedOn: TODAY }],
  ['dismissAppeal', caseFactory.appealPending(), caseworker, { rationale: reasons, evidence }, 'FINALLY_REFUSED', { finallyRefusedOn: TODAY }],
  ['closeAppealWindow', caseFactory.refused(), caseworker, {}, 'FINALLY_REFUSED', { finallyRefusedOn: TODAY }],
  ['startReturn', caseFactory.finallyRefused(), caseworker, { kind: 'voluntary' }, 'RETURN_PENDING', { returnStartedOn: TODAY, returnKind: 'voluntary' }],
  ['cancelReturn', caseFactory.inState('RETURN_PENDING'), caseworker, { reason: 'No travel document issued' }, 'FINALLY_REFUSED', { returnStartedOn: null }],
  ['recordReturn', caseFactory.inState('RETURN_PENDING'), caseworker, { destination: 'IQ' }, 'RETURNED', { returnedOn: TODAY }],
  ['allocateHub', caseFactory.finallyRefused(), senior, { hubId: 'hub-al-1' }, 'HUB_ALLOCATED', { allocatedHubId: 'hub-al-1', allocatedOn: TODAY }],
  ['cancelAllocation', caseFactory.hubAllocated(), senior, { reason: 'Hub places taken out of service' }, 'FINALLY_REFUSED', { allocatedHubId: null }],
  ['confirmFitnessToTravel', caseFactory.hubAllocated(), caseworker, { assessedBy: 'Dr A. Clinician' }, 'HUB_ALLOCATED', { fitToTravelConfirmedOn: TODAY }],
  ['serveNoticeOfTransfer', caseFactory.hubAllocated(), caseworker, { representativeNotified: true }, 'HUB_ALLOCATED', { noticeOfTransferServedOn: TODAY }],
  ['scheduleTransfer', caseFactory.hubAllocated({ noticeOfTransferServedOn: TODAY }), senior, { transferId: 'transfer-9', departureOn: addDays(TODAY, 14) }, 'TRANSFER_SCHEDULED', { transferId: 'transfer-9', transferScheduledFor: addDays(TODAY, 14) }],
  ['withdrawFromTransfer', caseFactory.transferScheduled(), caseworker, { reason: 'Medical appointment' }, 'HUB_ALLOCATED', { transferId: null }],
  ['recordDeparture', caseFactory.transferScheduled(), senior, {}, 'TRANSFER_SCHEDULED', { departedOn: TODAY }],
  ['recordArrivalInHub', caseFactory.transferScheduled({ departedOn: TODAY }), partnerOfficer, {}, 'IN_HUB', { arrivedInHubOn: TODAY }],
  ['recordOnwardReturn', caseFactory.inHub(), partnerOfficer, { destination: 'IQ', travelDocument: 'emergency_travel_document', kind: 'voluntary' }, 'ONWARD_RETURNED', { onwardReturnedOn: TODAY, leftHubOn: TODAY }],
  ['returnToUk', caseFactory.inHub(), partnerOfficer, { reason: 'max_stay_reached' }, 'RETURNED_TO_UK', { returnedToUkOn: TODAY, returnedToUkReason: 'max_stay_reached' }],
  ['acceptFreshClaim', caseFactory.hubAllocated(), caseworker, { rationale: 'New evidence of conversion.' }, 'AWAITING_DECISION', { freshClaimAcceptedOn: TODAY, finallyRefusedOn: null, allocatedHubId: null }],
  ['recordAbscond', caseFactory.finallyRefused(), caseworker, {}, 'ABSCONDED', { abscondedFromState: 'FINALLY_REFUSED', abscondedOn: TODAY }],
  ['recordContactRestored', caseFactory.inState('ABSCONDED'), caseworker, {}, 'FINALLY_REFUSED', { abscondedFromState: null }],
]; // prettier-ignore

describe('the lifecycle transition table', () => {
  it.each(rows)('%s: the typical case moves on with valid input', (name, from, actor, input, to, fields) => {
    const result = ok(apply(from, name, input, actor));
    expect(result.case.state).toBe(to);
    expect(result.case).toMatchObject(fields);
    expect(result.case.version).toBe(from.version + 1);
    expect(result.event).toMatchObject({
      transition: name,
      caseId: from.id,
      from: from.state,
      to,
      on: TODAY,
    });
    expect(result.event.actor).toEqual(actor);
    expect(result.event.summary.length).toBeGreaterThan(10);
    expect(result.decision !== null).toBe(TRANSITIONS[name].decision !== undefined);
  });

  it('has a happy-path row for every transition', () => {
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(TRANSITION_NAMES));
  });

  it('keeps the state machine within the shared vocabulary', () => {
    for (const name of TRANSITION_NAMES) {
      const t = TRANSITIONS[name];
      for (const s of t.from) expect(CASE_STATES).toContain(s);
      if (t.to !== 'same' && t.to !== 'stateBeforeAbscond') expect(CASE_STATES).toContain(t.to);
    }
  });

  it.each([
    ['ARRIVED', 'CLAIM_LODGED'],
    ['CLAIM_LODGED', 'AWAITING_DECISION'],
    ['AWAITING_DECISION', 'GRANTED'],
    ['AWAITING_DECISION', 'WITHDRAWN'],
    ['AWAITING_DECISION', 'REFUSED'],
    ['REFUSED', 'APPEAL_PENDING'],
    ['APPEAL_PENDING', 'GRANTED'],
    ['APPEAL_PENDING', 'FINALLY_REFUSED'],
    ['REFUSED', 'FINALLY_REFUSED'],
    ['FINALLY_REFUSED', 'RETURN_PENDING'],
    ['RETURN_PENDING', 'RETURNED'],
    ['FINALLY_REFUSED', 'HUB_ALLOCATED'],
    ['HUB_ALLOCATED', 'TRANSFER_SCHEDULED'],
    ['TRANSFER_SCHEDULED', 'IN_HUB'],
    ['IN_HUB', 'ONWARD_RETURNED'],
    ['IN_HUB', 'RETURNED_TO_UK'],
    ['FINALLY_REFUSED', 'AWAITING_DECISION'],
  ] as const)('has the edge %s → %s from DOMAIN.md', (from, to) => {
    expect(
      TRANSITION_NAMES.some((n) => TRANSITIONS[n].from.includes(from as never) && TRANSITIONS[n].to === to),
    ).toBe(true);
  });

  it('lets contact be lost from every open state and from no closed one', () => {
    const abscond = TRANSITIONS.recordAbscond.from as readonly CaseState[];
    expect([...abscond].sort()).toEqual([...OPEN_CASE_STATES].sort());
    for (const s of TERMINAL_CASE_STATES) expect(transitionsFrom(s)).toEqual([]);
  });

  it('records adverse decisions with their rationale and evidence', () => {
    const result = ok(
      apply(caseFactory.awaitingDecision(), 'refuse', { rationale: reasons, evidence }, caseworker),
    );
    expect(result.decision).toMatchObject({
      kind: 'initial',
      outcome: 'refuse',
      rationale: reasons,
      evidence,
      decidedBy: 'cw',
    });
  });
});

describe('refusals', () => {
  it('refuses a transition not allowed from the current state, listing what is', () => {
    const r = refusal(apply(caseFactory.arrived(), 'grant', { rationale: 'Credible account.' }, caseworker));
    expect(r).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'ARRIVED',
      allowed: ['lodgeClaim', 'recordAbscond'],
    });
  });

  it('refuses an unknown transition', () => {
    expect(refusal(apply(caseFactory.arrived(), 'deport', {}, caseworker)).code).toBe('ILLEGAL_TRANSITION');
  });

  it.each([
    ['refuse', { evidence }, 'rationale'],
    ['refuse', { rationale: 'Not credible.', evidence }, 'rationale'],
    ['refuse', { rationale: reasons, evidence: [] }, 'evidence'],
    ['refuse', { rationale: reasons }, 'evidence'],
    ['withdraw', { withdrawal: 'implicit', rationale: reasons }, 'evidence'],
  ] as const)('refuses %s without full reasons and evidence (%o → %s)', (name, input, path) => {
    const r = refusal(apply(caseFactory.awaitingDecision(), name, input, caseworker));
    expect(r.code).toBe('VALIDATION_FAILED');
    if (r.code === 'VALIDATION_FAILED') expect(r.issues.map((i) => i.path)).toContain(path);
  });

  it('needs reasons for a dismissed appeal too', () => {
    const r = refusal(apply(caseFactory.appealPending(), 'dismissAppeal', {}, caseworker));
    expect(r.code).toBe('VALIDATION_FAILED');
  });

  it('refuses unknown fields and a missing actor', () => {
    expect(
      refusal(
        apply(caseFactory.arrived(), 'lodgeClaim', { claimBasis: 'religion', colour: 'red' }, caseworker),
      ).code,
    ).toBe('VALIDATION_FAILED');
    const r = applyTransition(
      caseFactory.arrived(),
      'lodgeClaim',
      { on: TODAY, claimBasis: 'religion' },
      contextFor(caseFactory.arrived()),
    );
    expect(refusal(r).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    [
      'a caseworker approving an allocation',
      caseFactory.finallyRefused(),
      'allocateHub',
      { hubId: 'hub-al-1' },
      caseworker,
    ],
    [
      'a caseworker scheduling a transfer',
      caseFactory.hubAllocated(),
      'scheduleTransfer',
      { transferId: 't', departureOn: addDays(TODAY, 20) },
      caseworker,
    ],
    [
      'a partner officer deciding a claim',
      caseFactory.awaitingDecision(),
      'grant',
      { rationale: 'Credible account.' },
      partnerOfficer,
    ],
    [
      'another partner’s officer recording an arrival',
      caseFactory.transferScheduled({ departedOn: TODAY }),
      'recordArrivalInHub',
      {},
      otherPartnerOfficer,
    ],
    [
      'a monitor recording a return',
      caseFactory.inState('RETURN_PENDING'),
      'recordReturn',
      { destination: 'IQ' },
      actorFactory.withRole('monitor'),
    ],
    [
      'an administrator lodging a claim',
      caseFactory.arrived(),
      'lodgeClaim',
      { claimBasis: 'religion' },
      actorFactory.withRole('admin'),
    ],
  ] as const)('forbids %s', (_what, c, name, input, actor) => {
    expect(refusal(apply(c, name, input, actor)).code).toBe('FORBIDDEN');
  });

  it('refuses an appeal lodged after the window unless admitted out of time', () => {
    const late = caseFactory.refused({ appealWindowEndsOn: addDays(TODAY, -1) });
    expect(refusal(apply(late, 'lodgeAppeal', {}, caseworker)).code).toBe('GUARD_FAILED');
    expect(ok(apply(late, 'lodgeAppeal', { outOfTimeAdmitted: true }, caseworker)).case.state).toBe(
      'APPEAL_PENDING',
    );
  });

  it('does not close the appeal window while it is open', () => {
    const open = caseFactory.refused({ appealWindowEndsOn: TODAY });
    expect(refusal(apply(open, 'closeAppealWindow', {}, caseworker))).toMatchObject({ code: 'GUARD_FAILED' });
  });

  it('does not record an arrival before a departure', () => {
    expect(
      refusal(apply(caseFactory.transferScheduled(), 'recordArrivalInHub', {}, partnerOfficer)).code,
    ).toBe('GUARD_FAILED');
  });

  it('refuses an onward return to the hub country', () => {
    const input = { destination: 'AL', travelDocument: 'passport', kind: 'voluntary' };
    expect(refusal(apply(caseFactory.inHub(), 'recordOnwardReturn', input, partnerOfficer)).code).toBe(
      'GUARD_FAILED',
    );
  });
});

describe('safeguards on the transfer path', () => {
  const transferRows = [
    ['allocateHub', caseFactory.finallyRefused(), { hubId: 'hub-al-1' }, senior],
    ['scheduleTransfer', caseFactory.hubAllocated({ noticeOfTransferServedOn: TODAY }), { transferId: 't', departureOn: addDays(TODAY, 14) }, senior],
    ['recordDeparture', caseFactory.transferScheduled(), {}, senior],
    ['recordArrivalInHub', caseFactory.transferScheduled({ departedOn: TODAY }), {}, partnerOfficer],
  ] as const; // prettier-ignore

  it.each(transferRows)(
    '%s is frozen by an injunction and allowed once it is lifted',
    (name, c, input, actor) => {
      const held = refusal(apply(c, name, input, actor, { holds: [holdFactory.injunction()] }));
      expect(held.code).toBe('TRANSFER_BLOCKED');
      if (held.code === 'TRANSFER_BLOCKED') expect(blockerCodes(held.blockers)).toContain('COURT_ORDER');
      expect(apply(c, name, input, actor, { holds: [holdFactory.injunction({ liftedOn: TODAY })] }).ok).toBe(
        true,
      );
    },
  );

  it.each(transferRows)('%s is blocked when a torture survivor flag is raised', (name, c, input, actor) => {
    const r = refusal(apply(c, name, input, actor, { flags: [flagFactory.tortureSurvivor()] }));
    expect(r).toMatchObject({ code: 'TRANSFER_BLOCKED' });
  });

  it('refuses to schedule a departure fewer than 5 working days after notice', () => {
    const c = caseFactory.hubAllocated({ noticeOfTransferServedOn: TODAY });
    const r = refusal(
      apply(c, 'scheduleTransfer', { transferId: 't', departureOn: addDays(TODAY, 4) }, senior),
    );
    expect(r.code).toBe('TRANSFER_BLOCKED');
    if (r.code === 'TRANSFER_BLOCKED') expect(blockerCodes(r.blockers)).toEqual(['NOTICE_TOO_SHORT']);
  });

  it('refuses a transfer transition when the hub was not supplied', () => {
    const c = caseFactory.finallyRefused();
    const r = applyTransition(
      c,
      'allocateHub',
      { actor: senior, on: TODAY, hubId: 'hub-al-1' },
      { ...contextFor(c), transfer: null },
    );
    expect(refusal(r).code).toBe('GUARD_FAILED');
  });

  it('freezes enforced removal from the UK while a hold is active, but not a voluntary return', () => {
    const holds = [holdFactory.judicialReviewStay()];
    expect(
      refusal(apply(caseFactory.finallyRefused(), 'startReturn', { kind: 'enforced' }, caseworker, { holds }))
        .code,
    ).toBe('GUARD_FAILED');
    expect(
      apply(caseFactory.finallyRefused(), 'startReturn', { kind: 'voluntary' }, caseworker, { holds }).ok,
    ).toBe(true);
  });
});

describe('absconding', () => {
  it.each(['AWAITING_DECISION', 'APPEAL_PENDING', 'HUB_ALLOCATED', 'IN_HUB'] as const)(
    'returns a case that absconded from %s to that state when contact is restored',
    (state) => {
      const c = caseFactory.inState(state);
      const actor = state === 'IN_HUB' ? partnerOfficer : caseworker;
      const gone = ok(apply(c, 'recordAbscond', {}, actor)).case;
      expect(gone).toMatchObject({ state: 'ABSCONDED', abscondedFromState: state });
      expect(ok(apply(gone, 'recordContactRestored', {}, actor)).case.state).toBe(state);
    },
  );

  it('lets an allocation lapse to finally refused when a blocker arose while contact was lost', () => {
    const gone = ok(apply(caseFactory.transferScheduled(), 'recordAbscond', {}, caseworker)).case;
    const back = ok(
      apply(gone, 'recordContactRestored', {}, caseworker, {
        flags: [flagFactory.traffickingReferralPending()],
      }),
    );
    expect(back.case).toMatchObject({ state: 'FINALLY_REFUSED', allocatedHubId: null, transferId: null });
    expect(back.event.to).toBe('FINALLY_REFUSED');
  });
});

describe('availableTransitions', () => {
  it('offers a senior caseworker the allocation with the blockers that would refuse it', () => {
    const c = caseFactory.finallyRefused();
    const options = availableTransitions(c, {
      ...contextFor(c, { flags: [flagFactory.tortureSurvivor()] }),
      actor: senior,
      date: TODAY,
    });
    const allocate = options.find((o) => o.name === 'allocateHub')!;
    expect(blockerCodes(allocate.blockers)).toEqual(['TORTURE_SURVIVOR']);
  });

  it('offers a caseworker no allocation (they may not approve one)', () => {
    const c = caseFactory.finallyRefused();
    const names = availableTransitions(c, { ...contextFor(c), actor: caseworker }).map((o) => o.name);
    expect(names).not.toContain('allocateHub');
    expect(names).toEqual(expect.arrayContaining(['startReturn', 'acceptFreshClaim', 'recordAbscond']));
  });

  it('offers a partner officer only the hub movements of their own residents', () => {
    const c = caseFactory.inHub();
    expect(availableTransitions(c, { ...contextFor(c), actor: partnerOfficer }).map((o) => o.name)).toEqual([
      'recordOnwardReturn',
      'returnToUk',
      'recordAbscond',
    ]);
    expect(availableTransitions(c, { ...contextFor(c), actor: otherPartnerOfficer })).toEqual([]);
  });

  it('marks adverse decisions as needing reasons', () => {
    const c = caseFactory.awaitingDecision();
    const byName = Object.fromEntries(
      availableTransitions(c, contextFor(c)).map((o) => [o.name, o.needsReasons]),
    );
    expect(byName).toMatchObject({ refuse: true, withdraw: true, grant: false });
  });

  it('gives each transition a request body schema without the actor', () => {
    for (const name of TRANSITION_NAMES) {
      const shape = transitionBodySchema(name).shape;
      expect(shape).not.toHaveProperty('actor');
      expect(shape).toHaveProperty('on');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Property: no sequence of transitions and new facts enters the transfer path while a blocker holds

type Step =
  | { kind: 'transition'; forward: boolean; pick: number; days: number; departAfter: number }
  | { kind: 'flag'; flag: FlagKind; status: 'pending' | 'confirmed' }
  | { kind: 'resolveFlags' }
  | { kind: 'hold'; hold: HoldKind }
  | { kind: 'liftHolds' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('transition' as const), forward: fc.nat(9).map((n) => n < 8), pick: fc.nat(30), days: fc.nat(20), departAfter: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flag' as const), flag: fc.constantFrom<FlagKind>('torture_survivor', 'trafficking_referral', 'serious_illness', 'pregnancy', 'unaccompanied_child', 'age_dispute', 'mental_health'), status: fc.constantFrom('pending' as const, 'confirmed' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resolveFlags' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hold' as const), hold: fc.constantFrom<HoldKind>('injunction', 'judicial_review_stay', 'further_submissions', 'fresh_claim') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'liftHolds' as const }) },
); // prettier-ignore

const PATH: readonly CaseState[] = ['HUB_ALLOCATED', 'TRANSFER_SCHEDULED', 'IN_HUB'];

/** The way to a hub, so that random walks reach it often enough to test something. */
const FORWARD: readonly TransitionName[] = [
  'lodgeClaim',
  'completeScreening',
  'refuse',
  'closeAppealWindow',
  'allocateHub',
  'confirmFitnessToTravel',
  'serveNoticeOfTransfer',
  'scheduleTransfer',
  'recordDeparture',
  'recordArrivalInHub',
];

function inputFor(name: TransitionName, on: string, departAfter: number): Record<string, unknown> {
  switch (name) {
    case 'lodgeClaim':
      return { claimBasis: 'religion' };
    case 'grant':
    case 'allowAppeal':
    case 'acceptFreshClaim':
      return { rationale: 'Reasons recorded in full.' };
    case 'refuse':
    case 'dismissAppeal':
      return { rationale: reasons, evidence };
    case 'withdraw':
      return { withdrawal: 'implicit', rationale: reasons, evidence };
    case 'startReturn':
      return { kind: 'enforced' };
    case 'cancelReturn':
    case 'cancelAllocation':
    case 'withdrawFromTransfer':
      return { reason: 'Circumstances changed' };
    case 'recordReturn':
      return { destination: 'IQ' };
    case 'allocateHub':
      return { hubId: 'hub-al-1' };
    case 'confirmFitnessToTravel':
      return { assessedBy: 'Dr Clinician' };
    case 'scheduleTransfer':
      return { transferId: 'transfer-p', departureOn: addDays(on, departAfter) };
    case 'recordOnwardReturn':
      return { destination: 'IQ', travelDocument: 'passport', kind: 'voluntary' };
    case 'returnToUk':
      return { reason: 'failed_onward_return' };
    default:
      return {};
  }
}

describe('lifecycle invariants (property-based)', () => {
  it('never enters HUB_ALLOCATED, TRANSFER_SCHEDULED or IN_HUB while a safeguard applies', () => {
    const entered = new Map<CaseState, number>();
    fc.assert(
      fc.property(
        fc.constantFrom('IQ', 'AL', 'XX'),
        fc.constantFrom('1990-01-01', '2010-06-01'),
        fc.constantFrom<CaseState>('ARRIVED', 'FINALLY_REFUSED'),
        fc.array(stepArb, { minLength: 30, maxLength: 80 }),
        (nationality, dateOfBirth, start, steps) => {
          const person = personFactory.build({ id: 'p', nationality, dateOfBirth, arrivalDate: '2025-01-01' });
          let c: Case = caseFactory.inState(start, { personId: 'p' });
          let flags: Flag[] = [];
          let holds: Hold[] = [];
          let on = '2025-06-02';
          for (const step of steps) {
            if (step.kind === 'flag') {
              const dueOn = step.flag === 'pregnancy' ? addDays(on, 30) : null;
              flags = [...flags, flagFactory.build({ personId: 'p', kind: step.flag, status: step.status, raisedOn: on, dueOn })];
              continue;
            }
            if (step.kind === 'resolveFlags') {
              flags = flags.map((f) => (f.closedOn === null ? { ...f, status: 'resolved', closedOn: on } : f));
              continue;
            }
            if (step.kind === 'hold') {
              holds = [...holds, holdFactory.build({ kind: step.hold, startedOn: on, caseId: c.id })];
              continue;
            }
            if (step.kind === 'liftHolds') {
              holds = holds.map((h) => (h.liftedOn === null ? { ...h, liftedOn: on } : h));
              continue;
            }
            const all = transitionsFrom(c.state);
            if (all.length === 0) break;
            const forward = all.filter((n) => FORWARD.includes(n));
            const options = step.forward && forward.length > 0 ? forward : all;
            const name = options[step.pick % options.length]!;
            on = addDays(on, step.days);
            const actor = name === 'recordArrivalInHub' ? partnerOfficer : senior;
            const ctx = { ...contextFor(c, { flags, holds }), person };
            const result = applyTransition(c, name, { actor, on, ...inputFor(name, on, step.departAfter) }, ctx);
            if (!result.ok) continue;
            const next = result.case;
            expect(next.version).toBe(c.version + 1);
            // Entering = moving further along the path (taking someone off a flight is not). Back in
            // the hub after contact is restored is not a transfer either: the person is already there.
            const entering =
              PATH.indexOf(next.state) > PATH.indexOf(c.state) &&
              !(name === 'recordContactRestored' && next.state === 'IN_HUB');
            if (entering) {
              entered.set(next.state, (entered.get(next.state) ?? 0) + 1);
              // An oracle independent of transferBlockers: the facts themselves.
              expect(holds.filter((h) => isHoldActive(h, on))).toEqual([]);
              expect(flags.filter((f) => isFlagActive(f, on) && f.kind !== 'pregnancy')).toEqual([]);
              expect(ageOn(person.dateOfBirth, on)).toBeGreaterThanOrEqual(18);
              expect(person.nationality).not.toBe('AL');
              expect(person.nationality).not.toBe('XX'); // no safety assessment covers XX
              expect(next.finallyRefusedOn).not.toBeNull();
              if (next.state !== 'HUB_ALLOCATED') {
                expect(next.fitToTravelConfirmedOn).not.toBeNull();
                const departure = next.departedOn ?? next.transferScheduledFor!;
                expect(workingDaysBetween(next.noticeOfTransferServedOn!, departure)).toBeGreaterThanOrEqual(5);
              }
            }
            c = next;
          }
        },
      ),
      { numRuns: 400, seed: 20261126 },
    );
    // Not vacuous: the random walks do reach every state on the transfer path.
    expect(entered.get('HUB_ALLOCATED')).toBeGreaterThan(0);
    expect(entered.get('TRANSFER_SCHEDULED')).toBeGreaterThan(0);
    expect(entered.get('IN_HUB')).toBeGreaterThan(0);
  }); // prettier-ignore

  it('reaches IN_HUB for some sequences (the property above is not vacuous)', () => {
    let c = caseFactory.finallyRefused();
    const steps: [TransitionName, Record<string, unknown>, Actor][] = [
      ['allocateHub', { hubId: 'hub-al-1' }, senior],
      ['confirmFitnessToTravel', { assessedBy: 'Dr Clinician' }, caseworker],
      ['serveNoticeOfTransfer', {}, caseworker],
      ['scheduleTransfer', { transferId: 't', departureOn: addDays(TODAY, 7) }, senior],
    ];
    for (const [name, input, actor] of steps) c = ok(apply(c, name, input, actor)).case;
    const departure = addDays(TODAY, 7);
    c = ok(applyTransition(c, 'recordDeparture', { actor: senior, on: departure }, contextFor(c))).case;
    c = ok(
      applyTransition(c, 'recordArrivalInHub', { actor: partnerOfficer, on: departure }, contextFor(c)),
    ).case;
    expect(c.state).toBe('IN_HUB');
  });
});

describe('currentTransferBlockers', () => {
  it('puts a scheduled transfer on hold when a new fact arises, and releases it when cleared', () => {
    const c = caseFactory.transferScheduled();
    expect(currentTransferBlockers(c, contextFor(c), TODAY)).toEqual([]);
    const held = contextFor(c, { holds: [holdFactory.judicialReviewStay()] });
    expect(blockerCodes(currentTransferBlockers(c, held, TODAY))).toEqual(['COURT_ORDER']);
    const lifted = contextFor(c, { holds: [holdFactory.judicialReviewStay({ liftedOn: TODAY })] });
    expect(currentTransferBlockers(c, lifted, TODAY)).toEqual([]);
  });

  it.each([
    ['HUB_ALLOCATED', 'review'],
    ['TRANSFER_SCHEDULED', 'departure'],
    ['IN_HUB', null],
    ['FINALLY_REFUSED', null],
  ] as const)('checks a %s case at the %s stage', (state, stage) => {
    expect(currentTransferStage(caseFactory.inState(state, { departedOn: null }))).toBe(stage);
  });
});
