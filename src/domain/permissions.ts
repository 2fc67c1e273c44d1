/**
 * Who may do what (DOMAIN.md "Who uses it"): one table of role × action, denied unless granted,
 * and one table of the fields each role may see of a person and a case.
 *
 * Scopes: `all` — any record; `ownPartner` — only records at the actor's own partner's hubs;
 * `pseudonymised` — only with names and identifiers replaced by pseudonyms; `false` — never.
 */
import { createHmac } from 'node:crypto';
import type { Actor, Case, Flag, Person, Role } from './types.ts';
import { ROLES } from './types.ts';

export const ACTIONS = [
  'read_person_full',
  'read_resident_minimised',
  'read_person_pseudonymised',
  'create_person',
  'edit_person',
  'manage_claim',
  'record_decision',
  'manage_flags',
  'manage_holds',
  'manage_accommodation',
  'manage_return',
  'approve_allocation',
  'propose_allocation',
  'prepare_transfer',
  'schedule_transfer',
  'record_hub_movement',
  'record_contact',
  'record_incident',
  'read_incidents',
  'read_hubs',
  'manage_partners',
  'read_audit',
  'verify_audit',
  'read_finance',
  'manage_invoices',
  'manage_webhooks',
  'read_statistics',
  'run_simulations',
  'manage_users',
  'import_cases',
  'export_cases',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Scope = 'all' | 'ownPartner' | 'pseudonymised' | false;

/** What each action means, for the admin pages and the API docs. */
export const ACTION_DESCRIPTIONS = {
  read_person_full: 'Read a person’s full record, including the claim',
  read_resident_minimised:
    'Read a hub resident’s minimised record (what is needed to house and care for them)',
  read_person_pseudonymised: 'Read pseudonymised records (no names, no identifiers)',
  create_person: 'Register a person, household and claim',
  edit_person: 'Correct a person’s details',
  manage_claim: 'Lodge claims and appeals, record withdrawals and the appeal window closing',
  record_decision: 'Record a decision on a claim, appeal or fresh claim (with reasons and evidence)',
  manage_flags: 'Raise and close vulnerability flags',
  manage_holds: 'Record and lift holds (court orders, further submissions)',
  manage_accommodation: 'Record UK accommodation placements',
  manage_return: 'Record returns from the UK',
  approve_allocation: 'Approve or cancel hub allocations',
  propose_allocation: 'Ask the optimiser for a hub allocation proposal and read proposals',
  prepare_transfer: 'Record fitness to travel and serve notice of transfer',
  schedule_transfer: 'Schedule transfers, finalise manifests and record departures',
  record_hub_movement: 'Record arrivals at a hub, onward returns and returns to the UK',
  record_contact: 'Record absconding and contact restored',
  record_incident: 'Record incidents at a hub or during transfer',
  read_incidents: 'Read incidents',
  read_hubs: 'Read hubs, agreements and occupancy',
  manage_partners: 'Manage partners, agreements and hubs',
  read_audit: 'Read the audit trail',
  verify_audit: 'Verify the audit trail’s hash chain',
  read_finance: 'Read payments, invoices and accommodation costs',
  manage_invoices: 'Generate and reconcile invoices',
  manage_webhooks: 'Subscribe webhooks to hub events and read their delivery log',
  read_statistics: 'Read aggregated statistics',
  run_simulations: 'Run and compare simulator scenarios',
  manage_users: 'Manage users and API tokens',
  import_cases: 'Import cases from CSV',
  export_cases: 'Export cases',
} as const satisfies Record<Action, string>;

const F = false as const;

/**
 * The table. A row per action, a column per role. Anything not granted here is denied.
 * Order of columns: caseworker, senior caseworker, partner officer, monitor, finance, analyst, admin.
 */
// prettier-ignore
export const PERMISSIONS = {
  //                         caseworker  senior       partner_officer  monitor          finance analyst admin
  read_person_full:          row('all', 'all', F, F, F, F, F),
  read_resident_minimised:   row('all', 'all', 'ownPartner', F, F, F, F),
  read_person_pseudonymised: row('all', 'all', F, 'pseudonymised', F, F, F),
  create_person:             row('all', 'all', F, F, F, F, F),
  edit_person:               row('all', 'all', F, F, F, F, F),
  manage_claim:              row('all', 'all', F, F, F, F, F),
  record_decision:           row('all', 'all', F, F, F, F, F),
  manage_flags:              row('all', 'all', F, F, F, F, F),
  manage_holds:              row('all', 'all', F, F, F, F, F),
  manage_accommodation:      row('all', 'all', F, F, F, F, F),
  manage_return:             row('all', 'all', F, F, F, F, F),
  approve_allocation:        row(F, 'all', F, F, F, F, F),
  propose_allocation:        row('all', 'all', F, F, F, F, F),
  prepare_transfer:          row('all', 'all', F, F, F, F, F),
  schedule_transfer:         row(F, 'all', F, F, F, F, F),
  record_hub_movement:       row(F, 'all', 'ownPartner', F, F, F, F),
  record_contact:            row('all', 'all', 'ownPartner', F, F, F, F),
  record_incident:           row('all', 'all', 'ownPartner', F, F, F, F),
  read_incidents:            row('all', 'all', 'ownPartner', 'pseudonymised', F, F, F),
  read_hubs:                 row('all', 'all', 'ownPartner', 'all', 'all', F, 'all'),
  manage_partners:           row(F, F, F, F, F, F, 'all'),
  read_audit:                row(F, 'all', F, 'pseudonymised', F, F, F),
  verify_audit:              row(F, 'all', F, 'all', F, F, 'all'),
  read_finance:              row(F, F, 'ownPartner', F, 'all', F, F),
  manage_invoices:           row(F, F, F, F, 'all', F, F),
  manage_webhooks:           row(F, F, 'ownPartner', F, F, F, 'all'),
  read_statistics:           row('all', 'all', 'ownPartner', 'all', 'all', 'all', 'all'),
  run_simulations:           row(F, F, F, F, F, 'all', F),
  manage_users:              row(F, F, F, F, F, F, 'all'),
  import_cases:              row(F, 'all', F, F, F, F, F),
  export_cases:              row(F, 'all', F, F, F, F, F),
} as const satisfies Record<Action, Record<Role, Scope>>;

function row(
  caseworker: Scope,
  senior_caseworker: Scope,
  partner_officer: Scope,
  monitor: Scope,
  finance: Scope,
  analyst: Scope,
  admin: Scope,
): Record<Role, Scope> {
  return { caseworker, senior_caseworker, partner_officer, monitor, finance, analyst, admin };
}

/** The scope the actor's role has for the action (`false`: denied). */
export function scopeOf(role: Role, action: Action): Scope {
  return (PERMISSIONS[action] as Record<Role, Scope> | undefined)?.[role] ?? false;
}

/**
 * Whether the actor may do the action at all (in some scope). A partner officer with no partner
 * is denied everything scoped to their own partner.
 */
export function can(actor: Actor, action: Action): boolean {
  const scope = scopeOf(actor.role, action);
  if (scope === 'ownPartner') return actor.partnerId !== null;
  return scope !== false;
}

/**
 * Whether the actor may do the action to a record belonging to `target.partnerId` (the partner
 * whose hub the person is allocated to or resident in; null when none).
 */
export function canActOn(actor: Actor, action: Action, target: { partnerId: string | null }): boolean {
  const scope = scopeOf(actor.role, action);
  if (scope === false) return false;
  if (scope === 'ownPartner') return actor.partnerId !== null && target.partnerId === actor.partnerId;
  return true;
}

/** Every (role, action) pair that is granted: for the matrix test and the admin page. */
export function grantedPairs(): { role: Role; action: Action; scope: Exclude<Scope, false> }[] {
  const out: { role: Role; action: Action; scope: Exclude<Scope, false> }[] = [];
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const scope = scopeOf(role, action);
      if (scope !== false) out.push({ role, action, scope });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Field minimisation

type FieldList<T> = 'all' | readonly (keyof T)[];

/**
 * The person fields each role may see. Partner officers: what is needed to house and care for a
 * resident. Monitors: no names, no reference, no exact date of birth (a pseudonym stands for
 * them). Finance: nothing personal. Analysts and administrators: nothing.
 */
export const PERSON_FIELDS = {
  caseworker: 'all',
  senior_caseworker: 'all',
  partner_officer: [
    'id',
    'reference',
    'givenNames',
    'familyName',
    'dateOfBirth',
    'sex',
    'nationality',
    'householdId',
    'householdRole',
    'languages',
  ],
  monitor: ['sex', 'nationality', 'householdRole', 'arrivalDate', 'route'],
  finance: [],
  analyst: [],
  admin: [],
} as const satisfies Record<Role, FieldList<Person>>;

/**
 * The case fields each role may see. No role but caseworkers sees the claim narrative, its basis
 * or the risk profiles (persecution details and special-category data).
 */
export const CASE_FIELDS = {
  caseworker: 'all',
  senior_caseworker: 'all',
  partner_officer: [
    'id',
    'reference',
    'personId',
    'state',
    'version',
    'allocatedHubId',
    'transferId',
    'transferScheduledFor',
    'departedOn',
    'arrivedInHubOn',
    'leftHubOn',
    'fitToTravelConfirmedOn',
    'onwardReturnedOn',
    'returnedToUkOn',
    'returnedToUkReason',
    'abscondedOn',
  ],
  monitor: [
    'state',
    'claimLodgedOn',
    'decidedOn',
    'grantedOn',
    'withdrawnOn',
    'refusedOn',
    'appealWindowEndsOn',
    'appealLodgedOn',
    'appealDecidedOn',
    'finallyRefusedOn',
    'freshClaimAcceptedOn',
    'fitToTravelConfirmedOn',
    'noticeOfTransferServedOn',
    'allocatedHubId',
    'allocatedOn',
    'transferScheduledFor',
    'departedOn',
    'arrivedInHubOn',
    'leftHubOn',
    'onwardReturnedOn',
    'returnedToUkOn',
    'returnedToUkReason',
    'returnStartedOn',
    'returnedOn',
    'returnKind',
    'abscondedFromState',
    'abscondedOn',
  ],
  finance: ['state', 'allocatedHubId', 'arrivedInHubOn', 'leftHubOn'],
  analyst: [],
  admin: [],
} as const satisfies Record<Role, FieldList<Case>>;

/** Flag fields: partner officers see what kind of care is needed, never the note. */
export const FLAG_FIELDS = {
  caseworker: 'all',
  senior_caseworker: 'all',
  partner_officer: ['kind', 'status', 'dueOn'],
  monitor: ['kind', 'status', 'raisedOn', 'closedOn'],
  finance: [],
  analyst: [],
  admin: [],
} as const satisfies Record<Role, FieldList<Flag>>;

/** Roles that see a pseudonym in place of the person's identity. */
export const PSEUDONYMISED_ROLES: readonly Role[] = ['monitor'];

/**
 * A stable pseudonym for an id: keyed HMAC-SHA-256, so it cannot be reversed by guessing ids
 * without the key. The service supplies the key from configuration.
 */
export function pseudonymOf(id: string, key: string): string {
  return `P-${createHmac('sha256', key).update(id).digest('hex').slice(0, 12).toUpperCase()}`;
}

function pick<T extends object>(record: T, fields: FieldList<T>): Partial<T> {
  if (fields === 'all') return { ...record };
  const out: Partial<T> = {};
  for (const f of fields) if (f in record) out[f] = record[f];
  return out;
}

function seesAny(fields: 'all' | readonly unknown[]): boolean {
  return fields === 'all' || fields.length > 0;
}

export interface MinimisedRecord {
  /** Present for pseudonymised roles in place of ids, names and reference. */
  pseudonym?: string;
  person?: Partial<Person>;
  case?: Partial<Case>;
  flags?: Partial<Flag>[];
}

/**
 * What `role` may see of a person's record. Fields are dropped, never blanked, so a view cannot
 * accidentally render them. Monitors get a pseudonym (pass `pseudonymKey`); roles that may see
 * nothing get an empty object.
 */
export function minimiseFor(
  role: Role,
  record: { person?: Person; case?: Case; flags?: readonly Flag[] },
  options: { pseudonymKey?: string } = {},
): MinimisedRecord {
  const out: MinimisedRecord = {};
  if (PSEUDONYMISED_ROLES.includes(role)) {
    const id = record.person?.id ?? record.case?.personId;
    if (id !== undefined) out.pseudonym = pseudonymOf(id, options.pseudonymKey ?? '');
  }
  if (record.person !== undefined && seesAny(PERSON_FIELDS[role])) {
    out.person = pick(record.person, PERSON_FIELDS[role]);
  }
  if (record.case !== undefined && seesAny(CASE_FIELDS[role])) {
    out.case = pick(record.case, CASE_FIELDS[role]);
  }
  if (record.flags !== undefined && seesAny(FLAG_FIELDS[role])) {
    out.flags = record.flags.map((f) => pick(f, FLAG_FIELDS[role]));
  }
  return out;
}

/** The person fields a role may see (for views that render field by field). */
export function visiblePersonFields(role: Role): readonly (keyof Person)[] | 'all' {
  return PERSON_FIELDS[role];
}

/** The case fields a role may see. */
export function visibleCaseFields(role: Role): readonly (keyof Case)[] | 'all' {
  return CASE_FIELDS[role];
}
