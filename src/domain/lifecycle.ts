/**
 * A case's lifecycle (DOMAIN.md) as one explicit transition table. Every transition is named and
 * has its from-states, its resulting state, the permission it needs, a Zod schema for its inputs
 * (always the actor and the date; adverse decisions a written rationale and the evidence relied
 * on), a guard, and — on the transfer path — the safeguards stage at which every blocker is
 * re-checked. `applyTransition` is pure: it returns the new case and a description of the event,
 * or a typed refusal. Nothing here reads a clock or a database.
 */
import { z } from 'zod';
import { addDays } from './calendar.ts';
import type { Action } from './permissions.ts';
import { canActOn } from './permissions.ts';
import type { Blocker, TransferStage, TransferSubject } from './safeguards.ts';
import { activeHolds, DEFAULT_NOTICE_WORKING_DAYS, transferBlockers } from './safeguards.ts';
import type { AgreementUse } from './agreements.ts';
import type { HubUse } from './capacity.ts';
import type { CaseState } from './stages.ts';
import { CASE_STATES, TERMINAL_CASE_STATES } from './stages.ts';
import type {
  Actor,
  Agreement,
  Case,
  DecisionKind,
  DecisionOutcome,
  DecisionRecord,
  Flag,
  Hold,
  Hub,
  IsoDate,
  Partner,
  Person,
} from './types.ts';
import {
  actorSchema,
  CLAIM_BASES,
  countryCodeSchema,
  evidenceItemSchema,
  idSchema,
  isoDateSchema,
  profileSchema,
  RETURN_KINDS,
  RETURN_TO_UK_REASONS,
} from './types.ts';

/** Days after a refusal in which an appeal may be lodged (First-tier Tribunal rules: 14 days). */
export const DEFAULT_APPEAL_WINDOW_DAYS = 14;

// ---------------------------------------------------------------------------------------------
// Inputs

const base = z.strictObject({ actor: actorSchema, on: isoDateSchema });

/** Reasons for an adverse decision: never empty (the anchor systems' most-cited failure). */
const rationale = z
  .string()
  .trim()
  .min(30, 'Write the reasons for the decision in full (at least 30 characters): what was decided and why');
const evidenceRelied = z
  .array(evidenceItemSchema)
  .min(
    1,
    'List the evidence relied on (at least one item), e.g. the interview record or country information',
  );
/** Favourable decisions still record their reasons, more briefly. */
const briefRationale = z
  .string()
  .trim()
  .min(10, 'Give the reasons for the decision (at least 10 characters)');
const reason = z.string().trim().min(5, 'Say why (at least 5 characters)');

export const OPEN_CASE_STATES = CASE_STATES.filter(
  (s) => s !== 'ABSCONDED' && !(TERMINAL_CASE_STATES as readonly CaseState[]).includes(s),
);

// ---------------------------------------------------------------------------------------------
// Context: the facts a transition may need besides the case

export interface TransferContext {
  hub: Hub;
  partner: Partner;
  /** The partner's agreement in force on the transition date, or null. */
  agreement: Agreement | null;
  /** Use of the hub and agreement by everyone else; needed when allocating. */
  use?: { hub: HubUse; agreement: AgreementUse } | null;
}

export interface TransitionContext {
  person: Person;
  flags: readonly Flag[];
  holds: readonly Hold[];
  /** The other members of the household, with their cases, flags and holds. */
  household?: readonly TransferSubject[];
  /** The hub being allocated, or the case's allocated hub; needed on the transfer path. */
  transfer?: TransferContext | null;
  config?: { noticeWorkingDays?: number; appealWindowDays?: number };
}

// ---------------------------------------------------------------------------------------------
// The table

type Resolved = CaseState | 'same' | 'stateBeforeAbscond';

