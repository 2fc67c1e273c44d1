/**
 * Permission to work: someone who has waited more than the threshold (12 months today, a lever in
 * the simulator) for an initial decision, through no fault of their own, may apply (Immigration
 * Rules part 11B, para 360).
 */
import { addMonths } from './calendar.ts';
import type { Case, IsoDate } from './types.ts';

export const DEFAULT_RIGHT_TO_WORK_MONTHS = 12;

export interface RightToWorkOptions {
  thresholdMonths?: number;
}

/** The date from which the person may apply, or null when there is no pending initial claim. */
export function rightToWorkDate(
  c: Pick<Case, 'claimLodgedOn' | 'state'>,
  options: RightToWorkOptions = {},
): IsoDate | null {
  if (c.claimLodgedOn === null) return null;
  if (c.state !== 'CLAIM_LODGED' && c.state !== 'AWAITING_DECISION') return null;
  return addMonths(c.claimLodgedOn, options.thresholdMonths ?? DEFAULT_RIGHT_TO_WORK_MONTHS);
}

export interface RightToWorkStatus {
  eligibleFrom: IsoDate | null;
  mayApplyOn: boolean;
  reason: string;
}

/**
 * Whether the person may apply for permission to work on `date`. `delayAttributedToClaimant` is a
 * caseworker's recorded finding that the delay was the claimant's fault.
 */
export function rightToWorkStatus(
  c: Pick<Case, 'claimLodgedOn' | 'state'>,
  date: IsoDate,
  options: RightToWorkOptions & { delayAttributedToClaimant?: boolean } = {},
): RightToWorkStatus {
  const eligibleFrom = rightToWorkDate(c, options);
  if (eligibleFrom === null) {
    return { eligibleFrom, mayApplyOn: false, reason: 'There is no initial claim awaiting a decision.' };
  }
  if (options.delayAttributedToClaimant === true) {
    return {
      eligibleFrom,
      mayApplyOn: false,
      reason: 'The delay in deciding the claim has been recorded as the claimant’s responsibility.',
    };
  }
  if (date < eligibleFrom) {
    return {
      eligibleFrom,
      mayApplyOn: false,
      reason: `May apply for permission to work from ${eligibleFrom}.`,
    };
  }
  return {
    eligibleFrom,
    mayApplyOn: true,
    reason: `Waiting since ${c.claimLodgedOn} for an initial decision.`,
  };
}
