import { describe, expect, it } from 'vitest';
import { caseFactory, flagFactory, personFactory } from '../../test/factories/index.ts';
import {
  anonymiseCase,
  anonymiseFlag,
  anonymisePerson,
  isDueForAnonymisation,
  retentionEndsOn,
} from './retention.ts';

describe('retention', () => {
  it.each([
    [caseFactory.inState('GRANTED', { grantedOn: '2025-03-03' }), '2031-03-03'],
    [caseFactory.inState('RETURNED', { returnedOn: '2025-11-01' }), '2031-11-01'],
    [caseFactory.inState('ONWARD_RETURNED', { onwardReturnedOn: '2026-03-02' }), '2032-03-02'],
    [caseFactory.inHub(), null],
    [caseFactory.finallyRefused(), null],
  ])('keeps a closed case for six years by default (%#)', (c, ends) => {
    expect(retentionEndsOn(c)).toBe(ends);
  });

  it('anonymises from the end of the retention period, never an open case', () => {
    const granted = caseFactory.inState('GRANTED', { grantedOn: '2020-01-10' });
    expect(isDueForAnonymisation(granted, '2026-01-09')).toBe(false);
    expect(isDueForAnonymisation(granted, '2026-01-10')).toBe(true);
    expect(isDueForAnonymisation(caseFactory.appealPending(), '2099-01-01')).toBe(false);
  });

  it('removes names, reference, exact birth date, claim narrative, profiles and notes', () => {
    const person = personFactory.build({
      givenNames: 'Amira',
      familyName: 'Haddad',
      dateOfBirth: '1990-07-14',
    });
    const c = caseFactory.inState('GRANTED', { profiles: ['lgbtqi'] });
    const text = JSON.stringify([
      anonymisePerson(person, 'P-1'),
      anonymiseCase(c, 'P-1'),
      anonymiseFlag(flagFactory.build({ note: 'Scars consistent with account' })),
    ]);
    for (const secret of [
      'Amira',
      'Haddad',
      person.reference,
      '1990-07-14',
      c.reference,
      'Detained',
      'lgbtqi',
      'Scars',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(anonymisePerson(person, 'P-1')).toMatchObject({
      dateOfBirth: '1990-01-01',
      nationality: person.nationality,
    });
  });
});
