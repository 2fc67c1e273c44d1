/**
 * Retention as code (DOMAIN.md "Data protection"): a closed case is kept for a retention period
 * and then anonymised, leaving only what statistics need (state, dates, nationality, sex, year of
 * birth). The periods are policy settings, not law: the data protection officer sets them, and the
 * defaults below are placeholders to be confirmed.
 */
import { addMonths } from './calendar.ts';
import type { CaseState } from './stages.ts';
import type { Case, Flag, IsoDate, Person } from './types.ts';

/** Months a closed case is kept before anonymisation, by how it closed. */
export const DEFAULT_RETENTION_MONTHS = {
  GRANTED: 12 * 6,
  WITHDRAWN: 12 * 6,
  RETURNED: 12 * 6,
  ONWARD_RETURNED: 12 * 6,
} as const satisfies Partial<Record<CaseState, number>>;

export type ClosedState = keyof typeof DEFAULT_RETENTION_MONTHS;

/** The date a case closed, or null while it is open. */
export function closedOn(c: Case): IsoDate | null {
  switch (c.state) {
    case 'GRANTED':
      return c.grantedOn;
    case 'WITHDRAWN':
      return c.withdrawnOn;
    case 'RETURNED':
      return c.returnedOn;
    case 'ONWARD_RETURNED':
      return c.onwardReturnedOn;
    default:
      return null;
  }
}

/** The first day the case may (and should) be anonymised; null while it is open. */
export function retentionEndsOn(
  c: Case,
  months: Readonly<Record<ClosedState, number>> = DEFAULT_RETENTION_MONTHS,
): IsoDate | null {
  const closed = closedOn(c);
  if (closed === null) return null;
  return addMonths(closed, months[c.state as ClosedState]);
}

export function isDueForAnonymisation(
  c: Case,
  date: IsoDate,
  months?: Readonly<Record<ClosedState, number>>,
): boolean {
  const ends = retentionEndsOn(c, months);
  return ends !== null && date >= ends;
}

const ANONYMISED = 'Anonymised';

/**
 * The person with everything identifying removed: names, reference (replaced by the pseudonym),
 * exact date of birth (kept to the year), languages. Nationality, sex and dates of the journey
 * stay for statistics.
 */
export function anonymisePerson(person: Person, pseudonym: string): Person {
  return {
    ...person,
    reference: pseudonym,
    givenNames: ANONYMISED,
    familyName: ANONYMISED,
    dateOfBirth: `${person.dateOfBirth.slice(0, 4)}-01-01`,
    languages: [],
  };
}

/** The case with the claim's narrative, basis and risk profiles removed. */
export function anonymiseCase(c: Case, pseudonym: string): Case {
  return { ...c, reference: pseudonym, claimNarrative: null, claimBasis: null, profiles: [] };
}

/** Flags keep their kind and dates (for statistics) but lose their notes. */
export function anonymiseFlag(flag: Flag): Flag {
  return { ...flag, note: null };
}
