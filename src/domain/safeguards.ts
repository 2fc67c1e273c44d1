/**
 * What must block a transfer to a hub (DOMAIN.md "Safeguards"). One pure function computes every
 * blocker from the case, the household, the hub and its agreement, and the date; each blocker
 * carries its legal or policy basis so a caseworker sees why. There is no override: the only way
 * past a blocker is to record the fact that clears it.
 */
import {
  acceptsNationality,
  isAgreementInForce,
  personProfiles,
  quotaLeft,
  safetyCoverage,
  unacceptedProfiles,
} from './agreements.ts';
import type { AgreementUse } from './agreements.ts';
import { addDays, ageOn, workingDaysBetween } from './calendar.ts';
import { hubFreePlaces, unitTypeForHousehold } from './capacity.ts';
import type { HubUse } from './capacity.ts';
import type {
  Agreement,
  Case,
  Flag,
  FlagKind,
  Hold,
  Hub,
  IsoDate,
  Partner,
  Person,
  Profile,
} from './types.ts';

export const DEFAULT_NOTICE_WORKING_DAYS = 5;

/** Pregnancy is late-stage from 28 weeks (12 weeks before the due date) until 6 weeks after birth. */
export const LATE_PREGNANCY_WEEKS_BEFORE_DUE = 12;
export const POSTNATAL_WEEKS = 6;

const BASIS = {
  appeals: 'Nationality, Immigration and Asylum Act 2002 s.78 (no removal while an appeal is pending)',
  court: 'Court order (injunction or judicial review with a stay)',
  freshClaim: 'Immigration Rules para 353 (further submissions and fresh claims)',
  children:
    "Borders, Citizenship and Immigration Act 2009 s.55 (children's best interests); EU Return Directive 2008/115/EC art. 5",
  trafficking:
    'Council of Europe Convention on Action against Trafficking in Human Beings (ECAT) art. 13 recovery period; Modern Slavery Act 2015',
  vulnerability:
    'ECHR art. 3; Adults at Risk in Immigration Detention guidance; Detention Centre Rules 2001 r.35',
  nonRefoulement: 'Refugee Convention 1951 art. 33 (non-refoulement); ECHR art. 3',
  ownCountry: 'Non-refoulement: a hub is not a country of return',
  familyLife: 'ECHR art. 8 (right to respect for family life)',
  agreement: 'The partner agreement',
  fitness: 'Duty of care; carrier rules',
  notice: 'Access to justice: R (FB (Afghanistan)) v SSHD [2020] EWCA Civ 1338',
} as const;

/** Every blocker, its title and its basis: the table the product cites. */
export const BLOCKER_RULES = {
  NOT_FINALLY_REFUSED: { title: 'Not finally refused', basis: BASIS.appeals },
  APPEAL_PENDING: { title: 'An appeal is pending', basis: BASIS.appeals },
  APPEAL_WINDOW_OPEN: { title: 'The appeal window is still open', basis: BASIS.appeals },
  COURT_ORDER: { title: 'A court order prevents transfer', basis: BASIS.court },
  FRESH_CLAIM_PENDING: {
    title: 'Further submissions or a fresh claim are undecided',
    basis: BASIS.freshClaim,
  },
  CHILD: { title: 'The person is, or may be, a child', basis: BASIS.children },
  CHILD_IN_HOUSEHOLD: { title: 'A child is in the household', basis: BASIS.children },
  TRAFFICKING: { title: 'Potential victim of trafficking or modern slavery', basis: BASIS.trafficking },
  TORTURE_SURVIVOR: { title: 'Torture survivor', basis: BASIS.vulnerability },
  HEALTH_NEEDS_UNMET: { title: 'The hub cannot meet the person’s health needs', basis: BASIS.vulnerability },
  LATE_PREGNANCY: { title: 'Late-stage pregnancy or recent birth', basis: BASIS.vulnerability },
  NO_SAFETY_ASSESSMENT: { title: 'No in-date safety assessment', basis: BASIS.nonRefoulement },
  OWN_COUNTRY: { title: 'The hub is in the person’s own country', basis: BASIS.ownCountry },
  HOUSEHOLD_NOT_TRANSFERABLE: { title: 'The household cannot all go to this hub', basis: BASIS.familyLife },
  AGREEMENT_NOT_IN_FORCE: { title: 'No partner agreement in force', basis: BASIS.agreement },
  HUB_CLOSED: { title: 'The hub is not open', basis: BASIS.agreement },
  NATIONALITY_EXCLUDED: { title: 'The agreement excludes this nationality', basis: BASIS.agreement },
  PROFILE_EXCLUDED: { title: 'The agreement excludes this profile', basis: BASIS.agreement },
  FAMILIES_NOT_ACCEPTED: { title: 'The agreement does not accept families', basis: BASIS.agreement },
  NO_FREE_PLACE: { title: 'No free place of the right unit type', basis: BASIS.agreement },
  RESIDENT_CAP_REACHED: { title: 'The cap on residents is reached', basis: BASIS.agreement },
  ANNUAL_QUOTA_USED: { title: 'The yearly transfer quota is used', basis: BASIS.agreement },
  NOT_FIT_TO_TRAVEL: { title: 'Fitness to travel not confirmed', basis: BASIS.fitness },
  NOTICE_TOO_SHORT: { title: 'Notice of transfer not served early enough', basis: BASIS.notice },
} as const satisfies Record<string, { title: string; basis: string }>;