interface TransitionSpec<S extends z.ZodObject> {
  /** Button text and timeline heading. */
  label: string;
  from: readonly CaseState[];
  to: Resolved;
  action: Action;
  input: S;
  /** On the transfer path: every blocker is re-checked at this stage, and holds freeze it. */
  transferStage?: TransferStage;
  /** Decisions produce a decision record with the rationale and evidence. */
  decision?: { kind: DecisionKind; outcome: DecisionOutcome };
  /** Reasons the transition cannot happen (empty: it may). */
  guard?(c: Case, input: z.infer<S>, ctx: TransitionContext): string[];
  /** The changed fields; may set `state` to override `to` (used when contact is restored). */
  apply(c: Case, input: z.infer<S>, ctx: TransitionContext): Partial<Case>;
  /** One plain-English sentence for the timeline (no personal data beyond the case's own). */
  describe(c: Case, input: z.infer<S>): string;
}

function transition<S extends z.ZodObject>(spec: TransitionSpec<S>): TransitionSpec<S> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table holds specs of different input types
type AnyTransitionSpec = TransitionSpec<any>;

const clearedTransfer = {
  allocatedHubId: null,
  allocatedOn: null,
  transferId: null,
  transferScheduledFor: null,
  noticeOfTransferServedOn: null,
  departedOn: null,
} satisfies Partial<Case>;

function notBefore(on: IsoDate, earlier: IsoDate | null, what: string): string[] {
  return earlier !== null && on < earlier ? [`The date ${on} is before ${what} (${earlier}).`] : [];
}

function enforcementHolds(c: Case, on: IsoDate, kind: string | null, ctx: TransitionContext): string[] {
  if (kind !== 'enforced') return [];
  return activeHolds(ctx.holds, on).map(
    (h) =>
      `A ${h.kind.replaceAll('_', ' ')} hold since ${h.startedOn} freezes enforced removal of ${c.reference}.`,
  );
}

