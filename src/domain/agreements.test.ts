import { describe, expect, it } from 'vitest';
import { agreementFactory, safetyAssessment, TODAY } from '../../test/factories/index.ts';
import {
  acceptsNationality,
  agreementInForce,
  agreementYear,
  personProfiles,
  quotaLeft,
  safetyCoverage,
  unacceptedProfiles,
} from './agreements.ts';

describe('agreements', () => {
  it('finds the agreement in force on a date, the newest when two overlap', () => {
    const old = agreementFactory.build({ id: 'old', startsOn: '2025-01-01', endsOn: '2026-06-30' });
    const renewed = agreementFactory.build({ id: 'new', startsOn: '2026-03-01', endsOn: null });
    const other = agreementFactory.build({ id: 'rs', partnerId: 'partner-rs', startsOn: '2020-01-01' });
    const all = [old, renewed, other];
    expect(agreementInForce(all, 'partner-al', '2024-12-31')).toBeNull();
    expect(agreementInForce(all, 'partner-al', '2025-06-01')?.id).toBe('old');
    expect(agreementInForce(all, 'partner-al', '2026-03-01')?.id).toBe('new');
    expect(agreementInForce(all, 'partner-al', '2030-01-01')?.id).toBe('new');
  });

  it.each([
    [{}, 'IQ', true],
    [{ excludedNationalities: ['IQ'] }, 'IQ', false],
    [{ acceptedNationalities: ['ER', 'SD'] }, 'IQ', false],
    [{ acceptedNationalities: ['IQ'], excludedNationalities: ['IQ'] }, 'IQ', false],
  ])('with %o accepts %s: %s', (overrides, nat, expected) => {
    expect(acceptsNationality(agreementFactory.build(overrides), nat)).toBe(expected);
  });

  it('derives single adult or family from the household and keeps recorded risk profiles', () => {
    expect(personProfiles(['lgbtqi'], 1)).toEqual(['single_adult', 'lgbtqi']);
    expect(personProfiles(['single_adult'], 3)).toEqual(['family']);
    expect(
      unacceptedProfiles(agreementFactory.build(), ['single_adult', 'foreign_national_offender']),
    ).toEqual(['foreign_national_offender']);
  });

  it('measures the agreement year from the start date anniversary', () => {
    const a = agreementFactory.build({ startsOn: '2025-07-01' });
    expect(agreementYear(a, '2025-07-01')).toEqual({ from: '2025-07-01', to: '2026-07-01' });
    expect(agreementYear(a, TODAY)).toEqual({ from: '2025-07-01', to: '2026-07-01' });
    expect(agreementYear(a, '2027-08-01')).toEqual({ from: '2027-07-01', to: '2028-07-01' });
  });

  it('reports quota left under both caps', () => {
    const a = agreementFactory.build({ maxConcurrentResidents: 500, maxTransfersPerYear: 1_500 });
    expect(quotaLeft(a, { residents: 480, transfersThisYear: 1_501 })).toEqual({
      residents: 20,
      transfersThisYear: -1,
    });
  });

  it('needs an in-date safe assessment for the nationality and each risk profile, and none unsafe', () => {
    const a = agreementFactory.build({
      safetyAssessments: [
        safetyAssessment('IQ'),
        safetyAssessment('IQ', { profile: 'religious_minority' }),
        safetyAssessment('IQ', { profile: 'lgbtqi', outcome: 'unsafe' }),
        safetyAssessment('ER', { expiresOn: '2026-01-01' }),
      ],
    });
    expect(safetyCoverage(a, 'IQ', [], TODAY).covered).toBe(true);
    expect(safetyCoverage(a, 'IQ', ['religious_minority'], TODAY).covered).toBe(true);
    const lgbt = safetyCoverage(a, 'IQ', ['lgbtqi'], TODAY);
    expect(lgbt.covered).toBe(false);
    expect(lgbt.unsafe).toHaveLength(1);
    expect(safetyCoverage(a, 'ER', [], TODAY)).toMatchObject({ covered: false, missing: [null] });
    expect(safetyCoverage(a, 'ER', [], '2025-12-31').covered).toBe(true);
  });
});