export type BlockerCode = keyof typeof BLOCKER_RULES;
export const BLOCKER_CODES = Object.keys(BLOCKER_RULES) as BlockerCode[];

export interface Blocker {
  code: BlockerCode;
  /** Plain English: what blocks the transfer and what fact would clear it. */
  explanation: string;
  /** The legal or policy basis. */
  basis: string;
  /** Whose circumstances block (a household member's id when it is theirs). */
  personId: string;
}

/**
 * Where on the transfer path the check runs; every stage re-checks everything it can.
 * `allocation`: a place is being taken (capacity and quotas checked). `review`: an existing
 * allocation is re-checked (no capacity, no travel readiness). `scheduling`, `departure`,
 * `arrival`: also fitness to travel and the notice period.
 */
export const TRANSFER_STAGES = ['allocation', 'review', 'scheduling', 'departure', 'arrival'] as const;
export type TransferStage = (typeof TRANSFER_STAGES)[number];

/** A person with the facts about them that safeguards read. */
export interface TransferSubject {
  person: Person;
  case: Case;
  flags: readonly Flag[];
  holds: readonly Hold[];
}

export interface TransferCheck extends TransferSubject {
  /** The other members of the person's household (empty for someone alone). */
  household: readonly TransferSubject[];
  hub: Hub;
  partner: Partner;
  /** The partner's agreement in force on `date`, or null when there is none. */
  agreement: Agreement | null;
  date: IsoDate;
  stage: TransferStage;
  /**
   * Use of the hub and agreement by everyone else (not this household). Needed at allocation,
   * when the places are taken; null there fails closed (no free place can be shown).
   */
  use?: { hub: HubUse; agreement: AgreementUse } | null;
  /** Planned departure date (defaults to the case's `transferScheduledFor`). */
  departureOn?: IsoDate | null;
  /** Working days of notice required before departure (default 5). */
  noticeWorkingDays?: number;
}

// ---------------------------------------------------------------------------------------------

export function isFlagActive(flag: Flag, date: IsoDate): boolean {
  return (
    (flag.status === 'pending' || flag.status === 'confirmed') &&
    flag.raisedOn <= date &&
    (flag.closedOn === null || flag.closedOn > date)
  );
}

export function isHoldActive(hold: Hold, date: IsoDate): boolean {
  return hold.startedOn <= date && (hold.liftedOn === null || hold.liftedOn > date);
}

export function activeHolds(holds: readonly Hold[], date: IsoDate): Hold[] {
  return holds.filter((h) => isHoldActive(h, date));
}

function activeFlags(flags: readonly Flag[], kind: FlagKind, date: IsoDate): Flag[] {
  return flags.filter((f) => f.kind === kind && isFlagActive(f, date));
}

const HEALTH_FLAGS = [
  'serious_illness',
  'disability',
  'mental_health',
  'pregnancy',
  'torture_survivor',
] as const;

