import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts';
import { allocatedCase, DAY, hubFor } from '../../test/support/factories.ts';
import { emptyDatabase } from '../../test/support/ops.ts';
import {
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './webhooks.ts';

describe('webhook signatures', () => {
  const body = '{"event":"transfer.departed"}';
  const now = new Date('2026-11-26T10:00:00Z');
  const ts = String(now.getTime() / 1000);

  it('verifies a signature made with the same secret, body and timestamp', () => {
    const signature = signWebhook('s3cret', ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('s3cret', { signature, timestamp: ts }, body, { now })).toBe(true);
  });

  it.each([
    ['another secret', 'other', ts, body],
    ['a changed body', 's3cret', ts, `${body} `],
    ['a replayed old timestamp', 's3cret', String(Number(ts) - 301), body],
  ])('rejects %s', (_what, secret, timestamp, received) => {
    const signature = signWebhook('s3cret', timestamp === ts ? ts : timestamp, body);
    expect(verifyWebhookSignature(secret, { signature, timestamp }, received, { now })).toBe(false);
  });

  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe.each(testDrivers())('webhook deliveries to a local receiver on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  let now = TEST_NOW;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let statuses: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = statuses.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    await t?.close();
    await emptyDatabase(db());
    now = TEST_NOW;
    received.length = 0;
    statuses = [];
    t = await buildTestApp(db().store, { now: () => now });
  });

  const subscribe = async (events: string[]) => {
    const res = await t.as('partner_officer', {
      method: 'POST',
      url: '/api/webhooks',
      payload: { partnerId: t.partnerIds.own, url, events },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string };
  };

  it('delivers a finalised manifest to the partner, signed with its secret', async () => {
    const sub = await subscribe(['transfer.manifest_finalised']);
    const hubId = (await hubFor(t, t.partnerIds.own)).id;
    const { caseId } = await allocatedCase(t, hubId);
    const senior = t.users.senior_caseworker.actor;
    const flight = await t.services.transfers.create(senior, {
      hubId,
      mode: 'scheduled',
      departureAirport: 'LHR',
      arrivalAirport: 'TIA',
      departureOn: DAY.departure,
      seats: 3,
      escorts: 1,
    });
    await t.services.transfers.add(senior, flight.id, [caseId], { on: DAY.scheduled });
    await t.services.transfers.finalise(senior, flight.id, { on: DAY.scheduled });

    const out = await t.services.webhooks.deliverDue();
    expect(out.map((d) => d.status)).toEqual(['delivered']);
    expect(received).toHaveLength(1);
    const [got] = received as [Received];
    expect(got.headers['x-hubs-event']).toBe('transfer.manifest_finalised');
    const ok = verifyWebhookSignature(
      sub.secret,
      {
        signature: got.headers[SIGNATURE_HEADER] as string,
        timestamp: got.headers[TIMESTAMP_HEADER] as string,
      },
      got.body,
      { now },
    );
    expect(ok).toBe(true);
    const payload = JSON.parse(got.body);
    expect(payload.data).toMatchObject({ transferId: flight.id, people: 1 });
    // Only what the partner needs: references and counts, no names or claim details.
    expect(got.body).not.toMatch(/givenNames|familyName|claim/i);
    expect(await t.services.webhooks.deliverDue()).toEqual([]);
  });

  it('retries a failed delivery with backoff and logs every attempt', async () => {
    const sub = await subscribe(['transfer.departed']);
    statuses = [503, 500];
    await t.services.webhooks.enqueue(db().store.db, t.partnerIds.own, 'transfer.departed', {
      transferId: 'x',
    });
    await t.services.webhooks.enqueue(db().store.db, t.partnerIds.own, 'transfer.on_hold', {
      transferId: 'x',
    });
    const first = await t.services.webhooks.deliverDue();
    expect(first).toHaveLength(1); // not subscribed to on_hold
    expect(first[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(first[0]!.nextAttemptAt).getTime() - now.getTime()).toBe(30_000);
    expect(await t.services.webhooks.deliverDue()).toEqual([]); // not yet due
    now = new Date(now.getTime() + 30_000);
    expect((await t.services.webhooks.deliverDue())[0]).toMatchObject({ status: 'pending', attempts: 2 });
    now = new Date(now.getTime() + 60_000);
    expect((await t.services.webhooks.deliverDue())[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    const log = await t.as('partner_officer', { method: 'GET', url: `/api/webhooks/${sub.id}/deliveries` });
    expect(log.json().items[0].log.map((a: { status: number }) => a.status)).toEqual([503, 500, 200]);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['x-hubs-delivery'])).size).toBe(1);
  });

  it('gives up after the last attempt, and a connection refused counts as a failure', async () => {
    const sub = await subscribe(['transfer.departed']);
    await t.as('partner_officer', { method: 'DELETE', url: `/api/webhooks/${sub.id}` });
    const dead = await t.services.webhooks.subscribe(t.users.admin.actor, {
      partnerId: t.partnerIds.own,
      url: 'http://127.0.0.1:9/nothing-listens-here',
      events: ['transfer.departed'],
    });
    await t.services.webhooks.enqueue(db().store.db, t.partnerIds.own, 'transfer.departed', {
      transferId: 'y',
    });
    let last;
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i += 1) {
      [last] = await t.services.webhooks.deliverDue();
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(last).toMatchObject({
      status: 'failed',
      attempts: MAX_DELIVERY_ATTEMPTS,
      subscriptionId: dead.id,
    });
    expect(last!.log.every((a) => a.status === null && a.error !== null)).toBe(true);
    expect(await t.services.webhooks.deliverDue()).toEqual([]);
    expect(received).toHaveLength(0); // the unsubscribed hook got nothing
  });

  it('lets a partner officer manage only their own partner’s webhooks', async () => {
    const res = await t.as('partner_officer', {
      method: 'POST',
      url: '/api/webhooks',
      payload: { partnerId: t.partnerIds.other, url, events: ['transfer.departed'] },
    });
    expect(res.statusCode).toBe(404);
    const caseworker = await t.as('caseworker', { method: 'GET', url: '/api/webhooks' });
    expect(caseworker.statusCode).toBe(403);
  });

  it('reads one subscription for its own partner, and answers another partner with not found', async () => {
    const sub = await subscribe(['transfer.departed']);
    const own = await t.services.webhooks.get(t.users.partner_officer.actor, sub.id);
    expect(own).toEqual(
      (await t.services.webhooks.list(t.users.partner_officer.actor)).find((s) => s.id === sub.id),
    );
    expect(own).not.toHaveProperty('secret');
    await expect(t.services.webhooks.get(t.users.other_partner_officer.actor, sub.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(t.services.webhooks.get(t.users.caseworker.actor, sub.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
