/**
 * Bulk inserts for the import and the demo seed: many rows per statement (multi-row VALUES), in
 * chunks that keep under PostgreSQL's 65,535 bind parameters. Batching matters about 25 times more
 * than the engine (reference/stack.md), so a 100,000-case import is a few hundred statements, not
 * a few hundred thousand. Callers pass a transaction so the whole load commits or none of it does.
 *
 * The row builders map the domain's records (src/domain/types.ts) onto the schema's columns; the
 * case's lifecycle dates and claim go into `facts` whole, keyed by the domain's field names.
 */
import type { PgTable } from 'drizzle-orm/pg-core';
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
import type * as schema from './schema.ts';

const MAX_PARAMETERS = 60_000;

/** Inserts every row, as few statements as the parameter limit allows. */
export async function bulkInsert<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length || 1;
  const chunk = Math.max(1, Math.min(5_000, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += chunk) {
    await tx.insert(table).values(rows.slice(i, i + chunk) as T['$inferInsert'][]);
  }
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
  const { id, reference, personId, state, version, allocatedHubId, transferId, updatedAt, ...facts } = c;
  return {
    id,
    reference,
    personId,
    state,
    version,
    allocatedHubId,
    transferId,
    facts,
    ...(updatedAt ? { updatedAt: new Date(updatedAt) } : {}),
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
