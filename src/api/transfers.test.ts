import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { allocatedCase, DAY, hubFor, residentCase } from '../../test/support/factories.ts';
import { emptyDatabase } from '../../test/support/ops.ts';
import { verifyAuditChain } from '../store/audit.ts';

describe.each(testDrivers())('transfers and stays through the API on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let hubId: string;
  beforeAll(async () => {
    await emptyDatabase(db());
    t = await buildTestApp(db().store);
    hubId = (await hubFor(t, t.partnerIds.own)).id;
  });
  afterAll(async () => t?.close());

  const post = (role: Parameters<TestApp['as']>[0], url: string, payload: Record<string, unknown> = {}) =>
    t.as(role, { method: 'POST', url: `/api${url}`, payload });
  const get = (role: Parameters<TestApp['as']>[0], url: string) =>
    t.as(role, { method: 'GET', url: `/api${url}` });
  const caseOf = async (caseId: string) => (await get('senior_caseworker', `/cases/${caseId}`)).json().case;

  const flight = async (seats: number) => {
    const res = await post('senior_caseworker', '/transfers', {
      hubId,
      mode: 'charter',
      departureAirport: 'LGW',
      arrivalAirport: 'TIA',
      departureOn: DAY.departure,
      seats,
      escorts: 2,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('lists flights in departure order, each exactly as reading it alone shows it', async () => {
    await allocatedCase(t, hubId);
    const filled = await flight(1);
    expect(
      (await post('senior_caseworker', `/transfers/${filled}/fill`, { on: DAY.scheduled })).statusCode,
    ).toBe(200);
    await flight(3);
    for (const role of ['senior_caseworker', 'partner_officer'] as const) {
      const list = await get(role, `/transfers?hubId=${hubId}`);
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { id: string; departureOn: string }[];
      expect(items.map((i) => i.id)).toContain(filled);
      expect(items.map((i) => i.departureOn)).toEqual([...items.map((i) => i.departureOn)].sort());
      for (const item of items) expect(item).toEqual((await get(role, `/transfers/${item.id}`)).json());
    }
  });

  it('fills a flight from approved allocations, never over its seats, and re-checks blockers through arrival', async () => {
    const a = await allocatedCase(t, hubId);
    const b = await allocatedCase(t, hubId);
    const c = await allocatedCase(t, hubId);
    const id = await flight(2);

    const filled = await post('senior_caseworker', `/transfers/${id}/fill`, { on: DAY.scheduled });
    expect(filled.statusCode).toBe(200);
    expect(filled.json().manifest).toHaveLength(2);
    expect(filled.json().left).toEqual([expect.objectContaining({ reason: 'Needs 1 seat(s); 0 left.' })]);
    const onBoard: string[] = filled.json().manifest;
    const [first, second] = onBoard as [string, string];
    expect(onBoard.every((x) => [a.caseId, b.caseId, c.caseId].includes(x))).toBe(true);
    expect((await caseOf(first)).state).toBe('TRANSFER_SCHEDULED');

    // Over the seats by hand: refused with the reason.
    const leftOver = [a.caseId, b.caseId, c.caseId].find((x) => !onBoard.includes(x))!;
    const over = await post('senior_caseworker', `/transfers/${id}/manifest`, { caseIds: [leftOver] });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'MANIFEST_INVALID' });
    expect(over.json().message).toContain('3 people for 2 seats');

    // A new fact after scheduling: a trafficking referral for the second person.
    const secondPerson = (await caseOf(second)).personId;
    await t.services.flags.raise(t.users.senior_caseworker.actor, secondPerson, {
      kind: 'trafficking_referral',
      status: 'pending',
      raisedOn: '2026-11-05',
    });
    const final = await post('senior_caseworker', `/transfers/${id}/finalise`, { on: '2026-11-06' });
    expect(final.statusCode).toBe(200);
    expect(final.json()).toMatchObject({ status: 'manifest_final', manifest: [first] });
    const removal = final.json().changes.find((ch: { change: string }) => ch.change === 'removed');
    expect(removal).toMatchObject({ caseId: second, stage: 'finalisation' });
    expect(removal.blockers.map((x: { code: string }) => x.code)).toContain('TRAFFICKING');
    expect((await caseOf(second)).state).toBe('HUB_ALLOCATED');

    // The partner sees that someone was taken off, never why (special-category).
    const seen = await get('partner_officer', `/transfers/${id}`);
    expect(seen.statusCode).toBe(200);
    const theirs = seen.json().changes.find((ch: { change: string }) => ch.change === 'removed');
    expect(theirs.reason).toBe('Taken off the transfer.');
    expect(theirs.blockers).toBeUndefined();
    expect((await get('other_partner_officer', `/transfers/${id}`)).statusCode).toBe(404);

    const departed = await post('senior_caseworker', `/transfers/${id}/depart`, { on: DAY.departure });
    expect(departed.json()).toMatchObject({ status: 'departed', manifest: [first] });
    expect((await caseOf(first)).departedOn).toBe(DAY.departure);

    // Only people on the finalised manifest can arrive on it.
    const stranger = await post('partner_officer', `/transfers/${id}/arrive`, {
      on: DAY.arrivedInHub,
      caseIds: [second],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().code).toBe('STAY_REFUSED');
    expect((await post('other_partner_officer', `/transfers/${id}/arrive`, {})).statusCode).toBe(404);
    const arrived = await post('partner_officer', `/transfers/${id}/arrive`, { on: DAY.arrivedInHub });
    expect(arrived.statusCode).toBe(200);
    expect(arrived.json().status).toBe('arrived');
    expect((await caseOf(first)).state).toBe('IN_HUB');

    // Stays: the timer, then an exit refused before arrival and accepted after.
    const residents = await get('partner_officer', `/residents?on=2026-11-26`);
    expect(residents.json().items).toEqual([
      expect.objectContaining({ caseId: first, endsOn: '2027-11-16', warning: 'none', maxStayDays: 365 }),
    ]);
    const warned = await get('partner_officer', `/residents?on=2027-11-10&warning=within_7_days`);
    expect(warned.json().items).toHaveLength(1);
    const early = await post('partner_officer', `/cases/${first}/hub-exit`, {
      kind: 'onward_return',
      destination: 'IQ',
      travelDocument: 'emergency_travel_document',
      returnKind: 'voluntary',
      on: '2026-11-10',
    });
    expect(early.statusCode).toBe(422);
    const onward = await post('partner_officer', `/cases/${first}/hub-exit`, {
      kind: 'onward_return',
      destination: 'IQ',
      travelDocument: 'emergency_travel_document',
      returnKind: 'voluntary',
      on: '2026-12-01',
    });
    expect(onward.statusCode).toBe(200);
    expect((await caseOf(first)).state).toBe('ONWARD_RETURNED');
    expect((await verifyAuditChain(db().store.db)).ok).toBe(true);
  });

  it('records incidents from the catalogue; monitors see what happened, not to whom', async () => {
    const a = await allocatedCase(t, hubId);
    const id = await flight(4);
    await post('senior_caseworker', `/transfers/${id}/manifest`, { caseIds: [a.caseId], on: DAY.scheduled });
    const res = await post('senior_caseworker', '/incidents', {
      transferId: id,
      caseId: a.caseId,
      kind: 'medical',
      occurredOn: DAY.scheduled,
      description: 'Fainted at the airport; seen by the escort medic.',
    });
    expect(res.statusCode).toBe(201);
    const bad = await post('senior_caseworker', '/incidents', {
      transferId: id,
      kind: 'stampede',
      occurredOn: DAY.scheduled,
      description: 'Not in the catalogue',
    });
    expect(bad.statusCode).toBe(400);
    const monitor = await get('monitor', `/incidents?transferId=${id}`);
    expect(monitor.json().items).toEqual([expect.objectContaining({ kind: 'medical', caseId: null })]);
    const cancelled = await post('senior_caseworker', `/transfers/${id}/cancel`, {
      reason: 'Aircraft unavailable',
      on: DAY.scheduled,
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', manifest: [] });
    expect((await caseOf(a.caseId)).state).toBe('HUB_ALLOCATED');
  });
  it('does not admit on arrival someone a court order now protects, and records why', async () => {
    const a = await allocatedCase(t, hubId);
    const b = await allocatedCase(t, hubId);
    const id = await flight(4);
    await post('senior_caseworker', `/transfers/${id}/manifest`, {
      caseIds: [a.caseId, b.caseId],
      on: DAY.scheduled,
    });
    await post('senior_caseworker', `/transfers/${id}/finalise`, { on: DAY.scheduled });
    await post('senior_caseworker', `/transfers/${id}/depart`, { on: DAY.departure });
    await t.services.holds.record(t.users.senior_caseworker.actor, b.caseId, {
      kind: 'injunction',
      startedOn: DAY.departure,
      reference: 'CO/9/2026',
    });
    const res = await post('partner_officer', `/transfers/${id}/arrive`, { on: DAY.arrivedInHub });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'arrived', manifest: [a.caseId] });
    expect(res.json().changes.at(-1)).toMatchObject({
      caseId: b.caseId,
      stage: 'arrival',
      reason: 'Taken off the transfer.',
    });
    expect((await caseOf(a.caseId)).state).toBe('IN_HUB');
    expect((await caseOf(b.caseId)).state).toBe('HUB_ALLOCATED');
    const full = await get('senior_caseworker', `/transfers/${id}`);
    expect(
      full
        .json()
        .changes.at(-1)
        .blockers.map((x: { code: string }) => x.code),
    ).toContain('COURT_ORDER');
  });
  it('leaves off a flight anyone served notice too late for legal advice before it departs', async () => {
    const a = await allocatedCase(t, hubId); // notice served on 2 November
    const res = await post('senior_caseworker', '/transfers', {
      hubId,
      mode: 'scheduled',
      departureAirport: 'LHR',
      arrivalAirport: 'TIA',
      departureOn: '2026-11-06', // 4 working days later; 5 are needed
      seats: 10,
      escorts: 0,
    });
    const filled = await post('senior_caseworker', `/transfers/${res.json().id}/fill`, { on: DAY.scheduled });
    expect(filled.json().manifest).not.toContain(a.caseId);
    expect(
      filled
        .json()
        .left.map((l: { reason: string }) => l.reason)
        .join(' '),
    ).toContain('NOTICE_TOO_SHORT');
    expect((await caseOf(a.caseId)).state).toBe('HUB_ALLOCATED');
  });

  it('records a return to the UK and an absconding resident, refusing an exit for someone not resident', async () => {
    const a = await residentCase(t, hubId);
    const b = await residentCase(t, hubId);
    const back = await post('partner_officer', `/cases/${a.caseId}/hub-exit`, {
      kind: 'return_to_uk',
      reason: 'court_order',
      on: '2026-11-20',
    });
    expect(back.statusCode).toBe(200);
    expect(await caseOf(a.caseId)).toMatchObject({
      state: 'RETURNED_TO_UK',
      returnedToUkReason: 'court_order',
    });
    const gone = await post('partner_officer', `/cases/${b.caseId}/hub-exit`, {
      kind: 'absconded',
      on: '2026-11-21',
    });
    expect(gone.statusCode).toBe(200);
    expect((await caseOf(b.caseId)).state).toBe('ABSCONDED');
    const again = await post('partner_officer', `/cases/${a.caseId}/hub-exit`, {
      kind: 'absconded',
      on: '2026-11-22',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('STAY_REFUSED');
    const other = await post('other_partner_officer', `/cases/${b.caseId}/hub-exit`, { kind: 'absconded' });
    expect(other.statusCode).toBe(404);
  });
});