function isLatePregnancy(flag: Flag, date: IsoDate): boolean {
  if (flag.dueOn === null) return true; // stage unknown: treat as late until a due date is recorded
  return (
    date >= addDays(flag.dueOn, -7 * LATE_PREGNANCY_WEEKS_BEFORE_DUE) &&
    date <= addDays(flag.dueOn, 7 * POSTNATAL_WEEKS)
  );
}

function blocker(code: BlockerCode, personId: string, explanation: string): Blocker {
  return { code, explanation, basis: BLOCKER_RULES[code].basis, personId };
}

const TRANSFER_READY_STATES = new Set(['FINALLY_REFUSED', 'HUB_ALLOCATED', 'TRANSFER_SCHEDULED', 'IN_HUB']);

/** Blockers about one person, whoever else travels with them. */
function personBlockers(
  s: TransferSubject,
  check: Omit<TransferCheck, keyof TransferSubject | 'household'>,
  householdSize: number,
): Blocker[] {
  const { date, hub, partner, agreement, stage } = check;
  const id = s.person.id;
  const c = s.case;
  const out: Blocker[] = [];

  // Appeal rights
  if (c.state === 'APPEAL_PENDING') {
    out.push(
      blocker(
        'APPEAL_PENDING',
        id,
        'An appeal to the tribunal is pending. Wait for the appeal to be decided.',
      ),
    );
  } else if (c.state === 'REFUSED' && c.appealWindowEndsOn !== null && date <= c.appealWindowEndsOn) {
    out.push(
      blocker(
        'APPEAL_WINDOW_OPEN',
        id,
        `The claim was refused and the appeal window is open until ${c.appealWindowEndsOn}. No transfer before it closes unused.`,
      ),
    );
  } else if (!TRANSFER_READY_STATES.has(c.state) || c.finallyRefusedOn === null) {
    out.push(
      blocker(
        'NOT_FINALLY_REFUSED',
        id,
        `The case is ${c.state.toLowerCase().replaceAll('_', ' ')}, not finally refused. Only a person whose appeal rights are exhausted can be transferred.`,
      ),
    );
  }

  // Holds
  for (const h of activeHolds(s.holds, date)) {
    if (h.kind === 'injunction' || h.kind === 'judicial_review_stay') {
      const what = h.kind === 'injunction' ? 'An injunction' : 'A judicial review with a stay on removal';
      out.push(
        blocker(
          'COURT_ORDER',
          id,
          `${what} has been in force since ${h.startedOn}${h.reference ? ` (${h.reference})` : ''}. Record the order being lifted to clear this.`,
        ),
      );
    } else {
      const what = h.kind === 'fresh_claim' ? 'A fresh claim' : 'Further submissions';
      out.push(
        blocker(
          'FRESH_CLAIM_PENDING',
          id,
          `${what} made on ${h.startedOn} have not been decided. Decide them (para 353) before any transfer.`,
        ),
      );
    }
  }

  // Children
  const age = ageOn(s.person.dateOfBirth, date);
  if (age < 18) {
    out.push(blocker('CHILD', id, `The person is ${age}, a child. Children are never transferred to a hub.`));
  } else if (activeFlags(s.flags, 'unaccompanied_child', date).length > 0) {
    out.push(blocker('CHILD', id, 'The person is flagged as an unaccompanied child.'));
  } else if (activeFlags(s.flags, 'age_dispute', date).length > 0) {
    out.push(
      blocker(
        'CHILD',
        id,
        'The person’s age is disputed; they are treated as a child until an age assessment is recorded.',
      ),
    );
  }

  // Vulnerability
  for (const f of activeFlags(s.flags, 'trafficking_referral', date)) {
    out.push(
      blocker(
        'TRAFFICKING',
        id,
        f.status === 'pending'
          ? `A National Referral Mechanism referral made on ${f.raisedOn} is awaiting a decision (recovery and reflection period).`
          : 'The person has a positive trafficking or modern slavery decision.',
      ),
    );
  }
  if (activeFlags(s.flags, 'torture_survivor', date).length > 0) {
    out.push(
      blocker(
        'TORTURE_SURVIVOR',
        id,
        'The person is recorded as a survivor of torture (or a Rule 35 report is awaited).',
      ),
    );
  }
  for (const kind of ['serious_illness', 'disability', 'mental_health'] as const) {
    if (activeFlags(s.flags, kind, date).length > 0 && !hub.meetsNeeds.includes(kind)) {
      out.push(
        blocker(
          'HEALTH_NEEDS_UNMET',
          id,
          `The person has a recorded ${kind.replaceAll('_', ' ')} need that ${hub.name} is not equipped to meet.`,
        ),
      );
    }
  }
  for (const f of activeFlags(s.flags, 'pregnancy', date)) {
    if (isLatePregnancy(f, date)) {
      out.push(
        blocker(
          'LATE_PREGNANCY',
          id,
          f.dueOn === null
            ? 'The person is pregnant and no due date is recorded, so the stage cannot be shown to be early.'
            : `The person is in late pregnancy or has recently given birth (due ${f.dueOn}).`,
        ),
      );
    }
  }

  // Where to
  if (s.person.nationality === partner.countryCode) {
    out.push(
      blocker(
        'OWN_COUNTRY',
        id,
        `${partner.name} is the person’s own country of nationality. A hub is not a country of return.`,
      ),
    );
  }
  const profiles: Profile[] = personProfiles(c.profiles, householdSize);
  if (agreement !== null) {
    const coverage = safetyCoverage(agreement, s.person.nationality, c.profiles, date);
    if (!coverage.covered) {
      const parts = [
        ...coverage.missing.map((p) =>
          p === null
            ? `no in-date assessment for nationals of ${s.person.nationality}`
            : `no in-date assessment for the ${p.replaceAll('_', ' ')} profile`,
        ),
        ...coverage.unsafe.map(
          (a) =>
            `an assessment (${a.assessedOn}) found it unsafe${a.profile ? ` for the ${a.profile.replaceAll('_', ' ')} profile` : ''}`,
        ),
      ];
      out.push(blocker('NO_SAFETY_ASSESSMENT', id, `${partner.name}: ${parts.join('; ')}.`));
    }
    if (!acceptsNationality(agreement, s.person.nationality)) {
      out.push(
        blocker(
          'NATIONALITY_EXCLUDED',
          id,
          `The agreement with ${partner.name} does not accept nationals of ${s.person.nationality}.`,
        ),
      );
    }
    const excluded = unacceptedProfiles(
      agreement,
      profiles.filter((p) => p !== 'family'),
    );
    if (excluded.length > 0) {
      out.push(
        blocker(
          'PROFILE_EXCLUDED',
          id,
          `The agreement with ${partner.name} does not accept the ${excluded.map((p) => p.replaceAll('_', ' ')).join(', ')} profile.`,
        ),
      );
    }
  }

  // Ready to travel (checked once a departure is being arranged)
  if (stage !== 'allocation' && stage !== 'review') {
    const latestHealthEvent = s.flags
      .filter((f) => (HEALTH_FLAGS as readonly string[]).includes(f.kind) && f.raisedOn <= date)
      .reduce<IsoDate | null>((m, f) => (m === null || f.raisedOn > m ? f.raisedOn : m), null);
    if (c.fitToTravelConfirmedOn === null || c.fitToTravelConfirmedOn > date) {
      out.push(
        blocker(
          'NOT_FIT_TO_TRAVEL',
          id,
          'No confirmation that the person is fit to travel has been recorded.',
        ),
      );
    } else if (latestHealthEvent !== null && latestHealthEvent > c.fitToTravelConfirmedOn) {
      out.push(
        blocker(
          'NOT_FIT_TO_TRAVEL',
          id,
          `Fitness to travel was confirmed on ${c.fitToTravelConfirmedOn}, before a health matter recorded on ${latestHealthEvent}. Confirm it again.`,
        ),
      );
    }
    const departureOn = check.departureOn ?? c.departedOn ?? c.transferScheduledFor;
    const needed = check.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS;
    const served = c.noticeOfTransferServedOn;
    if (served === null || served > date) {
      out.push(blocker('NOTICE_TOO_SHORT', id, 'No notice of transfer has been served.'));
    } else if (departureOn === null) {
      out.push(
        blocker('NOTICE_TOO_SHORT', id, 'No departure date is set, so the notice period cannot be shown.'),
      );
    } else if (workingDaysBetween(served, departureOn) < needed) {
      out.push(
        blocker(
          'NOTICE_TOO_SHORT',
          id,
          `Notice served on ${served} leaves ${workingDaysBetween(served, departureOn)} working days before departure on ${departureOn}; at least ${needed} are needed for legal advice.`,
        ),
      );
    }
  }
  return out;
}

