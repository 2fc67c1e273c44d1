import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Actor } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { caseIn, partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';
import { readDepartureForm } from './routes.ts';

const date = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: d, [`${prefix}-month`]: m, [`${prefix}-year`]: y };
};

describe('reading the departure form', () => {
  it.each([
    [{}, 'exit', 'how the resident left'],
    [{ exit: 'escaped' }, 'exit', 'Select how the resident left'],
    [{ exit: 'onward_return' }, 'destination', 'Enter the destination country'],
    [{ exit: 'onward_return', destination: 'Iraq' }, 'destination', 'two-letter country code'],
    [{ exit: 'onward_return', destination: 'iq' }, 'travelDocument', 'Select the travel document'],
    [{ exit: 'return_to_uk' }, 'reason', 'Select the reason for the return to the UK'],
    [
      { exit: 'absconded', 'leftOn-day': '31', 'leftOn-month': '2', 'leftOn-year': '2026' },
      'leftOn',
      'real date',
    ],
  ])('refuses %j with an error on %s', (body, field, message) => {
    const read = readDepartureForm({ ...date('leftOn', '2026-11-18'), ...body });
    expect(read.exit).toBeNull();
    expect(read.errors[field]).toContain(message);
  });

  it('reads an onward return with its destination, document and kind', () => {
    const read = readDepartureForm({
      ...date('leftOn', '2026-11-18'),
      exit: 'onward_return',
      destination: 'iq',
      travelDocument: 'passport',
      returnKind: 'voluntary',
    });
    expect(read).toMatchObject({
      on: '2026-11-18',
      exit: {
        kind: 'onward_return',
        destination: 'IQ',
        travelDocument: 'passport',
        returnKind: 'voluntary',
      },
      errors: {},
    });
  });
});

