import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { allocatedCase, finallyRefusedCase, hubFor, residentCase } from '../../test/support/factories.ts';
import { verifyAuditChain } from '../store/audit.ts';
import { queryRows } from '../store/db.ts';

/**
 * Case reads go through the group-commit batcher (auditedReads.ts). Service calls made in the same
 * turn of the event loop are certain to share a batch; requests through the app may or may not,
 * and must be answered and audited the same either way.
 */
describe.each(testDrivers())('audited case reads on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let hubId: string;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
    hubId = (await hubFor(t, t.partnerIds.own)).id;
  });
  afterAll(async () => t?.close());

  /** The `case.read` events of each case, with the transaction that wrote each (`xmin`). */
  async function readEvents(caseIds: readonly string[]) {
    const rows = await queryRows<{ entity_id: string; actor_id: string; xmin: string }>(
      db().store.db,
      sql`select entity_id, actor_id, xmin::text as xmin from audit_events
          where action = 'case.read' and entity_id in (${sql.join(
            caseIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    const count = (id: string) => rows.filter((r) => r.entity_id === id).length;
    return { rows, count };
  }

  it('answers many concurrent reads through the API with exactly one committed event each, in an intact chain', async () => {
    const ids = [
      (await finallyRefusedCase(t)).caseId,
      (await finallyRefusedCase(t)).caseId,
      (await finallyRefusedCase(t)).caseId,
    ];
    const roles = ['caseworker', 'senior_caseworker', 'monitor'] as const;
    const reads = Array.from({ length: 24 }, (_, i) => ({ id: ids[i % 3]!, role: roles[i % 3]! }));
    const responses = await Promise.all(
      reads.map((r) => t.as(r.role, { method: 'GET', url: `/api/cases/${r.id}` })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(reads.map(() => 200));
    responses.forEach((res, i) => {
      if (reads[i]!.role !== 'monitor') expect(res.json().case.id).toBe(reads[i]!.id);
    });
    const { count } = await readEvents(ids);
    expect(ids.map(count)).toEqual([8, 8, 8]);
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('reads that arrive together share one transaction with their events', async () => {
    const ids = [(await finallyRefusedCase(t)).caseId, (await finallyRefusedCase(t)).caseId];
    const actor = t.users.caseworker.actor;
    const views = await Promise.all([...ids, ...ids].map((id) => t.services.cases.get(actor, id)));
    expect(views.map((v) => v.case?.id)).toEqual([...ids, ...ids]);
    const { rows } = await readEvents(ids);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.xmin)).size).toBe(1);
  });

  it('gives each read in a batch its own answer: refused reads get their error and write no event', async () => {
    const { caseId: refused } = await finallyRefusedCase(t);
    const { caseId: resident } = await residentCase(t, hubId);
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const u = t.users;
    const outcomes = await Promise.allSettled([
      t.services.cases.get(u.caseworker.actor, refused),
      t.services.cases.get(u.caseworker.actor, unknown),
      t.services.cases.get(u.partner_officer.actor, resident),
      t.services.cases.get(u.other_partner_officer.actor, resident),
      t.services.cases.get(u.partner_officer.actor, refused),
      t.services.cases.get(u.finance.actor, refused),
      t.services.cases.get(u.caseworker.actor, 'not-a-case-id'),
    ]);
    const status = outcomes.map((o) =>
      o.status === 'fulfilled' ? 200 : (o.reason as { status?: number }).status,
    );
    expect(status).toEqual([200, 404, 200, 404, 404, 403, 404]);
    const { rows, count } = await readEvents([refused, resident, unknown]);
    expect([count(refused), count(resident), count(unknown)]).toEqual([1, 1, 0]);
    expect(rows.map((r) => r.actor_id).sort()).toEqual(
      [u.caseworker.actor.userId, u.partner_officer.actor.userId].sort(),
    );
    // A partner officer still sees only the minimised fields when reading in a batch.
    const own = outcomes[2];
    expect(own.status === 'fulfilled' && own.value.case?.claimNarrative).toBeUndefined();
  });

  it('refuses a role that may not read records through the API, and writes no event', async () => {
    const { caseId } = await finallyRefusedCase(t);
    for (const role of ['finance', 'analyst', 'admin'] as const) {
      const res = await t.as(role, { method: 'GET', url: `/api/cases/${caseId}` });
      expect(res.statusCode).toBe(403);
    }
    const other = await t.as('other_partner_officer', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(other.statusCode).toBe(404);
    expect((await readEvents([caseId])).count(caseId)).toBe(0);
  });

  it('shows the same case in a batch as alone, household and safeguards included', async () => {
    const parent = await allocatedCase(t, hubId);
    const child = await finallyRefusedCase(t, { dateOfBirth: '2014-05-05' });
    const single = await finallyRefusedCase(t);
    const household = await t.services.households.create(t.users.senior_caseworker.actor, {
      principalPersonId: parent.person.id,
    });
    await t.services.households.addMember(t.users.senior_caseworker.actor, household.id, {
      personId: child.person.id,
      role: 'child',
    });
    const ids = [parent.caseId, child.caseId, single.caseId];
    const actor = t.users.senior_caseworker.actor;
    const alone = [];
    for (const id of ids) alone.push(await t.services.cases.get(actor, id));
    const together = await Promise.all([...ids, ...ids].map((id) => t.services.cases.get(actor, id)));
    expect(together).toEqual([...alone, ...alone]);
    // The household is really loaded: the parent's allocation is blocked by the child in it.
    // The household and the hub are really loaded: the child in it blocks the parent's transfer.
    const schedule = alone[0]!.availableTransitions?.find((a) => a.name === 'scheduleTransfer');
    expect(schedule?.blockers.map((b) => b.code)).toEqual(
      expect.arrayContaining(['CHILD_IN_HOUSEHOLD', 'HOUSEHOLD_NOT_TRANSFERABLE', 'FAMILIES_NOT_ACCEPTED']),
    );
  });

  it('does not lose or half-write the others when one read in a batch fails', async () => {
    const good = [(await finallyRefusedCase(t)).caseId, (await finallyRefusedCase(t)).caseId];
    const { caseId: bad } = await finallyRefusedCase(t);
    const { store } = db();
    // A real failure inside the batch's transaction: the database refuses the bad read's event.
    await store.db.execute(
      sql.raw(`create function refuse_one_read() returns trigger language plpgsql as $$
        begin
          if new.entity_id = '${bad}' and new.action = 'case.read' then
            raise exception 'refused for the test';
          end if;
          return new;
        end $$`),
    );
    await store.db.execute(
      sql.raw(
        'create trigger refuse_one_read before insert on audit_events for each row execute function refuse_one_read()',
      ),
    );
    try {
      const actor = t.users.caseworker.actor;
      const outcomes = await Promise.allSettled(
        [good[0]!, bad, good[1]!].map((id) => t.services.cases.get(actor, id)),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const { count } = await readEvents([...good, bad]);
      expect([count(good[0]!), count(good[1]!), count(bad)]).toEqual([1, 1, 0]);
      expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    } finally {
      await store.db.execute(sql.raw('drop trigger refuse_one_read on audit_events'));
      await store.db.execute(sql.raw('drop function refuse_one_read()'));
    }
    // And the batcher carries on: the once-bad case reads normally now.
    await t.services.cases.get(t.users.caseworker.actor, bad);
    expect((await readEvents([bad])).count(bad)).toBe(1);
  });

  it('audits timeline reads the same way, one event each, none for a refused read', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const u = t.users;
    const outcomes = await Promise.allSettled([
      t.services.cases.timeline(u.caseworker.actor, caseId),
      t.services.cases.timeline(u.monitor.actor, caseId),
      t.services.cases.timeline(u.other_partner_officer.actor, caseId),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const [full, monitor] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : []));
    expect(full!.map((e) => e.transition)).toEqual([
      'lodgeClaim',
      'completeScreening',
      'refuse',
      'closeAppealWindow',
    ]);
    expect(monitor!.every((e) => e.actorId === '' && e.inputs === undefined)).toBe(true);
    const events = await queryRows<{ n: number }>(
      db().store.db,
      sql`select count(*)::int as n from audit_events where action = 'case.timeline.read' and entity_id = ${caseId}`,
    );
    expect(Number(events[0]!.n)).toBe(2);
  });
});
