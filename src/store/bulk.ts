/**
 * Bulk inserts for the import and the demo seed: thousands of rows per statement. Batching matters
 * about 25 times more than the engine (reference/stack.md), and `unnest` of column arrays was the
 * fastest pattern measured there and here (about three times drizzle's multi-row VALUES). Callers
 * pass a transaction so the whole load commits or none of it does.
 *
 * The row builders map the domain's records (src/domain/types.ts) onto the schema's columns; the
 * case's lifecycle dates and claim go into `facts` whole, keyed by the domain's field names.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type {
  AccommodationPlacement,
  Agreement,
  Case,
  DecisionRecord,
  Flag,
  Hold,
  Household,
  Hub,
  Partner,
  Person,
  Transfer,
} from '../domain/types.ts';
import type { Executor } from './db.ts';
import { caseFacts } from './mappers.ts';
import type * as schema from './schema.ts';

/** Rows per statement: the whole chunk is one JSON parameter, so this bounds memory only. */
const CHUNK_ROWS = 10_000;

/**
 * Inserts every row with `insert ... select ... from json_to_recordset($1::json)`: a chunk of
 * 10,000 rows is one statement with one parameter, serialised by the engine's own JSON.stringify
 * (faster than the drivers' escaping of one array per column) and parsed once by PostgreSQL.
 * Dates go as ISO strings; jsonb columns nest as JSON. Every row must have the same keys: the
 * columns are taken from the first row.
 *
 * Pipelined: rows may come lazily (a generator), and the next chunk is built and serialised here
 * while the database inserts the one before (on a server, the two run on different cores). At
 * most two chunks are in flight; if one fails the transaction is aborted and the first error is
 * thrown.
 */
export async function bulkInsert<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: Iterable<T['$inferInsert']>,
): Promise<void> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  let specs: { key: string; name: string; type: string }[] | undefined;
  let statement: ((json: string) => SQL) | undefined;
  const inFlight: Promise<unknown>[] = [];
  let chunk: Record<string, unknown>[] = [];
  const send = () => {
    // Promise.resolve runs Drizzle's lazy query exactly once, now.
    const sent = Promise.resolve(tx.execute(statement!(JSON.stringify(chunk))));
    sent.catch(() => undefined);
    inFlight.push(sent);
    chunk = [];
  };
  for (const row of rows as Iterable<Record<string, unknown>>) {
    if (!specs) {
      specs = Object.keys(row)
        .filter((key) => columns[key] !== undefined)
        .map((key) => ({ key, name: columns[key]!.name, type: columns[key]!.getSQLType() }));
      const names = specs.map((s) => `"${s.name}"`).join(', ');
      const shape = specs.map((s) => `"${s.name}" ${s.type}`).join(', ');
      statement = (json) =>
        sql`insert into ${sql.raw(`"${getTableName(table)}" (${names})`)} select ${sql.raw(names)} from json_to_recordset(${json}::json) as r(${sql.raw(shape)})`;
    }
    const out: Record<string, unknown> = {};
    for (const s of specs) out[s.name] = row[s.key] ?? null;
    chunk.push(out);
    if (chunk.length === CHUNK_ROWS) {
      send();
      if (inFlight.length >= 2) await inFlight.shift();
    }
  }
  if (chunk.length > 0) send();
  await Promise.all(inFlight);
}

// --- row builders -------------------------------------------------------------------------------

export const partnerRow = (p: Partner): typeof schema.partners.$inferInsert => ({
  id: p.id,
  name: p.name,
  countryCode: p.countryCode,
});

export const agreementRow = (a: Agreement): typeof schema.agreements.$inferInsert => ({
  id: a.id,
  partnerId: a.partnerId,
  reference: a.reference,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  perPersonFeePence: a.perPersonFeePence,
  perNightFeePence: a.perNightFeePence,
  fixedFeePerYearPence: a.fixedFeePerYearPence,
  maxConcurrentResidents: a.maxConcurrentResidents,
  maxTransfersPerYear: a.maxTransfersPerYear,
  acceptedNationalities: a.acceptedNationalities,
  excludedNationalities: a.excludedNationalities,
  acceptedProfiles: a.acceptedProfiles,
  excludedProfiles: a.excludedProfiles,
  familiesAllowed: a.familiesAllowed,
  maxStayDays: a.maxStayDays,
  monitoringBody: a.monitoringBody,
});