export const TRANSITIONS = {
  lodgeClaim: transition({
    label: 'Lodge asylum claim',
    from: ['ARRIVED'],
    to: 'CLAIM_LODGED',
    action: 'manage_claim',
    input: base.extend({
      claimBasis: z.enum(CLAIM_BASES),
      claimNarrative: z.string().trim().nullable().default(null),
      profiles: z.array(profileSchema).default([]),
    }),
    guard: (_c, i, ctx) => notBefore(i.on, ctx.person.arrivalDate, 'the person arrived'),
    apply: (_c, i) => ({
      claimLodgedOn: i.on,
      claimBasis: i.claimBasis,
      claimNarrative: i.claimNarrative,
      profiles: i.profiles,
    }),
    describe: (_c, i) => `Asylum claim lodged on ${i.on}.`,
  }),

  completeScreening: transition({
    label: 'Complete screening',
    from: ['CLAIM_LODGED'],
    to: 'AWAITING_DECISION',
    action: 'manage_claim',
    input: base,
    guard: (c, i) => notBefore(i.on, c.claimLodgedOn, 'the claim was lodged'),
    apply: () => ({}),
    describe: (_c, i) => `Screening completed on ${i.on}; the claim awaits a decision.`,
  }),

  grant: transition({
    label: 'Grant protection',
    from: ['AWAITING_DECISION'],
    to: 'GRANTED',
    action: 'record_decision',
    decision: { kind: 'initial', outcome: 'grant' },
    input: base.extend({ rationale: briefRationale, evidence: z.array(evidenceItemSchema).default([]) }),
    guard: (c, i) => notBefore(i.on, c.claimLodgedOn, 'the claim was lodged'),
    apply: (_c, i) => ({ decidedOn: i.on, grantedOn: i.on }),
    describe: (_c, i) => `Claim granted on ${i.on}: leave to remain.`,
  }),

  refuse: transition({
    label: 'Refuse claim',
    from: ['AWAITING_DECISION'],
    to: 'REFUSED',
    action: 'record_decision',
    decision: { kind: 'initial', outcome: 'refuse' },
    input: base.extend({
      rationale,
      evidence: evidenceRelied,
      /** Overrides the default 14-day window (e.g. a different appeal route). */
      appealWindowEndsOn: isoDateSchema.optional(),
    }),
    guard: (c, i) => [
      ...notBefore(i.on, c.claimLodgedOn, 'the claim was lodged'),
      ...(i.appealWindowEndsOn !== undefined && i.appealWindowEndsOn < i.on
        ? ['The appeal window cannot end before the refusal.']
        : []),
    ],
    apply: (_c, i, ctx) => ({
      decidedOn: i.on,
      refusedOn: i.on,
      appealWindowEndsOn:
        i.appealWindowEndsOn ?? addDays(i.on, ctx.config?.appealWindowDays ?? DEFAULT_APPEAL_WINDOW_DAYS),
    }),
    describe: (_c, i) =>
      `Claim refused on ${i.on}, with reasons and ${i.evidence.length} item(s) of evidence.`,
  }),

  withdraw: transition({
    label: 'Record withdrawal',
    from: ['CLAIM_LODGED', 'AWAITING_DECISION'],
    to: 'WITHDRAWN',
    action: 'manage_claim',
    decision: { kind: 'initial', outcome: 'reject' },
    input: base.extend({
      withdrawal: z.enum(['explicit', 'implicit']),
      rationale,
      evidence: evidenceRelied,
    }),
    guard: (c, i) => notBefore(i.on, c.claimLodgedOn, 'the claim was lodged'),
    apply: (_c, i) => ({ withdrawnOn: i.on }),
    describe: (_c, i) => `Claim treated as ${i.withdrawal}ly withdrawn on ${i.on}.`,
  }),

  lodgeAppeal: transition({
    label: 'Lodge appeal',
    from: ['REFUSED'],
    to: 'APPEAL_PENDING',
    action: 'manage_claim',
    input: base.extend({
      tribunalReference: z.string().trim().min(1).nullable().default(null),
      /** The tribunal admitted an appeal lodged after the window closed. */
      outOfTimeAdmitted: z.boolean().default(false),
    }),
    guard: (c, i) => [
      ...notBefore(i.on, c.refusedOn, 'the refusal'),
      ...(c.appealWindowEndsOn !== null && i.on > c.appealWindowEndsOn && !i.outOfTimeAdmitted
        ? [
            `The appeal window closed on ${c.appealWindowEndsOn}. Record that the tribunal admitted the appeal out of time, or close the appeal window.`,
          ]
        : []),
    ],
    apply: (_c, i) => ({ appealLodgedOn: i.on }),
    describe: (_c, i) =>
      `Appeal lodged with the tribunal on ${i.on}${i.outOfTimeAdmitted ? ' (admitted out of time)' : ''}.`,
  }),

  allowAppeal: transition({
    label: 'Appeal allowed',
    from: ['APPEAL_PENDING'],
    to: 'GRANTED',
    action: 'record_decision',
    decision: { kind: 'appeal', outcome: 'allow' },
    input: base.extend({ rationale: briefRationale, evidence: z.array(evidenceItemSchema).default([]) }),
    guard: (c, i) => notBefore(i.on, c.appealLodgedOn, 'the appeal was lodged'),
    apply: (_c, i) => ({ appealDecidedOn: i.on, grantedOn: i.on }),
    describe: (_c, i) => `Appeal allowed on ${i.on}: leave to remain.`,
  }),

  dismissAppeal: transition({
    label: 'Appeal dismissed',
    from: ['APPEAL_PENDING'],
    to: 'FINALLY_REFUSED',
    action: 'record_decision',
    decision: { kind: 'appeal', outcome: 'dismiss' },
    input: base.extend({ rationale, evidence: evidenceRelied }),
    guard: (c, i) => notBefore(i.on, c.appealLodgedOn, 'the appeal was lodged'),
    apply: (_c, i) => ({ appealDecidedOn: i.on, finallyRefusedOn: i.on }),
    describe: (_c, i) => `Appeal dismissed on ${i.on}; appeal rights exhausted.`,
  }),

  closeAppealWindow: transition({
    label: 'Close appeal window',
    from: ['REFUSED'],
    to: 'FINALLY_REFUSED',
    action: 'manage_claim',
    input: base,
    guard: (c, i) =>
      c.appealWindowEndsOn === null
        ? ['No appeal window is recorded for the refusal.']
        : i.on <= c.appealWindowEndsOn
          ? [`The appeal window is open until ${c.appealWindowEndsOn}; it can be closed from the day after.`]
          : [],
    apply: (_c, i) => ({ finallyRefusedOn: i.on }),
    describe: (c, i) => `Appeal window ended ${c.appealWindowEndsOn} unused; finally refused on ${i.on}.`,
  }),

  startReturn: transition({
    label: 'Start return from the UK',
    from: ['FINALLY_REFUSED', 'RETURNED_TO_UK'],
    to: 'RETURN_PENDING',
    action: 'manage_return',
    input: base.extend({ kind: z.enum(RETURN_KINDS) }),
    guard: (c, i, ctx) => enforcementHolds(c, i.on, i.kind, ctx),
    apply: (_c, i) => ({ returnStartedOn: i.on, returnKind: i.kind }),
    describe: (_c, i) => `${i.kind === 'voluntary' ? 'Voluntary' : 'Enforced'} return started on ${i.on}.`,
  }),

  cancelReturn: transition({
    label: 'Cancel return',
    from: ['RETURN_PENDING'],
    to: 'FINALLY_REFUSED',
    action: 'manage_return',
    input: base.extend({ reason }),
    apply: () => ({ returnStartedOn: null, returnKind: null }),
    describe: (_c, i) => `Return cancelled on ${i.on}: ${i.reason}`,
  }),

  recordReturn: transition({
    label: 'Record return',
    from: ['RETURN_PENDING'],
    to: 'RETURNED',
    action: 'manage_return',
    input: base.extend({ destination: countryCodeSchema }),
    guard: (c, i, ctx) => [
      ...notBefore(i.on, c.returnStartedOn, 'the return started'),
      ...enforcementHolds(c, i.on, c.returnKind, ctx),
    ],
    apply: (_c, i) => ({ returnedOn: i.on }),
    describe: (c, i) =>
      `${c.returnKind === 'enforced' ? 'Enforced' : 'Voluntary'} return to ${i.destination} on ${i.on}.`,
  }),

  allocateHub: transition({
    label: 'Approve hub allocation',
    from: ['FINALLY_REFUSED'],
    to: 'HUB_ALLOCATED',
    action: 'approve_allocation',
    transferStage: 'allocation',
    decision: { kind: 'allocation', outcome: 'approve' },
    input: base.extend({
      hubId: idSchema,
      rationale: z.string().trim().default('Allocation approved'),
      evidence: z.array(evidenceItemSchema).default([]),
    }),
    guard: (_c, i, ctx) =>
      ctx.transfer?.hub.id === i.hubId
        ? []
        : [`The details of hub ${i.hubId} were not supplied with the request.`],
    apply: (_c, i) => ({ allocatedHubId: i.hubId, allocatedOn: i.on }),
    describe: (_c, i) => `Allocated to hub ${i.hubId} on ${i.on}.`,
  }),

  cancelAllocation: transition({
    label: 'Cancel hub allocation',
    from: ['HUB_ALLOCATED', 'TRANSFER_SCHEDULED'],
    to: 'FINALLY_REFUSED',
    action: 'approve_allocation',
    input: base.extend({ reason }),
    apply: () => ({ ...clearedTransfer }),
    describe: (c, i) => `Allocation to hub ${c.allocatedHubId} cancelled on ${i.on}: ${i.reason}`,
  }),

  confirmFitnessToTravel: transition({
    label: 'Confirm fitness to travel',
    from: ['FINALLY_REFUSED', 'RETURN_PENDING', 'HUB_ALLOCATED', 'TRANSFER_SCHEDULED'],
    to: 'same',
    action: 'prepare_transfer',
    input: base.extend({ assessedBy: z.string().trim().min(2, 'Name the clinician or assessment') }),
    apply: (_c, i) => ({ fitToTravelConfirmedOn: i.on }),
    describe: (_c, i) => `Fitness to travel confirmed on ${i.on}.`,
  }),

  serveNoticeOfTransfer: transition({
    label: 'Serve notice of transfer',
    from: ['HUB_ALLOCATED', 'TRANSFER_SCHEDULED'],
    to: 'same',
    action: 'prepare_transfer',
    input: base.extend({ representativeNotified: z.boolean().default(false) }),
    apply: (_c, i) => ({ noticeOfTransferServedOn: i.on }),
    describe: (_c, i) =>
      `Notice of transfer served on ${i.on}${i.representativeNotified ? ', and on the legal representative' : ''}.`,
  }),

  scheduleTransfer: transition({
    label: 'Schedule transfer',
    from: ['HUB_ALLOCATED'],
    to: 'TRANSFER_SCHEDULED',
    action: 'schedule_transfer',
    transferStage: 'scheduling',
    input: base.extend({ transferId: idSchema, departureOn: isoDateSchema }),
    guard: (c, i, ctx) => [
      ...(i.departureOn < i.on ? ['The departure date is in the past.'] : []),
      ...(ctx.transfer?.hub.id === c.allocatedHubId
        ? []
        : ['The allocated hub’s details were not supplied.']),
    ],
    apply: (_c, i) => ({ transferId: i.transferId, transferScheduledFor: i.departureOn }),
    describe: (_c, i) => `Transfer ${i.transferId} scheduled for ${i.departureOn}.`,
  }),

  withdrawFromTransfer: transition({
    label: 'Take off the transfer',
    from: ['TRANSFER_SCHEDULED'],
    to: 'HUB_ALLOCATED',
    action: 'prepare_transfer',
    input: base.extend({ reason }),
    apply: () => ({ transferId: null, transferScheduledFor: null, departedOn: null }),
    describe: (c, i) => `Taken off transfer ${c.transferId} on ${i.on}: ${i.reason}`,
  }),

  recordDeparture: transition({
    label: 'Record departure',
    from: ['TRANSFER_SCHEDULED'],
    to: 'same',
    action: 'schedule_transfer',
    transferStage: 'departure',
    input: base,
    guard: (c, _i, ctx) => [
      ...(c.departedOn !== null ? [`Departure was already recorded on ${c.departedOn}.`] : []),
      ...(ctx.transfer?.hub.id === c.allocatedHubId
        ? []
        : ['The allocated hub’s details were not supplied.']),
    ],
    apply: (_c, i) => ({ departedOn: i.on }),
    describe: (c, i) => `Departed on transfer ${c.transferId} on ${i.on}.`,
  }),

  recordArrivalInHub: transition({
    label: 'Record arrival at the hub',
    from: ['TRANSFER_SCHEDULED'],
    to: 'IN_HUB',
    action: 'record_hub_movement',
    transferStage: 'arrival',
    input: base,
    guard: (c, i, ctx) => [
      ...(c.departedOn === null ? ['No departure has been recorded for this transfer.'] : []),
      ...notBefore(i.on, c.departedOn, 'the departure'),
      ...(ctx.transfer?.hub.id === c.allocatedHubId
        ? []
        : ['The allocated hub’s details were not supplied.']),
    ],
    apply: (_c, i) => ({ arrivedInHubOn: i.on }),
    describe: (c, i) => `Arrived at hub ${c.allocatedHubId} on ${i.on}.`,
  }),

  recordOnwardReturn: transition({
    label: 'Record onward return',
    from: ['IN_HUB'],
    to: 'ONWARD_RETURNED',
    action: 'record_hub_movement',
    input: base.extend({
      destination: countryCodeSchema,
      travelDocument: z.enum(['passport', 'emergency_travel_document', 'laissez_passer', 'none']),
      kind: z.enum(RETURN_KINDS),
    }),
    guard: (c, i, ctx) => [
      ...notBefore(i.on, c.arrivedInHubOn, 'the arrival at the hub'),
      ...(ctx.transfer !== null &&
      ctx.transfer !== undefined &&
      i.destination === ctx.transfer.partner.countryCode
        ? ['An onward return goes to a country of return, not the hub country.']
        : []),
    ],
    apply: (_c, i) => ({ onwardReturnedOn: i.on, leftHubOn: i.on, returnKind: i.kind }),
    describe: (_c, i) =>
      `${i.kind === 'voluntary' ? 'Voluntary' : 'Enforced'} onward return to ${i.destination} on ${i.on}.`,
  }),

  returnToUk: transition({
    label: 'Return to the UK',
    from: ['IN_HUB'],
    to: 'RETURNED_TO_UK',
    action: 'record_hub_movement',
    input: base.extend({
      reason: z.enum(RETURN_TO_UK_REASONS),
      note: z.string().trim().nullable().default(null),
    }),
    guard: (c, i) => notBefore(i.on, c.arrivedInHubOn, 'the arrival at the hub'),
    apply: (_c, i) => ({ returnedToUkOn: i.on, returnedToUkReason: i.reason, leftHubOn: i.on }),
    describe: (_c, i) => `Returned to the UK on ${i.on} (${i.reason.replaceAll('_', ' ')}).`,
  }),

  acceptFreshClaim: transition({
    label: 'Accept fresh claim',
    from: ['FINALLY_REFUSED', 'RETURN_PENDING', 'HUB_ALLOCATED', 'TRANSFER_SCHEDULED', 'RETURNED_TO_UK'],
    to: 'AWAITING_DECISION',
    action: 'record_decision',
    decision: { kind: 'fresh_claim', outcome: 'accept' },
    input: base.extend({ rationale: briefRationale, evidence: z.array(evidenceItemSchema).default([]) }),
    apply: (_c, i) => ({
      ...clearedTransfer,
      freshClaimAcceptedOn: i.on,
      decidedOn: null,
      refusedOn: null,
      appealWindowEndsOn: null,
      appealLodgedOn: null,
      appealDecidedOn: null,
      finallyRefusedOn: null,
      returnStartedOn: null,
      returnKind: null,
    }),
    describe: (_c, i) =>
      `Further submissions accepted as a fresh claim on ${i.on} (Immigration Rules para 353).`,
  }),

  recordAbscond: transition({
    label: 'Record loss of contact',
    from: OPEN_CASE_STATES,
    to: 'ABSCONDED',
    action: 'record_contact',
    input: base.extend({ note: z.string().trim().nullable().default(null) }),
    apply: (c, i) => ({ abscondedFromState: c.state, abscondedOn: i.on }),
    describe: (c, i) => `Contact lost on ${i.on} (case was ${c.state.toLowerCase().replaceAll('_', ' ')}).`,
  }),

  recordContactRestored: transition({
    label: 'Record contact restored',
    from: ['ABSCONDED'],
    to: 'stateBeforeAbscond',
    action: 'record_contact',
    input: base,
    guard: (c) =>
      c.abscondedFromState === null ? ['The state before contact was lost is not recorded.'] : [],
    apply: (c, i, ctx) => {
      const previous = c.abscondedFromState!;
      // An allocation or scheduled transfer that a blocker now prevents lapses: the case goes back
      // to finally refused rather than back onto the transfer path.
      if (previous === 'HUB_ALLOCATED' || previous === 'TRANSFER_SCHEDULED') {
        const blockers = ctx.transfer
          ? blockersFor(
              { ...c, state: previous },
              ctx,
              previous === 'HUB_ALLOCATED' ? 'review' : 'scheduling',
              i.on,
            )
          : null;
        if (blockers === null || blockers.length > 0) {
          return { state: 'FINALLY_REFUSED', abscondedFromState: null, ...clearedTransfer };
        }
      }
      return { state: previous, abscondedFromState: null };
    },
    describe: (_c, i) => `Contact restored on ${i.on}.`,
  }),
} satisfies Record<string, AnyTransitionSpec>;

