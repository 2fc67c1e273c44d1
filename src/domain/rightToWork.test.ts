import { describe, expect, it } from 'vitest';
import { caseFactory } from '../../test/factories/index.ts';
import { rightToWorkDate, rightToWorkStatus } from './rightToWork.ts';

describe('right to work', () => {
  const waiting = caseFactory.awaitingDecision({ claimLodgedOn: '2025-02-28' });

  it('falls 12 months after the claim was lodged by default, or after the configured threshold', () => {
    expect(rightToWorkDate(waiting)).toBe('2026-02-28');
    expect(rightToWorkDate(waiting, { thresholdMonths: 6 })).toBe('2025-08-28');
  });

  it('does not apply once the initial decision is made', () => {
    expect(rightToWorkDate(caseFactory.refused({ claimLodgedOn: '2025-02-28' }))).toBeNull();
    expect(rightToWorkDate(caseFactory.arrived())).toBeNull();
  });

  it.each([
    ['2026-02-27', {}, false],
    ['2026-02-28', {}, true],
    ['2026-06-01', { delayAttributedToClaimant: true }, false],
  ])('on %s with %o may apply: %s', (date, options, expected) => {
    expect(rightToWorkStatus(waiting, date, options).mayApplyOn).toBe(expected);
  });
});
