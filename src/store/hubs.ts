/**
 * Hubs, their partner and agreement, and how full they are. Occupancy is derived from hub stays:
 * `allocated` (a place held for someone not yet arrived) and `arrived` (resident now).
 */
import { and, asc, eq, gte, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { agreementInForce, agreementYear, type AgreementUse } from '../domain/agreements.ts';
import { NO_PLACES, type HubUse } from '../domain/capacity.ts';
import type { Agreement, Hub, IsoDate, Partner, Places, UnitType } from '../domain/types.ts';
import { queryRows, rowsFromJson, type Executor } from './db.ts';
import { agreementFromRow, hubFromRow, partnerFromRow, safetyAssessmentFromRow } from './mappers.ts';
import { agreements, hubStays, hubs, partners, safetyAssessments } from './schema.ts';

export const OPEN_STAY_STATUSES = ['allocated', 'arrived'] as const;

export async function findHub(
  ex: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Hub | null> {
  const query = ex.select().from(hubs).where(eq(hubs.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ? hubFromRow(row) : null;
}

export async function findPartner(ex: Executor, id: string): Promise<Partner | null> {
  const [row] = await ex.select().from(partners).where(eq(partners.id, id));
  return row ? partnerFromRow(row) : null;
}

export async function partnerAgreements(ex: Executor, partnerId: string): Promise<Agreement[]> {
  return (await agreementsOfPartners(ex, [partnerId])).get(partnerId) ?? [];
}

/** Every agreement of each partner, oldest first, with its safety assessments: two queries in all. */
export async function agreementsOfPartners(
  ex: Executor,
  partnerIds: readonly string[],
): Promise<Map<string, Agreement[]>> {
  const out = new Map<string, Agreement[]>(partnerIds.map((id) => [id, []]));
  if (partnerIds.length === 0) return out;
  const rows = await ex
    .select()
    .from(agreements)
    .where(inArray(agreements.partnerId, [...partnerIds]))
    .orderBy(asc(agreements.startsOn));
  if (rows.length === 0) return out;
  const assessments = await ex
    .select()
    .from(safetyAssessments)
    .where(
      inArray(
        safetyAssessments.agreementId,
        rows.map((r) => r.id),
      ),
    );
  for (const r of rows) {
    out
      .get(r.partnerId)!
      .push(
        agreementFromRow(r, assessments.filter((a) => a.agreementId === r.id).map(safetyAssessmentFromRow)),
      );
  }
  return out;
}

/** A hub with its partner and every agreement of that partner (oldest first, with assessments). */
export interface HubFacts {
  hub: Hub;
  partner: Partner;
  agreements: Agreement[];
}

/**
 * The open hubs (or the one hub `hubId`, open or not), each with its partner and agreements, in one
 * statement: the safeguards panel asks this on every case page view.
 */
export async function hubFacts(ex: Executor, hubId?: string): Promise<HubFacts[]> {
  const [row] = await queryRows<
    Record<'hubs' | 'partners' | 'agreements' | 'assessments', Record<string, unknown>[]>
  >(
    ex,
    sql`with h as (
          select * from hubs where ${hubId ? sql`id = ${hubId}::uuid` : sql`closed_on is null`}
        ), pa as (
          select * from partners where id in (select partner_id from h)
        ), ag as (
          select * from agreements where partner_id in (select partner_id from h)
        ), sa as (
          select * from safety_assessments where agreement_id in (select id from ag)
        )
        select
          (select coalesce(json_agg(h), '[]') from h) as "hubs",
          (select coalesce(json_agg(pa), '[]') from pa) as "partners",
          (select coalesce(json_agg(ag order by ag.starts_on), '[]') from ag) as "agreements",
          (select coalesce(json_agg(sa), '[]') from sa) as "assessments"`,
  );
  const partnerById = new Map(rowsFromJson(partners, row!.partners).map((r) => [r.id, partnerFromRow(r)]));
  const assessments = rowsFromJson(safetyAssessments, row!.assessments);
  const agreementRows = rowsFromJson(agreements, row!.agreements);
  return rowsFromJson(hubs, row!.hubs).map((r) => ({
    hub: hubFromRow(r),
    partner: partnerById.get(r.partnerId)!,
    agreements: agreementRows
      .filter((a) => a.partnerId === r.partnerId)
      .map((a) =>
        agreementFromRow(a, assessments.filter((x) => x.agreementId === a.id).map(safetyAssessmentFromRow)),
      ),
  }));
}

export async function agreementFor(
  ex: Executor,
  partnerId: string,
  date: IsoDate,
): Promise<Agreement | null> {
  return agreementInForce(await partnerAgreements(ex, partnerId), partnerId, date);
}

const exclude = (personIds: readonly string[]): SQL | undefined =>
  personIds.length > 0 ? notInArray(hubStays.personId, [...personIds]) : undefined;

/** Places in use at a hub by unit type, leaving out the given people (the household moving). */
export async function hubUse(
  ex: Executor,
  hubId: string,
  excludePersonIds: readonly string[] = [],
): Promise<HubUse> {
  return (await hubUses(ex, [hubId], excludePersonIds)).get(hubId)!;
}

/** `hubUse` of many hubs in one query. */
export async function hubUses(
  ex: Executor,
  hubIds: readonly string[],
  excludePersonIds: readonly string[] = [],
): Promise<Map<string, HubUse>> {
  const out = new Map<string, HubUse>(
    hubIds.map((id) => [id, { occupied: { ...NO_PLACES }, allocatedNotArrived: { ...NO_PLACES } }]),
  );
  if (hubIds.length === 0) return out;
  const rows = await ex
    .select({
      hubId: hubStays.hubId,
      unitType: hubStays.unitType,
      status: hubStays.status,
      n: sql<number>`count(*)::int`,
    })
    .from(hubStays)
    .where(
      and(
        inArray(hubStays.hubId, [...hubIds]),
        inArray(hubStays.status, [...OPEN_STAY_STATUSES]),
        exclude(excludePersonIds),
      ),
    )
    .groupBy(hubStays.hubId, hubStays.unitType, hubStays.status);
  for (const r of rows) {
    const use = out.get(r.hubId)!;
    const target: Places = r.status === 'arrived' ? use.occupied : use.allocatedNotArrived;
    target[r.unitType as UnitType] += Number(r.n);
  }
  return out;
}

/** Residents and this year's transfers under a partner's agreement, leaving out the given people. */
export async function agreementUse(
  ex: Executor,
  agreement: Agreement,
  date: IsoDate,
  excludePersonIds: readonly string[] = [],
): Promise<AgreementUse> {
  return (await agreementUses(ex, [agreement], date, excludePersonIds)).get(agreement.partnerId)!;
}

/** `agreementUse` of several partners' agreements (one each) in one query, by partner id. */
export async function agreementUses(
  ex: Executor,
  inForce: readonly Agreement[],
  date: IsoDate,
  excludePersonIds: readonly string[] = [],
): Promise<Map<string, AgreementUse>> {
  const out = new Map<string, AgreementUse>(
    inForce.map((a) => [a.partnerId, { residents: 0, transfersThisYear: 0 }]),
  );
  if (inForce.length === 0) return out;
  // Each partner's agreement year starts on its own anniversary.
  const yearBound = (end: 'from' | 'to') =>
    sql`case ${sql.join(
      inForce.map(
        (a) => sql`when ${hubs.partnerId} = ${a.partnerId} then ${agreementYear(a, date)[end]}::date`,
      ),
      sql` `,
    )} end`;
  // One pass over the partners' stays: open ones are residents; allocations and this year's
  // arrivals are this year's transfers.
  const rows = await ex
    .select({
      partnerId: hubs.partnerId,
      residents: sql<number>`count(*) filter (where ${inArray(hubStays.status, [...OPEN_STAY_STATUSES])})::int`,
      transfers: sql<number>`count(*) filter (where ${or(
        eq(hubStays.status, 'allocated'),
        and(
          inArray(hubStays.status, ['arrived', 'departed']),
          gte(hubStays.arrivedOn, yearBound('from')),
          lt(hubStays.arrivedOn, yearBound('to')),
        ),
      )})::int`,
    })
    .from(hubStays)
    .innerJoin(hubs, eq(hubs.id, hubStays.hubId))
    .where(
      and(
        inArray(
          hubs.partnerId,
          inForce.map((a) => a.partnerId),
        ),
        exclude(excludePersonIds),
      ),
    )
    .groupBy(hubs.partnerId);
  for (const r of rows) {
    out.set(r.partnerId, { residents: Number(r.residents), transfersThisYear: Number(r.transfers) });
  }
  return out;
}
