import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import type { Actor } from '../domain/types.ts';
import type { Services } from '../services/index.ts';
import { caseIn, partnerWithHub } from './fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from './testing.ts';

describe.each(testDrivers())('partner, monitor and finance pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let allocated: { caseId: string; reference: string };
  let otherPartnersCase: { caseId: string };
  let hubs: { own: string; other: string };
  const client: Record<string, PageClient> = {};

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store));
    const senior = await addUser(services, 'sen', 'senior_caseworker');
    const actor: Actor = { userId: senior.id, role: 'senior_caseworker', partnerId: null };
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    const albania = await partnerWithHub(services, 'AL', 'Albania');
    allocated = await caseIn(services, actor, 'FINALLY_REFUSED', { familyName: 'Resident' });
    await services.cases.transition(actor, allocated.caseId, {
      transition: 'allocateHub',
      hubId: serbia.hub.id,
    });
    const other = await caseIn(services, actor, 'FINALLY_REFUSED', { familyName: 'Elsewhere' });
    await services.cases.transition(actor, other.caseId, {
      transition: 'allocateHub',
      hubId: albania.hub.id,
    });
    otherPartnersCase = other;
    hubs = { own: serbia.hub.id, other: albania.hub.id };
    await addUser(services, 'po', 'partner_officer', serbia.partner.id);
    await addUser(services, 'mon', 'monitor');
    await addUser(services, 'fin', 'finance');
    for (const name of ['po', 'mon', 'fin']) {
      client[name] = new PageClient(app);
      await client[name].signIn(name);
    }
  });
  afterAll(() => app.close());

  it('shows a partner officer their own hubs, free places and expected arrivals only', async () => {
    const page = await client.po.get('/partner');
    const text = textOf(page.body);
    expect(page.statusCode).toBe(200);
    expect(text).toContain('Serbia hub');
    expect(text).not.toContain('Albania hub');
    expect(text).toContain('Resident');
    expect(text).not.toContain('Elsewhere');
  });

  it('shows a resident with the minimised fields and never the claim', async () => {
    const page = await client.po.get(`/partner/residents/${allocated.caseId}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Resident');
    expect(text).not.toMatch(/political opinion|Basis of claim|Reasons/i);
  });

  it('answers 404 when a partner officer edits the URL to reach another partner’s resident', async () => {
    expect((await client.po.get(`/partner/residents/${otherPartnersCase.caseId}`)).statusCode).toBe(404);
    expect(
      (await client.po.get(`/cases/${otherPartnersCase.caseId}/transitions/recordArrivalInHub`)).statusCode,
    ).toBe(404);
  });

  it('refuses a partner officer the caseworker and finance pages', async () => {
    expect((await client.po.get(`/cases/${allocated.caseId}`)).statusCode).toBe(403);
    expect((await client.po.get('/finance')).statusCode).toBe(403);
  });

  it('lets a partner officer record an incident at their hub, with errors and input kept', async () => {
    const url = `/partner/hubs/${hubs.own}/incidents`;
    await client.po.get(url);
    const bad = await client.po.follow(await client.po.post(url, { description: 'Fell on the stairs' }));
    expect(bad.body).toContain('href="#kind"');
    expect(bad.body).toContain('Fell on the stairs');
    const good = await client.po.post(url, {
      kind: 'medical',
      'occurredOn-day': '20',
      'occurredOn-month': '11',
      'occurredOn-year': '2026',
      description: 'A resident fell on the stairs and was taken to hospital.',
    });
    expect(good.headers.location).toBe('/partner');
    expect(textOf((await client.po.get('/partner')).body)).toContain('taken to hospital');
    expect((await client.po.get(`/partner/hubs/${hubs.other}/incidents`)).statusCode).toBe(404);
  });

  it('shows the monitor pseudonyms, never names or references', async () => {
    const page = await client.mon.get('/monitor');
    const text = textOf(page.body);
    expect(page.statusCode).toBe(200);
    expect(text).toContain('Safeguard compliance');
    expect(text).toContain('Medical emergency or illness');
    expect(text).not.toContain('Resident');
    expect(text).not.toContain(allocated.reference);
  });

  it('lets the monitor verify the audit trail from the page', async () => {
    await client.mon.get('/monitor');
    const response = await client.mon.post('/monitor/audit', {});
    expect(response.statusCode).toBe(303);
    const page = await client.mon.follow(response);
    expect(textOf(page.body)).toMatch(/The audit trail is intact: [\d,]+ events verified/);
  });

  it('shows finance accommodation cost by night and type, and what is owed to each partner', async () => {
    const page = await client.fin.get('/finance');
    const text = textOf(page.body);
    expect(page.statusCode).toBe(200);
    expect(text).toContain('cost by night and by type');
    expect(text).toContain('Owed to each partner');
    expect(text).toContain('Serbia');
  });

  it('answers a bad finance period with the error summary', async () => {
    const page = await client.fin.get('/finance?from=yesterday&to=2026-01-01');
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#from"');
    expect(page.body).toContain('value="yesterday"');
  });

  it('refuses the monitor the finance page and finance the monitor page', async () => {
    expect((await client.mon.get('/finance')).statusCode).toBe(403);
    expect((await client.fin.get('/monitor')).statusCode).toBe(403);
  });
});