export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

/** The input a transition takes (before defaults), e.g. `TransitionInput<'refuse'>`. */
export type TransitionInput<N extends TransitionName> = z.input<(typeof TRANSITIONS)[N]['input']>;

/** The request body schema for a transition: its input without the actor (who comes from auth). */
export function transitionBodySchema(name: TransitionName): z.ZodObject {
  return (TRANSITIONS[name].input as z.ZodObject).omit({ actor: true });
}

export function isTransitionName(name: string): name is TransitionName {
  return Object.hasOwn(TRANSITIONS, name);
}

// ---------------------------------------------------------------------------------------------
// Applying a transition

export interface TransitionEvent {
  transition: TransitionName;
  caseId: string;
  from: CaseState;
  to: CaseState;
  on: IsoDate;
  actor: Actor;
  summary: string;
  /** The validated input, without the actor. */
  input: Record<string, unknown>;
}

export type DecisionDraft = Omit<DecisionRecord, 'id'>;

export type TransitionRefusal =
  | { code: 'ILLEGAL_TRANSITION'; message: string; from: CaseState; allowed: TransitionName[] }
  | { code: 'VALIDATION_FAILED'; message: string; issues: { path: string; message: string }[] }
  | { code: 'FORBIDDEN'; message: string; action: Action }
  | { code: 'GUARD_FAILED'; message: string; reasons: string[] }
  | { code: 'TRANSFER_BLOCKED'; message: string; blockers: Blocker[] };