describe.each(testDrivers())('recording departures on the partner portal on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let senior: Actor;
  let hubs: { own: string; other: string };
  let po: PageClient;

  async function resident(hubId: string, familyName: string): Promise<string> {
    const { caseId } = await caseIn(services, senior, 'FINALLY_REFUSED', { familyName });
    await services.cases.transition(senior, caseId, { transition: 'allocateHub', on: '2026-11-02', hubId });
    await services.cases.transition(senior, caseId, {
      transition: 'confirmFitnessToTravel',
      on: '2026-11-02',
      assessedBy: 'Dr Example',
    });
    await services.cases.transition(senior, caseId, {
      transition: 'serveNoticeOfTransfer',
      on: '2026-11-02',
    });
    await services.cases.transition(senior, caseId, {
      transition: 'scheduleTransfer',
      on: '2026-11-03',
      transferId: '00000000-0000-4000-8000-000000000002',
      departureOn: '2026-11-16',
    });
    await services.cases.transition(senior, caseId, { transition: 'recordDeparture', on: '2026-11-16' });
    await services.cases.transition(senior, caseId, { transition: 'recordArrivalInHub', on: '2026-11-16' });
    return caseId;
  }

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date('2026-11-20T12:00:00Z') }));
    const s = await addUser(services, 'sen', 'senior_caseworker');
    senior = { userId: s.id, role: 'senior_caseworker', partnerId: null };
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    const albania = await partnerWithHub(services, 'AL', 'Albania');
    hubs = { own: serbia.hub.id, other: albania.hub.id };
    await addUser(services, 'po', 'partner_officer', serbia.partner.id);
    po = new PageClient(app);
    await po.signIn('po');
  });
  afterAll(() => app.close());

  it('records an onward return and shows it on the resident page', async () => {
    const caseId = await resident(hubs.own, 'Onward');
    const page = await po.get(`/partner/residents/${caseId}`);
    expect(page.body).toContain(`/partner/residents/${caseId}/departure`);
    await po.get(`/partner/residents/${caseId}/departure`);
    const response = await po.post(`/partner/residents/${caseId}/departure`, {
      exit: 'onward_return',
      ...date('leftOn', '2026-11-18'),
      destination: 'iq',
      travelDocument: 'passport',
      returnKind: 'voluntary',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/partner/residents/${caseId}`);
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('ONWARD_RETURNED');
  });

  it.each([
    ['return_to_uk', { reason: 'max_stay_reached' }, 'RETURNED_TO_UK'],
    ['absconded', { note: 'Not at roll call' }, 'ABSCONDED'],
  ])('records %s', async (exit, extra, state) => {
    const caseId = await resident(hubs.own, `Exit ${exit}`);
    await po.get(`/partner/residents/${caseId}/departure`);
    const response = await po.post(`/partner/residents/${caseId}/departure`, {
      exit,
      ...date('leftOn', '2026-11-19'),
      ...extra,
    });
    expect(response.statusCode).toBe(303);
    expect((await services.cases.get(senior, caseId)).case?.state).toBe(state);
  });

  it('answers a bad form with the error summary and keeps what was typed', async () => {
    const caseId = await resident(hubs.own, 'Mistyped');
    await po.get(`/partner/residents/${caseId}/departure`);
    const response = await po.post(`/partner/residents/${caseId}/departure`, {
      exit: 'onward_return',
      ...date('leftOn', '2026-11-18'),
      destination: 'iq',
    });
    expect(response.headers.location).toBe(`/partner/residents/${caseId}/departure`);
    const page = await po.follow(response);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#travelDocument"');
    expect(page.body).toContain('value="iq"');
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('IN_HUB');
  });

  it('shows the service’s refusal of a departure dated before the arrival', async () => {
    const caseId = await resident(hubs.own, 'Early');
    await po.get(`/partner/residents/${caseId}/departure`);
    const page = await po.follow(
      await po.post(`/partner/residents/${caseId}/departure`, {
        exit: 'absconded',
        ...date('leftOn', '2026-11-10'),
      }),
    );
    expect(textOf(page.body)).toContain('before the arrival');
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('IN_HUB');
  });

  it('answers 404 for another partner’s resident, to see or to post', async () => {
    const caseId = await resident(hubs.other, 'Elsewhere');
    expect((await po.get(`/partner/residents/${caseId}/departure`)).statusCode).toBe(404);
    await po.get('/partner');
    const response = await po.post(`/partner/residents/${caseId}/departure`, {
      exit: 'absconded',
      ...date('leftOn', '2026-11-18'),
    });
    expect(response.statusCode).toBe(404);
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('IN_HUB');
  });
});

describe.each(testDrivers())('recording arrivals on the partner portal on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let senior: Actor;
  let hubs: { own: string; other: string };
  let po: PageClient;

  /** A departed flight to the hub with one allocated person on it. */
  async function flight(hubId: string, familyName: string) {
    const { caseId } = await caseIn(services, senior, 'FINALLY_REFUSED', { familyName });
    await services.cases.transition(senior, caseId, { transition: 'allocateHub', on: '2026-11-02', hubId });
    await services.cases.transition(senior, caseId, {
      transition: 'confirmFitnessToTravel',
      on: '2026-11-02',
      assessedBy: 'Dr Example',
    });
    await services.cases.transition(senior, caseId, {
      transition: 'serveNoticeOfTransfer',
      on: '2026-11-02',
    });
    const t = await services.transfers.create(senior, {
      hubId,
      mode: 'scheduled',
      departureAirport: 'LHR',
      arrivalAirport: 'BEG',
      departureOn: '2026-11-16',
      seats: 3,
      escorts: 1,
    });
    await services.transfers.add(senior, t.id, [caseId], { on: '2026-11-03' });
    await services.transfers.finalise(senior, t.id, { on: '2026-11-03' });
    await services.transfers.depart(senior, t.id, { on: '2026-11-16' });
    return { transferId: t.id, caseId };
  }

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date('2026-11-20T12:00:00Z') }));
    const s = await addUser(services, 'sen', 'senior_caseworker');
    senior = { userId: s.id, role: 'senior_caseworker', partnerId: null };
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    const albania = await partnerWithHub(services, 'AL', 'Albania');
    hubs = { own: serbia.hub.id, other: albania.hub.id };
    await addUser(services, 'po', 'partner_officer', serbia.partner.id);
    po = new PageClient(app);
    await po.signIn('po');
  });
  afterAll(() => app.close());

  it('lists the departed flight and records its arrivals', async () => {
    const { transferId, caseId } = await flight(hubs.own, 'Arriving');
    expect((await po.get('/partner')).body).toContain(`/partner/transfers/${transferId}/arrival`);
    const form = await po.get(`/partner/transfers/${transferId}/arrival`);
    expect(form.body).toContain(`value="${caseId}"`);
    const response = await po.post(`/partner/transfers/${transferId}/arrival`, {
      caseIds: [caseId],
      ...date('arrivedOn', '2026-11-16'),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/partner');
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('IN_HUB');
  });

  it('answers a form with nobody selected and no date with the error summary', async () => {
    const { transferId, caseId } = await flight(hubs.own, 'Unticked');
    await po.get(`/partner/transfers/${transferId}/arrival`);
    const page = await po.follow(await po.post(`/partner/transfers/${transferId}/arrival`, {}));
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#caseIds"');
    expect(page.body).toContain('href="#arrivedOn-day"');
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('TRANSFER_SCHEDULED');
  });

  it('shows the service’s refusal of an arrival before the departure, keeping the date typed', async () => {
    const { transferId, caseId } = await flight(hubs.own, 'Early');
    await po.get(`/partner/transfers/${transferId}/arrival`);
    const page = await po.follow(
      await po.post(`/partner/transfers/${transferId}/arrival`, {
        caseIds: [caseId],
        ...date('arrivedOn', '2026-11-10'),
      }),
    );
    expect(textOf(page.body)).toContain('before the departure');
    expect(page.body).toContain('value="10"');
  });

  it('answers 404 for another partner’s flight, to see or to post', async () => {
    const { transferId, caseId } = await flight(hubs.other, 'Elsewhere');
    expect((await po.get(`/partner/transfers/${transferId}/arrival`)).statusCode).toBe(404);
    await po.get('/partner');
    const response = await po.post(`/partner/transfers/${transferId}/arrival`, {
      caseIds: [caseId],
      ...date('arrivedOn', '2026-11-16'),
    });
    expect(response.statusCode).toBe(404);
    expect((await services.cases.get(senior, caseId)).case?.state).toBe('TRANSFER_SCHEDULED');
  });
});
