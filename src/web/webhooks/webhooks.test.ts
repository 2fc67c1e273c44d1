import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../../test/db.ts';
import type { Services } from '../../services/index.ts';
import { partnerWithHub } from '../fixtures.ts';
import { addUser, buildWebApp, PageClient, textOf } from '../testing.ts';

describe.each(testDrivers())('the notification pages on $name', (driver) => {
  const db = useTestStore(driver);
  let app: FastifyInstance;
  let services: Services;
  let serbiaId: string;
  const client = {} as { rs: PageClient; al: PageClient; cw: PageClient };

  beforeAll(async () => {
    ({ app, services } = await buildWebApp(db().store, { now: () => new Date('2026-11-20T12:00:00Z') }));
    const serbia = await partnerWithHub(services, 'RS', 'Serbia');
    const albania = await partnerWithHub(services, 'AL', 'Albania');
    serbiaId = serbia.partner.id;
    await addUser(services, 'rs', 'partner_officer', serbia.partner.id);
    await addUser(services, 'al', 'partner_officer', albania.partner.id);
    await addUser(services, 'cw', 'caseworker');
    for (const who of ['rs', 'al', 'cw'] as const) {
      client[who] = new PageClient(app);
      await client[who].signIn(who);
    }
  });
  afterAll(() => app.close());

  it('subscribes an address, shows its secret once, logs what is sent and stops it', async () => {
    await client.rs.get('/notifications');
    const made = await client.rs.post('/notifications', {
      url: 'https://hub.example.rs/notify',
      events: ['transfer.departed', 'transfer.on_hold'],
    });
    const url = String(made.headers.location);
    expect(url).toMatch(/^\/notifications\/[0-9a-f-]{36}$/);
    const first = textOf((await client.rs.follow(made)).body);
    const secret = /The signing secret is (\S+) /.exec(first)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).toContain('Nothing has been sent to this address yet');
    expect(textOf((await client.rs.get(url)).body)).not.toContain(secret);

    await services.context.transaction((tx) =>
      services.webhooks.enqueue(tx, serbiaId, 'transfer.departed', { transferId: 'T1', people: 3 }),
    );
    const log = textOf((await client.rs.get(url)).body);
    expect(log).toContain('transfer.departed Pending 0 Not tried yet');

    const list = textOf((await client.rs.get('/notifications')).body);
    expect(list).toContain('https://hub.example.rs/notify transfer.departed, transfer.on_hold Active');

    await client.rs.get(url);
    const stopped = textOf((await client.rs.follow(await client.rs.post(`${url}/stop`, {}))).body);
    expect(stopped).toContain('Notifications to this address have stopped');
    expect(stopped).not.toContain('Stop notifications to this address');
  });

  it('asks for a real address and at least one event, keeping what was typed', async () => {
    await client.rs.get('/notifications');
    const page = await client.rs.follow(await client.rs.post('/notifications', { url: 'hub.example.rs' }));
    const text = textOf(page.body);
    expect(text).toContain('Enter the full address that will receive notifications');
    expect(text).toContain('Select at least one event');
    expect(page.body).toContain('href="#url"');
    expect(page.body).toContain('value="hub.example.rs"');
  });

  it("answers another partner's subscription with 404 and refuses other roles", async () => {
    await client.rs.get('/notifications');
    const made = await client.rs.post('/notifications', {
      url: 'https://hub.example.rs/other',
      events: 'transfer.departed',
    });
    const url = String(made.headers.location);
    expect((await client.al.get(url)).statusCode).toBe(404);
    await client.al.get('/notifications');
    expect((await client.al.post(`${url}/stop`, {})).statusCode).toBe(404);
    expect(textOf((await client.al.get('/notifications')).body)).not.toContain('hub.example.rs');
    expect((await client.cw.get('/notifications')).statusCode).toBe(403);
  });
});