export const safetyAssessmentRows = (a: Agreement): (typeof schema.safetyAssessments.$inferInsert)[] =>
  a.safetyAssessments.map((s) => ({
    agreementId: a.id,
    nationality: s.nationality,
    profile: s.profile,
    outcome: s.outcome,
    assessedOn: s.assessedOn,
    expiresOn: s.expiresOn,
    reference: s.reference,
  }));

export const hubRow = (h: Hub): typeof schema.hubs.$inferInsert => ({
  id: h.id,
  partnerId: h.partnerId,
  name: h.name,
  places: h.places,
  outOfService: h.outOfService,
  meetsNeeds: h.meetsNeeds,
  openedOn: h.openedOn,
  closedOn: h.closedOn,
});

export const householdRow = (h: Household): typeof schema.households.$inferInsert => ({
  id: h.id,
  reference: h.reference,
  principalPersonId: h.principalPersonId,
});

export const personRow = (p: Person): typeof schema.people.$inferInsert => ({
  id: p.id,
  reference: p.reference,
  givenNames: p.givenNames,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  nationality: p.nationality,
  householdId: p.householdId,
  householdRole: p.householdRole,
  arrivalDate: p.arrivalDate,
  route: p.route,
  languages: p.languages,
});

/** Everything in a Case that is not a column goes into `facts`, under the domain's names. */
export function caseRow(c: Case): typeof schema.cases.$inferInsert {
  const { id, reference, personId, state, version, allocatedHubId, transferId, updatedAt } = c;
  return {
    id,
    reference,
    personId,
    state,
    version,
    allocatedHubId,
    transferId,
    // Empty facts are left out: readers fill them from CASE_FACT_DEFAULTS, and a 100,000-case
    // import then stores (and PostgreSQL parses) a fifth of the JSON.
    facts: caseFacts(c, true),
    // Every row must carry the same columns (bulkInsert takes them from the first row).
    updatedAt: updatedAt ? new Date(updatedAt) : new Date(),
  };
}

export const decisionRow = (d: DecisionRecord): typeof schema.decisions.$inferInsert => ({
  id: d.id,
  caseId: d.caseId,
  kind: d.kind,
  outcome: d.outcome,
  rationale: d.rationale,
  evidence: d.evidence,
  decidedOn: d.decidedOn,
  decidedBy: d.decidedBy,
});

export const flagRow = (f: Flag): typeof schema.flags.$inferInsert => ({
  id: f.id,
  personId: f.personId,
  kind: f.kind,
  status: f.status,
  raisedOn: f.raisedOn,
  closedOn: f.closedOn,
  dueOn: f.dueOn,
  note: f.note,
  raisedBy: f.raisedBy,
});

export const holdRow = (h: Hold): typeof schema.holds.$inferInsert => ({
  id: h.id,
  caseId: h.caseId,
  kind: h.kind,
  startedOn: h.startedOn,
  liftedOn: h.liftedOn,
  reference: h.reference,
  note: h.note,
  recordedBy: h.recordedBy,
});

export const transferRow = (t: Transfer): typeof schema.transfers.$inferInsert => ({
  id: t.id,
  hubId: t.hubId,
  mode: t.mode,
  departureAirport: t.departureAirport,
  arrivalAirport: t.arrivalAirport,
  departureOn: t.departureOn,
  seats: t.seats,
  escorts: t.escorts,
  manifest: t.manifest,
  status: t.status,
});

export const placementRow = (
  p: AccommodationPlacement,
): typeof schema.accommodationPlacements.$inferInsert => ({
  id: p.id,
  personId: p.personId,
  kind: p.kind,
  siteName: p.siteName,
  nightlyCostPence: p.nightlyCostPence,
  startOn: p.startOn,
  endOn: p.endOn,
});
