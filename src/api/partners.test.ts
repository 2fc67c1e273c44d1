import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { allocatedCase, DAY, hubFor, registeredCase, residentCase } from '../../test/support/factories.ts';

describe.each(testDrivers())('partners, hubs and accommodation through the API on $name', (driver) => {
  const db = useTestStore(driver);
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(db().store);
  });
  afterAll(async () => t?.close());

  it('creates a partner, an agreement with safety assessments, and a hub, and reads them back', async () => {
    const partner = await t.as('admin', {
      method: 'POST',
      url: '/api/partners',
      payload: { name: 'North Macedonia', countryCode: 'MK' },
    });
    expect(partner.statusCode).toBe(201);
    const partnerId = partner.json().id;
    const agreement = await t.as('admin', {
      method: 'POST',
      url: '/api/agreements',
      payload: {
        partnerId,
        reference: 'MK-2026-01',
        startsOn: '2026-01-01',
        perPersonFeePence: 300_000,
        perNightFeePence: 8_500,
        fixedFeePerYearPence: 5_000_000_000,
        maxConcurrentResidents: 400,
        maxTransfersPerYear: 1200,
        maxStayDays: 180,
        monitoringBody: 'Ombudsman of North Macedonia',
        safetyAssessments: [
          { nationality: 'IQ', outcome: 'safe', assessedOn: '2026-01-01', expiresOn: '2026-12-31' },
        ],
      },
    });
    expect(agreement.statusCode).toBe(201);
    const read = await t.as('finance', { method: 'GET', url: `/api/agreements/${agreement.json().id}` });
    expect(read.json()).toMatchObject({
      fixedFeePerYearPence: 5_000_000_000,
      safetyAssessments: [{ nationality: 'IQ' }],
    });
    const hub = await t.as('admin', {
      method: 'POST',
      url: '/api/hubs',
      payload: {
        partnerId,
        name: 'Skopje hub',
        places: { single_men: 100, single_women: 40, families: 20 },
        outOfService: { single_men: 5, single_women: 0, families: 0 },
      },
    });
    expect(hub.statusCode).toBe(201);
    const occupancy = await t.as('monitor', { method: 'GET', url: `/api/hubs/${hub.json().id}/occupancy` });
    expect(occupancy.json()).toMatchObject({
      usable: { single_men: 95 },
      free: { single_men: 95, families: 20 },
    });
  });

  it('refuses a duplicate partner country with 409', async () => {
    const body = { name: 'Serbia', countryCode: 'RS' };
    expect((await t.as('admin', { method: 'POST', url: '/api/partners', payload: body })).statusCode).toBe(
      201,
    );
    const again = await t.as('admin', { method: 'POST', url: '/api/partners', payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
  });

  it('refuses to take places out of service that people are using, and accepts a stale-free change', async () => {
    const hub = await hubFor(t, t.partnerIds.own, { places: { single_men: 2 } });
    await allocatedCase(t, hub.id);
    await allocatedCase(t, hub.id);
    const shrink = await t.as('admin', {
      method: 'PATCH',
      url: `/api/hubs/${hub.id}`,
      payload: { outOfService: { single_men: 1, single_women: 0, families: 0 }, version: hub.version },
    });
    expect(shrink.statusCode).toBe(422);
    expect(shrink.json().code).toBe('CAPACITY_EXCEEDED');
    const grow = await t.as('admin', {
      method: 'PATCH',
      url: `/api/hubs/${hub.id}`,
      headers: { 'if-match': `"${hub.version}"` },
      payload: { places: { single_men: 3, single_women: 10, families: 0 } },
    });
    expect(grow.statusCode).toBe(200);
    const stale = await t.as('admin', {
      method: 'PATCH',
      url: `/api/hubs/${hub.id}`,
      payload: { name: 'Renamed', version: hub.version },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('counts residents night by night in the occupancy history', async () => {
    const hub = await hubFor(t, t.partnerIds.own);
    await residentCase(t, hub.id);
    const res = await t.as('senior_caseworker', {
      method: 'GET',
      url: `/api/hubs/${hub.id}/occupancy/history?from=2026-11-15&to=2026-11-17`,
    });
    expect(res.json().items).toEqual([
      { date: '2026-11-15', occupied: 0 },
      { date: '2026-11-16', occupied: 1 },
      { date: '2026-11-17', occupied: 1 },
    ]);
  });

  it('lists only their own partner’s hubs to a partner officer', async () => {
    const own = await hubFor(t, t.partnerIds.own);
    const other = await hubFor(t, t.partnerIds.other);
    const res = await t.as('partner_officer', { method: 'GET', url: '/api/hubs' });
    const ids = res.json().items.map((h: { id: string }) => h.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    expect((await t.as('partner_officer', { method: 'GET', url: `/api/hubs/${other.id}` })).statusCode).toBe(
      404,
    );
  });

  it('records hotel and dispersal placements and totals their cost in pence', async () => {
    const { person } = await registeredCase(t);
    const hotel = await t.as('caseworker', {
      method: 'POST',
      url: '/api/accommodation-placements',
      payload: {
        personId: person.id,
        kind: 'hotel',
        siteName: 'Hotel A',
        nightlyCostPence: 14_500,
        startOn: '2030-01-01',
      },
    });
    expect(hotel.statusCode).toBe(201);
    const end = await t.as('caseworker', {
      method: 'POST',
      url: `/api/accommodation-placements/${hotel.json().id}/end`,
      payload: { endOn: '2030-01-11', version: 1 },
    });
    expect(end.statusCode).toBe(200);
    await t.as('caseworker', {
      method: 'POST',
      url: '/api/accommodation-placements',
      payload: {
        personId: person.id,
        kind: 'dispersal',
        siteName: 'House B',
        nightlyCostPence: 1_400,
        startOn: '2030-01-11',
      },
    });
    const costs = await t.as('finance', {
      method: 'GET',
      url: '/api/accommodation-costs?from=2030-01-01&to=2030-01-21',
    });
    expect(costs.json()).toMatchObject({
      byKind: {
        hotel: { placements: 1, costPence: 145_000 },
        dispersal: { placements: 1, costPence: 14_000 },
      },
      totalPence: 159_000,
    });
    const list = await t.as('finance', {
      method: 'GET',
      url: `/api/accommodation-placements?personId=${person.id}`,
    });
    expect(list.json().items.every((p: { personId: string }) => p.personId === '')).toBe(true);
  });

  it('refuses a placement that ends before it starts', async () => {
    const { person } = await registeredCase(t);
    const res = await t.as('caseworker', {
      method: 'POST',
      url: '/api/accommodation-placements',
      payload: {
        personId: person.id,
        kind: 'hotel',
        siteName: 'Hotel',
        nightlyCostPence: 100,
        startOn: DAY.lodged,
        endOn: DAY.arrived,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0].path).toBe('body.endOn');
  });
});
