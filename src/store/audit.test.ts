import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import {
  appendAuditEvent,
  appendAuditEventBatch,
  appendAuditEvents,
  auditEventHash,
  canonicalJson,
  verifyAuditChain,
  type AuditEventInput,
} from './audit.ts';
import { auditChainHead, auditEvents } from './schema.ts';
import { GENESIS_HASH } from './audit.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute, 0));
const event = (n: number): AuditEventInput => ({
  actorId: `user-${n % 3}`,
  actorRole: 'caseworker',
  action: 'case.read',
  entityType: 'case',
  entityId: `case-${n}`,
  before: n % 2 ? null : { state: 'REFUSED', n },
  after: { state: 'APPEAL_PENDING', n, nested: { b: 1, a: [1, 2] } },
  occurredAt: at(n),
});

describe('canonicalJson', () => {
  it('sorts keys at every level so equal objects serialise identically', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  /** The first implementation, kept as the definition the chain's hashes were made with. */
  const reference = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
    if (Array.isArray(value)) return `[${value.map((v) => reference(v)).join(',')}]`;
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  };

  it('gives exactly the text of its first implementation for any value, so old hashes still verify', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the text of what jsonb stores of a value (Dates, undefined, functions as JSON has them)', () => {
    const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
    const extras = fc.oneof(
      fc.date({ noInvalidDate: true }),
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.constant(Symbol('s')),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        extras,
        fc.array(tie('node')),
        fc.dictionary(fc.string(), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (record) => {
        expect(canonicalJson(record)).toBe(reference(stored(record)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe.each(testDrivers())('the audit chain on $name', (driver) => {
  const db = useTestStore(driver);

  beforeEach(async () => {
    const { store } = db();
    await store.db.delete(auditEvents);
    await store.db.update(auditChainHead).set({ seq: 0, hash: GENESIS_HASH }).where(eq(auditChainHead.id, 1));
    await store.db.transaction(async (tx) => {
      await appendAuditEvents(tx, [1, 2, 3, 4, 5].map(event));
    });
  });

  it('verifies an untouched chain', async () => {
    const result = await verifyAuditChain(db().store.db);
    expect(result).toMatchObject({ ok: true, events: 5, headSeq: 5 });
  });

  it('verifies an empty chain', async () => {
    const { store } = db();
    await store.db.delete(auditEvents);
    await store.db.update(auditChainHead).set({ seq: 0, hash: GENESIS_HASH });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 0 });
  });

  it('keeps one unforked chain when many transactions append at once', async () => {
    const { store } = db();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.db.transaction(async (tx) => {
          await appendAuditEvent(tx, event(10 + i));
        }),
      ),
    );
    expect(await verifyAuditChain(store.db, { batchSize: 7 })).toMatchObject({ ok: true, events: 25 });
  });

  it('chains single appends (hashed in SQL) exactly as verification recomputes them, whatever the characters', async () => {
    const { store } = db();
    await store.db.transaction(async (tx) => {
      await appendAuditEvent(tx, {
        ...event(7),
        after: { note: 'Zoë — “quoted”, 中文, emoji 🙂, newline\nand backslash \\', n: 1.5 },
      });
    });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 6 });
  });

  it('chains a batch appended in one statement (hashed in SQL) exactly as verification recomputes it', async () => {
    const { store } = db();
    const batch = [6, 7, 8].map((n) => ({
      ...event(n),
      after:
        n === 7 ? { note: 'Zoë — “quoted”, 中文, 🙂, newline\nand backslash \\', n: 1.5 } : event(n).after,
    }));
    await store.db.transaction((tx) => appendAuditEventBatch(tx, batch));
    await store.db.transaction(async (tx) => {
      await appendAuditEvent(tx, event(9));
    });
    await store.db.transaction((tx) => appendAuditEventBatch(tx, [event(10)]));
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 10, headSeq: 10 });
    const stored = await store.db.select().from(auditEvents).where(eq(auditEvents.seq, 7));
    expect(stored[0]!.hash).toBe(auditEventHash(stored[0]!.prevHash, stored[0]!));
    expect(stored[0]!.entityId).toBe('case-7');
  });

  it('keeps one unforked chain when batches and single appends run at once', async () => {
    const { store } = db();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.db.transaction(async (tx) => {
          if (i % 2) await appendAuditEventBatch(tx, [event(20 + i), event(40 + i)]);
          else await appendAuditEvent(tx, event(20 + i));
        }),
      ),
    );
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 5 + 6 + 12 });
  });

  it('drops the events of a rolled-back transaction with it', async () => {
    const { store } = db();
    await expect(
      store.db.transaction(async (tx) => {
        await appendAuditEvent(tx, event(9));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 5 });
  });

  it.each([
    {
      tamper: 'an edited field',
      change: [sql`update audit_events set actor_id = 'someone-else' where seq = 3`],
      brokenAt: 3,
      reason: 'hash_mismatch',
    },
    {
      tamper: 'an edited before/after',
      change: [sql`update audit_events set after = '{"state":"GRANTED"}' where seq = 2`],
      brokenAt: 2,
      reason: 'hash_mismatch',
    },
    {
      tamper: 'an edited time',
      change: [sql`update audit_events set occurred_at = occurred_at + interval '1 second' where seq = 4`],
      brokenAt: 4,
      reason: 'hash_mismatch',
    },
    {
      tamper: 'a deleted event',
      change: [sql`delete from audit_events where seq = 2`],
      brokenAt: 2,
      reason: 'sequence_gap',
    },
    {
      tamper: 'a deleted event with the later ones renumbered',
      change: [
        sql`delete from audit_events where seq = 2`,
        sql`update audit_events set seq = seq + 100 where seq > 2`,
        sql`update audit_events set seq = seq - 101 where seq > 100`,
      ],
      brokenAt: 2,
      reason: 'prev_hash_mismatch',
    },
    {
      tamper: 'a deleted last event',
      change: [sql`delete from audit_events where seq = 5`],
      brokenAt: 5,
      reason: 'head_mismatch',
    },
    {
      tamper: 'an inserted event',
      change: [
        sql`update audit_events set seq = seq + 100 where seq >= 3`,
        sql`update audit_events set seq = seq - 99 where seq >= 103`,
        sql`insert into audit_events (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, prev_hash, hash)
          select 3, occurred_at, actor_id, actor_role, 'case.delete', entity_type, entity_id, hash, hash
          from audit_events where seq = 2`,
      ],
      brokenAt: 3,
      reason: 'hash_mismatch',
    },
    {
      tamper: 'two events swapped',
      change: [
        sql`update audit_events set seq = 100 where seq = 2`,
        sql`update audit_events set seq = 2 where seq = 3`,
        sql`update audit_events set seq = 3 where seq = 100`,
      ],
      brokenAt: 2,
      reason: 'prev_hash_mismatch',
    },
  ])('detects $tamper and reports the first broken link', async ({ change, brokenAt, reason }) => {
    const { store } = db();
    for (const statement of change) await store.db.execute(statement);
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: false, brokenAt, reason });
  });
});