export type TransitionResult =
  | { ok: true; case: Case; event: TransitionEvent; decision: DecisionDraft | null }
  | { ok: false; refusal: TransitionRefusal };

function blockersFor(
  c: Case,
  ctx: TransitionContext,
  stage: TransferStage,
  on: IsoDate,
  departureOn?: IsoDate,
) {
  const t = ctx.transfer!;
  return transferBlockers({
    person: ctx.person,
    case: c,
    flags: ctx.flags,
    holds: ctx.holds,
    household: ctx.household ?? [],
    hub: t.hub,
    partner: t.partner,
    agreement: t.agreement,
    use: t.use ?? null,
    date: on,
    stage,
    departureOn: departureOn ?? (stage === 'departure' ? on : undefined),
    noticeWorkingDays: ctx.config?.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
  });
}

/** Transitions whose from-states include the case's state. */
export function transitionsFrom(state: CaseState): TransitionName[] {
  return TRANSITION_NAMES.filter((n) => (TRANSITIONS[n].from as readonly CaseState[]).includes(state));
}

/**
 * Apply a named transition to a case. Checks, in order: the transition exists from this state; the
 * input is valid; the actor's role may do it (for their partner); the guard; and on the transfer
 * path every safeguard. Returns the new case (version + 1) with the event, or the refusal.
 */
