import { describe, expect, it } from 'vitest';
import { actorFactory, caseFactory, flagFactory, personFactory } from '../../test/factories/index.ts';
import type { Action, Scope } from './permissions.ts';
import {
  ACTIONS,
  can,
  canActOn,
  CASE_FIELDS,
  grantedPairs,
  minimiseFor,
  PERMISSIONS,
  pseudonymOf,
  scopeOf,
} from './permissions.ts';
import type { Role } from './types.ts';
import { ROLES } from './types.ts';

/** The matrix, cell by cell: every role × action pair with the scope it must have. */
const cells: [Role, Action, Scope][] = ROLES.flatMap((role) =>
  ACTIONS.map((action): [Role, Action, Scope] => [role, action, PERMISSIONS[action][role]]),
);

describe('the role × action table', () => {
  it('has a cell for every role and action', () => {
    expect(cells).toHaveLength(ROLES.length * ACTIONS.length);
    for (const action of ACTIONS) expect(Object.keys(PERMISSIONS[action]).sort()).toEqual([...ROLES].sort());
  });

  it.each(cells)('%s may %s: %s', (role, action, scope) => {
    const actor = actorFactory.withRole(role);
    expect(scopeOf(role, action)).toBe(scope);
    expect(can(actor, action)).toBe(scope !== false);
    const own = { partnerId: 'partner-al' };
    const other = { partnerId: 'partner-rs' };
    expect(canActOn(actor, action, own)).toBe(scope !== false);
    expect(canActOn(actor, action, other)).toBe(scope !== false && scope !== 'ownPartner');
  });

  it('denies anything not in the table', () => {
    expect(scopeOf('caseworker', 'launch_missiles' as Action)).toBe(false);
    expect(can(actorFactory.caseworker(), 'launch_missiles' as Action)).toBe(false);
  });

  it.each([
    ['caseworker', 'read_person_full', 'all'],
    ['caseworker', 'approve_allocation', false],
    ['senior_caseworker', 'approve_allocation', 'all'],
    ['partner_officer', 'read_person_full', false],
    ['partner_officer', 'read_resident_minimised', 'ownPartner'],
    ['partner_officer', 'record_hub_movement', 'ownPartner'],
    ['monitor', 'read_person_full', false],
    ['monitor', 'read_person_pseudonymised', 'pseudonymised'],
    ['monitor', 'verify_audit', 'all'],
    ['finance', 'read_finance', 'all'],
    ['finance', 'read_person_pseudonymised', false],
    ['analyst', 'run_simulations', 'all'],
    ['analyst', 'read_person_full', false],
    ['admin', 'manage_users', 'all'],
    ['admin', 'manage_partners', 'all'],
    ['admin', 'read_person_full', false],
  ] as const)('follows DOMAIN.md: %s / %s = %s', (role, action, scope) => {
    expect(scopeOf(role, action)).toBe(scope);
  });

  it('denies a partner officer with no partner everything scoped to their partner', () => {
    const orphan = actorFactory.withRole('partner_officer', { partnerId: null });
    expect(can(orphan, 'record_hub_movement')).toBe(false);
    expect(canActOn(orphan, 'record_hub_movement', { partnerId: null })).toBe(false);
  });

  it('lists the granted pairs for the matrix test through the API', () => {
    const granted = grantedPairs();
    expect(granted.length).toBe(cells.filter((c) => c[2] !== false).length);
    expect(granted).toContainEqual({ role: 'analyst', action: 'run_simulations', scope: 'all' });
  });
});

describe('minimiseFor', () => {
  const person = personFactory.build({ id: 'person-x', givenNames: 'Amira', familyName: 'Haddad' });
  const c = caseFactory.inHub({
    personId: 'person-x',
    claimNarrative: 'Persecuted for religious conversion.',
    profiles: ['religious_minority'],
  });
  const flags = [flagFactory.seriousIllness({ note: 'Oncology follow-up at St Thomas’ Hospital' })];

  it('gives caseworkers the full record', () => {
    const seen = minimiseFor('caseworker', { person, case: c, flags });
    expect(seen.person).toEqual(person);
    expect(seen.case).toEqual(c);
    expect(seen.flags).toEqual(flags);
  });

  it('gives a partner officer what is needed to house and care for a resident, never the claim', () => {
    const seen = minimiseFor('partner_officer', { person, case: c, flags });
    expect(seen.person).toMatchObject({ givenNames: 'Amira', familyName: 'Haddad', languages: ['ar'] });
    expect(seen.person).not.toHaveProperty('route');
    expect(seen.case).not.toHaveProperty('claimNarrative');
    expect(seen.case).not.toHaveProperty('claimBasis');
    expect(seen.case).not.toHaveProperty('profiles');
    expect(seen.case).not.toHaveProperty('refusedOn');
    expect(seen.case).toMatchObject({ state: 'IN_HUB', allocatedHubId: c.allocatedHubId });
    expect(seen.flags).toEqual([{ kind: 'serious_illness', status: 'confirmed', dueOn: null }]);
  });

  it('gives a monitor a pseudonym and never a name, reference or exact date of birth', () => {
    const seen = minimiseFor('monitor', { person, case: c, flags }, { pseudonymKey: 'k' });
    const text = JSON.stringify(seen);
    for (const secret of [
      'Amira',
      'Haddad',
      person.reference,
      person.dateOfBirth,
      'person-x',
      'Persecuted',
      c.reference,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(seen.pseudonym).toBe(pseudonymOf('person-x', 'k'));
    expect(seen.case).toMatchObject({ state: 'IN_HUB' });
  });

  it('gives finance money-relevant case fields and nothing personal', () => {
    const seen = minimiseFor('finance', { person, case: c, flags });
    expect(seen.person).toBeUndefined();
    expect(seen.flags).toBeUndefined();
    expect(Object.keys(seen.case!).sort()).toEqual([...CASE_FIELDS.finance].sort());
  });

  it.each(['analyst', 'admin'] as const)('gives %s nothing of a person’s record', (role) => {
    expect(minimiseFor(role, { person, case: c, flags })).toEqual({});
  });

  it('makes pseudonyms stable for one key and different under another', () => {
    expect(pseudonymOf('person-x', 'k')).toBe(pseudonymOf('person-x', 'k'));
    expect(pseudonymOf('person-x', 'k')).not.toBe(pseudonymOf('person-x', 'other'));
    expect(pseudonymOf('person-x', 'k')).toMatch(/^P-[0-9A-F]{12}$/);
  });
});
