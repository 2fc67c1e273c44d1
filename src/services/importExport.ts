/**
 * Importing cases from CSV and exporting them to CSV (the format is in caseCsv.ts). An import
 * validates the whole file first and writes nothing unless every line is valid; then it writes
 * every household, person and case with bulk inserts and an audit event for each record, in one
 * transaction. An export reads in pages and records one audit event for the read.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { addDays } from '../domain/calendar.ts';
import type { Actor, Case, Household, Person } from '../domain/types.ts';
import { appendAuditEvents } from '../store/audit.ts';
import type { AuditEventInput } from '../store/audit.ts';
import { bulkInsert, caseRow, householdRow, personRow } from '../store/bulk.ts';
import type { Store } from '../store/db.ts';
import { CASE_FACT_DEFAULTS } from '../store/mappers.ts';
import { cases, households, people } from '../store/schema.ts';
import { authorise } from './authorise.ts';
import { SYSTEM_ACTOR } from './context.ts';
import { CASE_CSV_COLUMNS, csvLine, validateCaseCsv } from './caseCsv.ts';
import type { CaseImportRecord, ImportProblem } from './caseCsv.ts';

export interface ImportOptions {
  /** Dates after this are refused; the import's "today". */
  today: string;
  now?: () => Date;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Told how long each phase took (the benchmark reports where the time goes). */
  onPhase?: (phase: string, milliseconds: number) => void;
}

export type ImportResult =
  | { ok: true; rows: number; people: number; cases: number; households: number; dryRun: boolean }
  | { ok: false; rows: number; problems: ImportProblem[] };

const LOOKUP_CHUNK = 50_000;