export function applyTransition(
  c: Case,
  name: string,
  input: unknown,
  ctx: TransitionContext,
): TransitionResult {
  if (!isTransitionName(name)) {
    return {
      ok: false,
      refusal: {
        code: 'ILLEGAL_TRANSITION',
        message: `There is no transition called "${name}". Use one of: ${transitionsFrom(c.state).join(', ')}.`,
        from: c.state,
        allowed: transitionsFrom(c.state),
      },
    };
  }
  const spec = TRANSITIONS[name] as AnyTransitionSpec;
  if (!spec.from.includes(c.state)) {
    const allowed = transitionsFrom(c.state);
    return {
      ok: false,
      refusal: {
        code: 'ILLEGAL_TRANSITION',
        message: `“${spec.label}” is not possible from ${c.state}. From here: ${allowed.join(', ') || 'nothing (the case is closed)'}.`,
        from: c.state,
        allowed,
      },
    };
  }
  const parsed = (spec.input as z.ZodObject).safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      refusal: {
        code: 'VALIDATION_FAILED',
        message: `The details for “${spec.label}” are not valid.`,
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }
  const data = parsed.data as { actor: Actor; on: IsoDate } & Record<string, unknown>;
  const partnerId = ctx.transfer?.partner.id ?? null;
  if (!canActOn(data.actor, spec.action, { partnerId })) {
    return {
      ok: false,
      refusal: {
        code: 'FORBIDDEN',
        message: `Your role (${data.actor.role.replaceAll('_', ' ')}) may not “${spec.label.toLowerCase()}” on this case.`,
        action: spec.action,
      },
    };
  }
  const reasons = spec.guard?.(c, data, ctx) ?? [];
  if (reasons.length > 0) {
    return { ok: false, refusal: { code: 'GUARD_FAILED', message: reasons.join(' '), reasons } };
  }
  if (spec.transferStage !== undefined) {
    if (!ctx.transfer) {
      return {
        ok: false,
        refusal: {
          code: 'GUARD_FAILED',
          message: 'The hub, partner and agreement must be supplied for a transfer transition.',
          reasons: ['The hub, partner and agreement must be supplied for a transfer transition.'],
        },
      };
    }
    const departureOn = name === 'scheduleTransfer' ? (data.departureOn as IsoDate) : undefined;
    const blockers = blockersFor(c, ctx, spec.transferStage, data.on, departureOn);
    if (blockers.length > 0) {
      return {
        ok: false,
        refusal: {
          code: 'TRANSFER_BLOCKED',
          message: `${blockers.length} safeguard(s) block this transfer. Each must be cleared by recording the fact that resolves it; there is no override.`,
          blockers,
        },
      };
    }
  }
  const patch = spec.apply(c, data, ctx);
  const to: CaseState =
    patch.state ??
    (spec.to === 'same' ? c.state : spec.to === 'stateBeforeAbscond' ? c.abscondedFromState! : spec.to);
  const next: Case = { ...c, ...patch, state: to, version: c.version + 1 };
  const { actor, ...rest } = data;
  const event: TransitionEvent = {
    transition: name,
    caseId: c.id,
    from: c.state,
    to,
    on: data.on,
    actor,
    summary: spec.describe(c, data),
    input: rest,
  };
  const decision: DecisionDraft | null = spec.decision
    ? {
        caseId: c.id,
        kind: spec.decision.kind,
        outcome: spec.decision.outcome,
        rationale: String(data.rationale ?? ''),
        evidence: (data.evidence as DecisionDraft['evidence'] | undefined) ?? [],
        decidedBy: actor.userId,
        decidedOn: data.on,
      }
    : null;
  return { ok: true, case: next, event, decision };
}

