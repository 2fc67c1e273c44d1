/**
 * Everything a case read or a transition needs about many cases at once, in ONE statement: the
 * cases, their allocated hubs, their people and everyone sharing a household with them, those
 * members' latest cases, and the flags and holds of all of them. Case reads are batched (group
 * commit, src/services/auditedReads.ts), so one round trip here serves a whole batch instead of
 * about eight queries per read.
 *
 * Each table's rows come back as one JSON array, and `rowsFromJson` turns them into exactly what a
 * Drizzle `select()` of that table returns (its columns' own driver mappings), so the row mappers in
 * mappers.ts are shared with every other query.
 */
import type { PgTable } from 'drizzle-orm/pg-core';
import type { TransferSubject } from '../domain/safeguards.ts';
import type { Case, Flag, Hold, Person } from '../domain/types.ts';
import { preparedRows, rowsFromJson, type Executor } from './db.ts';
import { caseFromRow, flagFromRow, holdFromRow, personFromRow } from './mappers.ts';
import { cases, flags, holds, hubs, people } from './schema.ts';

type Row<T extends PgTable> = T['$inferSelect'];

export interface CaseGraph {
  /** The cases asked for (those that exist). */
  cases: Row<typeof cases>[];
  /** The hubs those cases are allocated to. */
  hubs: Row<typeof hubs>[];
  /** The cases' people and every member of their households. */
  people: Row<typeof people>[];
  /** The most recent case of each household member (including the subjects themselves). */
  memberCases: Row<typeof cases>[];
  /** The flags of everyone in `people`, oldest first. */
  flags: Row<typeof flags>[];
  /** The holds of the cases asked for and of `memberCases`, oldest first. */
  holds: Row<typeof holds>[];
}

/**
 * `= any(array(subquery))` keeps every step on an index: the planner cannot guess how few rows the
 * CTEs hold and would otherwise scan whole tables. One text for any number of cases, so it runs as a
 * named prepared statement: PostgreSQL plans it once per connection, not on every batch.
 */
const CASE_GRAPH_SQL = `with c as (
    select * from cases where id = any($1::uuid[])
  ), p as (
    select * from people where id = any(array(
      select person_id from c
      union
      select m.id from people m where m.household_id = any(array(
        select household_id from people
        where id = any(array(select person_id from c)) and household_id is not null))))
  ), mc as (
    select distinct on (person_id) * from cases
    where person_id = any(array(select id from p where household_id is not null))
    order by person_id, created_at desc
  ), f as (
    select * from flags where person_id = any(array(select id from p))
  ), h as (
    select * from holds where case_id = any(array(select id from c union select id from mc))
  ), hb as (
    select * from hubs where id = any(array(select allocated_hub_id from c))
  )
  select
    (select coalesce(json_agg(c), '[]') from c) as "cases",
    (select coalesce(json_agg(hb), '[]') from hb) as "hubs",
    (select coalesce(json_agg(p), '[]') from p) as "people",
    (select coalesce(json_agg(mc), '[]') from mc) as "memberCases",
    (select coalesce(json_agg(f order by f.raised_on), '[]') from f) as "flags",
    (select coalesce(json_agg(h order by h.started_on), '[]') from h) as "holds"`;

/**
 * The group-commit read batches' transactions (src/services/auditedReads.ts), each with the graphs
 * loaded in it so far. Such a transaction only reads until its loaders are done (its audit events
 * are appended last), so a graph loaded by one loader still holds for the next: the case page's
 * case read and its safeguards panel share one load. Any other transaction (a transition, which
 * writes between its reads) is not here and always loads afresh.
 */
const readBatchGraphs = new WeakMap<object, { ids: ReadonlySet<string>; graph: Promise<CaseGraph> }[]>();

/** Marks `tx` as a read batch's transaction: nothing is written in it before its loaders finish. */
export function markReadBatch(tx: object): void {
  readBatchGraphs.set(tx, []);
}

export async function loadCaseGraph(ex: Executor, caseIds: readonly string[]): Promise<CaseGraph> {
  const loaded = readBatchGraphs.get(ex);
  if (!loaded) return queryCaseGraph(ex, caseIds);
  // A graph of more cases serves too: every reader looks cases up by id.
  const covering = loaded.find((g) => caseIds.every((id) => g.ids.has(id)));
  if (covering) return covering.graph;
  const graph = queryCaseGraph(ex, caseIds);
  loaded.push({ ids: new Set(caseIds), graph });
  return graph;
}

async function queryCaseGraph(ex: Executor, caseIds: readonly string[]): Promise<CaseGraph> {
  if (caseIds.length === 0) return { cases: [], hubs: [], people: [], memberCases: [], flags: [], holds: [] };
  const [row] = await preparedRows<Record<keyof CaseGraph, Record<string, unknown>[]>>(
    ex,
    'case_graph_v1',
    CASE_GRAPH_SQL,
    [[...caseIds]],
  );
  return {
    cases: rowsFromJson(cases, row!.cases),
    hubs: rowsFromJson(hubs, row!.hubs),
    people: rowsFromJson(people, row!.people),
    memberCases: rowsFromJson(cases, row!.memberCases),
    flags: rowsFromJson(flags, row!.flags),
    holds: rowsFromJson(holds, row!.holds),
  };
}

/** A case's person with their flags and holds, and the other members of their household (as `transferBlockers` takes them). */
export interface Subject {
  person: Person;
  flags: Flag[];
  holds: Hold[];
  /** The other members of the person's household, each with their case, flags and holds. */
  household: TransferSubject[];
}

export const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};

/** The subjects of the graph's cases, by case id (null for a case whose person is missing). */
export function subjectsOf(graph: CaseGraph, subjectCases: readonly Case[]): Map<string, Subject | null> {
  const out = new Map<string, Subject | null>();
  const persons = new Map(graph.people.map((r) => [r.id, personFromRow(r)]));
  const memberCases = new Map(graph.memberCases.map((r) => [r.personId, caseFromRow(r)]));
  const flagsOf = groupBy(graph.flags.map(flagFromRow), (f) => f.personId);
  const holdsOf = groupBy(graph.holds.map(holdFromRow), (h) => h.caseId);
  const householdOf = groupBy(
    [...persons.values()].filter((p) => p.householdId),
    (p) => p.householdId!,
  );
  for (const c of subjectCases) {
    const person = persons.get(c.personId);
    if (!person) {
      out.set(c.id, null);
      continue;
    }
    const household: TransferSubject[] = [];
    for (const m of person.householdId ? (householdOf.get(person.householdId) ?? []) : []) {
      const mc = m.id === person.id ? undefined : memberCases.get(m.id);
      if (!mc) continue;
      household.push({
        person: m,
        case: mc,
        flags: flagsOf.get(m.id) ?? [],
        holds: holdsOf.get(mc.id) ?? [],
      });
    }
    out.set(c.id, { person, flags: flagsOf.get(person.id) ?? [], holds: holdsOf.get(c.id) ?? [], household });
  }
  return out;
}
