import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { DAY, finallyRefusedCase, hubFor } from '../../test/support/factories.ts';
import { verifyAuditChain } from '../store/audit.ts';
import { emptyDatabase } from '../../test/support/ops.ts';

const ON = '2026-11-26';

describe.each(testDrivers())('allocation proposals and approval on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let hubId: string;
  beforeEach(async () => {
    await emptyDatabase(db());
    t = await buildTestApp(db().store);
    hubId = (await hubFor(t, t.partnerIds.own, { places: { single_men: 2, single_women: 0 } })).id;
  });
  afterEach(async () => t?.close());

  const propose = (body: Record<string, unknown> = { date: ON }) =>
    t.as('senior_caseworker', { method: 'POST', url: '/api/allocation-proposals', payload: body });
  const approve = (id: string, body: Record<string, unknown> = {}) =>
    t.as('senior_caseworker', {
      method: 'POST',
      url: `/api/allocation-proposals/${id}/approve`,
      payload: body,
    });
  const state = async (caseId: string) =>
    (await t.as('caseworker', { method: 'GET', url: `/api/cases/${caseId}` })).json().case.state;

  it('proposes, shows why each household was or was not placed, and approves every allocation in one go', async () => {
    const a = await finallyRefusedCase(t);
    const b = await finallyRefusedCase(t);
    const c = await finallyRefusedCase(t, { nationality: 'SY' }); // no safety assessment for SY
    const res = await propose();
    expect(res.statusCode).toBe(201);
    const proposal = res.json();
    expect(proposal.status).toBe('proposed');
    expect(proposal.proposal.peoplePlaced).toBe(2);
    expect(proposal.proposal.placed.map((p: { hubId: string }) => p.hubId)).toEqual([hubId, hubId]);
    const [unplaced] = proposal.proposal.unplaced;
    expect(unplaced).toMatchObject({ key: c.person.id, reason: 'no_eligible_hub' });
    expect(unplaced.blockersByHub[0].blockers.map((x: { code: string }) => x.code)).toContain(
      'NO_SAFETY_ASSESSMENT',
    );
    expect(proposal.people[a.person.id].caseId).toBe(a.caseId);

    const ok = await approve(proposal.id);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved' });
    expect(await state(a.caseId)).toBe('HUB_ALLOCATED');
    expect(await state(b.caseId)).toBe('HUB_ALLOCATED');
    expect(await state(c.caseId)).toBe('FINALLY_REFUSED');
    const again = await approve(proposal.id);
    expect(again.statusCode).toBe(409);
    expect((await verifyAuditChain(db().store.db)).ok).toBe(true);
  });

  it('approves part of a proposal, leaving the others finally refused', async () => {
    const a = await finallyRefusedCase(t);
    const b = await finallyRefusedCase(t);
    const proposal = (await propose()).json();
    const res = await approve(proposal.id, { households: [a.person.id] });
    expect(res.json()).toMatchObject({ status: 'partly_approved', approvedKeys: [a.person.id] });
    expect(await state(a.caseId)).toBe('HUB_ALLOCATED');
    expect(await state(b.caseId)).toBe('FINALLY_REFUSED');
  });

  it('refuses a stale proposal with what changed, and writes nothing', async () => {
    const a = await finallyRefusedCase(t);
    const b = await finallyRefusedCase(t);
    const proposal = (await propose()).json();
    // After the proposal: an injunction for one, and the hub loses a place.
    await t.services.holds.record(t.users.senior_caseworker.actor, b.caseId, {
      kind: 'injunction',
      startedOn: DAY.refused,
      reference: 'CO/123/2026',
    });
    const res = await approve(proposal.id);
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.code).toBe('STALE_PROPOSAL');
    expect(body.details.changes).toHaveLength(1);
    expect(body.details.changes[0].blockers.map((x: { code: string }) => x.code)).toContain('COURT_ORDER');
    expect(await state(a.caseId)).toBe('FINALLY_REFUSED');
    expect(await state(b.caseId)).toBe('FINALLY_REFUSED');
    const read = await t.as('senior_caseworker', {
      method: 'GET',
      url: `/api/allocation-proposals/${proposal.id}`,
    });
    expect(read.json().status).toBe('proposed');
  });

  it('refuses a proposal whose places were taken since', async () => {
    await finallyRefusedCase(t);
    await finallyRefusedCase(t);
    const proposal = (await propose()).json();
    const hub = (await t.as('admin', { method: 'GET', url: `/api/hubs/${hubId}` })).json();
    const cut = await t.as('admin', {
      method: 'PATCH',
      url: `/api/hubs/${hubId}`,
      payload: { places: { ...hub.places, single_men: 1 }, version: hub.version },
    });
    expect(cut.statusCode).toBe(200);
    const res = await approve(proposal.id);
    expect(res.statusCode).toBe(409);
    const codes = res
      .json()
      .details.changes.flatMap((c: { blockers?: { code: string }[] }) =>
        (c.blockers ?? []).map((b) => b.code),
      );
    expect(codes).toContain('NO_FREE_PLACE');
  });

  it('answers a dry run without storing it, and only senior caseworkers approve', async () => {
    await finallyRefusedCase(t);
    const dry = await propose({ date: ON, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().id).toBe('');
    const list = await t.as('caseworker', { method: 'GET', url: '/api/allocation-proposals' });
    expect(list.json().items).toHaveLength(0);
    const stored = (await propose()).json();
    const denied = await t.as('caseworker', {
      method: 'POST',
      url: `/api/allocation-proposals/${stored.id}/approve`,
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const partner = await t.as('partner_officer', {
      method: 'GET',
      url: `/api/allocation-proposals/${stored.id}`,
    });
    expect(partner.statusCode).toBe(403);
  });
});
