import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { allocatedCase, finallyRefusedCase, hubFor, residentCase } from '../../test/support/factories.ts';
import { agreementInForce } from '../domain/agreements.ts';
import { transferBlockers } from '../domain/safeguards.ts';
import type { Actor } from '../domain/types.ts';
import { loadCaseGraph, markReadBatch, subjectsOf } from '../store/caseGraph.ts';
import { queryRows } from '../store/db.ts';
import { agreementUses, hubFacts, hubUses } from '../store/hubs.ts';
import { caseFromRow } from '../store/mappers.ts';
import { transferReadinessService } from './transferReadiness.ts';

/**
 * The panel answers a whole batch with shared statements (one pass over the hubs' stays, each case
 * leaving out its own household's). The oracle is the one-case way: the store's `hubUses` and
 * `agreementUses` with the case's movers excluded, asked for that case alone.
 */
describe.each(testDrivers())('the case page panel on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let hubId: string;
  let otherHubId: string;
  let readiness: ReturnType<typeof transferReadinessService>;
  const ids: Record<string, string> = {};
  let householdId: string;

  beforeAll(async () => {
    t = await buildTestApp(db().store);
    readiness = transferReadinessService(t.services.context);
    hubId = (await hubFor(t, t.partnerIds.own)).id;
    otherHubId = (await hubFor(t, t.partnerIds.other, { maxConcurrentResidents: 2 })).id;
    ids.resident = (await residentCase(t, hubId)).caseId;
    await residentCase(t, otherHubId);
    const parent = await allocatedCase(t, hubId);
    const child = await finallyRefusedCase(t, { dateOfBirth: '2014-05-05' });
    const household = await t.services.households.create(t.users.senior_caseworker.actor, {
      principalPersonId: parent.person.id,
    });
    householdId = household.id;
    await t.services.households.addMember(t.users.senior_caseworker.actor, household.id, {
      personId: child.person.id,
      role: 'child',
    });
    ids.parent = parent.caseId;
    ids.child = child.caseId;
    ids.single = (await finallyRefusedCase(t)).caseId;
    ids.other = (await allocatedCase(t, otherHubId)).caseId;
  });
  afterAll(async () => t?.close());

  /** The panel's hub checks the one-case way (how the panel was computed before it was batched). */
  async function oracle(caseId: string, hubIdAsked?: string) {
    const ctx = t.services.context;
    const { db: ex } = ctx.store;
    const graph = await loadCaseGraph(ex, [caseId]);
    const c = caseFromRow(graph.cases[0]!);
    const subject = subjectsOf(graph, [c]).get(caseId)!;
    const facts = await hubFacts(ex, hubIdAsked ?? c.allocatedHubId ?? undefined);
    const date = ctx.today();
    const movers = [subject.person.id, ...subject.household.map((m) => m.person.id)];
    const inForce = new Map(
      facts.map((f) => [f.partner.id, agreementInForce(f.agreements, f.partner.id, date)]),
    );
    const hubUse = await hubUses(
      ex,
      facts.map((f) => f.hub.id),
      movers,
    );
    const agreementUse = await agreementUses(
      ex,
      [...inForce.values()].filter((a): a is NonNullable<typeof a> => a !== null),
      date,
      movers,
    );
    return facts.map(({ hub, partner }) => {
      const agreement = inForce.get(partner.id) ?? null;
      const blockers = transferBlockers({
        person: subject.person,
        case: c,
        flags: subject.flags,
        holds: subject.holds,
        household: subject.household,
        hub,
        partner,
        agreement,
        date,
        stage: 'allocation',
        use: {
          hub: hubUse.get(hub.id)!,
          agreement: agreementUse.get(partner.id) ?? { residents: 0, transfersThisYear: 0 },
        },
        noticeWorkingDays: ctx.config.NOTICE_WORKING_DAYS,
      });
      return { hub, partner, blockers };
    });
  }

  it('answers each case in a batch as the one-case queries do, household and hub use included', async () => {
    const actor = t.users.caseworker.actor;
    const cases = [ids.parent!, ids.child!, ids.single!, ids.other!];
    const together = await Promise.all(cases.map((id) => readiness.casePanel(actor, id)));
    for (const [i, id] of cases.entries()) {
      expect(together[i]!.onTransferPath).toBe(true);
      expect(together[i]!.hubChecks).toEqual(await oracle(id));
      expect(await readiness.casePanel(actor, id)).toEqual(together[i]);
    }
    // The parent's allocated hub only, blocked by the child in the household.
    expect(together[0]!.hubChecks.map((h) => h.hub.id)).toEqual([hubId]);
    expect(together[0]!.hubChecks[0]!.blockers.map((b) => b.code)).toContain('CHILD_IN_HOUSEHOLD');
    expect(together[0]!.household.map((m) => m.person?.id)).toHaveLength(2);
    expect(together[2]!.household).toEqual([]);
    // Before allocation, every open hub.
    expect(together[1]!.hubChecks.map((h) => h.hub.id)).toEqual(expect.arrayContaining([hubId, otherHubId]));
  });

  it('checks any hub on request, whatever the state, the same way', async () => {
    const actor = t.users.caseworker.actor;
    const [a, b, c] = await Promise.all([
      readiness.check(actor, ids.resident!),
      readiness.check(actor, ids.single!, otherHubId),
      readiness.check(actor, ids.parent!, otherHubId),
    ]);
    expect(a).toEqual(await oracle(ids.resident!));
    expect(b).toEqual(await oracle(ids.single!, otherHubId));
    expect(c).toEqual(await oracle(ids.parent!, otherHubId));
  });

  it('shows no hubs off the transfer path', async () => {
    const panel = await readiness.casePanel(t.users.caseworker.actor, ids.resident!);
    expect(panel).toMatchObject({ onTransferPath: false, hubChecks: [] });
  });

  it('audits the household read, and nothing for the blocker checks', async () => {
    const actor: Actor = t.users.senior_caseworker.actor;
    const count = async () =>
      (
        await queryRows<{ action: string; entity_id: string }>(
          db().store.db,
          sql`select action, entity_id from audit_events where actor_id = ${actor.userId}`,
        )
      ).map((r) => `${r.action} ${r.entity_id}`);
    const before = await count();
    await Promise.all([readiness.casePanel(actor, ids.parent!), readiness.casePanel(actor, ids.single!)]);
    await readiness.check(actor, ids.child!);
    const added = (await count()).filter((e) => !before.includes(e) || e.startsWith('household.read'));
    expect(added).toEqual([`household.read ${householdId}`]);
  });

  it('refuses unknown cases and roles without a full read', async () => {
    await expect(
      readiness.casePanel(t.users.caseworker.actor, '00000000-0000-4000-8000-00000000abcd'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readiness.casePanel(t.users.caseworker.actor, 'not-a-case')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(readiness.casePanel(t.users.partner_officer.actor, ids.parent!)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe.each(testDrivers())('case graphs in a read batch on $name', (driver) => {
  const db = useTestStore(driver);

  it('loads a graph once per read batch transaction (a subset is served from it), and afresh anywhere else', async () => {
    const t = await buildTestApp(db().store);
    try {
      const a = (await finallyRefusedCase(t)).caseId;
      const b = (await finallyRefusedCase(t)).caseId;
      await db().store.db.transaction(async (tx) => {
        markReadBatch(tx);
        const both = await loadCaseGraph(tx, [a, b]);
        expect(await loadCaseGraph(tx, [b])).toBe(both);
        expect(both.cases.map((c) => c.id).sort()).toEqual([a, b].sort());
      });
      await db().store.db.transaction(async (tx) => {
        const first = await loadCaseGraph(tx, [a]);
        const again = await loadCaseGraph(tx, [a]);
        expect(again).not.toBe(first);
        expect(again).toEqual(first);
      });
    } finally {
      await t.close();
    }
  });
});