function withoutNulls(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/**
 * The CLI acts as the system unless told which user it acts for: whoever can run it already holds
 * the database's credentials, so a role check would add nothing. A named user's role is checked.
 */
function authoriseUnlessSystem(actor: Actor, action: 'import_cases' | 'export_cases'): void {
  if (actor.userId !== SYSTEM_ACTOR.userId) authorise(actor, action);
}

async function existing(
  store: Store,
  column: typeof cases.reference | typeof people.reference | typeof households.reference,
  references: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const table = column === cases.reference ? cases : column === people.reference ? people : households;
  for (let i = 0; i < references.length; i += LOOKUP_CHUNK) {
    // One array parameter rather than one parameter per reference.
    const rows = await store.db
      .select({ reference: column })
      .from(table)
      .where(sql`${column} = any(${sql.param(references.slice(i, i + LOOKUP_CHUNK))}::text[])`);
    for (const r of rows) found.add(r.reference);
  }
  return found;
}

const REFUSED_LINE = new Set(['REFUSED', 'APPEAL_PENDING', 'FINALLY_REFUSED', 'RETURN_PENDING', 'RETURNED']);

/** The domain case an imported line describes (its lifecycle dates; no claim narrative). */
function caseFromRecord(r: CaseImportRecord, caseId: string, personId: string): Case {
  const effective = r.state === 'ABSCONDED' ? r.abscondedFromState : r.state;
  const refusedOn = effective && REFUSED_LINE.has(effective) ? r.decidedOn : null;
  // Columns first, then the defaults (the order V8 builds fastest; see caseFromRow).
  return {
    id: caseId,
    reference: r.caseReference,
    personId,
    state: r.state,
    version: 1,
    allocatedHubId: null,
    transferId: null,
    updatedAt: null,
    ...CASE_FACT_DEFAULTS,
    profiles: [],
    claimLodgedOn: r.claimLodgedOn,
    decidedOn: r.decidedOn,
    grantedOn: effective === 'GRANTED' ? r.decidedOn : null,
    refusedOn,
    appealWindowEndsOn: refusedOn ? addDays(refusedOn, 14) : null,
    appealLodgedOn: r.appealLodgedOn,
    finallyRefusedOn: r.finallyRefusedOn,
    abscondedFromState: r.abscondedFromState,
  };
}

/** Imports a case CSV: all of it, or (when any line has a problem) none of it. */
export async function importCases(
  store: Store,
  actor: Actor,
  text: string,
  options: ImportOptions,
): Promise<ImportResult> {
  authoriseUnlessSystem(actor, 'import_cases');
  let mark = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    options.onPhase?.(name, now - mark);
    mark = now;
  };
  // A first pass without the database finds most problems cheaply; then the references are
  // checked against what is already stored.
  const first = validateCaseCsv(text, { today: options.today });
  if (!first.ok) return { ok: false, rows: first.rows, problems: first.problems };
  const records = first.records;
  phase('parse and validate');
  const [existingCases, existingPeople, existingHouseholds] = await Promise.all([
    existing(
      store,
      cases.reference,
      records.map((r) => r.caseReference),
    ),
    existing(
      store,
      people.reference,
      records.map((r) => r.personReference),
    ),
    existing(store, households.reference, [
      ...new Set(records.flatMap((r) => (r.householdReference ? [r.householdReference] : []))),
    ]),
  ]);
  phase('look up existing references');
  if (existingCases.size + existingPeople.size + existingHouseholds.size > 0) {
    const second = validateCaseCsv(text, {
      today: options.today,
      existingCaseReferences: existingCases,
      existingPersonReferences: existingPeople,
    });
    const problems = second.ok ? [] : [...second.problems];
    const reported = new Set<string>();
    for (const r of records) {
      if (
        r.householdReference &&
        existingHouseholds.has(r.householdReference) &&
        !reported.has(r.householdReference)
      ) {
        reported.add(r.householdReference);
        problems.push({
          line: r.line,
          column: 'household_reference',
          problem: `a household with reference ${r.householdReference} already exists`,
          fix: 'Import adds new households only: use a new household reference for this household.',
        });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, rows: records.length, problems };
  }

  const householdByRef = new Map<string, Household>();
  const householdList: Household[] = [];
  const peopleList: Person[] = [];
  const caseList: Case[] = [];
  for (const r of records) {
    let householdId: string | null = null;
    if (r.householdReference) {
      let household = householdByRef.get(r.householdReference);
      if (!household) {
        household = { id: randomUUID(), reference: r.householdReference, principalPersonId: '' };
        householdByRef.set(r.householdReference, household);
        householdList.push(household);
      }
      householdId = household.id;
    }
    const personId = randomUUID();
    peopleList.push({
      id: personId,
      reference: r.personReference,
      givenNames: r.givenNames,
      familyName: r.familyName,
      dateOfBirth: r.dateOfBirth,
      sex: r.sex,
      nationality: r.nationality,
      householdId,
      householdRole: r.householdRole,
      arrivalDate: r.arrivalDate,
      route: r.route,
      languages: r.languages,
    });
    if (r.householdReference && r.householdRole === 'principal') {
      householdByRef.get(r.householdReference)!.principalPersonId = personId;
    }
    caseList.push(caseFromRecord(r, randomUUID(), personId));
  }
  const result = {
    ok: true as const,
    rows: records.length,
    people: peopleList.length,
    cases: caseList.length,
    households: householdList.length,
    dryRun: options.dryRun ?? false,
  };
  phase('build records');
  if (options.dryRun) return result;

  const occurredAt = (options.now ?? (() => new Date()))();
  const event = (entityType: string, entityId: string, after: unknown): AuditEventInput => ({
    actorId: actor.userId,
    actorRole: actor.role,
    action: `${entityType}.import`,
    entityType,
    entityId,
    after,
    occurredAt,
  });
  await store.db.transaction(async (tx) => {
    await bulkInsert(tx, households, householdList.map(householdRow));
    await bulkInsert(tx, people, peopleList.map(personRow));
    phase('insert households and people');
    await bulkInsert(tx, cases, caseList.map(caseRow));
    phase('insert cases');
    // One event per household and one per case, the case's carrying the person created with it;
    // fields left empty are not repeated (the event records what the import set).
    await appendAuditEvents(tx, [
      ...householdList.map((h) => event('household', h.id, h)),
      ...caseList.map((c, i) =>
        event('case', c.id, { case: withoutNulls(c), person: withoutNulls(peopleList[i]) }),
      ),
    ]);
    phase('hash and insert audit events');
  });
  phase('commit');
  return result;
}

export interface ExportOptions {
  now?: () => Date;
  /** Rows per page read from the database. */
  pageSize?: number;
}

/**
 * Writes every case as CSV, in case-reference order, through `write` (a file or stdout), one
 * page at a time so memory stays flat. Returns the number of cases written.
 */
export async function exportCases(
  store: Store,
  actor: Actor,
  write: (chunk: string) => void | Promise<void>,
  options: ExportOptions = {},
): Promise<number> {
  authoriseUnlessSystem(actor, 'export_cases');
  const pageSize = options.pageSize ?? 5_000;
  await write(csvLine(CASE_CSV_COLUMNS.map((c) => c.name)));
  let after = '';
  let count = 0;
  for (;;) {
    const rows = await store.db
      .select({
        caseReference: cases.reference,
        state: cases.state,
        facts: cases.facts,
        personReference: people.reference,
        givenNames: people.givenNames,
        familyName: people.familyName,
        dateOfBirth: people.dateOfBirth,
        sex: people.sex,
        nationality: people.nationality,
        arrivalDate: people.arrivalDate,
        route: people.route,
        householdRole: people.householdRole,
        languages: people.languages,
        householdReference: households.reference,
      })
      .from(cases)
      .innerJoin(people, eq(people.id, cases.personId))
      .leftJoin(households, eq(households.id, people.householdId))
      .where(gt(cases.reference, after))
      .orderBy(asc(cases.reference))
      .limit(pageSize);
    if (rows.length === 0) break;
    let chunk = '';
    for (const r of rows) {
      const f = r.facts as Partial<Case>;
      const values: Record<(typeof CASE_CSV_COLUMNS)[number]['name'], string> = {
        case_reference: r.caseReference,
        person_reference: r.personReference,
        given_names: r.givenNames,
        family_name: r.familyName,
        date_of_birth: r.dateOfBirth,
        sex: r.sex,
        nationality: r.nationality,
        arrival_date: r.arrivalDate,
        route: r.route,
        household_reference: r.householdReference ?? '',
        household_role: r.householdRole ?? '',
        state: r.state,
        claim_lodged_on: f.claimLodgedOn ?? '',
        decided_on: f.decidedOn ?? '',
        appeal_lodged_on: f.appealLodgedOn ?? '',
        finally_refused_on: f.finallyRefusedOn ?? '',
        absconded_from_state: f.abscondedFromState ?? '',
        languages: (r.languages ?? []).join(';'),
      };
      chunk += csvLine(CASE_CSV_COLUMNS.map((c) => values[c.name]));
    }
    await write(chunk);
    count += rows.length;
    after = rows[rows.length - 1].caseReference;
    if (rows.length < pageSize) break;
  }
  const occurredAt = (options.now ?? (() => new Date()))();
  await store.db.transaction(async (tx) => {
    await appendAuditEvents(tx, [
      {
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'case.export',
        entityType: 'case',
        entityId: '*',
        after: { cases: count, format: 'csv' },
        occurredAt,
      },
    ]);
  });
  return count;
}
