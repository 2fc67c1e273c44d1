import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import {
  allocatedCase,
  DAY,
  finallyRefusedCase,
  hubFor,
  REASONS,
  residentCase,
} from '../../test/support/factories.ts';
import { verifyAuditChain } from '../store/audit.ts';

describe.each(testDrivers())('cases through the API on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let hubId: string;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
    hubId = (await hubFor(t, t.partnerIds.own)).id;
  });
  afterAll(async () => t?.close());

  const transition = (
    caseId: string,
    body: Record<string, unknown>,
    role: 'senior_caseworker' | 'caseworker' = 'senior_caseworker',
  ) => t.as(role, { method: 'POST', url: `/api/cases/${caseId}/transitions`, payload: body });

  it('registers a person, whose case opens in ARRIVED, and reads it back', async () => {
    const res = await t.as('caseworker', {
      method: 'POST',
      url: '/api/people',
      payload: {
        givenNames: 'Amina',
        familyName: 'Example',
        dateOfBirth: '1995-05-05',
        sex: 'female',
        nationality: 'ER',
        arrivalDate: '2026-11-20',
        route: 'small_boat',
      },
    });
    expect(res.statusCode).toBe(201);
    const { caseId, person } = res.json();
    const read = await t.as('caseworker', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().case).toMatchObject({ state: 'ARRIVED', version: 1, personId: person.id });
    expect(read.json().person).toMatchObject({ givenNames: 'Amina' });
    expect(read.json().availableTransitions.map((a: { name: string }) => a.name)).toContain('lodgeClaim');
  });

  it('moves a case from claim to finally refused, recording the timeline and a decision with reasons', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const read = await t.as('caseworker', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(read.json().case).toMatchObject({ state: 'FINALLY_REFUSED', refusedOn: DAY.refused });
    const timeline = await t.as('caseworker', { method: 'GET', url: `/api/cases/${caseId}/timeline` });
    expect(timeline.json().items.map((e: { transition: string }) => e.transition)).toEqual([
      'lodgeClaim',
      'completeScreening',
      'refuse',
      'closeAppealWindow',
    ]);
  });

  it('refuses an adverse decision without reasons, listing the fields to fix', async () => {
    const { caseId } = await t.services.people.register(t.users.caseworker.actor, {
      givenNames: 'X',
      familyName: 'Y',
      dateOfBirth: '1990-01-01',
      sex: 'male',
      nationality: 'IQ',
      arrivalDate: DAY.arrived,
      route: 'small_boat',
    });
    await transition(caseId, { transition: 'lodgeClaim', on: DAY.lodged, claimBasis: 'religion' });
    await transition(caseId, { transition: 'completeScreening', on: DAY.screened });
    const res = await transition(caseId, {
      transition: 'refuse',
      on: DAY.refused,
      rationale: 'no',
      evidence: [],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    const paths = res.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.rationale', 'body.evidence']));
  });

  it('refuses an unknown transition and unknown fields with 400', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const unknown = await transition(caseId, { transition: 'teleport' });
    expect(unknown.statusCode).toBe(400);
    const extra = await transition(caseId, { transition: 'closeAppealWindow', colour: 'red' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details.issues.map((i: { path: string }) => i.path)).toContain('body.colour');
  });

  it('refuses a transition that is not possible from the current state with 409 and the allowed ones', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const res = await transition(caseId, { transition: 'lodgeAppeal' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'FINALLY_REFUSED' } });
    expect(res.json().details.allowed).toContain('allocateHub');
  });

  it('refuses a stale version with 409 VERSION_CONFLICT, from the body or If-Match', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const body = { transition: 'confirmFitnessToTravel', assessedBy: 'Dr A', on: DAY.fit };
    const stale = await transition(caseId, { ...body, version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const staleHeader = await t.as('senior_caseworker', {
      method: 'POST',
      url: `/api/cases/${caseId}/transitions`,
      headers: { 'if-match': '"3"' },
      payload: body,
    });
    expect(staleHeader.statusCode).toBe(409);
    const fresh = await transition(caseId, { ...body, version: 5 });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().case.version).toBe(6);
  });

  it('blocks a transfer while a hold is active, and allows it once the hold is lifted', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const hold = await t.as('caseworker', {
      method: 'POST',
      url: `/api/cases/${caseId}/holds`,
      payload: { kind: 'injunction', startedOn: '2026-10-01', reference: 'CO/123/2026' },
    });
    expect(hold.statusCode).toBe(201);
    const blocked = await transition(caseId, { transition: 'allocateHub', hubId, on: DAY.allocated });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('TRANSFER_BLOCKED');
    expect(blocked.json().details.blockers.map((b: { code: string }) => b.code)).toContain('COURT_ORDER');
    const lift = await t.as('caseworker', {
      method: 'POST',
      url: `/api/holds/${hold.json().id}/lift`,
      payload: { liftedOn: '2026-10-15', version: 1 },
    });
    expect(lift.statusCode).toBe(200);
    const allowed = await transition(caseId, { transition: 'allocateHub', hubId, on: DAY.allocated });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().case.state).toBe('HUB_ALLOCATED');
  });

  it('blocks allocation of a child, citing the basis', async () => {
    const { caseId } = await finallyRefusedCase(t, { dateOfBirth: '2012-01-01' });
    const res = await transition(caseId, { transition: 'allocateHub', hubId, on: DAY.allocated });
    expect(res.statusCode).toBe(422);
    const child = res.json().details.blockers.find((b: { code: string }) => b.code === 'CHILD');
    expect(child.basis).toMatch(/s\.55/);
  });

  it('takes a person through to the hub and counts them in its occupancy', async () => {
    const before = (await t.as('admin', { method: 'GET', url: `/api/hubs/${hubId}/occupancy` })).json();
    const { caseId } = await residentCase(t, hubId);
    const read = await t.as('senior_caseworker', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(read.json().case.state).toBe('IN_HUB');
    const after = (await t.as('admin', { method: 'GET', url: `/api/hubs/${hubId}/occupancy` })).json();
    expect(after.occupied.single_men).toBe(before.occupied.single_men + 1);
    expect(after.free.single_men).toBe(before.free.single_men - 1);
  });

  it('does not let a caseworker approve an allocation (senior caseworkers only)', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const res = await transition(
      caseId,
      { transition: 'allocateHub', hubId, on: DAY.allocated },
      'caseworker',
    );
    expect(res.statusCode).toBe(403);
  });

  it('shows a partner officer their own residents, minimised, and 404 for anyone else', async () => {
    const { caseId } = await allocatedCase(t, hubId);
    const own = await t.as('partner_officer', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(own.statusCode).toBe(200);
    expect(own.json().case.claimNarrative).toBeUndefined();
    expect(own.json().case.claimBasis).toBeUndefined();
    expect(own.json().person.givenNames).toBeDefined();
    const other = await t.as('other_partner_officer', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(other.statusCode).toBe(404);
    const { caseId: notAllocated } = await finallyRefusedCase(t);
    const none = await t.as('partner_officer', { method: 'GET', url: `/api/cases/${notAllocated}` });
    expect(none.statusCode).toBe(404);
    const list = await t.as('other_partner_officer', { method: 'GET', url: '/api/cases' });
    expect(list.json().items.map((i: { case: { id: string } }) => i.case.id)).not.toContain(caseId);
  });

  it('shows a monitor a pseudonym and no names', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const res = await t.as('monitor', { method: 'GET', url: `/api/cases/${caseId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().pseudonym).toMatch(/^P-/);
    expect(JSON.stringify(res.json())).not.toMatch(/Given|Family/);
  });

  it('pages through cases with a cursor, filtered by state', async () => {
    for (let i = 0; i < 3; i++) await finallyRefusedCase(t);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cases?state=FINALLY_REFUSED&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.as('caseworker', { method: 'GET', url })).json();
      for (const item of page.items) {
        expect(item.case.state).toBe('FINALLY_REFUSED');
        seen.push(item.case.reference);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('records every read and write in an intact audit chain', async () => {
    const { caseId } = await finallyRefusedCase(t);
    await t.as('caseworker', { method: 'GET', url: `/api/cases/${caseId}` });
    const events = await t.as('senior_caseworker', {
      method: 'GET',
      url: `/api/audit/events?entityId=${caseId}`,
    });
    const actions = events.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['case.open', 'case.transition.refuse', 'case.read']));
    expect(await verifyAuditChain(db().store.db)).toMatchObject({ ok: true });
  });

  it('applies a retried transition with the same Idempotency-Key once', async () => {
    const { caseId } = await finallyRefusedCase(t);
    const request = {
      method: 'POST' as const,
      url: `/api/cases/${caseId}/transitions`,
      headers: { 'idempotency-key': `fit-${caseId}` },
      payload: { transition: 'confirmFitnessToTravel', assessedBy: 'Dr A', on: DAY.fit, version: 5 },
    };
    const first = await t.as('senior_caseworker', request);
    const retry = await t.as('senior_caseworker', request);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const timeline = await t.as('senior_caseworker', { method: 'GET', url: `/api/cases/${caseId}/timeline` });
    expect(
      timeline.json().items.filter((e: { transition: string }) => e.transition === 'confirmFitnessToTravel'),
    ).toHaveLength(1);
  });

  it('writes nothing when a transition is refused', async () => {
    const { caseId } = await finallyRefusedCase(t, { dateOfBirth: '2013-01-01' });
    const before = (
      await t.as('senior_caseworker', { method: 'GET', url: `/api/cases/${caseId}/timeline` })
    ).json();
    await transition(caseId, { transition: 'allocateHub', hubId, on: DAY.allocated, ...REASONS });
    const after = (
      await t.as('senior_caseworker', { method: 'GET', url: `/api/cases/${caseId}/timeline` })
    ).json();
    expect(after.items).toHaveLength(before.items.length);
  });
});
