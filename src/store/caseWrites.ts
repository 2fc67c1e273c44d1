/**
 * The statements of many case transitions at once (group-committed transitions,
 * src/services/cases.ts): lock the cases, find their open hub stays, and write every case's new
 * state and the timeline entry of each in ONE statement. Named prepared statements (fixed texts:
 * the rows travel as one JSON or array parameter), planned once per connection.
 * `= any(array(...))` keeps the update on the primary key: the planner cannot see how few rows the
 * JSON holds and would otherwise scan every case.
 */
import { preparedRows, type Executor } from './db.ts';
import { OPEN_STAY_STATUSES } from './hubs.ts';

export interface CaseTransitionWrite {
  caseId: string;
  /** The version the case had when it was read (and locked): the update checks it still does. */
  fromVersion: number;
  state: string;
  allocatedHubId: string | null;
  transferId: string | null;
  facts: Record<string, unknown>;
  version: number;
  updatedAt: Date;
  transition: string;
  fromState: string;
  toState: string;
  inputs: Record<string, unknown>;
  actorId: string;
  occurredAt: Date;
}

const WRITE_TRANSITIONS = `with v as (
    select * from json_to_recordset($1::json) as r(
      case_id uuid, from_version int, state text, allocated_hub_id uuid, transfer_id uuid, facts jsonb,
      version int, updated_at timestamptz, transition text, from_state text, to_state text,
      inputs jsonb, actor_id text, occurred_at timestamptz)
  ), moved as (
    update cases set state = v.state, allocated_hub_id = v.allocated_hub_id,
      transfer_id = v.transfer_id, facts = v.facts, version = v.version, updated_at = v.updated_at
    from v
    where cases.id = any(array(select case_id from v))
      and cases.id = v.case_id and cases.version = v.from_version
    returning cases.id
  ), logged as (
    insert into case_transitions
      (case_id, transition, from_state, to_state, case_version, inputs, actor_id, occurred_at)
    select case_id, transition, from_state, to_state, version, inputs, actor_id, occurred_at
    from v where case_id in (select id from moved)
    returning id
  )
  select (select count(*) from moved)::int as moved, (select count(*) from logged)::int as logged`;

/**
 * Moves each case from `fromVersion` to its new state and records its timeline entry. Throws (so
 * the caller's transaction rolls back) unless every case was still at `fromVersion`.
 */
export async function writeCaseTransitions(
  tx: Executor,
  writes: readonly CaseTransitionWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const rows = writes.map((w) => ({
    case_id: w.caseId,
    from_version: w.fromVersion,
    state: w.state,
    allocated_hub_id: w.allocatedHubId,
    transfer_id: w.transferId,
    facts: w.facts,
    version: w.version,
    updated_at: w.updatedAt.toISOString(),
    transition: w.transition,
    from_state: w.fromState,
    to_state: w.toState,
    inputs: w.inputs,
    actor_id: w.actorId,
    occurred_at: w.occurredAt.toISOString(),
  }));
  const [row] = await preparedRows<{ moved: number; logged: number }>(
    tx,
    'case_transitions_write_v1',
    WRITE_TRANSITIONS,
    [JSON.stringify(rows)],
  );
  if (Number(row?.moved) !== writes.length || Number(row?.logged) !== writes.length) {
    throw new Error(
      `Expected to move ${writes.length} cases but moved ${row?.moved ?? 0}: a case changed under its lock.`,
    );
  }
}

const LOCK_CASES = `select id from cases where id = any($1::uuid[]) order by id for update`;
const OPEN_STAYS = `select distinct case_id from hub_stays
  where case_id = any($1::uuid[]) and status = any($2::text[])`;

/**
 * Locks the cases (`for update`, in id order so that two batches cannot deadlock) and returns the
 * ids of those that exist. Read anything about them in a LATER statement: on PostgreSQL each
 * statement sees what was committed when it started, and this one may have waited for a lock.
 */
export async function lockCases(tx: Executor, ids: readonly string[]): Promise<string[]> {
  const rows = await preparedRows<{ id: string }>(tx, 'cases_lock_v1', LOCK_CASES, [[...ids]]);
  return rows.map((r) => r.id);
}

/** The cases among `ids` with an open hub stay (a place held, or a resident). */
export async function casesWithOpenStays(tx: Executor, ids: readonly string[]): Promise<Set<string>> {
  const rows = await preparedRows<{ case_id: string }>(tx, 'cases_open_stays_v1', OPEN_STAYS, [
    [...ids],
    [...OPEN_STAY_STATUSES],
  ]);
  return new Set(rows.map((r) => r.case_id));
}
