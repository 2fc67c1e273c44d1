/**
 * Partner agreements: which is in force on a date, whom it accepts, what quota is left, and whether
 * an in-date safety assessment covers a person's nationality and profile.
 */
import { addMonths } from './calendar.ts';
import type { Agreement, CountryCode, IsoDate, Profile, SafetyAssessment } from './types.ts';

export function isAgreementInForce(
  agreement: Pick<Agreement, 'startsOn' | 'endsOn'>,
  date: IsoDate,
): boolean {
  return agreement.startsOn <= date && (agreement.endsOn === null || date <= agreement.endsOn);
}

/** The partner's agreement in force on `date` (the most recently started if several overlap). */
export function agreementInForce(
  agreements: readonly Agreement[],
  partnerId: string,
  date: IsoDate,
): Agreement | null {
  let best: Agreement | null = null;
  for (const a of agreements) {
    if (a.partnerId !== partnerId || !isAgreementInForce(a, date)) continue;
    if (best === null || a.startsOn > best.startsOn) best = a;
  }
  return best;
}

export function acceptsNationality(agreement: Agreement, nationality: CountryCode): boolean {
  if (agreement.excludedNationalities.includes(nationality)) return false;
  return (
    agreement.acceptedNationalities.length === 0 || agreement.acceptedNationalities.includes(nationality)
  );
}

/** The person's profiles the agreement does not accept (empty: all accepted). */
export function unacceptedProfiles(agreement: Agreement, profiles: readonly Profile[]): Profile[] {
  return profiles.filter(
    (p) =>
      agreement.excludedProfiles.includes(p) ||
      (agreement.acceptedProfiles.length > 0 && !agreement.acceptedProfiles.includes(p)),
  );
}

/**
 * A person's profiles for agreements: the risk profiles recorded on their case plus the derived
 * `family` (a household of more than one) or `single_adult`.
 */
export function personProfiles(recorded: readonly Profile[], householdSize: number): Profile[] {
  const derived: Profile = householdSize > 1 ? 'family' : 'single_adult';
  const out = recorded.filter((p) => p !== 'family' && p !== 'single_adult');
  return [derived, ...out];
}

/** The agreement year containing `date`: from an anniversary of `startsOn` to the next (exclusive). */
export function agreementYear(
  agreement: Pick<Agreement, 'startsOn'>,
  date: IsoDate,
): { from: IsoDate; to: IsoDate } {
  let from = agreement.startsOn;
  if (date < from) return { from, to: addMonths(from, 12) };
  for (let years = 1; addMonths(agreement.startsOn, 12 * years) <= date; years += 1) {
    from = addMonths(agreement.startsOn, 12 * years);
  }
  return { from, to: addMonths(from, 12) };
}

export interface AgreementUse {
  /** People resident in any of the partner's hubs now, plus those allocated and not yet arrived. */
  residents: number;
  /** Transfers (arrivals plus allocations not yet arrived) counted in the current agreement year. */
  transfersThisYear: number;
}

export interface QuotaLeft {
  residents: number;
  transfersThisYear: number;
}

/** Room left under the agreement's caps (negative when over a cap). */
export function quotaLeft(agreement: Agreement, use: AgreementUse): QuotaLeft {
  return {
    residents: agreement.maxConcurrentResidents - use.residents,
    transfersThisYear: agreement.maxTransfersPerYear - use.transfersThisYear,
  };
}

export interface SafetyCoverage {
  /** True when every needed assessment is in date and safe, and none in date says unsafe. */
  covered: boolean;
  /** Assessments needed but missing or expired: `null` is the general one for the nationality. */
  missing: (Profile | null)[];
  /** In-date assessments that found the country unsafe for this nationality or profile. */
  unsafe: SafetyAssessment[];
}

function inDate(a: SafetyAssessment, date: IsoDate): boolean {
  return a.assessedOn <= date && date <= a.expiresOn;
}

/**
 * Whether in-date assessments find the partner country safe for this nationality in general and for
 * each of the person's recorded risk profiles (derived profiles need only the general one).
 */
export function safetyCoverage(
  agreement: Agreement,
  nationality: CountryCode,
  riskProfiles: readonly Profile[],
  date: IsoDate,
): SafetyCoverage {
  const relevant = agreement.safetyAssessments.filter(
    (a) => a.nationality === nationality && inDate(a, date),
  );
  const needed: (Profile | null)[] = [
    null,
    ...riskProfiles.filter((p) => p !== 'single_adult' && p !== 'family'),
  ];
  const unsafe = relevant.filter(
    (a) => a.outcome === 'unsafe' && (a.profile === null || riskProfiles.includes(a.profile)),
  );
  const missing = needed.filter((p) => !relevant.some((a) => a.profile === p && a.outcome === 'safe'));
  return { covered: missing.length === 0 && unsafe.length === 0, missing, unsafe };
}
