/**
 * Transitions arriving together share one transaction (group commit) and must behave exactly as if
 * each had run alone, one after another: each its own effect, refusal, timeline entry and audit
 * event. Rows written by one transaction share its `xmin`, which shows that they did share one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { DAY, finallyRefusedCase, hubFor } from '../../test/support/factories.ts';
import { verifyAuditChain } from '../store/audit.ts';
import { queryRows } from '../store/db.ts';
import { auditEvents, cases, caseTransitions } from '../store/schema.ts';

describe.each(testDrivers())('group-committed transitions on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
  });
  afterAll(async () => t?.close());

  const senior = () => t.users.senior_caseworker.actor;
  const fit = (caseId: string, extra: Record<string, unknown> = {}) =>
    t.services.cases.transition(senior(), caseId, {
      transition: 'confirmFitnessToTravel',
      assessedBy: 'Dr Batch',
      on: DAY.fit,
      ...extra,
    });
  const version = async (caseId: string) =>
    (await db().store.db.select({ v: cases.version }).from(cases).where(eq(cases.id, caseId)))[0]!.v;
  const entries = (caseIds: string[], transition = 'confirmFitnessToTravel') =>
    db()
      .store.db.select()
      .from(caseTransitions)
      .where(and(inArray(caseTransitions.caseId, caseIds), eq(caseTransitions.transition, transition)));
  const events = (caseIds: string[], action = 'case.transition.confirmFitnessToTravel') =>
    db()
      .store.db.select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.entityId, caseIds), eq(auditEvents.action, action)));
  const transactionsOf = async (caseIds: string[]) =>
    new Set(
      (
        await queryRows<{ x: string }>(
          db().store.db,
          sql`select xmin::text as x from case_transitions where case_id = any(${`{${caseIds.join(',')}}`}::uuid[]) and transition = 'confirmFitnessToTravel'`,
        )
      ).map((r) => r.x),
    ).size;

  it('applies transitions sent together in one transaction, each with its own timeline entry and audit event', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => finallyRefusedCase(t).then((c) => c.caseId)));
    const before = await Promise.all(ids.map(version));
    const views = await Promise.all(ids.map((id) => fit(id)));
    views.forEach((view, i) => {
      expect(view.case).toMatchObject({
        id: ids[i],
        version: before[i]! + 1,
        fitToTravelConfirmedOn: DAY.fit,
      });
    });
    expect(await transactionsOf(ids)).toBe(1);
    expect((await entries(ids)).map((e) => e.caseId).sort()).toEqual([...ids].sort());
    const audit = await events(ids);
    expect(audit.map((e) => e.entityId).sort()).toEqual([...ids].sort());
    for (const e of audit)
      expect((e.after as { version: number }).version).toBe((e.before as { version: number }).version + 1);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('fails only the refused transitions of a batch, and they write nothing', async () => {
    const [a, b, c, d] = await Promise.all(
      [1, 2, 3, 4].map(() => finallyRefusedCase(t).then((x) => x.caseId)),
    );
    const [va, vb, vc, vd] = await Promise.all([a!, b!, c!, d!].map(version));
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const results = await Promise.allSettled([
      fit(a!),
      t.services.cases.transition(senior(), b!, { transition: 'lodgeAppeal', on: DAY.fit }),
      fit(c!, { version: vc! - 1 }),
      fit(unknown),
      fit(d!, { assessedBy: '' }),
      t.services.cases.transition(t.users.analyst.actor, a!, { transition: 'closeCase' }),
    ]);
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));
    expect(codes).toEqual([
      'ok',
      'ILLEGAL_TRANSITION',
      'VERSION_CONFLICT',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      expect.any(String),
    ]);
    expect(codes[5]).not.toBe('ok');
    expect([await version(a!), await version(b!), await version(c!), await version(d!)]).toEqual([
      va! + 1,
      vb,
      vc,
      vd,
    ]);
    expect((await entries([a!, b!, c!, d!])).map((e) => e.caseId)).toEqual([a]);
    expect((await events([a!, b!, c!, d!])).map((e) => e.entityId)).toEqual([a]);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('applies two transitions of one case sent together one after the other', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const v = await version(caseId);
    // Both read version v: the first moves the case on, so the second is stale.
    const raced = await Promise.allSettled([fit(caseId, { version: v }), fit(caseId, { version: v })]);
    expect(raced.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((raced[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    // Without a version both apply, in order.
    const both = await Promise.all([fit(caseId), fit(caseId)]);
    expect(both.map((x) => x.case?.version)).toEqual([v + 2, v + 3]);
    expect(await version(caseId)).toBe(v + 3);
    expect(await entries([caseId])).toHaveLength(3);
    expect(await events([caseId])).toHaveLength(3);
  });

  it('decides a household member after the transition of another member sent with it', async () => {
    const first = await finallyRefusedCase(t);
    const second = await finallyRefusedCase(t);
    const household = await t.services.households.create(senior(), {
      principalPersonId: first.person.id,
    });
    await t.services.households.addMember(senior(), household.id, {
      personId: second.person.id,
      role: 'partner',
    });
    const views = await Promise.all([fit(first.caseId), fit(second.caseId), fit(first.caseId)]);
    expect(views.map((x) => x.case?.id)).toEqual([first.caseId, second.caseId, first.caseId]);
    expect(await entries([first.caseId, second.caseId])).toHaveLength(3);
    // The second member's transition waited for the first's; the first's second waited for both.
    expect(await transactionsOf([first.caseId, second.caseId])).toBe(3);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('lets only one of two allocations sent together take the last place', async () => {
    const hub = await hubFor(t, t.partnerIds.own, { places: { single_men: 1, single_women: 0 } });
    const [a, b] = await Promise.all([1, 2].map(() => finallyRefusedCase(t).then((x) => x.caseId)));
    const results = await Promise.allSettled(
      [a!, b!].map((id) =>
        t.services.cases.transition(senior(), id, {
          transition: 'allocateHub',
          hubId: hub.id,
          on: DAY.allocated,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'TRANSFER_BLOCKED' });
    const allocated = await db()
      .store.db.select({ id: cases.id })
      .from(cases)
      .where(and(inArray(cases.id, [a!, b!]), eq(cases.state, 'HUB_ALLOCATED')));
    expect(allocated).toHaveLength(1);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('audits searches sent together with one event each, in one transaction', async () => {
    const made = await Promise.all([1, 2].map(() => finallyRefusedCase(t)));
    const caseworker = t.users.caseworker.actor;
    const refs = await Promise.all(
      made.map(async (m) => (await t.services.cases.get(caseworker, m.caseId)).case!.reference!),
    );
    const pages = await Promise.all(
      refs.map((reference) => t.services.cases.list(caseworker, { reference })),
    );
    expect(pages.map((p) => p.items.map((i) => i.case?.id))).toEqual(made.map((m) => [m.caseId]));
    const rows = await queryRows<{ after: { caseIds: string[] }; x: string }>(
      db().store.db,
      sql`select after, xmin::text as x from audit_events where action = 'case.list' and actor_id = ${caseworker.userId} order by seq desc limit 2`,
    );
    expect(rows.map((r) => r.after.caseIds).reverse()).toEqual(made.map((m) => [m.caseId]));
    expect(new Set(rows.map((r) => r.x)).size).toBe(1);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });
});