/**
 * Every blocker to transferring this person (with their household) to this hub on this date.
 * Empty means the transfer is lawful at this stage; anything else makes it impossible.
 */
export function transferBlockers(check: TransferCheck): Blocker[] {
  const { hub, partner, agreement, date, stage } = check;
  const id = check.person.id;
  const everyone: TransferSubject[] = [check, ...check.household];
  const size = everyone.length;
  const out = personBlockers(check, check, size);

  // Household: all together, all transferable, all to the same hub
  for (const m of check.household) {
    const theirs = personBlockers(m, check, size);
    if (ageOn(m.person.dateOfBirth, date) < 18) {
      out.push(
        blocker(
          'CHILD_IN_HOUSEHOLD',
          id,
          `A child (${m.person.reference}) is in the household. Families with children are never transferred.`,
        ),
      );
    }
    const elsewhere =
      m.case.allocatedHubId !== null && m.case.allocatedHubId !== hub.id
        ? ['allocated to a different hub']
        : stage !== 'allocation' && m.case.allocatedHubId !== hub.id
          ? ['not allocated to this hub']
          : [];
    const reasons = [
      ...new Set([
        ...theirs.filter((b) => b.code !== 'CHILD').map((b) => BLOCKER_RULES[b.code].title.toLowerCase()),
      ]),
      ...elsewhere,
    ];
    if (reasons.length > 0) {
      out.push(
        blocker(
          'HOUSEHOLD_NOT_TRANSFERABLE',
          id,
          `Household member ${m.person.reference} cannot go to ${hub.name} with them: ${reasons.join('; ')}.`,
        ),
      );
    }
  }

  // The hub and the agreement
  if (hub.partnerId !== partner.id)
    throw new RangeError(`Hub ${hub.id} does not belong to partner ${partner.id}`);
  if (agreement === null || agreement.partnerId !== partner.id || !isAgreementInForce(agreement, date)) {
    out.push(
      blocker('AGREEMENT_NOT_IN_FORCE', id, `No agreement with ${partner.name} is in force on ${date}.`),
    );
  }
  if ((hub.openedOn !== null && date < hub.openedOn) || (hub.closedOn !== null && date >= hub.closedOn)) {
    out.push(blocker('HUB_CLOSED', id, `${hub.name} is not open on ${date}.`));
  }
  const unitType = unitTypeForHousehold(everyone.map((s) => s.person));
  if (agreement !== null && unitType === 'families' && !agreement.familiesAllowed) {
    out.push(
      blocker('FAMILIES_NOT_ACCEPTED', id, `The agreement with ${partner.name} does not accept families.`),
    );
  }
  if (stage === 'allocation') {
    const use = check.use ?? null;
    if (use === null) {
      out.push(
        blocker(
          'NO_FREE_PLACE',
          id,
          `The occupancy of ${hub.name} was not supplied, so no free place can be shown.`,
        ),
      );
    } else {
      const free = hubFreePlaces(hub, use.hub)[unitType];
      if (free < size) {
        out.push(
          blocker(
            'NO_FREE_PLACE',
            id,
            `${hub.name} has ${Math.max(0, free)} free ${unitType.replaceAll('_', ' ')} places; ${size} needed.`,
          ),
        );
      }
      if (agreement !== null) {
        const left = quotaLeft(agreement, use.agreement);
        if (left.residents < size) {
          out.push(
            blocker(
              'RESIDENT_CAP_REACHED',
              id,
              `The agreement caps residents at ${agreement.maxConcurrentResidents}; ${Math.max(0, left.residents)} left, ${size} needed.`,
            ),
          );
        }
        if (left.transfersThisYear < size) {
          out.push(
            blocker(
              'ANNUAL_QUOTA_USED',
              id,
              `The agreement allows ${agreement.maxTransfersPerYear} transfers a year; ${Math.max(0, left.transfersThisYear)} left, ${size} needed.`,
            ),
          );
        }
      }
    }
  }
  return out;
}

/** Codes only, for quick checks and tests. */
export function blockerCodes(blockers: readonly Blocker[]): BlockerCode[] {
  return [...new Set(blockers.map((b) => b.code))];
}