// ---------------------------------------------------------------------------------------------
// For the UI: what can be done next

export interface AvailableTransition {
  name: TransitionName;
  label: string;
  to: CaseState | 'same' | 'stateBeforeAbscond';
  action: Action;
  /** Needs a written rationale and evidence (an adverse decision). */
  needsReasons: boolean;
  /** On the transfer path: blockers that would refuse it now (only when the hub is known). */
  blockers: Blocker[];
}

/**
 * Transitions possible from the case's state that the actor's role may do, with any blockers
 * that would refuse a transfer transition on `date` (computed when `ctx.transfer` is given).
 */
export function availableTransitions(
  c: Case,
  ctx: TransitionContext & { actor?: Actor; date?: IsoDate },
): AvailableTransition[] {
  const partnerId = ctx.transfer?.partner.id ?? null;
  return transitionsFrom(c.state)
    .filter((n) => ctx.actor === undefined || canActOn(ctx.actor, TRANSITIONS[n].action, { partnerId }))
    .map((n) => {
      const spec = TRANSITIONS[n] as AnyTransitionSpec;
      const blockers =
        spec.transferStage !== undefined && ctx.transfer && ctx.date !== undefined
          ? blockersFor(c, ctx, spec.transferStage, ctx.date)
          : [];
      const shape = (spec.input as z.ZodObject).shape as Record<string, z.ZodType>;
      return {
        name: n,
        label: spec.label,
        to: spec.to,
        action: spec.action,
        needsReasons: shape.rationale === rationale,
        blockers,
      };
    });
}

export function transitionLabel(name: TransitionName): string {
  return TRANSITIONS[name].label;
}

/** The safeguards stage that applies to a case where it stands now on the transfer path. */
export function currentTransferStage(c: Pick<Case, 'state' | 'departedOn'>): TransferStage | null {
  if (c.state === 'HUB_ALLOCATED') return 'review';
  if (c.state === 'TRANSFER_SCHEDULED') return c.departedOn === null ? 'departure' : 'arrival';
  return null;
}

/**
 * Blockers that now stand in the way of a case already on the transfer path: a new fact (a fresh
 * claim, a medical event, a court order) puts an allocated or scheduled transfer on hold until it
 * is cleared. Empty when nothing blocks, or when the case is not waiting to travel.
 */
export function currentTransferBlockers(c: Case, ctx: TransitionContext, date: IsoDate): Blocker[] {
  const stage = currentTransferStage(c);
  if (stage === null || !ctx.transfer) return [];
  return blockersFor(c, ctx, stage, date);
}
