import type { FastifyInstance } from 'fastify';
import { beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Actor } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { verifyAuditChain } from '../../store/audit.ts';
import { caseIn, partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';

describe.each(testDrivers())('the allocation pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let senior: Actor;
  const client = {} as { cw: PageClient; senior: PageClient; partner: PageClient };

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date('2026-11-20T12:00:00Z') }));
    const s = await addUser(services, 'sen', 'senior_caseworker');
    senior = { userId: s.id, role: 'senior_caseworker', partnerId: null };
    const { partner } = await partnerWithHub(services, 'RS', 'Serbia');
    await addUser(services, 'cw', 'caseworker');
    await addUser(services, 'pat', 'partner_officer', partner.id);
    client.cw = new PageClient(app);
    await client.cw.signIn('cw');
    client.senior = new PageClient(app);
    await client.senior.signIn('sen');
    client.partner = new PageClient(app);
    await client.partner.signIn('pat');
  });
  afterAll(() => app.close());

  const state = async (caseId: string) => (await services.cases.get(senior, caseId)).case?.state;

  // Each test starts with only its own cases eligible: earlier tests' leftovers get a hold.
  const made: string[] = [];
  const eligible = async (nationality?: string) => {
    const c = await caseIn(services, senior, 'FINALLY_REFUSED', nationality ? { nationality } : {});
    made.push(c.caseId);
    return c;
  };
  beforeEach(async () => {
    for (const caseId of made.splice(0))
      if ((await state(caseId)) === 'FINALLY_REFUSED')
        await services.holds.record(senior, caseId, {
          kind: 'injunction',
          startedOn: '2026-11-01',
          reference: 'CO/OLD/2026',
        });
  });

  async function propose(who: PageClient) {
    await who.get('/allocations');
    const answer = await who.post('/allocations', { date: '' });
    expect(answer.statusCode).toBe(303);
    return { url: String(answer.headers.location), page: await who.follow(answer) };
  }

  it('lets a caseworker ask for a proposal and read who goes where, without approving it', async () => {
    const a = await eligible();
    const syrian = await eligible('SY');
    const { url, page } = await propose(client.cw);
    expect(url).toMatch(/^\/allocations\/[0-9a-f-]{36}$/);
    const text = textOf(page.body);
    expect(text).toContain('The optimiser placed 1 of 2 eligible people');
    expect(text).toContain(`${a.reference} 1 Serbia hub (Serbia)`);
    expect(text).toContain(`${syrian.reference} No eligible hub`);
    expect(text).toContain('NO_SAFETY_ASSESSMENT');
    expect(page.body).not.toContain('Approve the selected households');
    const list = textOf((await client.cw.get('/allocations')).body);
    expect(list).toContain('Proposal for 20 November 2026 Proposed');
  });

  it('lets a senior caseworker approve part of a proposal', async () => {
    const a = await eligible();
    const b = await eligible();
    const { url, page } = await propose(client.senior);
    const key = new RegExp(`value="([^"]+)"[^>]*>\\s*<label[^>]*>\\s*<span[^>]*>${a.reference}<`).exec(
      page.body,
    );
    expect(key).not.toBeNull();
    const done = await client.senior.post(`${url}/approval`, {
      approve: 'selected',
      households: key?.[1] ?? '',
    });
    const after = textOf((await client.senior.follow(done)).body);
    expect(after).toContain('Approved: 1 person is allocated to hubs');
    expect(after).toContain('Partly approved');
    expect(await state(a.caseId)).toBe('HUB_ALLOCATED');
    expect(await state(b.caseId)).toBe('FINALLY_REFUSED');
  });

  it('refuses a stale proposal, shows what changed and approves nothing', async () => {
    const a = await eligible();
    const b = await eligible();
    const { url } = await propose(client.senior);
    await services.holds.record(senior, b.caseId, {
      kind: 'injunction',
      startedOn: '2026-11-19',
      reference: 'CO/123/2026',
    });
    const refused = await client.senior.post(`${url}/approval`, { approve: 'all' });
    const page = await client.senior.follow(refused);
    const text = textOf(page.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('can no longer be allocated as proposed, so nothing was approved');
    expect(text).toMatch(new RegExp(`What changed since the proposal .* ${b.reference} .* COURT_ORDER: `));
    expect(await state(a.caseId)).toBe('FINALLY_REFUSED');
    expect(await state(b.caseId)).toBe('FINALLY_REFUSED');
    expect((await verifyAuditChain(db().store.db)).ok).toBe(true);
  });

  it('asks for households when none is selected, and for a real date', async () => {
    await eligible();
    const { url } = await propose(client.senior);
    const none = await client.senior.follow(
      await client.senior.post(`${url}/approval`, { approve: 'selected' }),
    );
    expect(none.body).toContain('href="#households"');
    expect(textOf(none.body)).toContain('Select the households to approve');
    await client.senior.get('/allocations');
    const bad = await client.senior.follow(await client.senior.post('/allocations', { date: '2026-13-45' }));
    expect(textOf(bad.body)).toContain('Enter the date as YYYY-MM-DD');
    expect(bad.body).toContain('value="2026-13-45"');
  });

  it('refuses a forged approval from a caseworker and the pages to a partner officer', async () => {
    const a = await eligible();
    const { url } = await propose(client.cw);
    const forged = await client.cw.post(`${url}/approval`, { approve: 'all' });
    expect(forged.statusCode).toBe(403);
    expect(await state(a.caseId)).toBe('FINALLY_REFUSED');
    expect((await client.partner.get('/allocations')).statusCode).toBe(403);
    expect((await client.cw.get('/allocations/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await client.cw.get('/allocations/nope')).statusCode).toBe(404);
  });
});
