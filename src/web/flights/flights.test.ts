import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Actor } from '../../domain/types.ts';
import type { Services } from '../../services/index.ts';
import { verifyAuditChain } from '../../store/audit.ts';
import { caseIn, partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';

const TODAY = '2026-11-03';

describe.each(testDrivers())('the flight pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let senior: Actor;
  let hubId: string;
  const client = {} as { cw: PageClient; senior: PageClient; partner: PageClient };

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date(`${TODAY}T12:00:00Z`) }));
    const s = await addUser(services, 'sen', 'senior_caseworker');
    senior = { userId: s.id, role: 'senior_caseworker', partnerId: null };
    const { partner, hub } = await partnerWithHub(services, 'RS', 'Serbia');
    hubId = hub.id;
    await addUser(services, 'cw', 'caseworker');
    await addUser(services, 'pat', 'partner_officer', partner.id);
    for (const [name, who] of [
      ['cw', 'cw'],
      ['senior', 'sen'],
      ['partner', 'pat'],
    ] as const) {
      client[name] = new PageClient(app);
      await client[name].signIn(who);
    }
  });
  afterAll(() => app.close());

  const state = async (caseId: string) => (await services.cases.get(senior, caseId)).case?.state;

  /** Finally refused, allocated to the hub, fit to travel and served notice: ready for a flight. */
  async function readyToFly() {
    const c = await caseIn(services, senior, 'FINALLY_REFUSED');
    await services.cases.transition(senior, c.caseId, { transition: 'allocateHub', hubId });
    await services.cases.transition(senior, c.caseId, {
      transition: 'confirmFitnessToTravel',
      assessedBy: 'Dr Example',
    });
    await services.cases.transition(senior, c.caseId, { transition: 'serveNoticeOfTransfer' });
    return c;
  }

  const flightForm = (over: Record<string, string> = {}) => ({
    hubId,
    mode: 'charter',
    departureAirport: 'lgw',
    arrivalAirport: 'BEG',
    'departureOn-day': '20',
    'departureOn-month': '11',
    'departureOn-year': '2026',
    seats: '2',
    escorts: '4',
    ...over,
  });

  async function plan(over: Record<string, string> = {}) {
    await client.senior.get('/flights/new');
    return client.senior.post('/flights/new', flightForm(over));
  }

  it('plans a flight, fills it from approved allocations, finalises it and records departure', async () => {
    const a = await readyToFly();
    const b = await readyToFly();
    const planned = await plan();
    expect(planned.statusCode).toBe(303);
    const url = String(planned.headers.location);
    expect(url).toMatch(/^\/flights\/[0-9a-f-]{36}$/);
    const page = await client.senior.follow(planned);
    expect(textOf(page.body)).toContain('Flight LGW to BEG');
    expect(textOf(page.body)).toContain('Seats filled 0 of 2');

    const filled = textOf((await client.senior.follow(await client.senior.post(`${url}/fill`, {}))).body);
    expect(filled).toContain('The manifest has 2 of 2 seats filled.');
    expect(filled).toContain(a.reference);
    expect(filled).toContain(b.reference);
    expect(await state(a.caseId)).toBe('TRANSFER_SCHEDULED');

    const final = textOf((await client.senior.follow(await client.senior.post(`${url}/finalise`, {}))).body);
    expect(final).toContain('Manifest finalised with 2 people');
    expect(final).toContain('Record departure');
    expect(final).not.toContain('Fill the manifest');
    expect((await verifyAuditChain(db().store.db)).ok).toBe(true);

    const list = textOf((await client.cw.get('/flights')).body);
    expect(list).toContain('LGW to BEG 20 November 2026 Serbia hub 2 of 2 Manifest final');
  });

  it('answers a bad flight form with every problem, linked to its field, and keeps the input', async () => {
    const page = await client.senior.follow(
      await plan({
        hubId: '',
        departureAirport: 'BEG',
        seats: '0',
        escorts: 'two',
        'departureOn-month': '13',
      }),
    );
    const text = textOf(page.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Choose the hub the flight goes to');
    expect(text).toContain('Date of departure must be a real date');
    expect(page.body).toContain('href="#departureOn-day"');
    expect(page.body).toContain('value="two"');

    const same = textOf((await client.senior.follow(await plan({ departureAirport: 'BEG' }))).body);
    expect(same).toContain('The arrival airport must differ from the departure airport');
    const seats = textOf((await client.senior.follow(await plan({ seats: '0', escorts: 'two' }))).body);
    expect(seats).toContain('A flight needs at least 1 seat');
    expect(seats).toContain('Enter the number of escorts as a whole number');
  });

  it('cancels a flight only with a reason, and puts everyone back to waiting', async () => {
    const a = await readyToFly();
    const url = String((await plan({ seats: '5' })).headers.location);
    await client.senior.post(`${url}/fill`, {});
    expect(await state(a.caseId)).toBe('TRANSFER_SCHEDULED');
    const noReason = textOf(
      (await client.senior.follow(await client.senior.post(`${url}/cancel`, { reason: '' }))).body,
    );
    expect(noReason).toContain('Say why the flight is cancelled');
    expect(await state(a.caseId)).toBe('TRANSFER_SCHEDULED');
    const done = textOf(
      (
        await client.senior.follow(
          await client.senior.post(`${url}/cancel`, { reason: 'Aircraft unavailable' }),
        )
      ).body,
    );
    expect(done).toContain('Flight cancelled');
    expect(done).toContain('Flight cancelled: Aircraft unavailable');
    expect(await state(a.caseId)).toBe('HUB_ALLOCATED');
  });

  it('shows caseworkers the flights without the steps, and refuses partner officers', async () => {
    const url = String((await plan()).headers.location);
    const page = await client.cw.get(url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Finalise the manifest');
    await client.cw.get('/flights');
    expect((await client.cw.post(`${url}/finalise`, {})).statusCode).toBe(403);
    expect((await client.cw.get('/flights/new')).statusCode).toBe(403);
    expect((await client.partner.get('/flights')).statusCode).toBe(403);
    expect((await client.senior.get('/flights/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    await client.senior.get(url);
    expect((await client.senior.post(`${url}/explode`, {})).statusCode).toBe(404);
  });
});
