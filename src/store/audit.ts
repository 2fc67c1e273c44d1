/**
 * The tamper-evident audit trail. Every event carries SHA-256(previous hash + "\n" + canonical JSON
 * of the event), so editing, deleting, inserting or reordering an event breaks the chain, and
 * `verifyAuditChain` finds the first broken link. The chain head (last seq and hash) lives in one
 * row; appends lock it (`select ... for update`) so concurrent transactions queue for the few
 * milliseconds between the append and their commit instead of forking the chain.
 *
 * Append inside the transaction that makes the change, as its last statement: the lock is held
 * until commit, so the shorter the rest of the transaction after it, the higher the throughput.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import { bulkInsert } from './bulk.ts';
import { preparedRows, type Executor } from './db.ts';
import { auditChainHead, auditEvents } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 1;

export interface AuditEventInput {
  actorId: string;
  actorRole: string;
  /** What happened, `noun.verb`: `case.read`, `case.transition.refuse`, `hold.lift`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  occurredAt: Date;
}

/** What a service records about one thing an actor did (the chain adds who, when and the hashes). */
export interface ActorEvent {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** The chain's input for an event an actor caused at `occurredAt`. */
export const actorEventInput = (
  actor: { userId: string; role: string },
  event: ActorEvent,
  occurredAt: Date,
): AuditEventInput => ({
  actorId: actor.userId,
  actorRole: actor.role,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  before: event.before ?? null,
  after: event.after ?? null,
  occurredAt,
});

export interface AuditEvent {
  seq: number;
  occurredAt: Date;
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level, so equal values always serialise identically. It
 * reads values as `JSON.stringify` does (`toJSON`, so Dates become ISO strings; undefined, function
 * and symbol members left out, and null as array items), so the text of a value is the text of
 * what jsonb stores of it. Plain loops and string concatenation: the import hashes 110,000 events.
 */
export function canonicalJson(value: unknown): string {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (value === null || typeof value !== 'object') return skipped(value) ? 'null' : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, like `<` on strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (skipped(v)) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** What JSON leaves out of objects (and writes as null in arrays). */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** What jsonb will give back: Dates become ISO strings, undefined disappears. */
function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** The canonical JSON of an event's content (everything but its position in the chain). */
export function auditEventBody(event: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>): string {
  return canonicalJson({
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before,
    after: event.after,
  });
}

/**
 * SHA-256 (hex) of `prevHash + "\n" + seq + "\n" + body`. The single-event append computes the
 * same thing in SQL (`sha256(convert_to(...))`) so that it takes one round trip under the lock.
 */
export function auditEventHash(prevHash: string, event: Omit<AuditEvent, 'prevHash' | 'hash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${event.seq}\n${auditEventBody(event)}`)
    .digest('hex');
}

/**
 * Appends events to the chain inside the caller's transaction (pass the transaction, not the
 * database, or the append is not atomic with the change it records).
 */
export async function appendAuditEvents(tx: Executor, inputs: AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, HEAD_ID)).for('update');
  if (!head) throw new Error('The audit chain head is missing: run the migrations (hubs db migrate).');
  let { seq, hash } = head;
  // Hashed lazily, a chunk at a time, so the database inserts one chunk while the next is hashed.
  const events: AuditEvent[] = [];
  function* chained(): Generator<AuditEvent> {
    for (const input of inputs) {
      seq += 1;
      const event: AuditEvent = {
        seq,
        occurredAt: new Date(input.occurredAt.getTime()),
        actorId: input.actorId,
        actorRole: input.actorRole,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        // Hashed and inserted as given: canonicalJson reads values as JSON.stringify does, so the
        // hash is the hash of what jsonb stores (no deep copy of 110,000 records on an import).
        before: input.before ?? null,
        after: input.after ?? null,
        prevHash: hash,
        hash: '',
      };
      event.hash = auditEventHash(hash, event);
      hash = event.hash;
      events.push(event);
      yield event;
    }
  }
  await bulkInsert(tx, auditEvents, chained());
  await tx.update(auditChainHead).set({ seq, hash }).where(eq(auditChainHead.id, HEAD_ID));
  return events;
}

// The appends run as named prepared statements (planned once per connection): fixed texts.
const APPEND_ONE = `with head as (
    select seq, hash from audit_chain_head where id = ${HEAD_ID} for update
  ), added as (
    insert into audit_events
      (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, prev_hash, hash)
    select head.seq + 1, $1::timestamptz, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb,
      $8::jsonb, head.hash,
      encode(sha256(convert_to(head.hash || E'\\n' || (head.seq + 1)::text || E'\\n' || $9::text, 'UTF8')), 'hex')
    from head
    returning seq, prev_hash, hash
  )
  update audit_chain_head set seq = added.seq, hash = added.hash
  from added where audit_chain_head.id = ${HEAD_ID}
  returning added.seq, added.prev_hash, added.hash`;

const APPEND_MANY = `with recursive head as (
    select seq, hash from audit_chain_head where id = ${HEAD_ID} for update
  ), input as (
    select * from json_to_recordset($1::json) as r(
      i int, occurred_at timestamptz, actor_id text, actor_role text, action text,
      entity_type text, entity_id text, before jsonb, after jsonb, body text)
  ), chain(i, seq, prev_hash, hash) as (
    select 0, head.seq, head.hash, head.hash from head
    union all
    select input.i, chain.seq + 1, chain.hash,
      encode(sha256(convert_to(chain.hash || E'\\n' || (chain.seq + 1)::text || E'\\n' || input.body, 'UTF8')), 'hex')
    from chain join input on input.i = chain.i + 1
  ), added as (
    insert into audit_events
      (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, prev_hash, hash)
    select chain.seq, input.occurred_at, input.actor_id, input.actor_role, input.action,
      input.entity_type, input.entity_id, coalesce(input.before, 'null'::jsonb),
      coalesce(input.after, 'null'::jsonb), chain.prev_hash, chain.hash
    from chain join input on input.i = chain.i
    returning seq, hash
  )
  update audit_chain_head set seq = last.seq, hash = last.hash
  from (select seq, hash from added order by seq desc limit 1) last
  where audit_chain_head.id = ${HEAD_ID}
  returning last.seq`;

/**
 * Appends one event in a single statement: lock the head, chain the event (hashed in SQL over the
 * same text `auditEventHash` hashes), move the head. One round trip while the lock is held.
 */
export async function appendAuditEvent(tx: Executor, input: AuditEventInput): Promise<AuditEvent> {
  const occurredAt = new Date(input.occurredAt.getTime());
  const before = asStoredJson(input.before);
  const after = asStoredJson(input.after);
  const body = auditEventBody({ ...input, occurredAt, before, after });
  const rows = await preparedRows<{ seq: number; prev_hash: string; hash: string }>(
    tx,
    'audit_append_v1',
    APPEND_ONE,
    [
      occurredAt.toISOString(),
      input.actorId,
      input.actorRole,
      input.action,
      input.entityType,
      input.entityId,
      JSON.stringify(before),
      JSON.stringify(after),
      body,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('The audit chain head is missing: run the migrations (hubs db migrate).');
  return {
    seq: Number(row.seq),
    occurredAt,
    actorId: input.actorId,
    actorRole: input.actorRole,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before,
    after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends many events in a single statement, as `appendAuditEvent` does one: lock the head, chain
 * the events in order (a recursive query hashes each over the previous one's hash, the same text
 * `auditEventHash` hashes), insert them, move the head. One round trip while the lock is held,
 * however many events; for the group-committed reads (src/services/auditedReads.ts). Bulk loads of
 * thousands use `appendAuditEvents`, which hashes in node.
 */
export async function appendAuditEventBatch(tx: Executor, inputs: readonly AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((input, i) => {
    const occurredAt = new Date(input.occurredAt.getTime());
    const before = asStoredJson(input.before);
    const after = asStoredJson(input.after);
    return {
      i: i + 1,
      occurred_at: occurredAt.toISOString(),
      actor_id: input.actorId,
      actor_role: input.actorRole,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      before,
      after,
      body: auditEventBody({ ...input, occurredAt, before, after }),
    };
  });
  const moved = await preparedRows<{ seq: number }>(tx, 'audit_append_many_v1', APPEND_MANY, [
    JSON.stringify(rows),
  ]);
  if (moved.length === 0)
    throw new Error('The audit chain head is missing: run the migrations (hubs db migrate).');
}

export type AuditVerification =
  | { ok: true; events: number; headSeq: number; headHash: string }
  | {
      ok: false;
      /** Events verified before the break. */
      events: number;
      /** The seq of the first event that does not fit (or the head's seq for a cut tail). */
      brokenAt: number;
      reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';
      message: string;
    };

/** Walks the whole chain in seq order and reports the first broken link. */
export async function verifyAuditChain(
  db: Executor,
  options: { batchSize?: number } = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    for (const event of batch) {
      if (event.seq !== expectedSeq) {
        return broken(
          count,
          expectedSeq,
          'sequence_gap',
          `Event ${expectedSeq} is missing: the next event is ${event.seq}.`,
        );
      }
      if (event.prevHash !== prevHash) {
        return broken(
          count,
          event.seq,
          'prev_hash_mismatch',
          `Event ${event.seq} does not follow event ${event.seq - 1}: an event was deleted, inserted or reordered.`,
        );
      }
      if (auditEventHash(prevHash, event) !== event.hash) {
        return broken(
          count,
          event.seq,
          'hash_mismatch',
          `Event ${event.seq} was changed after it was recorded.`,
        );
      }
      prevHash = event.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (batch.length < batchSize) break;
  }
  const [head] = await db
    .select()
    .from(auditChainHead)
    .where(and(eq(auditChainHead.id, HEAD_ID)));
  if (!head || head.seq !== count || head.hash !== prevHash) {
    return broken(
      count,
      head?.seq ?? count,
      'head_mismatch',
      `The chain ends at event ${count} but its head records event ${head?.seq ?? 'none'}: events were removed from the end.`,
    );
  }
  return { ok: true, events: count, headSeq: head.seq, headHash: head.hash };
}

function broken(
  events: number,
  brokenAt: number,
  reason: Extract<AuditVerification, { ok: false }>['reason'],
  message: string,
): AuditVerification {
  return { ok: false, events, brokenAt, reason, message };
}
